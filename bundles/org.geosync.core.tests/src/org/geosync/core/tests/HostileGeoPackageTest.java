package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.gpkg.GpkgGeometry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * GeoPackages a careless or hostile partner could send, each built here with sqlite-jdbc from a file
 * GeoSync exported: invalid geometry (a bow-tie, an unclosed ring, NaN and infinite coordinates, WKB with
 * bytes after it, collections nested 100,000 deep), a geometry in another srs_id than its layer, a layer
 * whose EPSG code contradicts its definition, a view that never ends or is circular (in gpkg_contents or
 * chosen with --layer), NULL names in gpkg_contents and gpkgext_relations, and values that would flood
 * or steer the terminal (30,000,000 characters, ANSI escapes). Each import is refused by the CLI with exit
 * 1 and one escaped, short sentence naming the layer and feature, and the geodatabase is unchanged.
 */
class HostileGeoPackageTest {

    @TempDir
    static Path tmp;
    static Path good;
    static Path target;
    static String before;
    static final Cli cli = new Cli();

    @BeforeAll
    static void create() throws Exception {
        System.setProperty("geosync.sqlite.timeout", "3"); // a view that never ends is cut off after 3 s here
        Path source = tmp.resolve("source");
        try (Geodatabase g = Geodatabase.create(source)) {
            g.createFeatureClass("hydrants", GeometryType.POINT, 3857, List.of(Field.of("KIND", FieldType.TEXT)));
            g.createFeatureClass("zones", GeometryType.POLYGON, 3857, List.of(Field.of("LEVEL", FieldType.INTEGER)));
            g.createFeatureClass("lots", GeometryType.MULTIPOLYGON, 3857, List.of(Field.of("NAME", FieldType.TEXT)));
            g.insert("hydrants", Map.of("KIND", "pillar"), "POINT (1 2)");
            g.insert("zones", Map.of("LEVEL", 1), "POLYGON ((0 0, 1 0, 1 1, 0 0))");
            g.insert("lots", Map.of("NAME", "a"), "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))");
        }
        good = tmp.resolve("good.gpkg");
        assertEquals(0, cli.run("gdb", "export", source.toString(), good.toString()), cli.err);
        target = tmp.resolve("target");
        try (Geodatabase g = Geodatabase.create(target)) {
            g.createTable("existing", List.of(Field.of("NOTE", FieldType.TEXT)));
            g.insert("existing", Map.of("NOTE", "keep me"), null);
        }
        assertEquals(0, cli.run("gdb", "info", target.toString(), "--json"), cli.err);
        before = cli.out;
    }

    @AfterAll
    static void reset() {
        System.clearProperty("geosync.sqlite.timeout");
    }

    /** Changes a copy of the good file with SQL (the file's R-tree triggers call functions plain SQLite lacks, so they go first). */
    @FunctionalInterface
    interface Tamper {
        void apply(Connection c) throws Exception;
    }

    private static int copies;

