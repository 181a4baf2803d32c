package org.geosync.ui.testing;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;

/** The context menu of a control (a tree, a table), shown as a right-click would so its contributions fill in. */
public class BotContextMenu {

    private final Control control;

    public BotContextMenu(Control control) {
        this.control = control;
    }

    /** The item at this path of labels; the menu is rebuilt first, as showing it does. */
    public BotMenu item(String... path) {
        return UI.call(() -> {
            Menu menu = control.getMenu();
            if (menu == null) {
                throw new WidgetNotFoundException("a context menu on " + control);
            }
            control.notifyListeners(SWT.MenuDetect, new Event());
            return BotMenu.find(menu, path);
        });
    }

    /** The labels of the context menu's items, for diagnostics and assertions. */
    public String[] items() {
        return UI.call(() -> {
            Menu menu = control.getMenu();
            menu.notifyListeners(SWT.Show, new Event());
            return Arrays.stream(menu.getItems()).map(MenuItem::getText).toArray(String[]::new);
        });
    }
}
