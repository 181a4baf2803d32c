package org.geosync.core.internal.gpkg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.UserData;
import org.geosync.core.internal.geometry.EpsgRegistry;
import org.geosync.core.internal.storage.Catalog;

/**
 * Reads the metadata of a GeoPackage (gpkg_contents, gpkg_geometry_columns, gpkg_spatial_ref_sys,
 * table columns) and describes each layer as a {@link GpkgLayer}, refusing what GeoSync cannot hold
 * with a sentence naming the layer.
 */
final class GpkgReader {

    /** The longest text a GeoSync TEXT field holds (Derby's VARCHAR limit). */
    private static final int MAX_TEXT = 32672;

    private final Connection c;
    private final Path file;
    private final Predicate<String> usableName;

    /** Reads the GeoPackage on {@code c}; names {@code usableName} refuses (SQL reserved words) get a trailing _. */
    GpkgReader(Connection c, Path file, Predicate<String> usableName) {
        this.c = c;
        this.file = file;
        this.usableName = usableName;
    }

    /** The connection to the file. */
    Connection connection() {
        return c;
    }

    /** Refuses an SQLite database that is not a GeoPackage. */
    void checkIsGeoPackage() throws SQLException, GeodatabaseException {
        SqliteFiles.step(c);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view')"
                        + " AND name IN ('gpkg_contents', 'gpkg_spatial_ref_sys')")) {
            rs.next();
            if (rs.getInt(1) < 2) {
                throw new GeodatabaseException(file + " is not a GeoPackage: it is an SQLite database without the tables"
                        + " gpkg_contents and gpkg_spatial_ref_sys.");
            }
        }
    }

    /**
     * The feature and attribute layers listed in gpkg_contents, by table name (as the file spells it).
     * GDAL's technical table ogr_empty_table (an empty features table GDAL adds to a file of attribute
     * tables only, for requirement 17 of the standard, and hides from its own layer list) is left out.
     */
    Map<String, String> layers() throws SQLException, GeodatabaseException {
        SqliteFiles.step(c);
        Map<String, String> result = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, data_type FROM gpkg_contents"
                        + " WHERE data_type IN ('features', 'attributes') ORDER BY table_name")) {
            while (rs.next()) {
                if (rs.getString(1) == null) {
                    throw new GeodatabaseException(file + " lists a " + rs.getString(2) + " layer without a name (table_name is NULL)"
                            + " in gpkg_contents; the file is damaged.");
                }
                result.put(rs.getString(1), rs.getString(2));
            }
        }
        result.keySet().removeIf(t -> t.equalsIgnoreCase(GDAL_EMPTY_TABLE) && "features".equals(result.get(t)) && isEmptyTable(t));
        return result;
    }

    /** The name of GDAL's placeholder features table (ogrgeopackagedatasource.cpp). */
    private static final String GDAL_EMPTY_TABLE = "ogr_empty_table";

    /** Whether {@code table} exists and holds no rows. */
    private boolean isEmptyTable(String table) {
        SqliteFiles.step(c);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + GpkgSchema.quote(table))) {
            return rs.next() && rs.getLong(1) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Describes one layer; {@code features} says whether gpkg_contents lists it as features. */
    GpkgLayer describe(String layer, boolean features) throws SQLException, GeodatabaseException {
        List<TableColumn> info = tableInfo(layer);
        if (info.isEmpty()) {
            throw new GeodatabaseException(file + " lists the layer " + UserData.name(layer) + " in gpkg_contents but has no such table; the file is damaged.");
        }
        String geometryColumn = null;
        GeometryType type = null;
        int epsg = 0;
        int srsId = 0;
        if (features) {
            GeometryColumn g = geometryColumn(layer);
            geometryColumn = g.name();
            srsId = g.srsId();
            epsg = epsg(layer, srsId);
            type = GpkgTypes.geometryType(g.typeName());
            if (type == null) {
                type = typeFromData(layer, geometryColumn, g.typeName());
            }
        }
        String fid = null;
        String globalId = null;
        List<GpkgLayer.Column> columns = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (TableColumn col : info) {
            String name = col.name(), declared = col.declared();
            boolean pk = col.primaryKey();
            if (name.equalsIgnoreCase(geometryColumn)) {
                continue;
            }
            if (pk && fid == null && "INTEGER".equalsIgnoreCase(declared.trim())) {
                fid = name;
                continue;
            }
            if (name.equalsIgnoreCase("GLOBALID") && globalId == null && GpkgTypes.fieldType(declared) == FieldType.TEXT) {
                globalId = name;
                continue;
            }
            FieldType ft = GpkgTypes.fieldType(declared);
            if (ft == null) {
                throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " has the column " + UserData.name(name) + " of type " + UserData.name(declared)
                        + ", which a GeoSync field cannot hold; leave it out (e.g. ogr2ogr -select) and import again.");
            }
            int length = ft == FieldType.TEXT ? textLength(layer, name, GpkgTypes.declaredLength(declared)) : 0;
            columns.add(new GpkgLayer.Column(name, new Field(fieldName(name, used), ft, length)));
        }
        return new GpkgLayer(layer, datasetName(layer), geometryColumn, type, epsg, srsId, fid, globalId, List.copyOf(columns), count(layer));
    }

    /** A column of a layer's table, as SQLite declares it: its name, declared type ("" for none), and whether it is in the key. */
    private record TableColumn(String name, String declared, boolean primaryKey) {
    }

    /** A layer's geometry column: its name, geometry type name and srs_id. */
    private record GeometryColumn(String name, String typeName, int srsId) {
    }

    private List<TableColumn> tableInfo(String layer) throws SQLException {
        SqliteFiles.step(c);
        List<TableColumn> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + GpkgSchema.quote(layer) + ")")) {
            while (rs.next()) {
                String type = rs.getString("type");
                result.add(new TableColumn(rs.getString("name"), type == null ? "" : type, rs.getInt("pk") != 0));
            }
        }
        return result;
    }

    /** Column name, geometry type name and srs_id of the layer's geometry column. */
    private GeometryColumn geometryColumn(String layer) throws SQLException, GeodatabaseException {
        SqliteFiles.step(c);
        try (PreparedStatement p = c.prepareStatement("SELECT column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns"
                + " WHERE lower(table_name) = lower(?)")) {
            p.setString(1, layer);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file
                            + " is listed as features but has no entry in gpkg_geometry_columns; the file is damaged.");
                }
                if (rs.getInt(4) == 1 || rs.getInt(5) == 1) {
                    throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " has Z or M coordinates, and GeoSync stores 2D"
                            + " geometries; flatten it first (e.g. ogr2ogr -dim XY) and import again.");
                }
                if (rs.getString(1) == null) {
                    throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file
                            + " has no geometry column name (column_name is NULL) in gpkg_geometry_columns; the file is damaged.");
                }
                return new GeometryColumn(rs.getString(1), rs.getString(2), rs.getInt(3));
            }
        }
    }

    /** The EPSG code of an srs_id; refuses undefined, non-EPSG and unknown systems. */
    private int epsg(String layer, int srsId) throws SQLException, GeodatabaseException {
        SqliteFiles.step(c);
        String org;
        int code;
        String name;
        String definition;
        try (PreparedStatement p = c.prepareStatement("SELECT organization, organization_coordsys_id, srs_name, definition"
                + " FROM gpkg_spatial_ref_sys WHERE srs_id = ?")) {
            p.setInt(1, srsId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " names srs_id " + srsId
                            + ", which gpkg_spatial_ref_sys does not define; the file is damaged.");
                }
                org = rs.getString(1);
                code = rs.getInt(2);
                name = rs.getString(3);
                definition = rs.getString(4);
            }
        }
        boolean undefined = srsId == 0 || srsId == -1 || definition == null || definition.isBlank()
                || definition.trim().equalsIgnoreCase("undefined");
        boolean noOrganization = org == null || org.equalsIgnoreCase("NONE");
        if (srsId == 0 || srsId == -1 || noOrganization && undefined) {
            throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " has an undefined coordinate reference system;"
                    + " assign its EPSG code first (e.g. ogr2ogr -a_srs EPSG:4326) and import again.");
        }
        if (noOrganization) {
            // GDAL writes a CRS it cannot match to an EPSG code (e.g. from a shapefile's .prj) so, with srs_id 100000 and up
            throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " uses the coordinate reference system "
                    + (name == null || name.isBlank() ? "" : UserData.quote(name.strip()) + " ") + "(srs_id " + srsId + "), which has no EPSG code;"
                    + " assign the EPSG code it stands for first (e.g. ogr2ogr -a_srs EPSG:27700) and import again.");
        }
        if (!org.equalsIgnoreCase("EPSG")) {
            throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " uses the coordinate reference system " + org + ":" + code
                    + ", which is not an EPSG code; reproject it to an EPSG system (e.g. ogr2ogr -t_srs EPSG:4326) and import again.");
        }
        if (!EpsgRegistry.isKnown(code)) {
            throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " uses EPSG code " + code
                    + ", which is not in GeoSync's EPSG registry; reproject it (e.g. ogr2ogr -t_srs EPSG:4326) and import again.");
        }
        String lie = undefined ? null : definitionConflict(code, definition);
        if (lie != null) {
            throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " declares EPSG:" + code + " (srs_id " + srsId
                    + "), but the definition of that system in gpkg_spatial_ref_sys " + lie + "; correct the file (e.g. ogr2ogr -a_srs"
                    + " with the right code) and import again.");
        }
        return code;
    }

    /**
     * How a CRS definition (WKT 1 or 2) contradicts the EPSG code it is filed under, or null: the code its
     * outermost AUTHORITY/ID names, or a geographic definition for a projected code (and the reverse).
     */
    static String definitionConflict(int code, String definition) {
        String d = definition.strip().toUpperCase(Locale.ROOT);
        // the code of the AUTHORITY or ID directly inside the outermost bracket (nested ones name datums, units...)
        int[] depthAt = new int[d.length() + 1];
        boolean quoted = false;
        for (int i = 0, depth = 0; i < d.length(); i++) {
            char ch = d.charAt(i);
            depthAt[i] = depth;
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '[' || ch == '(')) {
                depth++;
            } else if (!quoted && (ch == ']' || ch == ')')) {
                depth--;
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:AUTHORITY|ID)\\s*[\\[(]\\s*\"EPSG\"\\s*,\\s*\"?(\\d{1,9})\"?\\s*[,\\])]")
                .matcher(d);
        String last = null;
        while (m.find()) {
            if (depthAt[m.start()] == 1) {
                last = m.group(1);
            }
        }
        int open = d.indexOf('[');
        String head = open < 0 ? d : d.substring(0, open).strip();
        boolean geographicText = head.equals("GEOGCS") || head.equals("GEOGCRS") || head.equals("GEODCRS") || head.equals("GEOGRAPHICCRS");
        boolean projectedText = head.equals("PROJCS") || head.equals("PROJCRS") || head.equals("PROJECTEDCRS");
        if (!geographicText && !projectedText) {
            return null; // not a WKT this check understands (PROJ strings, compound systems): the code stands
        }
        if (last != null && Integer.parseInt(last) != code) {
            return "names EPSG:" + last;
        }
        String proj4 = EpsgRegistry.proj4(code);
        if (proj4 != null) {
            boolean geographicCode = proj4.contains("+proj=longlat") || proj4.contains("+proj=latlong");
            if (geographicCode && projectedText) {
                return "is a projected system, and EPSG:" + code + " is geographic (longitude/latitude)";
            }
            if (!geographicCode && geographicText) {
                return "is a geographic (longitude/latitude) system, and EPSG:" + code + " is projected";
            }
        }
        return null;
    }

    /**
     * The type of a layer declared GEOMETRY (or another generic type), from its features: one type, or a
     * single type with its multi type (which gives the multi type). Reads only the type code of each blob.
     */
    private GeometryType typeFromData(String layer, String column, String declared) throws SQLException, GeodatabaseException {
        SqliteFiles.step(c);
        Set<GeometryType> seen = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT substr(" + GpkgSchema.quote(column) + ", 1, 80) FROM " + GpkgSchema.quote(layer)
                        + " WHERE " + GpkgSchema.quote(column) + " IS NOT NULL")) {
            while (rs.next()) {
                byte[] head = rs.getBytes(1);
                GeometryType t = GpkgTypes.ofWkbType(GpkgGeometry.wkbType(head));
                if (t == null) {
                    throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " is declared " + UserData.name(declared)
                            + " and holds geometries that are not points, lines or polygons (or not valid GeoPackage geometries);"
                            + " GeoSync cannot import it.");
                }
                seen.add(t);
            }
        }
        GeometryType multi = null;
        for (GeometryType t : seen) {
            GeometryType m = switch (t) {
                case POINT, MULTIPOINT -> GeometryType.MULTIPOINT;
                case LINE, MULTILINE -> GeometryType.MULTILINE;
                case POLYGON, MULTIPOLYGON -> GeometryType.MULTIPOLYGON;
            };
            if (multi != null && multi != m) {
                throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " is declared " + UserData.name(declared) + " and mixes "
                        + String.join(" and ", seen.stream().map(x -> x.name().toLowerCase(Locale.ROOT)).sorted().toList())
                        + " geometries; a feature class holds one type: split it (e.g. ogr2ogr -where or -nlt) and import the parts.");
            }
            multi = m;
        }
        if (multi == null) {
            throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " is declared " + UserData.name(declared)
                    + " and has no geometries to tell its type from; set a type (e.g. ogr2ogr -nlt POLYGON) and import again.");
        }
        return seen.size() == 1 ? seen.iterator().next() : multi;
    }

    /** The length a TEXT field needs: the declared one (255 when none) or the longest value if longer. */
    private int textLength(String layer, String column, int declared) throws SQLException, GeodatabaseException {
        SqliteFiles.step(c);
        int longest;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(LENGTH(" + GpkgSchema.quote(column) + ")) FROM " + GpkgSchema.quote(layer))) {
            rs.next();
            longest = rs.getInt(1);
        }
        if (longest > MAX_TEXT) {
            throw new GeodatabaseException("Layer " + UserData.name(layer) + " of " + file + " has a text of " + longest + " characters in " + UserData.name(column)
                    + "; GeoSync text fields hold at most " + MAX_TEXT + ".");
        }
        return Math.min(MAX_TEXT, Math.max(declared > 0 ? declared : 255, longest));
    }

    private long count(String layer) throws SQLException {
        SqliteFiles.step(c);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + GpkgSchema.quote(layer))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The dataset name of a layer: upper case, characters other than letters, digits and _ become _
     * (a leading L_ when it does not start with a letter, a trailing _ for an SQL reserved word).
     */
    private String datasetName(String layer) {
        String name = identifier(layer, "L_");
        return usableName.test(name) ? name : name + "_";
    }

    /** A field name for a column: as for datasets, and system column names get _1, repeated names _2, _3... */
    private String fieldName(String column, Set<String> used) {
        String base = identifier(column, "F_");
        if (Catalog.SYSTEM_COLUMNS.contains(base)) {
            base = base + "_1";
        } else if (!usableName.test(base)) {
            base = base + "_";
        }
        String name = base;
        for (int i = 2; !used.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    static String identifier(String raw, String prefix) {
        String s = raw.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = prefix + s;
        }
        return s.length() > 90 ? s.substring(0, 90) : s;
    }
}