    private static Path tampered(Tamper t) throws Exception {
        Path bad = tmp.resolve("bad-" + (copies++) + ".gpkg");
        Files.copy(good, bad);
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + bad); Statement s = c.createStatement()) {
            List<String> triggers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger'")) {
                while (rs.next()) {
                    triggers.add(rs.getString(1));
                }
            }
            for (String name : triggers) {
                s.executeUpdate("DROP TRIGGER \"" + name + "\"");
            }
            t.apply(c);
        }
        return bad;
    }

    private static Tamper shape(String layer, byte[] blob) {
        return c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE " + layer + " SET SHAPE = ? WHERE fid = 1")) {
                p.setBytes(1, blob);
                assertEquals(1, p.executeUpdate());
            }
        };
    }

    private static Tamper sql(String... statements) {
        return c -> {
            try (Statement s = c.createStatement()) {
                for (String q : statements) {
                    s.executeUpdate(q);
                }
            }
        };
    }

    /** Imports the file with the CLI: exit 1, one short escaped line holding each expected text, nothing changed. */
    private static void refused(Path bad, List<String> options, String... expected) throws Exception {
        byte[] file = Files.readAllBytes(bad);
        List<String> args = new ArrayList<>(List.of("gdb", "import", target.toString(), bad.toString()));
        args.addAll(options);
        int code = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> cli.run(args.toArray(String[]::new)),
                "the import of " + bad + " must end");
        String err = cli.err;
        String shown = err.length() > 300 ? err.substring(0, 300) + "... (" + err.length() + " characters)" : err;
        assertEquals(1, code, bad + " -> " + cli.out + shown);
        assertEquals(1, err.strip().lines().count(), shown);
        assertTrue(err.length() < 1000, "a short sentence: " + shown);
        assertFalse(err.contains("Exception") || err.contains("Error") || err.contains("\tat "), shown);
        assertFalse(err.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\r'), "control characters are escaped: " + shown);
        for (String e : expected) {
            assertTrue(err.contains(e), "'" + e + "' in " + shown);
        }
        assertEquals(0, cli.run("gdb", "info", target.toString(), "--json"), cli.err);
        assertEquals(before, cli.out, bad + " changed the geodatabase");
        assertArrayEquals(file, Files.readAllBytes(bad), "the GeoPackage is only read");
    }

    private static void refused(Tamper t, String... expected) throws Exception {
        refused(tampered(t), List.of(), expected);
    }

    /** A GeoPackage geometry blob: header (little endian, no envelope, srs_id) and the WKB given in hex. */
    private static byte[] blob(int srsId, String wkbHex) {
        byte[] wkb = java.util.HexFormat.of().parseHex(wkbHex);
        return ByteBuffer.allocate(8 + wkb.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'G').put((byte) 'P').put((byte) 0)
                .put((byte) 1).putInt(srsId).put(wkb).array();
    }

    private static String le(double d) {
        return java.util.HexFormat.of().formatHex(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(d).array());
    }

    @Test
    void invalidGeometryIsRefused() throws Exception {
        refused(shape("zones", GpkgGeometry.encode(Geometries.parseWkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"), 3857)),
                "Layer zones, feature fid 1: it is not a valid Polygon: Self-intersection", "--make-valid");
        String unclosed = "01" + "03000000" + "01000000" + "04000000" + le(0) + le(0) + le(10) + le(0) + le(10) + le(10) + le(0) + le(10);
        refused(shape("zones", blob(3857, unclosed)), "Layer zones, feature fid 1", "ring 1 is not closed");
        byte[] valid = GpkgGeometry.encode(Geometries.parseWkt("POINT (1 2)"), 3857);
        byte[] garbage = java.util.Arrays.copyOf(valid, valid.length + 4);
        refused(shape("hydrants", garbage), "Layer hydrants, feature fid 1", "followed by 4 bytes");
        refused(shape("hydrants", blob(3857, "01" + "01000000" + le(Double.NaN) + le(2))), "Layer hydrants, feature fid 1",
                "not a finite number");
        refused(shape("hydrants", blob(3857, "01" + "01000000" + le(Double.POSITIVE_INFINITY) + le(2))), "Layer hydrants, feature fid 1",
                "(Infinity, 2), which is not a finite number");
        refused(shape("hydrants", blob(3857, "01" + "01000000" + le(1) + le(Double.NEGATIVE_INFINITY))), "not a finite number");
    }

    @Test
    void collectionsNestedTooDeepAreRefusedWithoutOverflowingTheStack() throws Exception {
        String level = "01" + "07000000" + "01000000";
        refused(shape("hydrants", blob(3857, level.repeat(100_000) + "01" + "01000000" + le(1) + le(2))),
                "Layer hydrants, feature fid 1", "nests geometry collections more than 32 deep");
    }

    @Test
    void aGeometryInAnotherSrsThanItsLayerOrALyingSrsIsRefused() throws Exception {
        refused(shape("hydrants", GpkgGeometry.encode(Geometries.parseWkt("POINT (7.4 46.9)"), 4326)), "Layer hydrants, feature fid 1",
                "names srs_id 4326", "srs_id 3857");
        String wgs84 = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],"
                + "AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]";
        refused(sql("UPDATE gpkg_spatial_ref_sys SET definition = '" + wgs84 + "' WHERE srs_id = 3857"), "declares EPSG:3857",
                "names EPSG:4326");
        String noAuthority = wgs84.replace(",AUTHORITY[\"EPSG\",\"4326\"]]", "]");
        refused(sql("UPDATE gpkg_spatial_ref_sys SET definition = '" + noAuthority + "' WHERE srs_id = 3857"), "declares EPSG:3857",
                "geographic");
    }

    @Test
    void viewsThatNeverEndOrReferToThemselvesAreRefusedInsteadOfHanging() throws Exception {
        String endless = "CREATE VIEW endless AS WITH RECURSIVE r(fid) AS (SELECT 1 UNION ALL SELECT fid + 1 FROM r) SELECT fid, 'x' AS NOTE FROM r";
        String listed = "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('endless', 'attributes', 'endless')";
        refused(sql(endless, listed), "more than 3 seconds", "view");
        refused(tampered(sql(endless)), List.of("--layer", "endless"), "has no layer named endless");
        refused(tampered(sql(endless, listed)), List.of("--layer", "endless"), "more than 3 seconds");
        refused(sql("CREATE TABLE loop (fid INTEGER PRIMARY KEY)", "CREATE VIEW around AS SELECT * FROM loop", "DROP TABLE loop",
                "CREATE VIEW loop AS SELECT * FROM around",
                "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('loop', 'attributes', 'loop')"),
                "circularly defined");
    }

    @Test
    void nullNamesInTheMetadataAreRefusedWithASentence() throws Exception {
        refused(sql("ALTER TABLE gpkg_contents RENAME TO old_contents",
                "CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT, identifier TEXT, description TEXT, last_change TEXT,"
                        + " min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)",
                "INSERT INTO gpkg_contents SELECT * FROM old_contents", "DROP TABLE old_contents",
                "INSERT INTO gpkg_contents (table_name, data_type) VALUES (NULL, 'features')"),
                "without a name (table_name is NULL) in gpkg_contents");
        refused(sql("CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY, base_table_name TEXT, base_primary_column TEXT,"
                + " related_table_name TEXT, related_primary_column TEXT, relation_name TEXT, mapping_table_name TEXT)",
                "INSERT INTO gpkgext_relations VALUES (1, 'zones', 'fid', 'hydrants', 'fid', 'features', NULL)"),
                "without its mapping_table_name (it is NULL)");
        refused(sql("ALTER TABLE gpkg_geometry_columns RENAME TO old_columns",
                "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER,"
                        + " z TINYINT, m TINYINT)",
                "INSERT INTO gpkg_geometry_columns SELECT * FROM old_columns", "DROP TABLE old_columns",
                "UPDATE gpkg_geometry_columns SET column_name = NULL WHERE table_name = 'zones'"),
                "column_name is NULL");
    }

    @Test
    void valuesThatWouldFloodOrSteerTheTerminalAreQuotedShortAndEscaped() throws Exception {
        refused(sql("UPDATE zones SET LEVEL = replace(hex(zeroblob(15000000)), '0', 'x') WHERE fid = 1"),
                "Layer zones, feature fid 1: the column LEVEL holds 'xxxxxxxx", "... (30000000 characters)', which is not a whole number");
        refused(sql("UPDATE zones SET LEVEL = char(27) || '[31mred' || char(27) || '[0m' WHERE fid = 1"),
                "holds '\\u001b[31mred\\u001b[0m', which is not a whole number");
        refused(sql("UPDATE hydrants SET GLOBALID = char(27) || ']0;owned' || char(7) WHERE fid = 1"),
                "its GLOBALID '\\u001b]0;owned\\u0007' is not a UUID");
    }

    @Test
    void makeValidRepairsAnInvalidGeometryOnlyWhenAsked() throws Exception {
        Path bad = tampered(shape("lots", GpkgGeometry.encode(Geometries.parseWkt("MULTIPOLYGON (((0 0, 10 10, 10 0, 0 10, 0 0)))"), 3857)));
        refused(bad, List.of("--layer", "lots"), "Layer lots, feature fid 1: it is not a valid MultiPolygon");
        Path repaired = tmp.resolve("repaired");
        try (Geodatabase g = Geodatabase.create(repaired)) {
            // a fresh geodatabase for the repaired import
        }
        assertEquals(0, cli.run("gdb", "import", repaired.toString(), bad.toString(), "--layer", "lots", "--make-valid"), cli.err);
        try (Geodatabase g = Geodatabase.open(repaired)) {
            List<List<String>> rows = Sql.rows(g, "SELECT ST_AsText(SHAPE) FROM LOTS");
            assertEquals(1, rows.size());
            assertTrue(Geometries.parseWkt(rows.get(0).get(0)).isValid(), rows.toString());
            assertEquals(2, Geometries.parseWkt(rows.get(0).get(0)).getNumGeometries(), "the bow-tie becomes its two triangles");
        }
        // a bow-tie in a polygon class has no one-polygon repair: still refused
        refused(tampered(shape("zones", GpkgGeometry.encode(Geometries.parseWkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"), 3857))),
                List.of("--layer", "zones", "--make-valid"), "Layer zones, feature fid 1", "no repair of it is a polygon");
    }
}
