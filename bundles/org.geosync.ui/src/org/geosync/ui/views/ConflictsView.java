package org.geosync.ui.views;

/** Conflicts of the selected replica, field by field: common ancestor, this database and imported values. */
public class ConflictsView extends PlannedView {

    @Override
    protected String purpose() {
        return "Conflicts of the selected replica, field by field: common ancestor, this database and imported values.";
    }
}
