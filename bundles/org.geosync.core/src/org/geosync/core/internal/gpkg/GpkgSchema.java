package org.geosync.core.internal.gpkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.geosync.core.internal.geometry.EpsgRegistry;

/**
 * The GeoPackage 1.3 metadata of a new file: the application_id and user_version pragmas,
 * gpkg_spatial_ref_sys with its three mandatory rows, gpkg_contents, gpkg_geometry_columns,
 * gpkg_extensions, and the RTree spatial index extension of a geometry column.
 */
public final class GpkgSchema {

    /** 'GPKG' as a 32-bit integer: the application_id of every GeoPackage. */
    public static final int APPLICATION_ID = 0x47504B47;
    /** GeoPackage 1.3.0. */
    public static final int USER_VERSION = 10300;

    /** The definition of EPSG:4326 the spec asks for (the text GDAL writes). */
    private static final String WGS84_WKT = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
            + "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],"
            + "AUTHORITY[\"EPSG\",\"4326\"]]";

    private GpkgSchema() {
    }

    /** Sets the pragmas and creates the metadata tables with the mandatory spatial reference systems. */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA application_id = " + APPLICATION_ID);
            s.executeUpdate("PRAGMA user_version = " + USER_VERSION);
            s.executeUpdate("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,"
                    + " organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,"
                    + " description TEXT)");
            s.executeUpdate("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,"
                    + " identifier TEXT UNIQUE, description TEXT DEFAULT '',"
                    + " last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
                    + " min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,"
                    + " CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))");
            s.executeUpdate("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,"
                    + " geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,"
                    + " CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),"
                    + " CONSTRAINT uk_gc_table_name UNIQUE (table_name),"
                    + " CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),"
                    + " CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))");
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,"
                    + " definition TEXT NOT NULL, scope TEXT NOT NULL,"
                    + " CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
        }
        insertSrs(c, "Undefined Cartesian SRS", -1, "NONE", -1, "undefined", "undefined Cartesian coordinate reference system");
        insertSrs(c, "Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system");
        insertSrs(c, "WGS 84 geodetic", 4326, "EPSG", 4326, WGS84_WKT,
                "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid");
    }

    /**
     * Adds EPSG:{@code epsg} as srs_id {@code epsg} unless present. proj4j has no WKT, so the definition
     * is 'undefined' (which the spec allows) and readers such as GDAL take the CRS from organization
     * EPSG and organization_coordsys_id; the description keeps the PROJ.4 definition.
     */
    public static void addEpsg(Connection c, int epsg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM gpkg_spatial_ref_sys WHERE srs_id = ?")) {
            p.setInt(1, epsg);
            if (p.executeQuery().next()) {
                return;
            }
        }
        String name = EpsgRegistry.name(epsg);
        String proj4 = EpsgRegistry.proj4(epsg);
        insertSrs(c, name == null ? "EPSG:" + epsg : name, epsg, "EPSG", epsg, "undefined", proj4 == null ? null : "PROJ.4: " + proj4);
    }

    private static void insertSrs(Connection c, String name, int id, String org, int orgId, String definition, String description)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, name);
            p.setInt(2, id);
            p.setString(3, org);
            p.setInt(4, orgId);
            p.setString(5, definition);
            p.setString(6, description);
            p.executeUpdate();
        }
    }

    /** The name of the RTree spatial index of a geometry column (spec: rtree_&lt;table&gt;_&lt;column&gt;). */
    public static String rtree(String table, String column) {
        return "rtree_" + table + "_" + column;
    }

    /** Creates the (empty) RTree virtual table of a geometry column; fill it, then call {@link #registerSpatialIndex}. */
    public static void createSpatialIndex(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE VIRTUAL TABLE " + quote(rtree(table, column)) + " USING rtree(id, minx, maxx, miny, maxy)");
        }
    }

    /**
     * Adds the triggers that keep a filled RTree index in step with later edits (GeoPackage 1.3, F.3;
     * they call the ST_ functions GDAL and QGIS provide) and records the extension in gpkg_extensions.
     */
    public static void registerSpatialIndex(Connection c, String table, String column) throws SQLException {
        String t = quote(table), g = quote(column), r = quote(rtree(table, column));
        String prefix = rtree(table, column);
        String values = " VALUES (NEW.fid, ST_MinX(NEW." + g + "), ST_MaxX(NEW." + g + "), ST_MinY(NEW." + g + "), ST_MaxY(NEW." + g + "))";
        String present = "(NEW." + g + " NOT NULL AND NOT ST_IsEmpty(NEW." + g + "))";
        String absent = "(NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g + "))";
        String[] triggers = {
            "CREATE TRIGGER " + quote(prefix + "_insert") + " AFTER INSERT ON " + t + " WHEN " + present
                    + " BEGIN INSERT OR REPLACE INTO " + r + values + "; END",
            "CREATE TRIGGER " + quote(prefix + "_update1") + " AFTER UPDATE OF " + g + " ON " + t
                    + " WHEN OLD.fid = NEW.fid AND " + present + " BEGIN INSERT OR REPLACE INTO " + r + values + "; END",
            "CREATE TRIGGER " + quote(prefix + "_update2") + " AFTER UPDATE OF " + g + " ON " + t
                    + " WHEN OLD.fid = NEW.fid AND " + absent + " BEGIN DELETE FROM " + r + " WHERE id = OLD.fid; END",
            "CREATE TRIGGER " + quote(prefix + "_update3") + " AFTER UPDATE ON " + t + " WHEN OLD.fid != NEW.fid AND " + present
                    + " BEGIN DELETE FROM " + r + " WHERE id = OLD.fid; INSERT OR REPLACE INTO " + r + values + "; END",
            "CREATE TRIGGER " + quote(prefix + "_update4") + " AFTER UPDATE ON " + t + " WHEN OLD.fid != NEW.fid AND " + absent
                    + " BEGIN DELETE FROM " + r + " WHERE id IN (OLD.fid, NEW.fid); END",
            "CREATE TRIGGER " + quote(prefix + "_delete") + " AFTER DELETE ON " + t + " WHEN OLD." + g + " NOT NULL"
                    + " BEGIN DELETE FROM " + r + " WHERE id = OLD.fid; END" };
        try (Statement s = c.createStatement()) {
            for (String trigger : triggers) {
                s.executeUpdate(trigger);
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index',"
                + " 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')")) {
            p.setString(1, table);
            p.setString(2, column);
            p.executeUpdate();
        }
    }

    /** Quotes an SQLite identifier. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
