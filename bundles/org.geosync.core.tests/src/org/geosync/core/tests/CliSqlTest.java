package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.geosync.core.Change;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geosync sql} and {@code gdb info} run in-process: edits are captured, output follows the contract. */
class CliSqlTest {

    @TempDir
    Path tmp;
    Path dir;
    String out;
    String err;

    @BeforeEach
    void create() throws Exception {
        dir = tmp.resolve("gdb");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            gdb.createFeatureClass("counties", GeometryType.MULTIPOLYGON, 4269,
                    List.of(Field.of("NAME", FieldType.TEXT), Field.of("POP", FieldType.INTEGER)));
            gdb.createTable("owners", List.of(Field.of("NAME", FieldType.TEXT)));
        }
    }

    private final Cli cli = new Cli();

    private int run(String... args) {
        int code = cli.run(args);
        out = cli.out;
        err = cli.err;
        return code;
    }

    @Test
    void aRowInsertedWithSqlTakesItsGlobalIdFromGdbNewGlobalIdAndOneWithoutIsRefused() throws Exception {
        assertEquals(0, run("sql", dir.toString(), "INSERT INTO OWNERS (GLOBALID, NAME) VALUES (GDB_NEW_GLOBALID(), 'Ada'), (GDB_NEW_GLOBALID(), 'Bo')"),
                err);
        assertEquals("2", out.strip());
        assertEquals(1, run("sql", dir.toString(), "INSERT INTO OWNERS (NAME) VALUES ('Cy')"));
        assertEquals("Every row needs a GLOBALID, which names it on every replica: give GDB_NEW_GLOBALID() for a new row, as in"
                + " INSERT INTO T (GLOBALID, ...) VALUES (GDB_NEW_GLOBALID(), ...).", err.strip());
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            List<Change> changes = gdb.changesSince(0);
            assertEquals(2, changes.size(), "the refused insert changed nothing");
            assertTrue(changes.stream().allMatch(c -> c.operation() == Change.Operation.INSERT));
            assertEquals(2, changes.stream().map(c -> UUID.fromString(c.globalId()).toString()).distinct().count(), "two distinct UUIDs");
            for (Change c : changes) {
                assertTrue(gdb.row("owners", c.globalId()).isPresent());
            }
        }
    }

    @Test
    void sqlEditsAreCapturedAndQueriesPrintCsv() throws Exception {
        String gid = UUID.randomUUID().toString();
        assertEquals(0, run("sql", dir.toString(), "INSERT INTO COUNTIES (GLOBALID, NAME, POP, SHAPE) VALUES ('" + gid
                + "', 'Adams, \"Big\"', 20000, ST_GeomFromText('POLYGON ((0 0, 4 0, 4 3, 0 0))', 4269))"), err);
        assertEquals("1", out.strip());
        assertEquals(0, run("sql", dir.toString(), "UPDATE COUNTIES SET POP = POP + 1"), err);
        assertEquals(0, run("sql", dir.toString(), "SELECT NAME, POP, ST_AsText(SHAPE) AS WKT, MAXX FROM COUNTIES"), err);
        assertEquals("NAME,POP,WKT,MAXX\r\n\"Adams, \"\"Big\"\"\",20001,\"POLYGON ((0 0, 4 0, 4 3, 0 0))\",4.0\r\n", out);
        assertEquals(0, run("sql", dir.toString(), "DELETE FROM COUNTIES"), err);
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            assertEquals(List.of(Change.Operation.INSERT, Change.Operation.UPDATE, Change.Operation.DELETE),
                    gdb.changesSince(0).stream().map(Change::operation).toList());
            assertTrue(gdb.changesSince(0).stream().allMatch(c -> c.globalId().equals(gid)));
        }
    }

    @Test
    void sqlErrorsAreOneLineAndChangeNothing() throws Exception {
        assertEquals(1, run("sql", dir.toString(), "INSERT INTO COUNTIES (GLOBALID, NAME) VALUES ('x', 'a'), ('y')"));
        assertTrue(err.startsWith("SQL error: "), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(1, run("sql", dir.toString(), "INSERT INTO COUNTIES (GLOBALID, SHAPE) VALUES ('"
                + UUID.randomUUID() + "', ST_GeomFromText('POLYGON ((0 0, 1 1))', 4269))"));
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(2, run("sql", dir.toString()));
        assertEquals(1, run("sql", tmp.resolve("none").toString(), "SELECT 1 FROM SYSIBM.SYSDUMMY1"));
        assertTrue(err.contains("is not a geodatabase"), err);
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            assertEquals(0, gdb.rowCount("counties"));
            assertEquals(List.of(), gdb.changesSince(0));
        }
    }

    @Test
    void gdbInfoListsDatasetsWithRowCountsAndEpsg() throws Exception {
        assertEquals(0, run("sql", dir.toString(), "INSERT INTO OWNERS (GLOBALID, NAME) VALUES ('" + UUID.randomUUID() + "', 'Ann')"));
        assertEquals(0, run("gdb", "info", "--json", dir.toString()), err);
        assertTrue(out.contains("{\"name\":\"COUNTIES\",\"kind\":\"feature_class\",\"geometryType\":\"multipolygon\",\"epsg\":4269,\"rows\":0"), out);
        assertTrue(out.contains("{\"name\":\"OWNERS\",\"kind\":\"table\",\"geometryType\":null,\"epsg\":null,\"rows\":1"), out);
        assertEquals(0, run("gdb", "info", dir.toString()), err);
        assertTrue(out.contains("COUNTIES  feature class, multipolygon, EPSG:4269  rows=0"), out);
        assertEquals(2, run("gdb", "info", dir.toString(), "--xml"));
    }
}
