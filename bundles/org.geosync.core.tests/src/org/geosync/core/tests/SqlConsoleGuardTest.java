package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.geosync.core.Geodatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code geosync sql} is for data: statements that would reach GeoSync's machinery (its GDB_ tables, the
 * tracking triggers, code stored in the geodatabase, the schema of datasets, Derby's system routines) are
 * refused with exit 1 and a sentence saying what to do instead, also when hidden behind comments or quoted
 * names; a geometry written by SQL must fit its feature class (type, CRS, validity). The geodatabase is the
 * same before and after each refusal: rows, change log, generation, triggers, tables.
 */
class SqlConsoleGuardTest {

    @TempDir
    static Path tmp;
    static String dir;
    static String trigger;
    static final Cli cli = new Cli();

    @BeforeAll
    static void create() throws Exception {
        Path p = tmp.resolve("parent");
        try (Geodatabase g = ReplicaFixture.parent(p)) {
            trigger = Sql.rows(g, "SELECT T.TRIGGERNAME FROM SYS.SYSTRIGGERS T JOIN SYS.SYSTABLES B ON B.TABLEID = T.TABLEID"
                    + " WHERE B.TABLENAME = 'PARCELS' ORDER BY 1").get(0).get(0);
        }
        dir = p.toString();
    }

    @AfterAll
    static void done() {
        // the @TempDir goes with the class
    }

    private static String state() throws Exception {
        try (Geodatabase g = Geodatabase.open(Path.of(dir))) {
            return "" + ReplicaFixture.rows(g, "PARCELS") + ReplicaFixture.rows(g, "NOTES")
                    + Sql.rows(g, "SELECT COUNT(*) FROM GDB_CHANGES") + " generation " + g.generation()
                    + Sql.rows(g, "SELECT TRIGGERNAME FROM SYS.SYSTRIGGERS ORDER BY 1")
                    + Sql.rows(g, "SELECT TABLENAME FROM SYS.SYSTABLES WHERE TABLETYPE = 'T' ORDER BY 1")
                    + Sql.rows(g, "SELECT ALIAS FROM SYS.SYSALIASES WHERE SYSTEMALIAS = FALSE ORDER BY 1");
        }
    }

