package org.geosync.ui.views;

/** Every data change and acknowledgment message exported or imported, with its generation range and outcome. */
public class MessageHistoryView extends PlannedView {

    @Override
    protected String purpose() {
        return "Every data change and acknowledgment message exported or imported, with its generation range and outcome.";
    }
}
