package org.geosync.ui.testing;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;

/** A text field. */
public class BotText {

    private final Text text;

    public BotText(Text text) {
        this.text = text;
    }

    /** Replaces the content as typing would: focus, set, and the Modify event listeners see. */
    public BotText setText(String value) {
        UI.run(() -> {
            text.setFocus();
            text.setText(value);
            text.notifyListeners(SWT.Modify, new Event());
        });
        return this;
    }

    /** The current content. */
    public String getText() {
        return UI.call(text::getText);
    }

    /** The SWT text. */
    public Text widget() {
        return text;
    }
}
