package org.geosync.core.internal.gpkg;

import java.util.List;

import org.geosync.core.Field;
import org.geosync.core.GeometryType;

/**
 * What the import found out about one layer of a GeoPackage before loading it: where its rows are,
 * the dataset they become, and which column feeds which field.
 *
 * @param name the layer (table) name in the file
 * @param dataset the dataset name it becomes
 * @param geometryColumn the geometry column, null for an attribute table
 * @param type the geometry type, null for an attribute table
 * @param epsg the EPSG code of its CRS, 0 for an attribute table
 * @param srsId the srs_id gpkg_geometry_columns gives its geometry column (every geometry blob must name it), 0 for an attribute table
 * @param fidColumn the integer primary key, null when the table has none
 * @param globalIdColumn the column holding GlobalIDs, or null
 * @param columns the columns that become fields, in order
 * @param rows number of rows
 */
public record GpkgLayer(String name, String dataset, String geometryColumn, GeometryType type, int epsg, int srsId, String fidColumn,
        String globalIdColumn, List<Column> columns, long rows) {

    /** A column of the layer and the field it becomes. */
    public record Column(String source, Field field) {
    }

    /** Whether the layer holds features. */
    public boolean isFeatures() {
        return geometryColumn != null;
    }
}
