package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.geosync.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a PostgreSQL parent, as a script uses it: the password comes from a ~/.pgpass-style file (which the
 * PostgreSQL driver reads; here named by its system property, as PGPASSFILE names it for a user), never from the command
 * line; the sample city goes into PostGIS, a Derby replica is made from it, an edit made with psql reaches the replica by
 * 'geosync sync', and a server that cannot be reached is one stderr line and a non-zero exit.
 */
class CliPostgresTest {

    private static PostgresServer pg;
    private static String previousPassFile;

    @TempDir
    static Path home;

    @BeforeAll
    static void passwordFile() throws Exception {
        pg = PostgresServer.get();
        Path pass = home.resolve("pgpass");
        Files.writeString(pass, "127.0.0.1:" + pg.port() + ":*:" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        previousPassFile = System.setProperty("org.postgresql.pgpassfile", pass.toString());
    }

    @AfterAll
    static void restore() {
        if (previousPassFile == null) {
            System.clearProperty("org.postgresql.pgpassfile");
        } else {
            System.setProperty("org.postgresql.pgpassfile", previousPassFile);
        }
    }

    @Test
    void aScriptCreatesAPostgisParentReplicatesItToDerbyAndSynchronizesAPsqlEdit() throws Exception {
        String db = pg.newDatabase("cli");
        String loc = pg.location(db, "city");
        Path child = home.resolve("field");
        Cli cli = new Cli();
        assertEquals(0, cli.run("gdb", "create", loc, "--sample"), cli.err);
        assertTrue(cli.out.contains("Created geodatabase " + loc), cli.out);
        assertEquals(0, cli.run("gdb", "info", loc, "--json"), cli.err);
        assertTrue(cli.out.contains("\"engine\":\"postgresql\"") && cli.out.contains("\"location\":\"" + loc + "\""), cli.out);
        assertTrue(cli.out.contains("\"directory\":null"), cli.out);
        assertEquals(0, cli.run("replica", "create", loc, child.toString(), "--name", "field", "--type", "two-way"), cli.err);
        String owned = pg.psqlAsUser(db, "SELECT parcel_globalid FROM city.parcel_owners ORDER BY objectid LIMIT 1").trim();
        String parcel = pg.psqlAsUser(db, "SELECT globalid FROM city.parcels WHERE globalid <> '" + owned + "' ORDER BY objectid LIMIT 1").trim();
        assertEquals(0, cli.run("sql", child.toString(), "SELECT COUNT(*) FROM PARCEL_OWNERS WHERE PARCEL_GLOBALID = '" + owned + "'"), cli.err);
        assertTrue(!cli.out.contains("\n0"), "the child has the relationships first: " + cli.out);
        pg.psqlAsUser(db, "UPDATE city.parcels SET address = 'changed in psql' WHERE globalid = '" + parcel + "'; DELETE FROM city.parcels"
                + " WHERE globalid = '" + owned + "'");
        // the parent keeps its relationships itself: a deleted parcel's relationship rows go with it
        assertEquals("0", pg.psqlAsUser(db, "SELECT count(*) FROM city.parcel_owners WHERE parcel_globalid = '" + owned + "'").trim());
        assertEquals(0, cli.run("sync", loc, child.toString(), "--replica", "field"), cli.err);
        assertEquals(0, cli.run("sql", child.toString(), "SELECT ADDRESS FROM PARCELS WHERE GLOBALID = '" + parcel + "'"), cli.err);
        assertTrue(cli.out.contains("changed in psql"), cli.out);
        assertEquals(0, cli.run("sql", child.toString(), "SELECT COUNT(*) AS N FROM PARCEL_OWNERS WHERE PARCEL_GLOBALID = '" + owned + "'"),
                cli.err);
        assertTrue(cli.out.strip().endsWith("0"), "the child lost the deleted parcel's relationships too: " + cli.out);
    }

    @Test
    void anUnreachableServerIsOneStderrLineAndANonZeroExit() throws Exception {
        Cli cli = new Cli();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = cli.run("gdb", "info", "postgresql://geosync@127.0.0.1:" + port + "/nowhere");
        assertNotEquals(0, code);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.contains("Cannot reach the PostgreSQL server at 127.0.0.1:" + port), cli.err);
        code = cli.run("gdb", "info", "postgresql://geosync:secret@127.0.0.1/x");
        assertNotEquals(0, code);
        assertTrue(cli.err.contains("never holds a password") && !cli.err.contains("secret"), cli.err);
    }

