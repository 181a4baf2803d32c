package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.SyncError;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applier takes incoming records a block at a time and writes the change log and before-images the
 * tracking triggers would write itself: the outcome must be exactly the record-by-record one.
 */
class BlockApplyTest {

    @TempDir
    Path tmp;

    private final List<Geodatabase> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Geodatabase::close);
    }

    private Geodatabase keep(Geodatabase g) {
        open.add(g);
        return g;
    }

    /** Parcel i of the parent fixture gets edit i % 4: delete, rename, move, rename and change owner; then three new parcels. */
    private static List<Runnable> edits(Geodatabase g, String tag, int parcels) {
        List<Runnable> edits = new ArrayList<>();
        for (int i = 0; i < parcels; i++) {
            int n = i;
            edits.add(() -> run(() -> {
                switch (n % 4) {
                    case 0 -> g.delete("parcels", gid(n));
                    case 1 -> g.update("parcels", gid(n), Map.of("NAME", tag + n), null);
                    case 2 -> g.update("parcels", gid(n), Map.of(), square(n % 10 + 0.5, n / 10));
                    default -> g.update("parcels", gid(n), Map.of("NAME", tag + n, "OWNER", "o" + n), null);
                }
            }));
            for (int k = 0; k < 3; k++) {
                int id = 10_000 + 3 * n + k;
                edits.add(() -> run(() -> g.insert("parcels", gid(id), Map.of("NAME", "new " + id, "OWNER", tag, "AREA", 1.0 * id),
                        square(20 + id % 10, id / 10))));
            }
        }
        return edits;
    }

    private interface Edit {
        void run() throws GeodatabaseException;
    }

    private static void run(Edit e) {
        try {
            e.run();
        } catch (GeodatabaseException x) {
            throw new IllegalStateException(x);
        }
    }

    @Test
    void importWritesTheChangeLogAndImagesTheTriggersWrite() throws Exception {
        Geodatabase parent = keep(ReplicaFixture.parent(tmp.resolve("parent")));
        Replicas.create(parent, tmp.resolve("a"), ReplicaSpec.twoWay("a"), null);
        Replicas.create(parent, tmp.resolve("b"), ReplicaSpec.twoWay("b"), null);
        Geodatabase a = keep(Geodatabase.open(tmp.resolve("a")));
        Geodatabase b = keep(Geodatabase.open(tmp.resolve("b")));
        parent.inTransaction(g -> {
            edits(g, "p", 100).forEach(Runnable::run);
            return null;
        });
        MessageResult sent = Messages.exportChanges(parent, "a", tmp.resolve("m.zip"), ExportOptions.defaults(), null);
        assertEquals(400, sent.records(), "more records than one block holds");
        MessageResult got = Messages.importMessage(a, tmp.resolve("m.zip"), ImportOptions.defaults(), null);
        assertEquals(300, got.inserts());
        assertEquals(75, got.updates());
        assertEquals(25, got.deletes());
        // the same changes made on b with the triggers recording them, as an import would: in a new generation, from the parent
        b.markSynchronized();
        b.applyFrom(parent.guid(), g -> {
            edits(g, "p", 100).forEach(Runnable::run);
            return null;
        });
        b.markSynchronized();
        assertEquals(ReplicaFixture.rows(b, "parcels"), ReplicaFixture.rows(a, "parcels"));
        String log = "SELECT DATASET, GLOBALID, OPERATION, GENERATION, SOURCE FROM GDB_CHANGES ORDER BY CHANGE_ID";
        assertEquals(Sql.rows(b, log), Sql.rows(a, log), "the same change log, in the same order");
        String images = "SELECT GLOBALID, GENERATION, HAD_ANCESTOR, NAME, OWNER, AREA, ST_AsText(SHAPE) FROM GDB_A_PARCELS ORDER BY GLOBALID, GENERATION";
        assertEquals(Sql.rows(b, images), Sql.rows(a, images), "the same before-images");
        assertTrue(Sql.rows(a, images).size() >= 400);
    }

    @Test
    void failingRecordsOfABlockAreSkippedAndReportedAndTheOthersApplied() throws Exception {
        Geodatabase parent = keep(ReplicaFixture.parent(tmp.resolve("parent")));
        Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
        Geodatabase child = keep(Geodatabase.open(tmp.resolve("child")));
        child.executeSql("ALTER TABLE PARCELS ADD CONSTRAINT POSITIVE_AREA CHECK (AREA > 0)", null);
        // the child edits some rows too: those records take the conflict path between the plain ones
        for (int i = 1; i < 100; i += 12) {
            if (i % 7 != 3) {
                child.update("parcels", gid(i), Map.of("OWNER", "child"), null);
            }
        }
        List<String> failing = new ArrayList<>();
        Map<String, Double> areas = new HashMap<>();
        parent.inTransaction(g -> {
            for (int i = 0; i < 100; i++) {
                boolean bad = i % 7 == 3;
                g.update("parcels", gid(i), Map.of("NAME", "x" + i, "AREA", bad ? -1.0 : 2.0), null);
                if (bad) {
                    failing.add(gid(i));
                }
                for (int k = 0; k < 3; k++) {
                    int id = 10_000 + 3 * i + k;
                    boolean badInsert = id % 11 == 0;
                    g.insert("parcels", gid(id), Map.of("NAME", "n" + id, "OWNER", "p", "AREA", badInsert ? -5.0 : 3.0), square(20, id / 10));
                    if (badInsert) {
                        failing.add(gid(id));
                    }
                    areas.put(gid(id), badInsert ? null : 3.0);
                }
            }
            return null;
        });
        long changesBefore = Long.parseLong(Sql.rows(child, "SELECT COUNT(*) FROM GDB_CHANGES").get(0).get(0));
        GeodatabaseException e = assertThrows(GeodatabaseException.class,
                () -> Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(true), null));
        assertTrue(e.getMessage().contains(failing.get(0)), "the first failing record is named: " + e.getMessage());
        assertEquals("P0", value(child, "parcels", gid(0), "NAME"), "all or nothing");
        assertEquals(changesBefore, Long.parseLong(Sql.rows(child, "SELECT COUNT(*) FROM GDB_CHANGES").get(0).get(0)));

        SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(false), null);
        assertEquals(SyncOutcome.PARTIAL, job.getOutcome());
        assertEquals(failing, job.getErrors().stream().map(SyncError::getGlobalId).toList(), "each failing record, once, in order");
        for (SyncError error : job.getErrors()) {
            assertTrue(error.getMessage().contains("POSITIVE_AREA"), error.getMessage());
        }
        for (int i = 0; i < 100; i++) {
            boolean bad = i % 7 == 3;
            assertEquals(bad ? "P" + i : "x" + i, value(child, "parcels", gid(i), "NAME"), "parcel " + i);
        }
        for (Map.Entry<String, Double> x : areas.entrySet()) {
            assertEquals(x.getValue(), value(child, "parcels", x.getKey(), "AREA"), x.getKey());
        }
        // the child's change log has the applied changes from the parent, and nothing of the failing ones
        List<String> received = Sql.rows(child, "SELECT GLOBALID FROM GDB_CHANGES WHERE SOURCE = '" + parent.guid() + "'").stream()
                .map(row -> row.get(0).trim()).toList();
        for (int i = 0; i < 100; i++) {
            assertEquals(!failing.contains(gid(i)), received.contains(gid(i)), "parcel " + i);
        }
        for (String gid : areas.keySet()) {
            assertEquals(!failing.contains(gid), received.contains(gid), gid);
        }
        for (String gid : failing) {
            if (areas.containsKey(gid)) {
                assertNull(child.row("parcels", gid).orElse(null), "a failed insert leaves no row");
                assertEquals(0, Sql.rows(child, "SELECT 1 FROM GDB_A_PARCELS WHERE GLOBALID = '" + gid + "'").size(), "nor an image");
            }
        }
    }

    /**
     * Records that may conflict (the child edited their rows too) are judged a block at a time, their rows read ahead and
     * their writes made with the block's: the same exchange applied record by record and in blocks of every size must leave
     * the same rows, change log (verdict marks included, in the same order), before-images, decisions and counts, on both sides.
     */
    @Test
    void recordsJudgedInBlocksLeaveWhatTheyLeaveRecordByRecord() throws Exception {
        List<List<List<String>>> reference = null;
        for (int size : new int[] { -1, 1, 3, 7, 0 }) { // record by record, then in blocks (0: the product's blocks)
            Path dir = tmp.resolve("blocks" + size);
            Geodatabase parent = keep(ReplicaFixture.parent(dir.resolve("parent")));
            Replicas.create(parent, dir.resolve("child"), ReplicaSpec.twoWay("r"), null);
            Geodatabase child = keep(Geodatabase.open(dir.resolve("child")));
            child.inTransaction(g -> {
                for (int i = 0; i < 100; i++) {
                    switch (i % 5) {
                        case 0 -> g.update("parcels", gid(i), Map.of("OWNER", "c" + i), null); // against a delete, or merges
                        case 1 -> g.update("parcels", gid(i), Map.of("OWNER", "c" + i), null); // merges with a rename
                        case 2 -> g.update("parcels", gid(i), Map.of("NAME", "c" + i), null); // a conflict, or merges with a move
                        case 3 -> g.update("parcels", gid(i), Map.of("NAME", "p" + i), null); // the same edit as the parent's, or none
                        default -> { } // the parent's edits arrive plain
                    }
                }
                return null;
            });
            parent.inTransaction(g -> {
                edits(g, "p", 100).forEach(Runnable::run);
                return null;
            });
            List<List<List<String>>> state = new ArrayList<>();
            org.geosync.core.internal.sync.Applier.testBlock = size;
            try {
                for (ConflictDefinition definition : List.of(ConflictDefinition.BY_COLUMN, ConflictDefinition.BY_ROW)) {
                    SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withConflicts(definition), null);
                    state.add(List.of(List.of(job.getOutcome().getLiteral(), "" + job.getInserts(), "" + job.getUpdates(), "" + job.getDeletes(),
                            "" + job.getConflicts())));
                    for (Geodatabase g : List.of(parent, child)) {
                        state.add(Sql.rows(g, "SELECT GLOBALID, GENERATION FROM GDB_CHANGES WHERE OPERATION = 'S' ORDER BY CHANGE_ID"));
                    }
                    // more edits of rows judged before, so the next exchange meets the verdicts and decisions the first left
                    for (Geodatabase g : List.of(parent, child)) {
                        String tag = g == parent ? "q" : "d";
                        g.inTransaction(x -> {
                            for (int i = 1; i < 100; i += 3) {
                                if (x.row("parcels", gid(i)).isEmpty()) {
                                    continue; // deleted
                                }
                                x.update("parcels", gid(i), Map.of(i % 2 == 0 ? "NAME" : "AREA", i % 2 == 0 ? tag + i : (Object) (1.0 * i)), null);
                            }
                            return null;
                        });
                    }
                }
                Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
            } finally {
                org.geosync.core.internal.sync.Applier.testBlock = 0;
            }
            for (Geodatabase g : List.of(parent, child)) {
                for (String query : List.of("SELECT GLOBALID, NAME, OWNER, AREA, ST_AsText(SHAPE) FROM PARCELS ORDER BY GLOBALID",
                        "SELECT DATASET, GLOBALID, OPERATION, GENERATION, SOURCE FROM GDB_CHANGES ORDER BY CHANGE_ID",
                        "SELECT GLOBALID, GENERATION, HAD_ANCESTOR, NAME, OWNER, AREA, ST_AsText(SHAPE) FROM GDB_A_PARCELS ORDER BY GLOBALID, GENERATION",
                        "SELECT DATASET, GLOBALID, GENERATION, SOURCE, FIELD FROM GDB_DECIDED ORDER BY GLOBALID, GENERATION, FIELD")) {
                    state.add(Sql.rows(g, query).stream()
                            .map(row -> row.stream().map(v -> v == null ? null : v.replace(parent.guid(), "PARENT").replace(child.guid(), "CHILD")).toList())
                            .toList());
                }
            }
            if (reference == null) {
                reference = state;
                assertTrue(reference.get(0).get(0).get(4).compareTo("0") > 0, "conflicts were met: " + reference.get(0));
                assertTrue(reference.get(2).size() > 10, "the child marked verdicts in the first exchange: " + reference.get(2));
            } else {
                for (int k = 0; k < state.size(); k++) {
                    assertEquals(reference.get(k), state.get(k), "blocks of " + size + ", check " + k);
                }
            }
        }
    }
}
