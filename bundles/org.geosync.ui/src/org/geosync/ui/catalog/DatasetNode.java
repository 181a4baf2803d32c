package org.geosync.ui.catalog;

import java.nio.file.Path;

import org.geosync.core.Dataset;

/** A dataset as the Catalog shows it: the dataset of the geodatabase in {@code directory} and its row count. */
public record DatasetNode(Path directory, Dataset dataset, long rowCount) {

    /** The Catalog label: name, geometry type or "table", row count. */
    public String label() {
        String kind = dataset.isFeatureClass() ? dataset.geometryType().name().toLowerCase(java.util.Locale.ROOT) : "table";
        return dataset.name() + " (" + kind + ", " + rowCount + (rowCount == 1 ? " row)" : " rows)");
    }
}