    @Test
    void theBenchmarkRunsWithAPostgresqlParentAndLeavesNothingBehind() throws Exception {
        String db = pg.newDatabase("bench");
        Cli cli = new Cli();
        assertEquals(0, cli.run("bench", "--features", "1000", "--edits", "100", "--json", "--dir", home.toString(), "--parent",
                pg.location(db, "bench")), cli.err);
        String json = cli.out.lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(json.contains("\"engine\":\"postgresql\"") && json.contains("\"step\":\"checkout replica (area, ~10%)\"")
                && json.contains("\"step\":\"two-way sync (1% conflicting, by column)\"")
                && json.contains("\"step\":\"sync while 4 connections edit\""), json);
        assertEquals("", pg.psqlAsUser(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'bench'").trim(), "the schema is dropped");
    }

    /**
     * The SQL console on PostgreSQL is for data as on Derby, and a query cannot change anything through the functions it calls:
     * PostGIS's ST_ functions and SQL's own run, an edit is tracked; setval on GeoSync's change sequence, the generation lock,
     * pg_sleep, SELECT ... INTO, DO blocks and GDB_ writes are refused with exit 1 and one sentence, nothing changed.
     */
    @Test
    void theSqlConsoleOnPostgresqlCallsOnlyFunctionsThatChangeNothing() throws Exception {
        String db = pg.newDatabase("console");
        String loc = pg.location(db, "city");
        Cli cli = new Cli();
        assertEquals(0, cli.run("gdb", "create", loc, "--sample"), cli.err);
        assertEquals(0, cli.run("sql", loc, "SELECT upper(address) AS a, ST_AsText(ST_Centroid(shape)) AS c FROM parcels WHERE objectid = 1"),
                cli.err);
        assertTrue(cli.out.contains("POINT"), cli.out);
        String changes = pg.psqlAsUser(db, "SELECT count(*) || '/' || coalesce(max(change_id), 0) FROM city.gdb_changes").trim();
        String tables = pg.psqlAsUser(db, "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = 'city' AND c.relkind = 'r'").trim();
        for (String[] refused : new String[][] {
                { "SELECT setval('gdb_change_seq', 1)", "does not call the function setval on" },
                { "SELECT pg_advisory_lock(1196640067, 1)", "does not call the function pg_advisory_lock on" },
                { "SELECT pg_catalog.pg_sleep(30)", "does not call the function pg_sleep on" },
                { "SELECT * FROM parcels WHERE objectid = \"query_to_xml\"('DELETE FROM parcels', true, true, '') IS NULL",
                        "does not call the function query_to_xml on" },
                { "SELECT * INTO copied FROM parcels", "SELECT ... INTO creates a table" },
                { "DO $$ BEGIN DELETE FROM gdb_changes; END $$", "dollar-quoted string" },
                { "UPDATE parcels SET address = E'\\' WHERE objectid = 2", "prefix" },
                { "DELETE FROM gdb_changes", "one of GeoSync's own tables" },
                { "CALL public.anything()", "calls no procedures on PostgreSQL" } }) {
            int code = cli.run("sql", loc, refused[0]);
            assertEquals(1, code, refused[0] + ": " + cli.out + cli.err);
            assertEquals(1, cli.err.strip().lines().count(), cli.err);
            assertTrue(cli.err.contains(refused[1]), refused[0] + ": " + cli.err);
        }
        assertEquals(changes, pg.psqlAsUser(db, "SELECT count(*) || '/' || coalesce(max(change_id), 0) FROM city.gdb_changes").trim(),
                "nothing was logged");
        assertEquals(tables, pg.psqlAsUser(db, "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = 'city' AND c.relkind = 'r'").trim(), "no table was made");
        assertEquals(0, cli.run("sql", loc, "UPDATE parcels SET address = lower(address) || ' (checked)' WHERE objectid = 3"), cli.err);
        assertEquals("1", pg.psqlAsUser(db, "SELECT count(*) FROM city.gdb_changes c JOIN city.parcels p ON p.globalid = c.globalid"
                + " WHERE p.objectid = 3 AND c.change_id > " + changes.substring(changes.indexOf('/') + 1)).trim(), "the edit is tracked");
    }
}
