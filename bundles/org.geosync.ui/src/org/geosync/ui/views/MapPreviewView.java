package org.geosync.ui.views;

/** The features of the selected dataset and the replica area of the selected replica. */
public class MapPreviewView extends PlannedView {

    @Override
    protected String purpose() {
        return "The features of the selected dataset and the replica area of the selected replica.";
    }
}