    private static void refused(String statement, String... expected) throws Exception {
        String before = state();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.run("sql", dir, statement), statement);
        String shown = statement.length() > 120 ? statement.substring(0, 120) + "..." : statement;
        assertEquals(1, code, shown + " -> " + cli.out + cli.err);
        assertEquals(1, cli.err.strip().lines().count(), shown + " -> " + cli.err);
        assertFalse(cli.err.contains("Exception") || cli.err.contains("Error") || cli.err.contains("\tat "), shown + " -> " + cli.err);
        for (String e : expected) {
            assertTrue(cli.err.contains(e), "'" + e + "' for " + shown + " -> " + cli.err);
        }
        assertEquals(before, state(), shown + " changed the geodatabase");
    }

    @Test
    void statementsOnGeoSyncsMachineryAreRefused() throws Exception {
        refused("DROP TRIGGER " + trigger, "does not create or drop triggers");
        refused("DELETE FROM GDB_CHANGES", "GDB_CHANGES is one of GeoSync's own tables", "replica, sync, message and conflicts");
        refused("UPDATE GDB_GENERATION SET GENERATION = -5", "GDB_GENERATION is one of GeoSync's own tables");
        refused("INSERT INTO GDB_REPLICAS (NAME) VALUES ('x')", "GDB_REPLICAS is one of GeoSync's own tables");
        refused("DROP TABLE PARCELS", "Schema changes (DROP TABLE) are not supported through geosync sql");
        refused("DROP TABLE GDB_REPLICAS", "Schema changes (DROP TABLE) are not supported");
        refused("ALTER TABLE PARCELS DROP COLUMN OWNER", "Schema changes (ALTER TABLE)");
        refused("CREATE TABLE SIDE (A INT)", "Schema changes (CREATE TABLE)");
        refused("TRUNCATE TABLE NOTES", "use DELETE FROM");
        refused("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.connection.requireAuthentication', 'true')",
                "SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY is a Derby system routine that geosync sql does not run");
        refused("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.user.admin', 'secret')", "does not run");
        refused("CALL SYSCS_UTIL.SYSCS_FREEZE_DATABASE()", "SYSCS_UTIL.SYSCS_FREEZE_DATABASE is a Derby system routine");
        refused("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE('/tmp/x')", "does not run");
        refused("VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY('derby.authentication.provider')", "does not run");
        refused("CREATE PROCEDURE QUIT(IN CODE INT) LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL EXTERNAL NAME 'java.lang.System.exit'",
                "does not create or drop triggers, procedures, functions");
        refused("CREATE TRIGGER QUIT AFTER INSERT ON NOTES FOR EACH ROW CALL QUIT(0)", "does not create or drop triggers");
        refused("CALL QUIT(0)", "calls no procedures other than Derby's table maintenance");
        refused("SET SCHEMA SYS", "SET statements are not run through geosync sql");
        refused("LOCK TABLE PARCELS IN EXCLUSIVE MODE", "LOCK statements are not run");
    }

    @Test
    void machineryHiddenBehindCommentsQuotesOrASecondStatementIsRefused() throws Exception {
        refused("/* only a comment */ DROP TRIGGER " + trigger, "does not create or drop triggers");
        refused("-- a comment\nDROP TABLE PARCELS", "Schema changes (DROP TABLE)");
        refused("DELETE FROM \"GDB_CHANGES\"", "GDB_CHANGES is one of GeoSync's own tables");
        refused("DELETE FROM APP . GDB_CHANGES WHERE 1 = 1", "GDB_CHANGES is one of GeoSync's own tables");
        refused("delete from gdb_changes", "one of GeoSync's own tables");
        refused("SELECT COUNT(*) FROM PARCELS; DROP TRIGGER " + trigger, "one statement at a time");
        refused("SELECT 1 FROM PARCELS /* /* */ DROP TRIGGER X */", "cannot read this statement with certainty");
        refused("SELECT 1 FROM PARCELS -- \u2028DROP TABLE PARCELS", "cannot read this statement with certainty", "\\u2028");
        refused("SELECT 'unterminated FROM PARCELS", "cannot read this statement with certainty");
        refused("CALL \"SYSCS_UTIL\".\"SYSCS_FREEZE_DATABASE\"()", "SYSCS_UTIL.SYSCS_FREEZE_DATABASE is a Derby system routine");
        refused("UPDATE NOTES SET TEXT = 'DROP TRIGGER x; DELETE FROM GDB_CHANGES' WHERE 1 = 0 OR GDB_X = 1", "GDB_X is one of");
    }

    @Test
    void dataStatementsStillRunAndAreTracked() throws Exception {
        assertEquals(0, cli.run("sql", dir, "SELECT COUNT(*) AS N FROM GDB_CHANGES"), cli.err);
        assertEquals(0, cli.run("sql", dir, "INSERT INTO NOTES (GLOBALID, TEXT, PRIORITY) VALUES (GDB_NEW_GLOBALID(), 'a ''DROP TRIGGER'' note', 1)"),
                cli.err);
        assertEquals("1", cli.out.strip());
        assertEquals(0, cli.run("sql", dir, "UPDATE PARCELS SET SHAPE = ST_GeomFromText('POLYGON ((0 0, 90 0, 90 90, 0 0))', 3857)"
                + " WHERE NAME = 'P0'"), cli.err);
        assertEquals(0, cli.run("sql", dir, "CALL SYSCS_UTIL.SYSCS_COMPRESS_TABLE('APP', 'NOTES', 1)"), cli.err);
        try (Geodatabase g = Geodatabase.open(Path.of(dir))) {
            assertEquals(2, g.changesSince(0).size(), "the insert and the update are tracked");
        }
    }

    @Test
    void aGeometryMustFitItsFeatureClass() throws Exception {
        String insert = "INSERT INTO PARCELS (GLOBALID, NAME, SHAPE) VALUES (GDB_NEW_GLOBALID(), 'x', ST_GeomFromText('%s', %d))";
        refused(insert.formatted("POLYGON ((7.1 50.1, 7.2 50.1, 7.2 50.2, 7.1 50.1))", 4326), "given in EPSG:4326", "PARCELS is in EPSG:3857");
        refused(insert.formatted("POINT (1 2)", 3857), "it is a Point, but the class holds polygon features");
        refused(insert.formatted("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))", 3857), "it is not a valid Polygon: Self-intersection");
        refused(insert.formatted("POLYGON ((0 0, NaN 10, 10 0, 0 0))", 3857), "not a finite number");
        refused("UPDATE PARCELS SET SHAPE = ST_GeomFromText('POINT (1 2)', 3857) WHERE NAME = 'P1'", "it is a Point");
        // a Derby string constant holds at most 32,672 characters: 1,500 levels, with a comment hiding 100 ')'
        refused(insert.formatted("#" + ")".repeat(100) + "\n" + "GEOMETRYCOLLECTION (".repeat(1_500) + "POINT (0 0)"
                + ")".repeat(1_500), 3857), "Invalid WKT geometry", "'#' is not part of WKT");
        refused(insert.formatted("GEOMETRYCOLLECTION (".repeat(30) + "POLYGON ((0 0, 1 0, 1 1, 0 0))" + ")".repeat(30), 3857),
                "it is a GeometryCollection, but the class holds polygon features");
    }
}
