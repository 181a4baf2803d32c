package org.geosync.ui.testing;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;

/** A table (virtual tables included: reading a row materializes it). */
public class BotTable {

    private final Table table;

    public BotTable(Table table) {
        this.table = table;
    }

    /** Number of rows. */
    public int rowCount() {
        return UI.call(table::getItemCount);
    }

    /** The text of a cell. */
    public String cell(int row, int column) {
        return UI.call(() -> table.getItem(row).getText(column));
    }

    /** The index of the first row whose cell in {@code column} equals {@code text}, or -1. */
    public int indexOf(String text, int column) {
        return UI.call(() -> {
            for (int i = 0; i < table.getItemCount(); i++) {
                if (text.equals(table.getItem(i).getText(column))) {
                    return i;
                }
            }
            return -1;
        });
    }

    /** Selects rows and fires the selection event. */
    public BotTable select(int... rows) {
        UI.run(() -> {
            table.setSelection(rows);
            Event e = new Event();
            TableItem first = rows.length > 0 ? table.getItem(rows[0]) : null;
            e.item = first;
            table.notifyListeners(SWT.Selection, e);
        });
        return this;
    }

    /** Checks or unchecks a row of a check-box table and fires the event a click on its box would. */
    public BotTable check(int row, boolean checked) {
        UI.run(() -> {
            TableItem item = table.getItem(row);
            item.setChecked(checked);
            Event e = new Event();
            e.item = item;
            e.detail = SWT.CHECK;
            table.notifyListeners(SWT.Selection, e);
        });
        return this;
    }

    /** Whether a row of a check-box table is checked. */
    public boolean isChecked(int row) {
        return UI.call(() -> table.getItem(row).getChecked());
    }

    /** The texts of every row's first column. */
    public java.util.List<String> column(int column) {
        return UI.call(() -> java.util.Arrays.stream(table.getItems()).map(i -> i.getText(column)).toList());
    }

    /** The SWT table item of a row (for colours and fonts), to be read on the UI thread. */
    public TableItem item(int row) {
        return UI.call(() -> table.getItem(row));
    }

    /** The SWT table. */
    public Table widget() {
        return table;
    }
}
