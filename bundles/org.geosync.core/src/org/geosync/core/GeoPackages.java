package org.geosync.core;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.geosync.core.internal.gpkg.GpkgExport;
import org.geosync.core.internal.gpkg.GpkgImport;

/**
 * GeoPackage (OGC 12-128r18, version 1.3) import and export.
 * <p>
 * Import turns feature layers into feature classes and attribute tables into tables: a layer
 * {@code counties} becomes the dataset COUNTIES (invalid characters become underscores), its geometry
 * type and EPSG code come from gpkg_geometry_columns and gpkg_spatial_ref_sys, its columns become
 * fields, and a GLOBALID column keeps its values as the rows' GlobalIDs (other rows get new ones). A
 * layer declared GEOMETRY takes the one type its features have (a single type and its multi type give
 * the multi type); mixed or curved geometries, Z/M coordinates and CRSs without an EPSG code are
 * refused, and so is a feature whose geometry is invalid (per JTS), has a NaN or infinite coordinate,
 * names another srs_id than its layer, nests collections too deep or has bytes after its WKB. GDAL's placeholder table ogr_empty_table (an empty features table in files of attribute
 * tables only, which GDAL itself does not list) is not a layer. The import is a bulk load (nothing is tracked as a local edit), streamed row by row, in one
 * transaction: any failure or a cancel leaves the geodatabase as it was.
 * <p>
 * Export writes each dataset as a layer named after it in lower case: fid (the OBJECTID), GLOBALID as
 * TEXT, the fields, and for feature classes a SHAPE column in GeoPackage geometry encoding. Single
 * geometries of multi-type feature classes are written as one-part multi geometries. The file is
 * written beside the target under a temporary name and moved into place when complete.
 * <p>
 * Relationship classes use the Related Tables Extension (OGC 18-000, {@code gpkg_related_tables} as
 * GDAL reads it): export writes a gpkgext_relations row for each class whose origin, destination (and
 * table, for an attributed or M:N one) are exported, with a mapping table named after the class holding
 * the related rows' fids; GeoSync's table geosync_relationships keeps what the extension cannot say
 * (class name, cardinality, keys, foreign keys, attributed or not). Import creates the classes after the
 * layers, in the same transaction: a GeoSync file's exactly as they were, another file's as attributed
 * M:N classes keyed by OBJECTID with the mapping table's other columns as attributes. Mapping tables are
 * not imported as layers. A relation whose mapping table is missing or lacks base_id/related_id, that
 * relates by another column than the fid, or (importing every layer) names a table that is not a layer
 * of the file, is refused; importing chosen layers, relations not between two of them are left out.
 */
public final class GeoPackages {

    private GeoPackages() {
    }

    /** One layer moved between a GeoPackage and a geodatabase: the layer's name, the dataset, its rows. */
    public record Layer(String layer, Dataset dataset, long rows) {
    }

    /**
     * Imports the named layers of {@code gpkg} (case-insensitive; all feature and attribute layers when
     * {@code layers} is empty) as new datasets; refuses unknown layers and names of existing datasets.
     */
    public static List<Layer> importLayers(Geodatabase gdb, Path gpkg, List<String> layers, IProgressMonitor monitor)
            throws GeodatabaseException {
        return importLayers(gdb, gpkg, layers, false, monitor);
    }

    /**
     * Imports as {@link #importLayers(Geodatabase, Path, List, IProgressMonitor)} does; with {@code makeValid},
     * a geometry that is invalid (a ring crossing itself, a bow-tie polygon) is repaired with JTS's
     * GeometryFixer instead of refused, when the repair still has the layer's type. Without it, every
     * incoming geometry must be valid, have finite coordinates, the layer's type and the layer's srs_id.
     */
    public static List<Layer> importLayers(Geodatabase gdb, Path gpkg, List<String> layers, boolean makeValid, IProgressMonitor monitor)
            throws GeodatabaseException {
        return new GpkgImport(gdb, gpkg, makeValid).run(layers, monitor);
    }

    /** Exports the named datasets (all when empty) to a new GeoPackage; refuses an existing file. */
    public static List<Layer> export(Geodatabase gdb, Path gpkg, List<String> datasets, IProgressMonitor monitor)
            throws GeodatabaseException {
        return export(gdb, gpkg, datasets, false, monitor);
    }

    /**
     * Exports the named datasets (all when empty) to a GeoPackage; an existing file is refused unless
     * {@code overwrite}, and is replaced only once the new file is complete.
     */
    public static List<Layer> export(Geodatabase gdb, Path gpkg, List<String> datasets, boolean overwrite, IProgressMonitor monitor)
            throws GeodatabaseException {
        return new GpkgExport(gdb, gpkg, overwrite).run(datasets, monitor);
    }
}
