package org.geosync.ui.testing;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;

/** A menu item found by its path of labels. */
public class BotMenu {

    private final MenuItem item;

    BotMenu(MenuItem item) {
        this.item = item;
    }

    static BotMenu find(Menu menu, String... path) {
        Menu current = menu;
        MenuItem hit = null;
        for (String label : path) {
            if (current == null) {
                throw new WidgetNotFoundException("menu '" + String.join(" > ", path) + "': '" + label + "' has no submenu");
            }
            // contributions are filled in when a menu shows; emulate that
            current.notifyListeners(SWT.Show, new Event());
            hit = Arrays.stream(current.getItems()).filter(i -> label.equals(clean(i.getText()))).findFirst()
                    .orElse(null);
            if (hit == null) {
                throw new WidgetNotFoundException("menu item '" + label + "' among " + Arrays.toString(Bot.itemTexts(current)));
            }
            current = hit.getMenu();
        }
        return new BotMenu(hit);
    }

    private static String clean(String text) {
        String s = WidgetBot.strip(text);
        int tab = s.indexOf('\t');
        return tab >= 0 ? s.substring(0, tab) : s;
    }

    /** Whether the item can be chosen. */
    public boolean isEnabled() {
        return UI.call(item::isEnabled);
    }

    /** Chooses the item without waiting, since it may open a modal dialog. */
    public void click() {
        UI.post(() -> {
            if (item.getStyle() == SWT.CHECK || (item.getStyle() & SWT.CHECK) != 0) {
                item.setSelection(!item.getSelection());
            }
            item.notifyListeners(SWT.Selection, new Event());
        });
    }
}
