package org.geosync.ui.testing;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;

/** A combo box. */
public class BotCombo {

    private final Combo combo;

    public BotCombo(Combo combo) {
        this.combo = combo;
    }

    /** Selects the item with this text and fires the selection event. */
    public BotCombo select(String item) {
        UI.run(() -> {
            int index = Arrays.asList(combo.getItems()).indexOf(item);
            if (index < 0) {
                throw new WidgetNotFoundException("'" + item + "' among " + Arrays.toString(combo.getItems()));
            }
            combo.select(index);
            combo.notifyListeners(SWT.Selection, new Event());
        });
        return this;
    }

    /** The selected item's text. */
    public String selection() {
        return UI.call(combo::getText);
    }

    /** All items. */
    public String[] items() {
        return UI.call(combo::getItems);
    }
}
