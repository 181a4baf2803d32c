package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * {@code gdb import} and {@code gdb export} run in-process: summary lines, exit codes, and every refusal
 * is one line on stderr that leaves the geodatabase (compared through {@code gdb info --json}) and any
 * existing file as they were.
 */
class GeoPackageCliTest {

    @TempDir
    Path tmp;
    Path dir;
    Path target;
    Path gpkg;
    String out;
    String err;

    @BeforeEach
    void create() throws Exception {
        dir = tmp.resolve("gdb");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            gdb.createFeatureClass("hydrants", GeometryType.POINT, 3857, List.of(Field.of("KIND", FieldType.TEXT)));
            gdb.createFeatureClass("zones", GeometryType.POLYGON, 4326, List.of(Field.of("LEVEL", FieldType.INTEGER)));
            gdb.createTable("owners", List.of(Field.of("NAME", FieldType.TEXT)));
            gdb.insert("hydrants", Map.of("KIND", "pillar"), "POINT (1 2)");
            gdb.insert("hydrants", Map.of("KIND", "wall"), "POINT (3 4)");
            gdb.insert("zones", Map.of("LEVEL", 1), "POLYGON ((0 0, 1 0, 1 1, 0 0))");
            gdb.insert("owners", Map.of("NAME", "Ann"), null);
        }
        gpkg = tmp.resolve("city.gpkg");
        assertEquals(0, run("gdb", "export", dir.toString(), gpkg.toString()), err);
        target = tmp.resolve("target");
        try (Geodatabase gdb = Geodatabase.create(target)) {
            gdb.createTable("existing", List.of(Field.of("NOTE", FieldType.TEXT)));
            gdb.insert("existing", Map.of("NOTE", "keep me"), null);
        }
    }

    private final Cli cli = new Cli();

    private int run(String... args) {
        int code = cli.run(args);
        out = cli.out;
        err = cli.err;
        return code;
    }

    private String info(Path gdb) {
        assertEquals(0, run("gdb", "info", gdb.toString(), "--json"), err);
        return out;
    }

    @Test
    void exportAndImportPrintOneLinePerLayer() {
        assertEquals(0, run("gdb", "export", dir.toString(), tmp.resolve("two.gpkg").toString(), "--dataset", "zones", "--dataset", "OWNERS"), err);
        assertEquals("Exported ZONES as layer zones: 1 feature (polygon, EPSG:4326)\nExported OWNERS as layer owners: 1 row (table)\n",
                out.replace("\r", ""));
        assertEquals(0, run("gdb", "import", "--layer", "hydrants", target.toString(), gpkg.toString(), "--layer", "owners"), err);
        assertEquals("Imported layer hydrants as HYDRANTS: 2 features (point, EPSG:3857)\n"
                + "Imported layer owners as OWNERS: 1 row (table)\n", out.replace("\r", ""));
        assertEquals("", err);
        String info = info(target);
        assertTrue(info.contains("{\"name\":\"HYDRANTS\",\"kind\":\"feature_class\",\"geometryType\":\"point\",\"epsg\":3857,\"rows\":2"), info);
        assertFalse(info.contains("ZONES"), info);
        assertEquals(0, run("gdb", "import", target.toString(), gpkg.toString(), "--layer", "ZONES"), err);
        assertTrue(info(target).contains("\"name\":\"ZONES\""));
    }

    /** Runs a command that must be refused with exit 1 and one line containing {@code reason}, changing nothing. */
    private void assertRefused(String reason, String... args) throws Exception {
        String before = info(target);
        byte[] file = Files.readAllBytes(gpkg);
        assertEquals(1, run(args), out + err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains(reason), err);
        assertFalse(err.contains("Exception"), err);
        assertEquals("", out);
        assertEquals(before, info(target));
        assertArrayEquals(file, Files.readAllBytes(gpkg));
    }

    @Test
    void missingFileNotAGeoPackageAndCorruptFilesAreRefused() throws Exception {
        assertRefused("does not exist", "gdb", "import", target.toString(), tmp.resolve("nowhere.gpkg").toString());
        Path text = tmp.resolve("notes.gpkg");
        Files.writeString(text, "These are my notes, not a GeoPackage.\n".repeat(200));
        assertRefused("is not a GeoPackage", "gdb", "import", target.toString(), text.toString());
        Path plain = tmp.resolve("plain.sqlite");
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + plain); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (a INTEGER)");
        }
        assertRefused("is not a GeoPackage", "gdb", "import", target.toString(), plain.toString());
        Path header = tmp.resolve("header.gpkg");
        Files.copy(gpkg, header);
        try (RandomAccessFile f = new RandomAccessFile(header.toFile(), "rw")) {
            f.write("garbage garbage garbage garbage".getBytes(StandardCharsets.US_ASCII));
        }
        assertRefused("is not a GeoPackage", "gdb", "import", target.toString(), header.toString());
        Path pages = tmp.resolve("pages.gpkg");
        Files.copy(gpkg, pages);
        try (RandomAccessFile f = new RandomAccessFile(pages.toFile(), "rw")) {
            byte[] junk = new byte[(int) f.length() - 4096];
            java.util.Arrays.fill(junk, (byte) 0xA5);
            f.seek(4096);
            f.write(junk);
        }
        assertRefused("is not a GeoPackage", "gdb", "import", target.toString(), pages.toString());
    }

    @Test
    void unknownLayerAndUnknownDatasetAreRefused() throws Exception {
        assertRefused("has no layer named pipes; its layers are hydrants, owners, zones.", "gdb", "import", target.toString(),
                gpkg.toString(), "--layer", "hydrants", "--layer", "pipes");
        Path none = tmp.resolve("none.gpkg");
        assertRefused("No dataset named PIPES", "gdb", "export", dir.toString(), none.toString(), "--dataset", "PIPES");
        assertFalse(Files.exists(none));
        assertEquals(List.of(), listParts());
    }

    private List<Path> listParts() throws Exception {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void aDatasetNameClashIsRefusedNamingTheDataset() throws Exception {
        assertEquals(0, run("gdb", "import", target.toString(), gpkg.toString(), "--layer", "zones"), err);
        assertRefused("A dataset named ZONES already exists", "gdb", "import", target.toString(), gpkg.toString());
    }

    /**
     * Edits the exported GeoPackage with plain SQLite (as another tool might have), after dropping the
     * RTree triggers: they call ST_ functions that only GDAL-based programs provide.
     */
    private void edit(String... statements) throws Exception {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + gpkg); Statement s = c.createStatement()) {
            List<String> triggers = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger'")) {
                while (rs.next()) {
                    triggers.add(rs.getString(1));
                }
            }
            for (String t : triggers) {
                s.executeUpdate("DROP TRIGGER \"" + t + "\"");
            }
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    @Test
    void unknownEpsgCodeInTheFileIsRefused() throws Exception {
        edit("INSERT INTO gpkg_spatial_ref_sys VALUES ('Nowhere', 990001, 'EPSG', 990001, 'undefined', NULL)",
                "UPDATE gpkg_geometry_columns SET srs_id = 990001 WHERE table_name = 'zones'",
                "UPDATE gpkg_contents SET srs_id = 990001 WHERE table_name = 'zones'");
        assertRefused("Layer zones of " + gpkg + " uses EPSG code 990001, which is not in GeoSync's EPSG registry", "gdb", "import",
                target.toString(), gpkg.toString());
    }

    @Test
    void anInvalidGeometryBlobIsRefusedAndEarlierLayersAreRolledBack() throws Exception {
        edit("UPDATE zones SET SHAPE = X'47500003' WHERE fid = 1");
        // hydrants and owners load before zones (layers go by name) and must be rolled back with it
        assertRefused("Layer zones, feature fid 1: the geometry is not a valid GeoPackage geometry", "gdb", "import",
                target.toString(), gpkg.toString());
        edit("UPDATE zones SET SHAPE = X'47500003000000000000000000000000000000000000000000000000000000000000000000000000FFFF' WHERE fid = 1");
        assertRefused("Layer zones, feature fid 1: the geometry is not a valid GeoPackage geometry: its WKB", "gdb", "import",
                target.toString(), gpkg.toString());
    }

    @Test
    void valuesAndLayersGeoSyncCannotHoldAreRefused() throws Exception {
        edit("UPDATE zones SET LEVEL = 'high' WHERE fid = 1");
        assertRefused("Layer zones, feature fid 1: the column LEVEL holds 'high', which is not a whole number (field LEVEL).", "gdb",
                "import", target.toString(), gpkg.toString());
        edit("UPDATE zones SET LEVEL = 2", "UPDATE gpkg_geometry_columns SET z = 1 WHERE table_name = 'zones'");
        assertRefused("Layer zones of " + gpkg + " has Z or M coordinates", "gdb", "import", target.toString(), gpkg.toString());
        edit("UPDATE gpkg_geometry_columns SET z = 0, srs_id = 0 WHERE table_name = 'zones'");
        assertRefused("Layer zones of " + gpkg + " has an undefined coordinate reference system", "gdb", "import", target.toString(),
                gpkg.toString());
    }

    @Test
    void duplicateAndMalformedGlobalIdsAreRefused() throws Exception {
        edit("ALTER TABLE hydrants RENAME TO old_hydrants",
                "CREATE TABLE hydrants (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, SHAPE POINT, GLOBALID TEXT(36), KIND TEXT(255))",
                "INSERT INTO hydrants SELECT fid, SHAPE, GLOBALID, KIND FROM old_hydrants",
                "DROP TABLE old_hydrants",
                "UPDATE hydrants SET GLOBALID = (SELECT GLOBALID FROM hydrants WHERE fid = 1)");
        assertRefused("Layer hydrants of " + gpkg + " holds the same GLOBALID more than once; GlobalIDs must be unique.", "gdb", "import",
                target.toString(), gpkg.toString());
        edit("UPDATE hydrants SET GLOBALID = 'not-a-uuid' WHERE fid = 2");
        assertRefused("Layer hydrants, feature fid 2: its GLOBALID 'not-a-uuid' is not a UUID", "gdb", "import", target.toString(),
                gpkg.toString(), "--layer", "hydrants");
    }

    @Test
    void exportRefusesAnExistingFileUnlessOverwriteIsGiven() throws Exception {
        assertRefused("already exists; choose a new file name, or pass --overwrite", "gdb", "export", dir.toString(), gpkg.toString());
        assertEquals(0, run("gdb", "export", "--overwrite", dir.toString(), gpkg.toString(), "--dataset", "owners"), err);
        assertEquals(0, run("gdb", "import", target.toString(), gpkg.toString()), err);
        assertEquals("Imported layer owners as OWNERS: 1 row (table)\n", out.replace("\r", ""));
        assertEquals(List.of(), listParts());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("gdb", "import", target.toString()));
        assertTrue(err.contains("expected 'gdb import DIR FILE.gpkg [--layer NAME]... [--make-valid]'"), err);
        assertEquals(2, run("gdb", "import", target.toString(), gpkg.toString(), "--layer"));
        assertEquals(2, run("gdb", "import", target.toString(), gpkg.toString(), "--dataset", "x"));
        assertEquals(2, run("gdb", "export", dir.toString(), gpkg.toString(), "extra"));
        assertEquals(2, run("gdb", "export", dir.toString(), gpkg.toString(), "--layer", "x"));
        assertEquals(1, run("gdb", "import", tmp.resolve("no-gdb").toString(), gpkg.toString()));
        assertTrue(err.contains("is not a geodatabase"), err);
    }
}
