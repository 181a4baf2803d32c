package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.Replica;
import org.geosync.model.SyncJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash injection (docs/sync-semantics.md, "Atomic imports and crashes"): a child JVM ({@link ChildJvm}) imports a data change message,
 * or synchronizes a replica pair, on real Derby geodatabases on disk and is killed with kill -9 — at a
 * random progress callback inside the operation (the child pauses there and announces it) or after a
 * random delay (which also lands in commits and the database shutdown). Then the test reopens the
 * databases: each is either exactly as before or exactly as after the operation ran uncrashed — rows,
 * change log size, generation and replica counters alike — and running the operation again applies it
 * exactly once (an import already applied is refused as already imported; a synchronization converges
 * to the uncrashed result and a further one has nothing to send). {@code -Dgeosync.kills=N} runs N kills
 * (default 30, half during import, half during synchronization); {@code -Dgeosync.seed=S} repeats a run.
 */
class CrashTest {

    @TempDir
    static Path tmp;
    /** A parent and a child with edits on both sides (some on the same rows), closed: copied for every kill. */
    static Path template;
    static Path message;
    static String importBefore, importAfter;
    static String syncBefore1, syncBefore2, syncAfter1, syncAfter2;
    static Map<String, Map<String, Object>> syncRows;

    @BeforeAll
    static void prepare() throws Exception {
        template = tmp.resolve("template");
        long t0 = System.nanoTime();
        try (Geodatabase parent = ReplicaFixture.parent(template.resolve("parent"))) {
            Replicas.create(parent, template.resolve("child"), ReplicaSpec.twoWay("r"), null);
            try (Geodatabase child = Geodatabase.open(template.resolve("child"))) {
                parent.inTransaction(g -> {
                    for (int i = 0; i < 60; i++) {
                        g.update("parcels", gid(i), Map.of("OWNER", "parent " + i), null);
                    }
                    for (int i = 0; i < 20; i++) {
                        g.insert("parcels", Map.of("NAME", "parent new " + i, "OWNER", "parent", "AREA", 1.0), square(30 + i % 5, i / 5));
                    }
                    for (int i = 90; i < 100; i++) {
                        g.delete("parcels", gid(i));
                    }
                    g.update("notes", gid(1001), Map.of("TEXT", "parent note"), null);
                    return null;
                });
                child.inTransaction(g -> {
                    for (int i = 40; i < 85; i++) {
                        g.update("parcels", gid(i), Map.of("NAME", "child " + i), i % 3 == 0 ? square(40, i) : null);
                    }
                    for (int i = 0; i < 10; i++) {
                        g.insert("parcels", Map.of("NAME", "child new " + i, "OWNER", "child", "AREA", 2.0), square(50 + i % 5, i / 5));
                    }
                    for (int i = 85; i < 90; i++) {
                        g.delete("parcels", gid(i));
                    }
                    g.delete("notes", gid(1002));
                    return null;
                });
            }
        }
        // the message: the parent's changes, exported from a copy (export closes a generation on the sender)
        message = tmp.resolve("parent-changes.zip");
        copy(template.resolve("parent"), tmp.resolve("sender"));
        try (Geodatabase sender = Geodatabase.open(tmp.resolve("sender"))) {
            Messages.exportChanges(sender, "r", message, ExportOptions.defaults(), null);
        }
        // the uncrashed results
        Path i = fresh("reference-import", false);
        try (Geodatabase child = Geodatabase.open(i.resolve("child"))) {
            importBefore = snapshot(child);
            Messages.importMessage(child, message, ImportOptions.defaults(), null);
            importAfter = snapshot(child);
        }
        Path s = fresh("reference-sync", true);
        try (Geodatabase parent = Geodatabase.open(s.resolve("parent")); Geodatabase child = Geodatabase.open(s.resolve("child"))) {
            syncBefore1 = snapshot(parent);
            syncBefore2 = snapshot(child);
            Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
            syncAfter1 = snapshot(parent);
            syncAfter2 = snapshot(child);
            syncRows = ReplicaFixture.rows(parent, "PARCELS");
            assertEquals(syncRows, ReplicaFixture.rows(child, "PARCELS"), "the uncrashed synchronization converges");
        }
        System.out.println("CrashTest: template and uncrashed results prepared in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertTrue(!importBefore.equals(importAfter) && !syncBefore1.equals(syncAfter1) && !syncBefore2.equals(syncAfter2));
    }

    @Test
    void killedImportsAndSynchronizationsLeaveEachGeodatabaseBeforeOrAfterAndApplyExactlyOnceWhenRerun() throws Exception {
        int kills = Integer.getInteger("geosync.kills", 20);
        long seed = Long.getLong("geosync.seed", System.nanoTime());
        System.out.println("CrashTest: " + kills + " kills, seed " + seed + " (repeat with -Dgeosync.seed=" + seed + ")");
        Random random = new Random(seed);
        Path log = tmp.resolve("children.log");
        // one uncrashed run of each in a child JVM: it must give the same result, and it counts the progress points and the time
        int[] points = new int[2];
        long[] millis = new long[2];
        for (int op = 0; op < 2; op++) {
            Path dir = fresh("calibrate-" + op, op == 1);
            try (ChildJvm child = ChildJvm.start(log, args(op, dir, -1))) {
                child.await("START");
                String[] done = child.await("DONE").split(" ");
                points[op] = Integer.parseInt(done[1]);
                millis[op] = Long.parseLong(done[2]);
                assertEquals(0, child.exitCode(), "see " + log);
            }
            if (op == 0) {
                try (Geodatabase g = Geodatabase.open(dir.resolve("child"))) {
                    assertEquals(importAfter, snapshot(g), "an import in the child JVM gives what it gives in the test's");
                }
            } else {
                try (Geodatabase p = Geodatabase.open(dir.resolve("parent")); Geodatabase c = Geodatabase.open(dir.resolve("child"))) {
                    assertEquals(syncAfter1, snapshot(p));
                    assertEquals(syncAfter2, snapshot(c));
                }
            }
        }
        System.out.println("CrashTest: import " + points[0] + " progress points in " + millis[0] + " ms, synchronization " + points[1]
                + " points in " + millis[1] + " ms (child JVM)");
        int[] outcomes = new int[4]; // import before/after, sync: neither side / some side applied
        for (int k = 0; k < kills; k++) {
            int op = k % 2;
            boolean atPoint = random.nextBoolean();
            int point = random.nextInt(Math.max(1, points[op]));
            long delay = (long) (random.nextDouble() * millis[op] * 1.3);
            String where = (op == 0 ? "import" : "synchronization") + " killed " + (atPoint ? "at progress point " + point : delay + " ms after START");
            Path dir = fresh("kill-" + k, op == 1);
            try {
                try (ChildJvm child = ChildJvm.start(log, args(op, dir, atPoint ? point : -1))) {
                    child.await("START");
                    if (atPoint) {
                        child.await("PAUSE");
                    } else {
                        Thread.sleep(delay);
                    }
                    child.kill();
                }
                if (op == 0) {
                    outcomes[checkImport(dir) ? 1 : 0]++;
                } else {
                    outcomes[checkSync(dir) ? 3 : 2]++;
                }
                deleteTree(dir);
            } catch (AssertionError | Exception e) {
                fail("Kill " + k + " of seed " + seed + " failed (" + where + "; the databases are in " + dir + "; repeat with -Dgeosync.seed="
                        + seed + "): " + e.getMessage(), e);
            }
        }
        System.out.println("CrashTest: imports found unchanged " + outcomes[0] + ", applied " + outcomes[1]
                + "; synchronizations found unapplied " + outcomes[2] + ", applied on one or both sides " + outcomes[3]);
    }

    /**
     * Two processes, one replica: while a child JVM is in the middle of synchronizing the pair (paused at a progress point, holding both
     * databases), synchronizing or importing from this process is refused with one sentence and exit code 1; the first process then
     * finishes with exactly the result of an undisturbed synchronization, so the refused attempts changed nothing.
     */
    @Test
    void aSecondProcessIsRefusedWhileTheFirstSynchronizes() throws Exception {
        Path dir = fresh("concurrent", true);
        String p = dir.resolve("parent").toString(), c = dir.resolve("child").toString();
        try (ChildJvm first = ChildJvm.start(tmp.resolve("concurrent.log"), args(1, dir, 5))) {
            first.await("START");
            first.await("PAUSE");
            Cli cli = new Cli();
            for (String[] command : new String[][] { { "sync", p, c, "--replica", "r" }, { "sync", c, p, "--replica", "r", "--policy", "favor-1" },
                    { "message", "import", c, message.toString() }, { "sql", p, "DELETE FROM PARCELS" } }) {
                assertEquals(1, cli.run(command), String.join(" ", command) + ": " + cli.out + cli.err);
                assertEquals(1, cli.err.strip().lines().count(), cli.err);
                assertTrue(cli.err.contains("is open in another process"), cli.err);
            }
            first.resume();
            first.await("DONE");
            assertEquals(0, first.exitCode());
        }
        try (Geodatabase parent = Geodatabase.open(dir.resolve("parent")); Geodatabase child = Geodatabase.open(dir.resolve("child"))) {
            assertEquals(syncAfter1, snapshot(parent));
            assertEquals(syncAfter2, snapshot(child));
        }
    }

    /** After a killed import: before or after; importing again applies exactly once. Returns whether it had been applied. */
    private static boolean checkImport(Path dir) throws Exception {
        try (Geodatabase child = Geodatabase.open(dir.resolve("child"))) {
            String found = snapshot(child);
            boolean applied = found.equals(importAfter);
            if (!applied && !found.equals(importBefore)) {
                throw new AssertionError("the child is neither as before nor as after the import:\n" + found + "\nbefore:\n" + importBefore
                        + "\nafter:\n" + importAfter);
            }
            if (applied) {
                GeodatabaseException again = assertThrows(GeodatabaseException.class,
                        () -> Messages.importMessage(child, message, ImportOptions.defaults(), null));
                assertTrue(again.getMessage().contains("was already imported"), again.getMessage());
            } else {
                Messages.importMessage(child, message, ImportOptions.defaults(), null);
            }
            assertEquals(importAfter, snapshot(child), "imported exactly once");
            return applied;
        }
    }

    /**
     * After a killed synchronization: each side is before or after (the child, which commits first, may be after while the parent is
     * before: its own edits then stay unacknowledged and are sent again); synchronizing again gives the uncrashed rows on both sides,
     * and one more synchronization has nothing to send. Returns whether any side had been applied.
     */
    private static boolean checkSync(Path dir) throws Exception {
        try (Geodatabase parent = Geodatabase.open(dir.resolve("parent")); Geodatabase child = Geodatabase.open(dir.resolve("child"))) {
            String p = snapshot(parent), c = snapshot(child);
            boolean parentApplied = sameRows(p, syncAfter1), childApplied = sameRows(c, syncAfter2);
            // the parent (the first) closes its generation in a transaction of its own before the synchronization: killed before
            // the child committed, it may be as before with that generation closed
            if (!parentApplied && !p.equals(syncBefore1) && !p.equals(generationClosed(syncBefore1))) {
                throw new AssertionError("the parent is neither as before nor as after the synchronization:\n" + p);
            }
            if (parentApplied && !p.equals(syncAfter1)) {
                throw new AssertionError("the parent's rows are synchronized but its metadata is not:\n" + p + "\nexpected:\n" + syncAfter1);
            }
            if (!childApplied && !c.equals(syncBefore2)) {
                throw new AssertionError("the child is neither as before nor as after the synchronization:\n" + c);
            }
            if (parentApplied && !childApplied) {
                throw new AssertionError("the parent committed before the child (the second geodatabase commits first)");
            }
            Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
            assertEquals(syncRows, ReplicaFixture.rows(parent, "PARCELS"), "the parent after synchronizing again");
            assertEquals(syncRows, ReplicaFixture.rows(child, "PARCELS"), "the child after synchronizing again");
            assertEquals(ReplicaFixture.rows(parent, "NOTES"), ReplicaFixture.rows(child, "NOTES"));
            SyncJob again = Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
            assertEquals(0, again.getInserts() + again.getUpdates() + again.getDeletes() + again.getConflicts(),
                    "a further synchronization has nothing to send");
            uniqueGlobalIds(parent);
            uniqueGlobalIds(child);
            return parentApplied || childApplied;
        }
    }

    /** Everything an import or synchronization changes: rows, the change log's size, the generation, the replica's counters and state. */
    static String snapshot(Geodatabase g) throws GeodatabaseException {
        Replica r = Replicas.get(g, "r");
        StringBuilder sb = new StringBuilder("rows ").append(ReplicaFixture.rows(g, "PARCELS")).append(ReplicaFixture.rows(g, "NOTES"))
                .append("\nchanges ").append(Sql.rows(g, "SELECT COUNT(*) FROM GDB_CHANGES")).append(" generation ").append(g.generation())
                .append(' ').append(r.getState()).append(" conflict=").append(r.isInConflict()).append(" open conflicts ")
                .append(Replicas.conflicts(g, "r", true).size());
        r.getDatasets().forEach(d -> sb.append(' ').append(d.getDatasetName()).append(':').append(d.getMyGeneration()).append('/')
                .append(d.getSibGeneration()).append('/').append(d.getSibMyGeneration()));
        return sb.toString();
    }

    /** A {@link #snapshot} as it is after its geodatabase closed its generation, nothing else changed. */
    private static String generationClosed(String snapshot) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" generation (\\d+) ").matcher(snapshot);
        if (!m.find()) {
            throw new IllegalStateException(snapshot);
        }
        return snapshot.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) + 1) + snapshot.substring(m.end(1));
    }

    private static boolean sameRows(String snapshot, String other) {
        return snapshot.substring(0, snapshot.indexOf("\nchanges ")).equals(other.substring(0, other.indexOf("\nchanges ")));
    }

    private static void uniqueGlobalIds(Geodatabase g) throws GeodatabaseException {
        List<List<String>> ids = Sql.rows(g, "SELECT GLOBALID FROM PARCELS");
        assertEquals(ids.size(), new HashSet<>(ids).size(), "GlobalIDs are unique in " + g.directory());
    }

    private static String[] args(int op, Path dir, int pauseAt) {
        return op == 0 ? new String[] { "import", dir.resolve("child").toString(), message.toString(), Integer.toString(pauseAt) }
                : new String[] { "sync", dir.resolve("parent").toString(), dir.resolve("child").toString(), "r", Integer.toString(pauseAt) };
    }

    /** A copy of the template's child (and parent) in a new folder. */
    private static Path fresh(String name, boolean withParent) throws IOException {
        Path dir = tmp.resolve(name);
        copy(template.resolve("child"), dir.resolve("child"));
        if (withParent) {
            copy(template.resolve("parent"), dir.resolve("parent"));
        }
        try (Geodatabase child = Geodatabase.open(dir.resolve("child"))) {
            Replicas.relocate(child); // the template is never synchronized: each copy is the child, moved
        } catch (org.geosync.core.GeodatabaseException e) {
            throw new IOException(e.getMessage(), e);
        }
        return dir;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(all.toList());
            java.util.Collections.reverse(paths);
            for (Path p : paths) {
                Files.delete(p);
            }
        }
    }
}
