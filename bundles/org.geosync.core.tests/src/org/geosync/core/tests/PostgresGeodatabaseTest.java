package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL + PostGIS parent geodatabase on the tests' own throwaway cluster ({@link PostgresServer}): its feature classes
 * are PostGIS tables that GDAL reads, edits made with psql (as any desktop client makes them) are tracked and reach a Derby
 * child by synchronization, the child's edits come back, and bad locations and credentials are refused with a sentence.
 */
class PostgresGeodatabaseTest {

    private static PostgresServer pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresServer.get();
    }

    private static GeodatabaseLocation location(String db, String schema) throws GeodatabaseException {
        return GeodatabaseLocation.parse(pg.location(db, schema));
    }

    private static Geodatabase parent(String db) throws GeodatabaseException {
        return ReplicaFixture.fill(Geodatabase.create(location(db, null), PostgresServer.PASSWORD));
    }

    @Test
    void aFeatureClassIsAPostgisTableThatGdalReadsWithItsTypeSridAndCount() throws Exception {
        String db = pg.newDatabase("gdal");
        try (Geodatabase gdb = parent(db)) {
            assertTrue(gdb.isPostgresql());
        }
        assertEquals("POLYGON|3857|100", pg.psqlAsUser(db, "SELECT type || '|' || srid || '|' || (SELECT count(*) FROM parcels)"
                + " FROM geometry_columns WHERE f_table_name = 'parcels'").trim());
        assertTrue(pg.psqlAsUser(db, "SELECT indexdef FROM pg_indexes WHERE tablename = 'parcels'").toLowerCase().contains("using gist (shape)"),
                "SHAPE has a GiST index");
        Gdal.Result info = Gdal.run(tmp, "ogrinfo", "-ro", "-so", "PG:host=127.0.0.1 port=" + pg.port() + " dbname=" + db + " user="
                + PostgresServer.USER + " password=" + PostgresServer.PASSWORD, "parcels");
        assertTrue(info.out().contains("Geometry: Polygon"), info.out());
        assertTrue(info.out().contains("Feature Count: 100"), info.out());
        assertTrue(info.out().contains("ID[\"EPSG\",3857]"), info.out());
    }

    @Test
    void editsMadeWithPsqlAreTrackedAndReachADerbyChildAndTheChildsEditsComeBack() throws Exception {
        String db = pg.newDatabase("sync");
        Path child = tmp.resolve("child");
        try (Geodatabase parent = parent(db)) {
            Replicas.create(parent, child, ReplicaSpec.twoWay("field"), null);
        }
        // a desktop client edits the parent's tables directly: no GLOBALID given for a new row, SQL of its own
        pg.psqlAsUser(db, "UPDATE parcels SET name = 'edited in psql' WHERE globalid = '" + gid(5) + "';"
                + " DELETE FROM parcels WHERE globalid = '" + gid(7) + "';"
                + " INSERT INTO parcels (name, owner, area, shape) VALUES ('drawn in psql', 'qgis', 1.0,"
                + " ST_GeomFromText('POLYGON((5000 5000, 5100 5000, 5100 5100, 5000 5000))', 3857));"
                + " UPDATE notes SET priority = 9 WHERE globalid = '" + gid(1003) + "'");
        String drawn = pg.psqlAsUser(db, "SELECT globalid FROM parcels WHERE name = 'drawn in psql'").trim();
        assertEquals(36, drawn.length(), "a row inserted without a GLOBALID gets one: " + drawn);
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child)) {
            Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            assertEquals("edited in psql", c.row("parcels", gid(5)).orElseThrow().get("NAME"));
            assertEquals(Optional.empty(), c.row("parcels", gid(7)));
            Map<String, Object> row = c.row("parcels", drawn).orElseThrow();
            assertEquals("qgis", row.get("OWNER"));
            assertEquals("POLYGON ((5000 5000, 5100 5000, 5100 5100, 5000 5000))", row.get("SHAPE"));
            assertEquals(9, c.row("notes", gid(1003)).orElseThrow().get("PRIORITY"));
            assertEquals(100, c.rowCount("parcels"));

            c.update("parcels", gid(6), Map.of("NAME", "edited in the field"), "POLYGON ((600 0, 690 0, 690 95, 600 90, 600 0))");
            c.delete("parcels", gid(8));
            String added = c.insert("parcels", Map.of("NAME", "added in the field", "OWNER", "crew", "AREA", 2.0),
                    "POLYGON ((7000 7000, 7100 7000, 7100 7100, 7000 7000))");
            Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            assertEquals("edited in the field|POLYGON((600 0,690 0,690 95,600 90,600 0))|3857", pg.psqlAsUser(db,
                    "SELECT name || '|' || ST_AsText(shape) || '|' || ST_SRID(shape) FROM parcels WHERE globalid = '" + gid(6) + "'").trim());
            assertEquals("", pg.psqlAsUser(db, "SELECT name FROM parcels WHERE globalid = '" + gid(8) + "'").trim());
            assertEquals("crew", pg.psqlAsUser(db, "SELECT owner FROM parcels WHERE globalid = '" + added + "'").trim());
            // nothing echoes: both sides are in step
            Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            assertEquals(100, parent.rowCount("parcels"));
            assertEquals(100, c.rowCount("parcels"));
        }
    }

    @Test
    void badLocationsAndCredentialsAreRefusedWithASentenceAndChangeNothing() throws Exception {
        String db = pg.newDatabase("refuse");
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Geodatabase.create(location(db, null), "wrong password"));
        assertTrue(e.getMessage().contains("PostgreSQL refused user geosync") && e.getMessage().contains("PGPASSWORD"), e.getMessage());
        e = assertThrows(GeodatabaseException.class, () -> Geodatabase.open(location("no_such_db", null), PostgresServer.PASSWORD));
        assertTrue(e.getMessage().contains("The database no_such_db does not exist"), e.getMessage());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        e = assertThrows(GeodatabaseException.class, () -> Geodatabase.open(GeodatabaseLocation.parse("postgresql://geosync@127.0.0.1:" + closed
                + "/x"), PostgresServer.PASSWORD));
        assertTrue(e.getMessage().startsWith("Cannot reach the PostgreSQL server at 127.0.0.1:" + closed), e.getMessage());
        for (String mixed : List.of("postgres://127.0.0.1/x", "jdbc:postgresql://127.0.0.1/x", "postgresql:/tmp/x")) {
            e = assertThrows(GeodatabaseException.class, () -> GeodatabaseLocation.parse(mixed));
            assertTrue(e.getMessage().contains("mixes a directory and a URL"), e.getMessage());
        }
        e = assertThrows(GeodatabaseException.class, () -> GeodatabaseLocation.parse("postgresql://geosync:secret@127.0.0.1/x"));
        assertTrue(e.getMessage().startsWith("A PostgreSQL location never holds a password") && !e.getMessage().contains("secret"), e.getMessage());
        e = assertThrows(GeodatabaseException.class, () -> Geodatabase.open(location(db, null), PostgresServer.PASSWORD));
        assertTrue(e.getMessage().contains("is not a geodatabase") && e.getMessage().contains("geosync gdb create"), e.getMessage());
        assertEquals("", pg.psqlAsUser(db, "SELECT relname FROM pg_class WHERE relname LIKE 'gdb%'").trim(), "nothing was made");
        try (Geodatabase gdb = Geodatabase.create(location(db, "office"), PostgresServer.PASSWORD)) {
            assertFalse(gdb.datasets().iterator().hasNext());
        }
        e = assertThrows(GeodatabaseException.class, () -> Geodatabase.create(location(db, "office"), PostgresServer.PASSWORD));
        assertTrue(e.getMessage().contains("schema office already holds one"), e.getMessage());
        String bare = pg.newDatabaseWithoutPostgis("bare");
        e = assertThrows(GeodatabaseException.class, () -> Geodatabase.create(location(bare, null), PostgresServer.PASSWORD));
        assertTrue(e.getMessage().startsWith("Database " + bare + " has no PostGIS and user geosync may not add it")
                && e.getMessage().contains("CREATE EXTENSION postgis"), e.getMessage());
        assertEquals("", pg.psqlAsUser(bare, "SELECT relname FROM pg_class WHERE relname LIKE 'gdb%'").trim(), "nothing was made");
        assertEquals("postgresql://geosync@127.0.0.1:" + pg.port() + "/" + db + "?schema=office", location(db, "office").toString());
    }
}
