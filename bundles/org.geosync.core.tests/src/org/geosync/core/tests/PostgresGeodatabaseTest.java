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
import org.geosync.testing.PostgresServer;
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

    /**
     * Four connections edit the parent in a loop, each in transactions of several statements that straddle the synchronizations
     * and message exports running meanwhile (and now and then roll back); then every committed edit must be on the child, and
     * no rolled-back one. Commit order is not change order: without the generation cut's lock an export closes a generation
     * while a transaction that logged changes in it is still open, and those changes are never sent.
     */
    @Test
    void everyEditCommittedWhileSynchronizationsAndExportsRunReachesTheChild() throws Exception {
        String db = pg.newDatabase("busy");
        Path child = tmp.resolve("child");
        try (Geodatabase parent = parent(db)) {
            Replicas.create(parent, child, ReplicaSpec.twoWay("field"), null);
        }
        int editors = 4;
        java.util.concurrent.ConcurrentHashMap<String, String> committed = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> rolledBack = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        long seed = System.nanoTime();
        System.out.println("PostgresGeodatabaseTest: editors' seed " + seed);
        for (int t = 0; t < editors; t++) {
            int editor = t;
            java.util.Random random = new java.util.Random(seed + t);
            Thread thread = new Thread(() -> {
                java.util.Properties p = new java.util.Properties();
                p.setProperty("user", PostgresServer.USER);
                p.setProperty("password", PostgresServer.PASSWORD);
                try (java.sql.Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + db, p)) {
                    c.setAutoCommit(false);
                    for (int k = 0; !stop.get() || k < 3; k++) {
                        java.util.Map<String, String> mine = new java.util.HashMap<>();
                        for (int n = 1 + random.nextInt(3); n > 0; n--) {
                            int parcel = editor + editors * random.nextInt(25); // each editor its own parcels
                            String value = "e" + editor + "-" + k + "-" + n;
                            try (java.sql.PreparedStatement u = c.prepareStatement("UPDATE parcels SET owner = ? WHERE globalid = ?")) {
                                u.setString(1, value);
                                u.setString(2, gid(parcel));
                                u.executeUpdate();
                            }
                            mine.put(gid(parcel), value);
                            Thread.sleep(random.nextInt(4)); // the transaction stays open across a generation switch
                        }
                        if (random.nextInt(8) == 0) {
                            c.rollback();
                            rolledBack.addAll(mine.values());
                        } else {
                            c.commit();
                            committed.putAll(mine);
                        }
                        transactions.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "editor " + t);
            threads.add(thread);
            thread.start();
        }
        int exports = 0;
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child)) {
            for (int round = 0; round < 12; round++) {
                if (round % 3 == 2) {
                    Path message = tmp.resolve("parent-" + round + ".zip");
                    org.geosync.core.Messages.exportChanges(parent, "field", message, org.geosync.core.Messages.ExportOptions.defaults(), null);
                    org.geosync.core.Messages.importMessage(c, message, org.geosync.core.Messages.ImportOptions.defaults(), null);
                    exports++;
                } else {
                    Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
                }
            }
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(60_000);
            }
            assertTrue(failures.isEmpty(), () -> "an editor failed: " + failures.peek());
            Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            assertTrue(transactions.get() > 20, "the editors made " + transactions.get() + " transactions");
            for (java.util.Map.Entry<String, String> e : committed.entrySet()) {
                assertEquals(e.getValue(), c.row("parcels", e.getKey()).orElseThrow().get("OWNER"), "the last committed edit of " + e.getKey());
            }
            for (int i = 0; i < 100; i++) {
                Object owner = c.row("parcels", gid(i)).orElseThrow().get("OWNER");
                assertFalse(rolledBack.contains(owner) && !committed.containsValue(owner), "a rolled-back edit reached the child: " + owner);
            }
        }
        System.out.println("PostgresGeodatabaseTest: " + transactions.get() + " editing transactions (" + rolledBack.size()
                + " rolled-back edits) during 12 exchanges (" + exports + " by message)");
    }

    /** A connection of an editor (psql, QGIS) to {@code db} that waits at most 5 s for any lock. */
    private static java.sql.Connection editor(String db) throws java.sql.SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", PostgresServer.USER);
        p.setProperty("password", PostgresServer.PASSWORD);
        java.sql.Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + db, p);
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '5s'");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static void setOwner(java.sql.Connection c, int parcel, String owner) throws java.sql.SQLException {
        try (java.sql.PreparedStatement u = c.prepareStatement("UPDATE parcels SET owner = ? WHERE globalid = ?")) {
            u.setString(1, owner);
            u.setString(2, gid(parcel));
            assertEquals(1, u.executeUpdate());
        }
        c.commit();
    }

    /**
     * An editor of the parent is not held while a synchronization collects and applies (the synchronization works in a
     * snapshot taken at the generation cut): an edit committed in the middle of it goes through at once, is not part of what
     * that synchronization sends, and reaches the child with the next.
     */
    @Test
    void anEditorCommitsInTheMiddleOfASynchronizationAndTheEditArrivesWithTheNext() throws Exception {
        Path child = tmp.resolve("child");
        String db = parentWithReplica("during", child);
        java.util.List<String> seen = new java.util.ArrayList<>();
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child);
                java.sql.Connection editor = editor(db)) {
            c.update("parcels", gid(3), java.util.Map.of("OWNER", "from the field"), null);
            org.geosync.core.internal.sync.ConnectedSync.during = phase -> {
                try {
                    setOwner(editor, 7, "during " + phase);
                    seen.add(phase.name());
                } catch (java.sql.SQLException e) {
                    throw new AssertionError("the editor was held by the synchronization: " + e.getMessage(), e);
                }
            };
            org.geosync.model.SyncJob job;
            try {
                job = Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            } finally {
                org.geosync.core.internal.sync.ConnectedSync.during = null;
            }
            assertEquals(List.of("COLLECTING", "APPLYING"), seen, "the editor committed at both points of one attempt");
            assertEquals(0, job.getConflicts());
            assertEquals("from the field", parent.row("parcels", gid(3)).orElseThrow().get("OWNER"), "the child's edit arrived");
            assertFalse(String.valueOf(c.row("parcels", gid(7)).orElseThrow().get("OWNER")).startsWith("during"),
                    "an edit committed after the cut is not part of this synchronization");
            Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            assertEquals("during APPLYING", c.row("parcels", gid(7)).orElseThrow().get("OWNER"), "the editor's last edit arrived with the next");
            assertEquals("from the field", c.row("parcels", gid(3)).orElseThrow().get("OWNER"));
        }
    }

    /**
     * A geodatabase whose tracking triggers an earlier GeoSync version installed (before snapshot transactions, they read the
     * generation from the table whoever writes; before the image was kept with ON CONFLICT, they probed for it) gets this
     * version's when it is opened: the dataset is tracked, and an edit made with psql is captured, with its before-image.
     */
    @Test
    void trackingTriggersOfAnEarlierVersionAreReplacedOnOpen() throws Exception {
        String db = pg.newDatabase("earlier");
        try (Geodatabase parent = parent(db)) {
            assertEquals(2, versions(parent).size());
        }
        for (int version = 0; version < 2; version++) {
            int v = version;
            try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD)) {
                parent.inTransaction(g -> {
                    org.geosync.core.Dataset d = g.dataset("PARCELS");
                    for (java.util.Map.Entry<String, String> t : versions(g).get(v).entrySet()) {
                        g.dialect().createTrigger(g.connection(), t.getKey(), d.name(), t.getValue());
                    }
                    return null;
                });
                assertFalse(parent.lostTracking("PARCELS").isEmpty(), "the triggers of earlier version " + v + " are not this version's");
            }
            try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD)) {
                assertEquals(List.of(), parent.lostTracking("PARCELS"), "opening replaced those of earlier version " + v);
                long before = parent.changesSince(0).size();
                String images = "SELECT count(*) FROM gdb_a_parcels WHERE globalid = '" + gid(4 + v) + "'";
                assertEquals("0", pg.psqlAsUser(db, images).trim());
                pg.psqlAsUser(db, "UPDATE parcels SET owner = 'psql' WHERE globalid = '" + gid(4 + v) + "';"
                        + " UPDATE parcels SET owner = 'psql again' WHERE globalid = '" + gid(4 + v) + "'");
                assertEquals(before + 2, parent.changesSince(0).size(), "the psql edits are captured");
                assertEquals("1", pg.psqlAsUser(db, images).trim(), "the row's first image of the generation is kept, once");
            }
        }
    }

    private static List<java.util.Map<String, String>> versions(Geodatabase g) throws GeodatabaseException {
        org.geosync.core.Dataset d = g.dataset("PARCELS");
        return g.dialect().earlierTrackingTriggers(d, d.name(), org.geosync.core.internal.storage.Catalog.ancestorTable(d.name()),
                org.geosync.core.internal.storage.Catalog.replicatedColumns(d));
    }

    /**
     * An editor of the parent goes on editing while a replica is created from it (an edit at each step the creation reports,
     * each of another row): every edit reaches the child, by the copy or by the first synchronization. The creation reads the
     * parent in a snapshot taken with the generation it records, so an edit committed after a row was copied is not counted as
     * held by the child.
     */
    @Test
    void editsCommittedWhileAReplicaIsCreatedReachTheChild() throws Exception {
        String db = pg.newDatabase("creating");
        Path child = tmp.resolve("child");
        java.util.Map<String, String> edited = new java.util.LinkedHashMap<>();
        try (Geodatabase parent = parent(db); java.sql.Connection editor = editor(db)) {
            org.eclipse.core.runtime.IProgressMonitor monitor = new org.eclipse.core.runtime.NullProgressMonitor() {
                private void edit() {
                    if (edited.size() < 40) {
                        String value = "while creating " + edited.size();
                        try {
                            setOwner(editor, 50 + edited.size(), value);
                        } catch (java.sql.SQLException e) {
                            throw new AssertionError("the editor was held by the creation: " + e.getMessage(), e);
                        }
                        edited.put(gid(50 + edited.size()), value);
                    }
                }

                @Override
                public void worked(int work) {
                    edit();
                }

                @Override
                public void internalWorked(double work) {
                    edit();
                }
            };
            Replicas.create(parent, child, ReplicaSpec.twoWay("field"), monitor);
            assertTrue(edited.size() >= 3, "the creation reported " + edited.size() + " steps");
            try (Geodatabase c = Geodatabase.open(child)) {
                Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
                for (java.util.Map.Entry<String, String> e : edited.entrySet()) {
                    assertEquals(e.getValue(), c.row("parcels", e.getKey()).orElseThrow().get("OWNER"), "the edit of " + e.getKey());
                }
            }
        }
    }

    /**
     * Synchronizes {@code parent} and child {@code c} (the child has set OWNER of parcel 9) by {@code winner} while {@code editor}
     * sets OWNER of parcel 9 on the parent ("from the office N") in the middle of each of the first {@code racing} attempts,
     * after everything is collected and before anything is applied; the values it wrote go to {@code edits}, the attempts run
     * again are counted in {@code retries}.
     */
    private static org.geosync.model.SyncJob synchronizeWhileAnEditorRaces(Geodatabase parent, Geodatabase c, java.sql.Connection editor,
            int racing, SyncOptions.Winner winner, List<String> edits, java.util.concurrent.atomic.AtomicInteger retries) throws Exception {
        c.update("parcels", gid(9), java.util.Map.of("OWNER", "from the field"), null);
        org.geosync.core.internal.sync.ConnectedSync.during = phase -> {
            if (phase == org.geosync.core.internal.sync.ConnectedSync.Phase.APPLYING && retries.get() < racing) {
                String value = "from the office " + retries.get();
                try {
                    setOwner(editor, 9, value);
                } catch (java.sql.SQLException e) {
                    throw new AssertionError("the editor was held by the synchronization: " + e.getMessage(), e);
                }
                edits.add(value);
            }
        };
        org.geosync.core.internal.sync.Snapshots.onRetry = retries::incrementAndGet;
        try {
            return Replicas.synchronize(parent, c, "field", SyncOptions.defaults().withPolicy(winner), null);
        } finally {
            org.geosync.core.internal.sync.ConnectedSync.during = null;
            org.geosync.core.internal.sync.Snapshots.onRetry = null;
        }
    }

    /** A PostgreSQL parent in a new database with a two-way replica "field" in {@code child}. */
    private static String parentWithReplica(String name, Path child) throws Exception {
        String db = pg.newDatabase(name);
        try (Geodatabase parent = parent(db)) {
            Replicas.create(parent, child, ReplicaSpec.twoWay("field"), null);
        }
        return db;
    }

    /**
     * An editor of the parent changes, in the middle of a synchronization, the very row the child's edit is about to be written
     * to: the synchronization cannot write over an edit it has not seen, so it runs again, and then the two edits meet as a
     * conflict settled by the policy (the parent's edit wins here) and counted in the synchronization's record: no edit is lost
     * silently.
     */
    @Test
    void anEditorsEditOfARowTheSynchronizationWritesMakesItRunAgainAndMeetTheEditAsAConflict() throws Exception {
        Path child = tmp.resolve("child");
        String db = parentWithReplica("race", child);
        java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
        List<String> edits = new java.util.ArrayList<>();
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child);
                java.sql.Connection editor = editor(db)) {
            org.geosync.model.SyncJob job = synchronizeWhileAnEditorRaces(parent, c, editor, 1, SyncOptions.Winner.FIRST, edits, retries);
            assertEquals(1, retries.get(), "the synchronization ran again once");
            assertEquals(List.of("from the office 0"), edits);
            assertEquals(1, job.getConflicts(), "the two edits met as a conflict");
            assertEquals("from the office 0", parent.row("parcels", gid(9)).orElseThrow().get("OWNER"));
            assertEquals("from the office 0", c.row("parcels", gid(9)).orElseThrow().get("OWNER"), "the parent's edit won on both sides");
            List<org.geosync.model.SyncJob> history = Replicas.get(parent, "field").getSyncJobs();
            assertEquals(1, history.get(history.size() - 1).getConflicts(), "the conflict is in the replica's history");
        }
    }

    /**
     * An editor who changes the row being written in every snapshot attempt cannot keep a synchronization from ending: after
     * three attempts it runs holding the editors, and the edits meet by the rules (the child's edit wins here, so the parent
     * writes the row in every attempt; the parent's edit loses as a counted conflict).
     */
    @Test
    void aSynchronizationThatMeetsAnEditorEveryTimeEndsHoldingTheEditors() throws Exception {
        Path child = tmp.resolve("child");
        String db = parentWithReplica("racing", child);
        java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
        List<String> edits = new java.util.ArrayList<>();
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child);
                java.sql.Connection editor = editor(db)) {
            org.geosync.model.SyncJob job = synchronizeWhileAnEditorRaces(parent, c, editor, 3, SyncOptions.Winner.SECOND, edits, retries);
            assertEquals(3, retries.get(), "three attempts met the editor, the fourth held the editors");
            assertEquals(List.of("from the office 0", "from the office 1", "from the office 2"), edits);
            assertEquals(1, job.getConflicts(), "the parent's last edit met the child's as a conflict");
            assertEquals("from the field", parent.row("parcels", gid(9)).orElseThrow().get("OWNER"), "the child's edit won on both sides");
            assertEquals("from the field", c.row("parcels", gid(9)).orElseThrow().get("OWNER"));
        }
    }

    /**
     * A real GeoPackage (the North Carolina counties, NAD27) loads into PostGIS by COPY, GDAL reads the table with its type,
     * SRID and count, and a county appended to it with 'ogr2ogr -update -append' (GDAL writing the table as any desktop GIS
     * does) reaches a Derby replica by synchronization.
     */
    @Test
    void aGeoPackageLoadsIntoPostgisAndACountyAppendedByOgr2ogrReachesTheReplica() throws Exception {
        RealDataTest.findData();
        String db = pg.newDatabase("gpkg");
        Path child = tmp.resolve("child");
        String gdal = "PG:host=127.0.0.1 port=" + pg.port() + " dbname=" + db + " user=" + PostgresServer.USER + " password="
                + PostgresServer.PASSWORD;
        String table;
        try (Geodatabase gdb = Geodatabase.create(location(db, null), PostgresServer.PASSWORD)) {
            List<org.geosync.core.GeoPackages.Layer> layers = org.geosync.core.GeoPackages.importLayers(gdb, RealDataTest.sf("nc.gpkg"),
                    List.of(), new org.eclipse.core.runtime.NullProgressMonitor());
            assertEquals(100, layers.get(0).rows());
            table = layers.get(0).dataset().name().toLowerCase();
            Replicas.create(gdb, child, ReplicaSpec.twoWay("field"), null);
        }
        Gdal.Result info = Gdal.run(tmp, "ogrinfo", "-ro", "-so", gdal, table);
        assertTrue(info.out().contains("Geometry: Multi Polygon") && info.out().contains("Feature Count: 100")
                && info.out().contains("ID[\"EPSG\",4267]"), info.out());
        Path county = tmp.resolve("county.geojson");
        java.nio.file.Files.writeString(county, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"name\":\"Drawn County\",\"fips\":\"99999\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":"
                + "[[[[-80.0,35.0],[-79.9,35.0],[-79.9,35.1],[-80.0,35.0]]]]}}]}");
        Gdal.run(tmp, "ogr2ogr", "-update", "-append", "-a_srs", "EPSG:4267", "-nln", table, gdal, county.toString());
        assertEquals("101", pg.psqlAsUser(db, "SELECT count(*) FROM " + table).trim());
        String drawn = pg.psqlAsUser(db, "SELECT globalid FROM " + table + " WHERE name = 'Drawn County'").trim();
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child)) {
            Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            assertEquals(101, c.rowCount(table));
            Map<String, Object> row = c.row(table, drawn).orElseThrow();
            assertEquals("99999", row.get("FIPS"));
            assertEquals("MULTIPOLYGON (((-80 35, -79.9 35, -79.9 35.1, -80 35)))", row.get("SHAPE"));
        }
    }

    /**
     * The other pairings: a Derby parent hands out a replica into a new PostgreSQL schema, and a PostgreSQL parent into a schema
     * of another database; edits made with psql in the PostgreSQL child and in each parent travel both ways. A replica into a
     * schema that exists already is refused and changes nothing.
     */
    @Test
    void aDerbyParentReplicatesIntoPostgresqlAndAPostgresqlParentIntoAnotherDatabase() throws Exception {
        String db = pg.newDatabase("pairs");
        GeodatabaseLocation pgChild = location(db, "field");
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, pgChild, PostgresServer.PASSWORD, ReplicaSpec.twoWay("field"), null);
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, location(db, "field"),
                    PostgresServer.PASSWORD, ReplicaSpec.twoWay("again"), null));
            assertTrue(e.getMessage().contains("schema field already exists"), e.getMessage());
            assertEquals(1, Replicas.list(parent).size(), "the refused replica left nothing");
            assertEquals("100", pg.psqlAsUser(db, "SELECT count(*) FROM field.parcels").trim());
            pg.psqlAsUser(db, "UPDATE field.parcels SET owner = 'field crew' WHERE globalid = '" + gid(3) + "'");
            parent.update("parcels", gid(4), Map.of("OWNER", "office"), null);
            try (Geodatabase child = Geodatabase.open(pgChild, PostgresServer.PASSWORD)) {
                Replicas.synchronize(parent, child, "field", SyncOptions.defaults(), null);
            }
            assertEquals("field crew", parent.row("parcels", gid(3)).orElseThrow().get("OWNER"));
            assertEquals("office", pg.psqlAsUser(db, "SELECT owner FROM field.parcels WHERE globalid = '" + gid(4) + "'").trim());
        }
        String other = pg.newDatabase("regional");
        try (Geodatabase parent = Geodatabase.open(pgChild, PostgresServer.PASSWORD)) {
            Replicas.create(parent, location(other, "region"), PostgresServer.PASSWORD, ReplicaSpec.twoWay("region"), null);
            pg.psqlAsUser(other, "DELETE FROM region.parcels WHERE globalid = '" + gid(9) + "'");
            pg.psqlAsUser(db, "UPDATE field.parcels SET name = 'renamed' WHERE globalid = '" + gid(10) + "'");
            try (Geodatabase child = Geodatabase.open(location(other, "region"), PostgresServer.PASSWORD)) {
                Replicas.synchronize(parent, child, "region", SyncOptions.defaults(), null);
            }
        }
        assertEquals("", pg.psqlAsUser(db, "SELECT name FROM field.parcels WHERE globalid = '" + gid(9) + "'").trim());
        assertEquals("renamed", pg.psqlAsUser(other, "SELECT name FROM region.parcels WHERE globalid = '" + gid(10) + "'").trim());
        // and into another schema of the same database: each schema has a generation cut of its own, so a synchronization
        // holding both never waits on itself
        try (Geodatabase parent = Geodatabase.open(pgChild, PostgresServer.PASSWORD)) {
            Replicas.create(parent, location(db, "district"), PostgresServer.PASSWORD, ReplicaSpec.twoWay("district"), null);
            pg.psqlAsUser(db, "UPDATE district.parcels SET owner = 'district' WHERE globalid = '" + gid(11) + "'");
            try (Geodatabase child = Geodatabase.open(location(db, "district"), PostgresServer.PASSWORD)) {
                Replicas.synchronize(parent, child, "district", SyncOptions.defaults(), null);
                Replicas.synchronize(child, parent, "district", SyncOptions.defaults(), null);
            }
        }
        assertEquals("district", pg.psqlAsUser(db, "SELECT owner FROM field.parcels WHERE globalid = '" + gid(11) + "'").trim());
    }

    /**
     * Crash injection with a PostgreSQL parent: a child JVM synchronizes it with a Derby child and is killed with kill -9 after a
     * random delay (in the collection, the apply, a commit); each side is then exactly as before or exactly as after an
     * uncrashed synchronization, and synchronizing again gives the uncrashed result. Each kill starts from a copy of the parent
     * database (PostgreSQL's CREATE DATABASE ... TEMPLATE) and of the child's directory.
     */
    @Test
    void aSynchronizationKilledInAChildJvmLeavesEachSideBeforeOrAfterAndConverges() throws Exception {
        String db = pg.newDatabase("crash");
        Path template = tmp.resolve("template");
        try (Geodatabase parent = parent(db)) {
            Replicas.create(parent, template.resolve("child"), ReplicaSpec.twoWay("field"), null);
            for (int i = 1; i <= 6; i++) {
                parent.update("parcels", gid(i), Map.of("OWNER", "office " + i), null);
            }
            parent.delete("parcels", gid(30));
        }
        try (Geodatabase c = Geodatabase.open(template.resolve("child"))) {
            for (int i = 4; i <= 12; i++) {
                c.update("parcels", gid(i), Map.of("NAME", "field " + i), null);
            }
            c.delete("notes", gid(1001));
            c.insert("parcels", gid(500), Map.of("NAME", "new", "OWNER", "crew", "AREA", 1.0), ReplicaFixture.square(30, 30));
        }
        Map<String, Map<String, Object>> beforeParent, beforeChild;
        try (Geodatabase p = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(template.resolve("child"))) {
            beforeParent = ReplicaFixture.rows(p, "PARCELS");
            beforeChild = ReplicaFixture.rows(c, "PARCELS");
        }
        Path pass = tmp.resolve("pgpass");
        java.nio.file.Files.writeString(pass, "127.0.0.1:" + pg.port() + ":*:" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "\n");
        List<String> jvm = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dorg.postgresql.pgpassfile=" + pass);
        Path log = tmp.resolve("children.log");
        // the uncrashed synchronization, in a child JVM too: the result every kill must reach, and its duration
        String refDb = copy(db, template, tmp.resolve("ref"));
        long millis;
        try (ChildJvm child = ChildJvm.start(log, jvm, "sync", pg.location(refDb, null), tmp.resolve("ref/child").toString(), "field", "-1")) {
            child.await("START");
            millis = Long.parseLong(child.await("DONE").split(" ")[2]);
            assertEquals(0, child.exitCode(), "see " + log);
        }
        Map<String, Map<String, Object>> after;
        try (Geodatabase p = Geodatabase.open(location(refDb, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(tmp.resolve("ref/child"))) {
            after = ReplicaFixture.rows(p, "PARCELS");
            assertEquals(after, ReplicaFixture.rows(c, "PARCELS"), "the uncrashed synchronization converges");
            assertTrue(!after.equals(beforeParent) && !after.equals(beforeChild));
        }
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        int kills = 8;
        int[] applied = new int[2];
        for (int k = 0; k < kills; k++) {
            // the first two kills land right after the child's commit and right after the parent's; the others at random
            String pause = k == 0 ? "after-SECOND" : k == 1 ? "after-FIRST" : "-1";
            long delay = (long) (random.nextDouble() * millis * 1.5);
            String copyDb = copy(db, template, tmp.resolve("kill" + k));
            Path childDir = tmp.resolve("kill" + k + "/child");
            try (ChildJvm child = ChildJvm.start(log, jvm, "sync", pg.location(copyDb, null), childDir.toString(), "field", pause)) {
                child.await("START");
                if (k < 2) {
                    child.await("PAUSE");
                } else {
                    Thread.sleep(delay);
                }
                child.kill();
            }
            String where = "kill " + k + " of seed " + seed + ", " + (k < 2 ? pause : delay + " ms after START of " + millis + " ms");
            try (Geodatabase p = Geodatabase.open(location(copyDb, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(childDir)) {
                Map<String, Map<String, Object>> parentNow = ReplicaFixture.rows(p, "PARCELS"), childNow = ReplicaFixture.rows(c, "PARCELS");
                assertTrue(parentNow.equals(beforeParent) || parentNow.equals(after), "the parent is as before or after: " + where);
                assertTrue(childNow.equals(beforeChild) || childNow.equals(after), "the child is as before or after: " + where);
                applied[0] += parentNow.equals(after) ? 1 : 0;
                applied[1] += childNow.equals(after) ? 1 : 0;
                if (k == 0) {
                    assertEquals(beforeParent, parentNow, "killed after the child's commit, before the parent's");
                    assertEquals(after, childNow, "killed after the child's commit");
                } else if (k == 1) {
                    assertEquals(after, parentNow, "killed after both commits");
                }
                Replicas.synchronize(p, c, "field", SyncOptions.defaults(), null);
                assertEquals(after, ReplicaFixture.rows(p, "PARCELS"), "synchronizing again gives the uncrashed result: " + where);
                assertEquals(after, ReplicaFixture.rows(c, "PARCELS"), "synchronizing again gives the uncrashed result: " + where);
                var again = Replicas.synchronize(p, c, "field", SyncOptions.defaults(), null);
                assertEquals(0, again.getInserts() + again.getUpdates() + again.getDeletes(), "nothing is left to send: " + where);
            }
        }
        System.out.println("PostgresGeodatabaseTest: " + kills + " kills (seed " + seed + "), the parent found applied " + applied[0]
                + " times, the child " + applied[1] + " times");
    }

    /** A copy of the parent database (PostgreSQL's template copy) and of the template's child directory into {@code dir}. */
    private static String copy(String db, Path template, Path dir) throws Exception {
        String name = db + "_" + dir.getFileName();
        pg.psql("postgres", "CREATE DATABASE " + name + " TEMPLATE " + db + " OWNER " + PostgresServer.USER);
        java.nio.file.Files.createDirectories(dir);
        try (var walk = java.nio.file.Files.walk(template.resolve("child"))) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                java.nio.file.Files.copy(p, dir.resolve("child").resolve(template.resolve("child").relativize(p).toString()));
            }
        }
        try (Geodatabase c = Geodatabase.open(dir.resolve("child"))) {
            Replicas.relocate(c); // the template is never used again: the copy was moved there
        }
        return name;
    }

    /**
     * Schema changes on a PostgreSQL parent: a field added, widened, renamed and dropped with the engine's alter (PostgreSQL's
     * own DDL, the PL/pgSQL tracking rebuilt) travels to a Derby child whose schema policy takes all changes, and an edit of the
     * new field made with psql follows it. A column added with psql behind GeoSync's back stops the replica with a sentence.
     */
    @Test
    void schemaChangesOnAPostgresqlParentTravelAndAColumnAddedBehindItsBackIsRefused() throws Exception {
        String db = pg.newDatabase("schema");
        Path child = tmp.resolve("child");
        try (Geodatabase parent = parent(db)) {
            Replicas.create(parent, child, ReplicaSpec.twoWay("field").withSchemaPolicy(org.geosync.model.SchemaPolicy.ALL), null);
            parent.alter("parcels", org.geosync.core.SchemaChange.addField("ZONE", org.geosync.core.FieldType.TEXT, 8));
            parent.alter("parcels", org.geosync.core.SchemaChange.widenField("ZONE", 40));
            parent.alter("parcels", org.geosync.core.SchemaChange.renameField("OWNER", "HOLDER"));
            parent.alter("notes", org.geosync.core.SchemaChange.dropField("PRIORITY"));
        }
        pg.psqlAsUser(db, "UPDATE parcels SET zone = 'industrial zone', holder = 'port' WHERE globalid = '" + gid(2) + "'");
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child)) {
            Replicas.synchronize(parent, c, "field", SyncOptions.defaults(), null);
            Map<String, Object> row = c.row("parcels", gid(2)).orElseThrow();
            assertEquals("industrial zone", row.get("ZONE"));
            assertEquals("port", row.get("HOLDER"));
            assertFalse(row.containsKey("OWNER"));
            assertFalse(c.row("notes", gid(1001)).orElseThrow().containsKey("PRIORITY"));
            assertEquals(40, c.dataset("parcels").field("ZONE").length());
        }
        pg.psqlAsUser(db, "ALTER TABLE parcels ADD COLUMN sneaky integer");
        try (Geodatabase parent = Geodatabase.open(location(db, null), PostgresServer.PASSWORD); Geodatabase c = Geodatabase.open(child)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Replicas.synchronize(parent, c, "field",
                    SyncOptions.defaults(), null));
            assertTrue(e.getMessage().contains("column SNEAKY is not in its catalog entry (added outside GeoSync)"), e.getMessage());
        }
    }
}
