package org.geosync.ui.catalog;

import org.eclipse.osgi.util.NLS;
import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.UiTexts;

/**
 * A dataset as the Catalog shows it: the dataset of the geodatabase at {@code location} and its row count, or
 * {@link #NOT_COUNTED} while the Catalog counts. The count is not part of its identity: a dataset stays selected and
 * open in the Catalog when its rows are counted.
 */
public record DatasetNode(GeodatabaseLocation location, Dataset dataset, long rowCount) {

    /** The row count of a dataset listed before its rows were counted. */
    public static final long NOT_COUNTED = -1;

    /** The Catalog label: name, geometry type or "table", row count (left out until counted). */
    public String label() {
        String kind = dataset.isFeatureClass() ? dataset.geometryType().name().toLowerCase(java.util.Locale.ROOT)
                : UiTexts.Catalog_tableKind;
        if (rowCount == NOT_COUNTED) {
            return NLS.bind(UiTexts.Catalog_datasetNotCounted, dataset.name(), kind);
        }
        return NLS.bind(rowCount == 1 ? UiTexts.Catalog_datasetOneRow : UiTexts.Catalog_datasetRows,
                new Object[] { dataset.name(), kind, rowCount });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetNode d && location.equals(d.location) && dataset.equals(d.dataset);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(location, dataset);
    }
}
