package org.geosync.ui.catalog;

import org.eclipse.osgi.util.NLS;
import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.UiTexts;

/** A dataset as the Catalog shows it: the dataset of the geodatabase at {@code location} and its row count. */
public record DatasetNode(GeodatabaseLocation location, Dataset dataset, long rowCount) {

    /** The Catalog label: name, geometry type or "table", row count. */
    public String label() {
        String kind = dataset.isFeatureClass() ? dataset.geometryType().name().toLowerCase(java.util.Locale.ROOT)
                : UiTexts.Catalog_tableKind;
        return NLS.bind(rowCount == 1 ? UiTexts.Catalog_datasetOneRow : UiTexts.Catalog_datasetRows,
                new Object[] { dataset.name(), kind, rowCount });
    }
}
