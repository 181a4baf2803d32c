package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.internal.sync.ConnectedSync;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.SyncJob;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The commit order of a connected synchronization, deterministically: the synchronization fails (a real failure, thrown at
 * {@link ConnectedSync#afterCommit}) after the second geodatabase has committed and before the first has, or after the first has
 * committed and before the second has recorded what was acknowledged. Either way no generation is reused or skipped: both sides
 * closed their generations in transactions of their own first, so the second records with its rows that it holds the first's
 * closed generations, and nothing else of its record outruns the first's commit; what committed stays, what did not is as before,
 * and the next synchronization (which first completes each side's record from the other's) delivers every edit made before and
 * after the failure exactly once on both sides, without conflicts, after which both records match and a further synchronization
 * has nothing to send.
 */
class ConnectedSyncCommitTest {

    @TempDir
    Path tmp;

    /** The failure a test injects between two commits. */
    private static final class Injected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Injected(ConnectedSync.Commit at) {
            super("injected failure after the commit of " + at);
        }
    }

    /** Synchronizes with a failure thrown right after commit {@code at} (on this thread only); the failure must reach the caller. */
    static void failAfter(ConnectedSync.Commit at, Geodatabase first, Geodatabase second, String name, SyncOptions options) {
        Thread me = Thread.currentThread();
        ConnectedSync.afterCommit = c -> {
            if (c == at && Thread.currentThread() == me) {
                throw new Injected(at);
            }
        };
        try {
            RuntimeException e = assertThrows(RuntimeException.class, () -> Replicas.synchronize(first, second, name, options, null));
            assertSame(Injected.class, e.getClass(), "the injected failure reaches the caller: " + e);
        } finally {
            ConnectedSync.afterCommit = null;
        }
    }

    @ParameterizedTest(name = "{0} first, failing after the {1} commits, the next synchronization favouring the {2}")
    @CsvSource({ "parent, SECOND, FIRST", "parent, SECOND, SECOND", "parent, FIRST, FIRST", "parent, FIRST, SECOND",
            "child, SECOND, FIRST", "child, SECOND, SECOND", "child, FIRST, FIRST", "child, FIRST, SECOND" })
    void aFailureBetweenTheCommitsLosesAndRepeatsNothing(String firstSide, ConnectedSync.Commit at, SyncOptions.Winner winner)
            throws Exception {
        failAndSynchronizeAgain(firstSide, at, winner, false);
    }

    /**
     * As above, and after the failure each side also edits and deletes rows the failed synchronization delivered to it: later
     * edits, which the next synchronization must not take for conflicts. After a failure following the second's commit, the
     * second's record says it received the first's edits, and the next synchronization tells the first so; after a failure
     * following the first's commit, the next synchronization completes the second's record from the first's (what the first
     * received the second sent, and what the first says the second acknowledged the second received).
     */
    @ParameterizedTest(name = "{0} first, failing after the {1} commits, the next synchronization favouring the {2}")
    @CsvSource({ "parent, SECOND, FIRST", "parent, SECOND, SECOND", "parent, FIRST, FIRST", "parent, FIRST, SECOND",
            "child, SECOND, FIRST", "child, SECOND, SECOND", "child, FIRST, FIRST", "child, FIRST, SECOND" })
    void anEditAfterTheFailureOfARowItDeliveredIsALaterEdit(String firstSide, ConnectedSync.Commit at, SyncOptions.Winner winner)
            throws Exception {
        failAndSynchronizeAgain(firstSide, at, winner, true);
    }

    private void failAndSynchronizeAgain(String firstSide, ConnectedSync.Commit at, SyncOptions.Winner winner, boolean later)
            throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                boolean parentFirst = firstSide.equals("parent");
                Geodatabase first = parentFirst ? parent : child, second = parentFirst ? child : parent;
                SyncOptions options = SyncOptions.defaults().withConflicts(ConflictDefinition.BY_COLUMN);

                // before: each side edits, inserts and deletes rows of its own; both edit different fields of parcel 50
                edit(first, "first", 0);
                edit(second, "second", 10);
                first.update("parcels", gid(50), Map.of("NAME", "first name"), null);
                second.update("parcels", gid(50), Map.of("OWNER", "second owner"), null);
                String before1 = counters(first);
                long generation1 = first.generation();
                String before2 = receivedUpTo(second, generation1);

                failAfter(at, first, second, "r", options.withPolicy(SyncOptions.Winner.FIRST));

                // what committed: the second's rows hold the first's edits (it commits first), and its record says it received the
                // first's generations up to the one closed before the synchronization; the rest of its record is as before
                assertEquals("first 1", value(second, 1, "NAME"), "the second geodatabase committed the first's edits");
                assertEquals(before2, counters(second),
                        "the second's record of what it received and what was acknowledged does not outrun the first's commit");
                if (at == ConnectedSync.Commit.SECOND) {
                    assertEquals(before1, counters(first), "the first rolled back: its counters are as before");
                    assertEquals(generation1 + 1, first.generation(), "the first rolled back to the generation it closed before");
                    assertEquals("P11", value(first, 11, "NAME"), "the first rolled back: it does not hold the second's edits");
                } else {
                    assertEquals("second 11", value(first, 11, "NAME"), "the first committed the second's edits");
                    assertFalse(before1.equals(counters(first)), "the first committed its counters");
                }

                // after the failure, each side edits again: new edits (in the first's generation the rollback hands out again), and
                // later edits of rows the failed synchronization delivered to it
                first.update("parcels", gid(60), Map.of("NAME", "first after"), null);
                first.insert("parcels", gid(5100), Map.of("NAME", "first after new", "OWNER", "first", "AREA", 1.0), square(0, 20));
                second.update("parcels", gid(61), Map.of("NAME", "second after"), null);
                second.insert("parcels", gid(5101), Map.of("NAME", "second after new", "OWNER", "second", "AREA", 1.0), square(1, 20));
                if (later) {
                    second.update("parcels", gid(1), Map.of("NAME", "second later"), null); // the first's edit, received and edited since
                    second.delete("parcels", gid(5000)); // the first's insert, received and deleted since
                }
                if (later && at == ConnectedSync.Commit.FIRST) {
                    first.update("parcels", gid(11), Map.of("NAME", "first later"), null); // the second's edit, received
                    first.delete("parcels", gid(5010)); // the second's insert, received
                }

                SyncJob job = Replicas.synchronize(first, second, "r", options.withPolicy(winner), null);
                assertEquals(0, job.getConflicts(), "an edit made after receiving the other side's is no conflict");

                Map<String, Map<String, Object>> p = ReplicaFixture.rows(parent, "PARCELS"), c = ReplicaFixture.rows(child, "PARCELS");
                assertEquals(p, c, "both sides hold the same parcels");
                assertEquals(ReplicaFixture.rows(parent, "NOTES"), ReplicaFixture.rows(child, "NOTES"));
                // every edit, exactly once
                if (later) {
                    assertEquals("second later", value(first, 1, "NAME"));
                    assertNull(first.row("parcels", gid(5000)).orElse(null), "a row deleted after it arrived stays deleted");
                } else {
                    assertEquals("first 1", value(first, 1, "NAME"));
                    assertTrue(first.row("parcels", gid(5000)).isPresent());
                }
                if (later && at == ConnectedSync.Commit.FIRST) {
                    assertEquals("first later", value(second, 11, "NAME"));
                    assertNull(second.row("parcels", gid(5010)).orElse(null), "a row deleted after it arrived stays deleted");
                } else {
                    assertEquals("second 11", value(first, 11, "NAME"));
                    assertTrue(first.row("parcels", gid(5010)).isPresent());
                }
                for (String who : new String[] { "first", "second" }) {
                    int o = who.equals("first") ? 0 : 10;
                    assertNull(p.get(gid(2 + o)), who + "'s delete arrived");
                    assertEquals(who + " owner 3", p.get(gid(3 + o)).get("OWNER"));
                }
                assertEquals("first name", p.get(gid(50)).get("NAME"));
                assertEquals("second owner", p.get(gid(50)).get("OWNER"));
                assertEquals("first after", p.get(gid(60)).get("NAME"));
                assertEquals("second after", p.get(gid(61)).get("NAME"));
                assertTrue(p.containsKey(gid(5100)) && p.containsKey(gid(5101)), "the inserts made after the failure arrived");
                int deletedLater = later ? 1 + (at == ConnectedSync.Commit.FIRST ? 1 : 0) : 0;
                assertEquals(100 - 2 + 2 + 2 - deletedLater, p.size(), "every insert exactly once: " + p.keySet());
                for (Geodatabase g : new Geodatabase[] { parent, child }) {
                    List<List<String>> ids = Sql.rows(g, "SELECT GLOBALID FROM PARCELS");
                    assertEquals(ids.size(), new HashSet<>(ids).size(), "GlobalIDs are unique in " + g.directory());
                    assertTrue(Replicas.conflicts(g, "r", true).isEmpty(), "no conflict left in " + g.directory());
                }

                // the counters: each side's record of the other matches, and a further synchronization has nothing to send
                matching(first, second);
                SyncJob again = Replicas.synchronize(first, second, "r", options, null);
                assertEquals(0, again.getInserts() + again.getUpdates() + again.getDeletes() + again.getConflicts(),
                        "a further synchronization has nothing to send");
                matching(first, second);
            }
        }
    }

    /**
     * The same two points, with a real crash: a child JVM synchronizes and is killed (kill -9) right after the commit; reopened
     * (Derby recovers each database from its log), each geodatabase is as the failure above leaves it, and the next
     * synchronization delivers every edit exactly once.
     */
    @ParameterizedTest(name = "killed after the {0} commits")
    @CsvSource({ "SECOND", "FIRST" })
    void aCrashBetweenTheCommitsLosesAndRepeatsNothing(ConnectedSync.Commit at) throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        String before1, before2;
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            try (Geodatabase child = Geodatabase.open(c)) {
                edit(parent, "first", 0);
                edit(child, "second", 10);
                before1 = counters(parent);
                before2 = receivedUpTo(child, parent.generation());
            }
        }
        // the child process synchronizes the parent (first) with the child (second) with the default options
        try (ChildJvm jvm = ChildJvm.start(tmp.resolve("child-jvm.log"), "sync", p.toString(), c.toString(), "r", "after-" + at)) {
            jvm.await("START");
            jvm.await("PAUSE after-" + at);
            jvm.kill();
        }
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            assertEquals("first 1", value(child, 1, "NAME"), "the second committed the first's edits");
            assertEquals(before2, counters(child), "the second's counters, but what it received, wait for the first's commit");
            if (at == ConnectedSync.Commit.SECOND) {
                assertEquals(before1, counters(parent), "the first did not commit");
                assertEquals("P11", value(parent, 11, "NAME"));
            } else {
                assertEquals("second 11", value(parent, 11, "NAME"), "the first committed");
                assertFalse(before1.equals(counters(parent)));
            }
            parent.update("parcels", gid(60), Map.of("NAME", "first after"), null);
            child.update("parcels", gid(61), Map.of("NAME", "second after"), null);
            SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
            assertEquals(0, job.getConflicts());
            Map<String, Map<String, Object>> rows = ReplicaFixture.rows(parent, "PARCELS");
            assertEquals(rows, ReplicaFixture.rows(child, "PARCELS"));
            assertEquals(ReplicaFixture.rows(parent, "NOTES"), ReplicaFixture.rows(child, "NOTES"));
            assertEquals(100 - 2 + 2, rows.size(), "every insert exactly once");
            assertEquals("first after", rows.get(gid(60)).get("NAME"));
            assertEquals("second after", rows.get(gid(61)).get("NAME"));
            assertEquals("second 11", rows.get(gid(11)).get("NAME"));
            assertEquals("first 1", rows.get(gid(1)).get("NAME"));
            matching(parent, child);
            SyncJob again = Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
            assertEquals(0, again.getInserts() + again.getUpdates() + again.getDeletes() + again.getConflicts());
        }
    }

    /** Side {@code who}'s edits of parcels o..o+5 (o = 0 or 10) and its insert of parcel 5000 + o. */
    private static void edit(Geodatabase g, String who, int o) throws GeodatabaseException {
        g.update("parcels", gid(1 + o), Map.of("NAME", who + " " + (1 + o)), null);
        g.delete("parcels", gid(2 + o));
        g.update("parcels", gid(3 + o), Map.of("OWNER", who + " owner 3"), square(20, 3 + o));
        g.insert("parcels", gid(5000 + o), Map.of("NAME", who + " new", "OWNER", who, "AREA", 2.0), square(3, 20 + o));
        g.update("notes", gid(1000 + o / 10), Map.of("TEXT", who + " note"), null);
    }

    private static Object value(Geodatabase g, int parcel, String field) throws GeodatabaseException {
        return ReplicaFixture.value(g, "PARCELS", gid(parcel), field);
    }

    /** The replica's counters per dataset, my/sib/sibMy. */
    /** {@link #counters} of {@code g} as they are with its record of what it received raised to {@code generation}. */
    private static String receivedUpTo(Geodatabase g, long generation) throws GeodatabaseException {
        Map<String, String> m = new TreeMap<>();
        for (ReplicaDataset d : Replicas.get(g, "r").getDatasets()) {
            m.put(d.getDatasetName(), d.getMyGeneration() + "/" + Math.max(d.getSibGeneration(), generation) + "/" + d.getSibMyGeneration());
        }
        return m.toString();
    }

    private static String counters(Geodatabase g) throws GeodatabaseException {
        Map<String, String> m = new TreeMap<>();
        for (ReplicaDataset d : Replicas.get(g, "r").getDatasets()) {
            m.put(d.getDatasetName(), d.getMyGeneration() + "/" + d.getSibGeneration() + "/" + d.getSibMyGeneration());
        }
        return m.toString();
    }

    /**
     * After a complete synchronization both ways: each side's record says the other received exactly what it sent and
     * acknowledged it, and each side's counters name generations it has closed (below its open generation).
     */
    private static void matching(Geodatabase first, Geodatabase second) throws GeodatabaseException {
        Replica r1 = Replicas.get(first, "r"), r2 = Replicas.get(second, "r");
        for (ReplicaDataset d1 : r1.getDatasets()) {
            ReplicaDataset d2 = r2.getDatasets().stream().filter(d -> d.getDatasetName().equals(d1.getDatasetName())).findFirst().orElseThrow();
            String where = d1.getDatasetName() + ": first " + counters(first) + ", second " + counters(second);
            assertEquals(d1.getMyGeneration(), d2.getSibGeneration(), where);
            assertEquals(d2.getMyGeneration(), d1.getSibGeneration(), where);
            assertEquals(d1.getMyGeneration(), d1.getSibMyGeneration(), where);
            assertEquals(d2.getMyGeneration(), d2.getSibMyGeneration(), where);
            assertTrue(d1.getMyGeneration() < first.generation() && d2.getMyGeneration() < second.generation(), where);
        }
    }
}
