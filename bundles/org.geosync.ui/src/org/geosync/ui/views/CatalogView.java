package org.geosync.ui.views;

/** Geodatabase connections, their datasets (feature classes, tables, relationship classes) and replicas. */
public class CatalogView extends PlannedView {

    @Override
    protected String purpose() {
        return "Geodatabase connections, their datasets (feature classes, tables, relationship classes) and replicas.";
    }
}
