package org.geosync.ui.views;

/** Every replica of the selected geodatabase: type, role, sender or receiver, generations, last synchronization and conflict state. */
public class ReplicaManagerView extends PlannedView {

    @Override
    protected String purpose() {
        return "Every replica of the selected geodatabase: type, role, sender or receiver, generations, last synchronization and conflict state.";
    }
}
