package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
                && json.contains("\"step\":\"two-way sync (1% conflicting, by column)\""), json);
        assertEquals("", pg.psqlAsUser(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'bench'").trim(), "the schema is dropped");
    }
}
