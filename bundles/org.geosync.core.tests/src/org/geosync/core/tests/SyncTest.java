package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.AREA;
import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.ConflictKind;
import org.geosync.model.ConflictResolution;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReplicaType;
import org.geosync.model.SpatialRelation;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncLayerResult;
import org.geosync.model.SyncModel;
import org.geosync.model.SyncOutcome;
import org.junit.jupiter.api.Test;

/**
 * Connected synchronization between a parent (Derby or PostgreSQL) and a Derby child (docs/sync-semantics.md: conflicts, policies,
 * filters at synchronization).
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(Engine.class)
class SyncTest extends ParentChildFixture {

    private SyncJob sync(SyncOptions options) throws GeodatabaseException {
        return Replicas.synchronize(parent, child, "r", options, null);
    }

    private SyncJob syncBack(SyncOptions options) throws GeodatabaseException {
        return Replicas.synchronize(child, parent, "r", options, null);
    }

    @Test
    void editsTravelBothWaysAndAreNotEchoed() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(1), Map.of("OWNER", "jones"), null);
        String added = child.insert("parcels", Map.of("NAME", "new", "OWNER", "crew", "AREA", 1.0), square(20, 20));
        child.delete("notes", gid(1002));
        SyncJob job = sync(SyncOptions.defaults());
        assertEquals(SyncOutcome.SUCCEEDED, job.getOutcome());
        assertEquals(1, job.getInserts());
        assertEquals(1, job.getUpdates());
        assertEquals(1, job.getDeletes());
        assertEquals("jones", value(child, "parcels", gid(1), "OWNER"));
        assertEquals("crew", value(parent, "parcels", added, "OWNER"));
        assertFalse(parent.row("notes", gid(1002)).isPresent());
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
        SyncJob again = sync(SyncOptions.defaults());
        assertEquals(0, again.getInserts() + again.getUpdates() + again.getDeletes(), "received changes are never sent back");
        assertTrue(Replicas.get(parent, "r").getMyGeneration() > 0);
        assertEquals(Replicas.get(parent, "r").getSibGeneration(), Replicas.get(child, "r").getMyGeneration());
    }

    @Test
    void moreEditsThanTheSynchronizationKeepsInMemoryTravelThroughItsTemporaryFile() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        int n = 2_600; // more than ChangeSpool.IN_MEMORY (2,000) each way: the rest goes through a temporary file
        List<String> fromParent = new java.util.ArrayList<>();
        parent.inTransaction(g -> {
            for (int i = 0; i < n; i++) {
                fromParent.add(g.insert("parcels", Map.of("NAME", "p" + i, "OWNER", i % 2 == 0 ? "even" : "odd", "AREA", i + 0.5),
                        square(i % 10, i % 7)));
            }
            return null;
        });
        child.inTransaction(g -> {
            for (int i = 0; i < n; i++) {
                g.insert("notes", Map.of("TEXT", "c" + i, "PRIORITY", i % 5), null);
            }
            g.update("parcels", gid(3), Map.of("OWNER", "child"), square(4, 4));
            return null;
        });
        SyncJob job = sync(SyncOptions.defaults());
        assertEquals(SyncOutcome.SUCCEEDED, job.getOutcome());
        assertEquals(2L * n, job.getInserts());
        assertEquals(1, job.getUpdates());
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
        assertEquals(ReplicaFixture.rows(parent, "NOTES"), ReplicaFixture.rows(child, "NOTES"));
        assertEquals("p" + (n - 1), value(child, "parcels", fromParent.get(n - 1), "NAME"));
        assertEquals(n + 0.5 - 1, value(child, "parcels", fromParent.get(n - 1), "AREA"));
        assertEquals(0, sync(SyncOptions.defaults()).getInserts(), "nothing is sent twice");
    }

    @Test
    void countsWhatEachSideSentAndReceivedPerDataset() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(1), Map.of("OWNER", "jones"), null);
        parent.update("parcels", gid(2), Map.of("OWNER", "smith"), null);
        parent.insert("parcels", Map.of("NAME", "from parent", "OWNER", "city", "AREA", 1.0), square(30, 30));
        child.update("parcels", gid(3), Map.of("OWNER", "crew"), null);
        child.delete("notes", gid(1002));
        SyncJob job = sync(SyncOptions.defaults());
        assertEquals(3, job.getSent(), "the parent sent its three edits");
        assertEquals(2, job.getReceived(), "and received the child's two");
        SyncLayerResult parcels = layer(job, "PARCELS");
        SyncLayerResult notes = layer(job, "NOTES");
        assertEquals(List.of(3L, 1L, 1L, 3L, 0L), List.of(parcels.getSent(), parcels.getReceived(), parcels.getInserts(),
                parcels.getUpdates(), parcels.getDeletes()), "PARCELS: sent, received, inserts, updates, deletes");
        assertEquals(List.of(0L, 1L, 0L, 0L, 1L), List.of(notes.getSent(), notes.getReceived(), notes.getInserts(),
                notes.getUpdates(), notes.getDeletes()), "NOTES: sent, received, inserts, updates, deletes");
        SyncJob kept = Replicas.get(child, "r").getSyncJobs().get(Replicas.get(child, "r").getSyncJobs().size() - 1);
        assertEquals(List.of(2L, 3L), List.of(kept.getSent(), kept.getReceived()), "the child's record counts from the child's side");
        assertEquals(List.of(1L, 3L), List.of(layer(kept, "PARCELS").getSent(), layer(kept, "PARCELS").getReceived()));

        child.update("parcels", gid(4), Map.of("OWNER", "crew"), null);
        SyncJob back = syncBack(SyncOptions.defaults());
        assertEquals(List.of(1L, 0L), List.of(back.getSent(), back.getReceived()), "received changes are not sent back");
        SyncJob nothing = sync(SyncOptions.defaults());
        assertEquals(List.of(0L, 0L), List.of(nothing.getSent(), nothing.getReceived()));
    }

    private static SyncLayerResult layer(SyncJob job, String dataset) {
        return job.getLayerResults().stream().filter(l -> l.getDatasetName().equals(dataset)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + dataset + " in " + job.getLayerResults()));
    }

    @Test
    void aReplicaAreaIsAppliedAtEverySynchronization() throws Exception {
        replica(ReplicaSpec.twoWay("r").withArea(AREA, 3857, SpatialRelation.INTERSECTS));
        // 1. moved inside the area; 2. moved out of it; 3. moved from outside into it; 4. moved outside to outside
        parent.update("parcels", gid(11), Map.of("NAME", "case 1"), square(2, 2));
        parent.update("parcels", gid(22), Map.of("NAME", "case 2"), square(8, 8));
        parent.update("parcels", gid(99), Map.of("NAME", "case 3"), square(3, 3));
        parent.update("parcels", gid(88), Map.of("NAME", "case 4"), square(7, 6));
        // note: inserted then moved out before a sync
        String note = parent.insert("parcels", Map.of("NAME", "note", "OWNER", "x", "AREA", 1.0), square(1, 1));
        parent.update("parcels", note, Map.of(), square(9, 9));
        // a new feature inside and one outside the area
        String in = parent.insert("parcels", Map.of("NAME", "in", "OWNER", "x", "AREA", 1.0), square(4, 0));
        String out = parent.insert("parcels", Map.of("NAME", "out", "OWNER", "x", "AREA", 1.0), square(9, 0));
        sync(SyncOptions.defaults());
        assertEquals("case 1", value(child, "parcels", gid(11), "NAME"));
        assertEquals("case 2", value(child, "parcels", gid(22), "NAME"), "moved out: sent, although outside now");
        assertEquals(square(8, 8), value(child, "parcels", gid(22), "SHAPE"));
        assertEquals("case 3", value(child, "parcels", gid(99), "NAME"), "moved in: arrives as a new row");
        assertFalse(child.row("parcels", gid(88)).isPresent(), "outside to outside: not sent");
        assertFalse(child.row("parcels", note).isPresent(), "inserted then moved out before a sync: not sent");
        assertTrue(child.row("parcels", in).isPresent());
        assertFalse(child.row("parcels", out).isPresent());
        // the feature moved out earlier is outside at the previous sync now: moving it again is not sent
        parent.update("parcels", gid(22), Map.of("NAME", "again"), square(9, 8));
        sync(SyncOptions.defaults());
        assertEquals("case 2", value(child, "parcels", gid(22), "NAME"));
        // the child's edits obey the same filter
        String childOut = child.insert("parcels", Map.of("NAME", "crew", "OWNER", "x", "AREA", 1.0), square(9, 9));
        child.update("parcels", gid(0), Map.of("NAME", "crew edit"), null);
        sync(SyncOptions.defaults());
        assertFalse(parent.row("parcels", childOut).isPresent(), "an insert outside the area is not sent");
        assertEquals("crew edit", value(parent, "parcels", gid(0), "NAME"));
    }

    @Test
    void selectionSetsAreIgnoredAtSyncAndDefinitionQueriesApply() throws Exception {
        replica(ReplicaSpec.twoWay("r").withDatasets(List.of(new DatasetSpec("parcels", null, false, List.of(1L, 2L)),
                new DatasetSpec("notes", "PRIORITY = 2", false, List.of()))));
        assertEquals(2, child.rowCount("parcels"));
        assertEquals(3, child.rowCount("notes"));
        parent.update("parcels", gid(50), Map.of("NAME", "any row"), null);
        parent.update("notes", gid(1000), Map.of("TEXT", "low"), null); // priority 0: outside the query
        parent.update("notes", gid(1001), Map.of("PRIORITY", 2), null); // now matches
        parent.update("notes", gid(1002), Map.of("TEXT", "high"), null); // priority 2
        sync(SyncOptions.defaults());
        assertEquals("any row", value(child, "parcels", gid(50), "NAME"), "the selection set does not filter at sync");
        assertFalse(child.row("notes", gid(1000)).isPresent());
        assertTrue(child.row("notes", gid(1001)).isPresent());
        assertEquals("high", value(child, "notes", gid(1002), "TEXT"));
    }

    @Test
    void schemaOnlyDatasetsCarryNoRows() throws Exception {
        replica(ReplicaSpec.twoWay("r").withDatasets(List.of(DatasetSpec.all("parcels"), new DatasetSpec("notes", null, true, List.of()))));
        parent.update("notes", gid(1000), Map.of("TEXT", "x"), null);
        String note = child.insert("notes", Map.of("TEXT", "child note", "PRIORITY", 1), null);
        sync(SyncOptions.defaults());
        assertEquals(0, child.rowCount("notes") - 1);
        assertFalse(parent.row("notes", note).isPresent());
    }

    private void bothEdit() throws GeodatabaseException {
        parent.update("parcels", gid(5), Map.of("OWNER", "parent owner"), null);
        child.update("parcels", gid(5), Map.of("OWNER", "child owner"), null);
        // different fields of one row
        parent.update("parcels", gid(6), Map.of("OWNER", "parent owner"), null);
        child.update("parcels", gid(6), Map.of("NAME", "child name"), null);
    }

    @Test
    void favourTheParentByDefaultAndConvergeByRow() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        bothEdit();
        SyncJob job = sync(SyncOptions.defaults());
        assertEquals(2, job.getConflicts(), "by row, an edit of another field of the same row conflicts too");
        assertEquals("parent owner", value(child, "parcels", gid(5), "OWNER"));
        assertEquals("parent owner", value(child, "parcels", gid(6), "OWNER"));
        assertEquals("P6", value(child, "parcels", gid(6), "NAME"), "by row the parent's whole row wins");
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
    }

    @Test
    void byColumnEditsOfDifferentFieldsMerge() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        bothEdit();
        SyncJob job = sync(SyncOptions.defaults().withPolicy(Winner.SECOND).withConflicts(ConflictDefinition.BY_COLUMN));
        assertEquals(1, job.getConflicts());
        assertEquals("child owner", value(parent, "parcels", gid(5), "OWNER"), "favour the second (the child)");
        assertEquals("parent owner", value(parent, "parcels", gid(6), "OWNER"));
        assertEquals("child name", value(parent, "parcels", gid(6), "NAME"), "merged");
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
    }

    @Test
    void updateDeleteConflictsFollowThePolicy() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(7), Map.of("OWNER", "kept"), null);
        child.delete("parcels", gid(7));
        child.update("parcels", gid(8), Map.of("OWNER", "child"), null);
        parent.delete("parcels", gid(8));
        sync(SyncOptions.defaults().withPolicy(Winner.FIRST));
        assertEquals("kept", value(child, "parcels", gid(7), "OWNER"), "the parent's update wins over the child's delete");
        assertFalse(child.row("parcels", gid(8)).isPresent(), "the parent's delete wins over the child's update");
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
    }

    @Test
    void manualPolicyStoresConflictsAndTheReplicaCannotSendUntilResolved() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        bothEdit();
        parent.update("parcels", gid(9), Map.of("NAME", "no conflict"), null);
        SyncJob job = sync(SyncOptions.defaults().withPolicy(Winner.MANUAL).withConflicts(ConflictDefinition.BY_COLUMN));
        assertEquals(1, job.getConflicts());
        assertEquals("no conflict", value(child, "parcels", gid(9), "NAME"), "everything else is applied");
        assertEquals("child name", value(parent, "parcels", gid(6), "NAME"));
        assertEquals("parent owner", value(parent, "parcels", gid(5), "OWNER"), "conflicting rows keep the database values");
        assertTrue(Replicas.get(parent, "r").isInConflict());
        List<Conflict> open = Replicas.conflicts(parent, "r", true);
        assertEquals(1, open.size());
        Conflict c = open.get(0);
        assertEquals(ConflictKind.UPDATE_UPDATE, c.getKind());
        assertEquals(gid(5), c.getGlobalId());
        var owner = c.getFieldValues().stream().filter(v -> v.getFieldName().equals("OWNER")).findFirst().orElseThrow();
        assertEquals("city", owner.getAncestorValue());
        assertEquals("parent owner", owner.getDatabaseValue());
        assertEquals("child owner", owner.getImportedValue());
        assertTrue(owner.isConflicting());
        // in conflict: it may receive but not send
        GeodatabaseException refused = assertThrows(GeodatabaseException.class, () -> sync(SyncOptions.defaults()));
        assertTrue(refused.getMessage().contains("in conflict"), refused.getMessage());
        child.update("parcels", gid(10), Map.of("NAME", "received anyway"), null);
        syncBack(SyncOptions.defaults().withDirection(Direction.FIRST_TO_SECOND));
        assertEquals("received anyway", value(parent, "parcels", gid(10), "NAME"));
        // resolving the last conflict clears the state; the decision reaches the child at the next sync
        assertEquals(1, Replicas.resolve(parent, "r", null, ConflictResolution.TAKE_IMPORTED, null));
        assertFalse(Replicas.get(parent, "r").isInConflict());
        assertEquals("child owner", value(parent, "parcels", gid(5), "OWNER"));
        sync(SyncOptions.defaults());
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
    }

    @Test
    void resolvingByFieldAndTakingTheDatabaseReachesTheRelative() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(5), Map.of("OWNER", "p", "NAME", "pn"), null);
        child.update("parcels", gid(5), Map.of("OWNER", "c", "NAME", "cn"), null);
        sync(SyncOptions.defaults().withPolicy(Winner.MANUAL));
        long id = Replicas.conflicts(parent, "r", true).get(0).getId();
        assertEquals(0, Replicas.resolve(parent, "r", List.of(id), ConflictResolution.TAKE_IMPORTED, "OWNER"), "NAME still conflicts");
        assertEquals(1, Replicas.resolve(parent, "r", List.of(id), ConflictResolution.TAKE_DATABASE, "NAME"));
        assertEquals(ConflictResolution.MIXED, Replicas.conflicts(parent, "r", false).get(0).getResolution());
        sync(SyncOptions.defaults());
        assertEquals("c", value(child, "parcels", gid(5), "OWNER"));
        assertEquals("pn", value(child, "parcels", gid(5), "NAME"));
        assertThrows(GeodatabaseException.class, () -> Replicas.resolve(parent, "r", List.of(id), ConflictResolution.TAKE_DATABASE, null));
    }

    @Test
    void rollbackOnFailureTrueAppliesNothingFalseSkipsAndReports() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        // the child's administrator added a rule of their own: areas are positive
        child.executeSql("ALTER TABLE PARCELS ADD CONSTRAINT POSITIVE_AREA CHECK (AREA > 0)", null);
        parent.update("parcels", gid(1), Map.of("AREA", -1.0), null);
        parent.update("parcels", gid(2), Map.of("NAME", "fine"), null);
        long generation = Replicas.get(parent, "r").getMyGeneration();
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> sync(SyncOptions.defaults().withRollbackOnFailure(true)));
        assertTrue(e.getMessage().contains(gid(1)), e.getMessage());
        assertEquals("P2", value(child, "parcels", gid(2), "NAME"), "all or nothing");
        assertEquals(generation, Replicas.get(parent, "r").getMyGeneration(), "the parent's replica record is unchanged too");
        SyncJob job = sync(SyncOptions.defaults().withRollbackOnFailure(false));
        assertEquals(SyncOutcome.PARTIAL, job.getOutcome());
        assertEquals(1, job.getErrors().size());
        assertEquals(gid(1), job.getErrors().get(0).getGlobalId());
        assertTrue(job.getErrors().get(0).getMessage().contains("POSITIVE_AREA"), job.getErrors().get(0).getMessage());
        assertEquals("fine", value(child, "parcels", gid(2), "NAME"));
    }

    @Test
    void perLayerReplicasSynchronizeAChosenSubset() throws Exception {
        replica(ReplicaSpec.twoWay("r").withSyncModel(SyncModel.PER_LAYER));
        parent.update("parcels", gid(1), Map.of("NAME", "layer"), null);
        parent.update("notes", gid(1001), Map.of("TEXT", "later"), null);
        sync(SyncOptions.defaults().withLayers(List.of("notes")));
        assertEquals("later", value(child, "notes", gid(1001), "TEXT"));
        assertEquals("P1", value(child, "parcels", gid(1), "NAME"), "not synchronized yet");
        var before = Replicas.get(parent, "r");
        assertTrue(before.getDatasets().stream().filter(d -> d.getDatasetName().equals("NOTES")).findFirst().orElseThrow().getMyGeneration()
                > before.getDatasets().stream().filter(d -> d.getDatasetName().equals("PARCELS")).findFirst().orElseThrow().getMyGeneration(),
                "each layer has its own generations");
        sync(SyncOptions.defaults().withLayers(List.of("parcels")));
        assertEquals("layer", value(child, "parcels", gid(1), "NAME"));
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> sync(SyncOptions.defaults().withLayers(List.of("roads"))));
        assertTrue(e.getMessage().contains("ROADS"));
    }

    @Test
    void perReplicaReplicasRefuseALayerSubset() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> sync(SyncOptions.defaults().withLayers(List.of("notes"))));
        assertTrue(e.getMessage().contains("per-replica"), e.getMessage());
    }

    @Test
    void oneWayAndCheckoutReplicasOnlySendTheirWay() throws Exception {
        replica(ReplicaSpec.twoWay("r").withType(ReplicaType.ONE_WAY, OneWayDirection.PARENT_TO_CHILD));
        child.update("parcels", gid(1), Map.of("NAME", "child edit"), null);
        parent.update("parcels", gid(2), Map.of("NAME", "parent edit"), null);
        sync(SyncOptions.defaults());
        assertEquals("parent edit", value(child, "parcels", gid(2), "NAME"));
        assertEquals("P1", value(parent, "parcels", gid(1), "NAME"), "a one-way parent-to-child replica does not send the child's edits");
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> syncBack(SyncOptions.defaults().withDirection(Direction.FIRST_TO_SECOND)));
        assertTrue(e.getMessage().contains("cannot send"), e.getMessage());
    }

    @Test
    void changesReceivedFromOneChildAreForwardedToAnother() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        Replicas.create(parent, tmp.resolve("other"), ReplicaSpec.twoWay("other"), null);
        try (Geodatabase other = Geodatabase.open(tmp.resolve("other"))) {
            child.update("parcels", gid(3), Map.of("NAME", "from child"), null);
            sync(SyncOptions.defaults());
            Replicas.synchronize(parent, other, "other", SyncOptions.defaults(), null);
            assertEquals("from child", value(other, "parcels", gid(3), "NAME"));
        }
    }

    @Test
    void randomEditsOnBothSidesConvergeWithAnAutomaticPolicy() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 4; round++) {
            for (Geodatabase side : new Geodatabase[] { parent, child }) {
                for (int i = 0; i < 15; i++) {
                    String g = gid(random.nextInt(100));
                    int what = random.nextInt(10);
                    if (side.row("parcels", g).isEmpty()) {
                        continue;
                    }
                    if (what == 0) {
                        side.delete("parcels", g);
                    } else if (what < 4) {
                        side.update("parcels", g, Map.of(), square(random.nextInt(12), random.nextInt(12)));
                    } else {
                        side.update("parcels", g, Map.of(random.nextBoolean() ? "NAME" : "OWNER", "v" + random.nextInt(1000)), null);
                    }
                }
                side.insert("parcels", Map.of("NAME", "new" + round, "OWNER", "x", "AREA", 1.0), square(round, 11));
            }
            sync(SyncOptions.defaults().withConflicts(random.nextBoolean() ? ConflictDefinition.BY_COLUMN : ConflictDefinition.BY_ROW));
            assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"), "round " + round);
        }
    }
}
