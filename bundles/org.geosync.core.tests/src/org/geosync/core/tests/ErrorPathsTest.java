package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives one sentence and changes nothing: no row, no change record, no dataset. */
class ErrorPathsTest {

    @TempDir
    Path tmp;
    Geodatabase gdb;

    @BeforeEach
    void create() throws Exception {
        gdb = Geodatabase.create(tmp.resolve("gdb"));
        gdb.createFeatureClass("hydrants", GeometryType.POINT, 3857, List.of(Field.of("KIND", FieldType.TEXT)));
        gdb.insert("hydrants", Map.of("KIND", "pillar"), "POINT (1 2)");
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        gdb.close();
    }

    private void assertUnchanged() throws Exception {
        assertEquals(1, gdb.rowCount("hydrants"));
        assertEquals(1, gdb.changesSince(0).size());
        assertEquals(List.of("HYDRANTS"), gdb.datasets().stream().map(Dataset::name).toList());
    }

    private String refused(org.junit.jupiter.api.function.Executable e) {
        String m = assertThrows(GeodatabaseException.class, e).getMessage();
        assertTrue(!m.contains("\n"), "one line: " + m);
        return m;
    }

    @Test
    void invalidWktThroughTheApi() throws Exception {
        String m = refused(() -> gdb.insert("hydrants", Map.of("KIND", "x"), "POINT (1 two)"));
        assertTrue(m.startsWith("Invalid WKT geometry 'POINT (1 two)'"), m);
        assertUnchanged();
    }

    @Test
    void invalidWktThroughSql() throws Exception {
        String m = refused(() -> gdb.executeSql("INSERT INTO HYDRANTS (GLOBALID, KIND, SHAPE) VALUES "
                + "('5f1c0a3e-8d49-4a8a-9d4e-0c8e3c5d1a20', 'x', ST_GeomFromText('POINT (1', 3857))", null));
        assertTrue(m.startsWith("Invalid WKT geometry 'POINT (1'"), m);
        assertUnchanged();
    }

    @Test
    void unknownEpsgCode() throws Exception {
        String m = refused(() -> gdb.createFeatureClass("mains", GeometryType.LINE, 999999, List.of()));
        assertEquals("Unknown EPSG code 999999; use a code from the EPSG registry such as 4326 (WGS 84) or 3857.", m);
        m = refused(() -> gdb.executeSql("UPDATE HYDRANTS SET SHAPE = ST_GeomFromText('POINT (5 5)', 424242)", null));
        assertTrue(m.startsWith("Unknown EPSG code 424242;"), m);
        assertEquals(List.of(List.of("POINT (1 2)")), Sql.rows(gdb, "SELECT ST_AsText(SHAPE) FROM HYDRANTS"));
        assertUnchanged();
    }

    @Test
    void badSql() throws Exception {
        String m = refused(() -> gdb.executeSql("DELETE FROM HYDRANT WHERE", null));
        assertTrue(m.startsWith("SQL error: "), m);
        m = refused(() -> gdb.executeSql("DELETE FROM NOWHERE", null));
        assertTrue(m.contains("NOWHERE"), m);
        assertUnchanged();
    }

    @Test
    void globalIdsCannotBeChangedOrMalformedThroughSql() throws Exception {
        String m = refused(() -> gdb.executeSql("UPDATE HYDRANTS SET GLOBALID = '00000000-0000-0000-0000-000000000000'", null));
        assertTrue(m.startsWith("A GLOBALID cannot be changed"), m);
        m = refused(() -> gdb.executeSql("INSERT INTO HYDRANTS (GLOBALID, KIND) VALUES ('h2', 'x')", null));
        assertTrue(m.startsWith("SQL error: "), m);
        m = refused(() -> gdb.executeSql("INSERT INTO HYDRANTS (KIND) VALUES ('no id')", null));
        assertTrue(m.contains("GLOBALID"), m);
        assertUnchanged();
    }

    @Test
    void wrongGeometryTypeUnknownFieldAndDuplicateDataset() throws Exception {
        assertTrue(refused(() -> gdb.insert("hydrants", Map.of(), "LINESTRING (0 0, 1 1)")).contains("holds point features"));
        assertTrue(refused(() -> gdb.insert("hydrants", Map.of("COLOUR", "red"), "POINT (0 0)")).contains("has no field COLOUR"));
        assertTrue(refused(() -> gdb.createTable("Hydrants", List.of())).contains("already exists"));
        assertTrue(refused(() -> gdb.createTable("gdb_x", List.of())).contains("reserved"));
        assertTrue(refused(() -> gdb.createTable("bad name", List.of())).contains("Invalid dataset name"));
        assertTrue(refused(() -> gdb.createTable("t", List.of(Field.of("GLOBALID", FieldType.TEXT)))).contains("system column"));
        assertTrue(refused(() -> gdb.update("hydrants", "not-a-uuid", Map.of("KIND", "x"), null)).contains("is not a GlobalID"));
        assertUnchanged();
    }

    @Test
    void tablesAndAllGeometryTypes() throws Exception {
        gdb.createTable("inspections", List.of(Field.of("NOTE", FieldType.TEXT), Field.of("ON_DAY", FieldType.DATE),
                Field.of("SCORE", FieldType.INTEGER)));
        String gid = gdb.insert("inspections", Map.of("NOTE", "ok", "ON_DAY", java.sql.Date.valueOf("2026-11-23"), "SCORE", 3), null);
        assertEquals("2026-11-23", String.valueOf(gdb.row("inspections", gid).orElseThrow().get("ON_DAY")));
        String[][] samples = { { "MULTIPOINT", "MULTIPOINT ((0 0), (1 1))" }, { "LINE", "LINESTRING (0 0, 1 1)" },
            { "MULTILINE", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))" },
            { "MULTIPOLYGON", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))" } };
        for (String[] s : samples) {
            gdb.createFeatureClass("fc_" + s[0], GeometryType.valueOf(s[0]), 4326, List.of());
            String g = gdb.insert("fc_" + s[0], Map.of(), s[1]);
            assertEquals(s[1], gdb.row("fc_" + s[0], g).orElseThrow().get("SHAPE"));
        }
        assertEquals(GeometryType.MULTILINE, gdb.dataset("FC_MULTILINE").geometryType());
        assertEquals(4326, gdb.dataset("fc_multiline").epsg());
    }
}
