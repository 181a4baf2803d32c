package org.geosync.ui.testing;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;

/** A push button, check box or radio button. */
public class BotButton {

    private final Button button;

    public BotButton(Button button) {
        this.button = button;
    }

    /** Clicks the button without waiting (a click may open a modal dialog); toggles checks and radios. */
    public void click() {
        Bot.waitUntil(Condition.of("button '" + UI.call(button::getText) + "' to be enabled", this::isEnabled));
        UI.post(() -> {
            if (button.isDisposed()) {
                return;
            }
            int style = button.getStyle();
            if ((style & SWT.CHECK) != 0 || (style & SWT.TOGGLE) != 0) {
                button.setSelection(!button.getSelection());
            } else if ((style & SWT.RADIO) != 0) {
                for (var sibling : button.getParent().getChildren()) {
                    if (sibling instanceof Button b && b != button && (b.getStyle() & SWT.RADIO) != 0 && b.getSelection()) {
                        b.setSelection(false);
                        b.notifyListeners(SWT.Selection, new Event());
                    }
                }
                button.setSelection(true);
            }
            button.notifyListeners(SWT.Selection, new Event());
        });
        // let the click be processed before the test goes on
        UI.run(() -> { });
    }

    /** Whether the button is enabled. */
    public boolean isEnabled() {
        return UI.call(() -> !button.isDisposed() && button.isEnabled());
    }

    /** Whether a check box or radio button is selected. */
    public boolean isChecked() {
        return UI.call(button::getSelection);
    }

    /** The SWT button. */
    public Button widget() {
        return button;
    }
}
