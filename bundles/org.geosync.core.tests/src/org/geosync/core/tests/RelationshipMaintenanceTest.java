package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.SpatialRelation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relationships kept by synchronization (docs/sync-semantics.md, "Relationship maintenance"), each case found by
 * {@link RelatedConvergenceTest}: related rows judged against their origin as of the previous synchronization,
 * a received delete of a destination removing its relationship rows, and a relationship to a row deleted
 * meanwhile on the other side voided on both sides. Parcels, inspections (1:M by GLOBALID) and owners (attributed
 * M:N in PARCEL_OWNERS) of {@link ReplicaFixture#relatedParent}; parcel 0 has inspection 2000 and relationship
 * row 4000 (to owner 3000), parcel 5 has inspection 2015 and relationship row 4035.
 */
class RelationshipMaintenanceTest {

    @TempDir
    Path tmp;
    Geodatabase parent;
    Geodatabase child;

    @AfterEach
    void close() {
        if (child != null) {
            child.close();
        }
        parent.close();
    }

    /** A child cut by the area over grid cells 0..4 x 0..4, its related datasets schema-only or all rows, related data on. */
    private void areaChild(boolean inspectionsSchemaOnly, boolean linksSchemaOnly) throws Exception {
        parent = ReplicaFixture.relatedParent(tmp.resolve("parent"));
        Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r").withArea(ReplicaFixture.AREA, 3857, SpatialRelation.INTERSECTS)
                .withRelated(true).withDatasets(List.of(DatasetSpec.all("parcels"), new DatasetSpec("inspections", null, inspectionsSchemaOnly, List.of()),
                        DatasetSpec.all("owners"), new DatasetSpec("parcel_owners", null, linksSchemaOnly, List.of()))), null);
        child = Geodatabase.open(tmp.resolve("child"));
    }

    private static Map<String, Object> released() {
        Map<String, Object> v = new HashMap<>();
        v.put("PARCEL_GID", null);
        return v;
    }

    @Test
    void editsOfRowsRelatedToAnOriginThatLeftTheReplicaAreSentWhenItWasInTheReplicaAtThePreviousSynchronization() throws Exception {
        areaChild(true, true);
        assertTrue(child.row("inspections", gid(2000)).isPresent() && child.row("parcel_owners", gid(4000)).isPresent());
        parent.update("parcels", gid(0), Map.of(), square(9, 9)); // out of the area
        parent.update("inspections", gid(2000), Map.of("RESULT", "checked"), null);
        parent.delete("parcel_owners", gid(4000));
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertEquals(square(9, 9), ReplicaFixture.value(child, "parcels", gid(0), "SHAPE"), "the parcel moved out: sent");
        assertEquals("checked", ReplicaFixture.value(child, "inspections", gid(2000), "RESULT"),
                "its inspection was in the replica at the previous synchronization (related to a parcel inside): sent");
        assertFalse(child.row("parcel_owners", gid(4000)).isPresent(), "so was its relationship row: its delete is sent");
    }

    @Test
    void aReceivedDeleteOfADestinationRemovesItsRelationshipRowsEvenThoseTheSenderNeverHeld() throws Exception {
        areaChild(true, true);
        // owner 3000 is related to parcels 0, 30, 20 (inside the area: rows 4000, 4010, 4040) and 60, 90, 50 (outside: 4020, 4030, 4050)
        assertEquals(List.of(List.of("3")), Sql.rows(child, "SELECT COUNT(*) FROM PARCEL_OWNERS WHERE OWNER_GID = '" + gid(3000) + "'"));
        for (int i : new int[] { 0, 10, 40 }) {
            child.delete("parcel_owners", gid(4000 + i));
        }
        child.delete("owners", gid(3000));
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertFalse(parent.row("owners", gid(3000)).isPresent());
        assertEquals(List.of(List.of("0")), Sql.rows(parent, "SELECT COUNT(*) FROM PARCEL_OWNERS WHERE OWNER_GID = '" + gid(3000) + "'"),
                "a relationship row needs both its ends");
        assertEquals(54, parent.rowCount("parcel_owners"));
        assertTrue(parent.row("parcels", gid(60)).isPresent(), "related objects are never deleted");
    }

    @Test
    void aRelationshipToARowDeletedMeanwhileOnTheOtherSideIsVoidedOnBothSides() throws Exception {
        parent = ReplicaFixture.relatedParent(tmp.resolve("parent"));
        Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
        child = Geodatabase.open(tmp.resolve("child"));
        // the parent deletes parcel 5 with its relationships, as an editor does ...
        parent.update("inspections", gid(2015), released(), null);
        parent.delete("parcel_owners", gid(4035));
        parent.delete("parcels", gid(5));
        // ... while the child relates a new inspection and a new owner to it
        String inspection = child.insert("inspections", Map.of("PARCEL_GID", gid(5), "RESULT", "new"), null);
        String link = child.insert("parcel_owners", Map.of("PARCEL_GID", gid(5), "OWNER_GID", gid(3001), "SHARE_PCT", 50), null);
        Replicas.synchronize(child, parent, "r", SyncOptions.defaults(), null);
        for (Geodatabase g : List.of(parent, child)) {
            assertFalse(g.row("parcels", gid(5)).isPresent());
            assertNull(ReplicaFixture.value(g, "inspections", inspection, "PARCEL_GID"), "the foreign key to the deleted parcel is NULL on " + g.directory());
            assertEquals("new", ReplicaFixture.value(g, "inspections", inspection, "RESULT"), "the inspection itself stays");
            assertFalse(g.row("parcel_owners", link).isPresent(), "the relationship row to the deleted parcel is removed on " + g.directory());
            assertTrue(g.row("owners", gid(3001)).isPresent());
        }
        assertEquals(ReplicaFixture.rows(parent, "INSPECTIONS"), ReplicaFixture.rows(child, "INSPECTIONS"));
        assertEquals(ReplicaFixture.rows(parent, "PARCEL_OWNERS"), ReplicaFixture.rows(child, "PARCEL_OWNERS"));
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertEquals(ReplicaFixture.rows(parent, "INSPECTIONS"), ReplicaFixture.rows(child, "INSPECTIONS"), "and stays so");
    }

    @Test
    void aRelationshipToARowTheParentDeletedOutsideTheReplicaIsVoidedThereAndTheVoidingSentBack() throws Exception {
        areaChild(false, true);
        parent.update("parcels", gid(0), Map.of(), square(9, 9));
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        parent.update("inspections", gid(2000), released(), null);
        parent.delete("parcel_owners", gid(4000));
        parent.delete("parcels", gid(0)); // outside the replica: the child is not told (the replica filter rules)
        // the child still holds parcel 0 as it left the area and relates a new inspection to it (all inspections travel)
        String inspection = child.insert("inspections", Map.of("PARCEL_GID", gid(0), "RESULT", "late"), null);
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertTrue(child.row("parcels", gid(0)).isPresent(), "the delete outside the replica is not sent");
        assertEquals("late", ReplicaFixture.value(parent, "inspections", inspection, "RESULT"));
        assertNull(ReplicaFixture.value(parent, "inspections", inspection, "PARCEL_GID"), "no foreign key to a deleted parcel on the parent");
        assertNull(ReplicaFixture.value(child, "inspections", inspection, "PARCEL_GID"),
                "the parent's voiding is its own edit, sent back in the same synchronization");
        assertEquals(ReplicaFixture.rows(parent, "INSPECTIONS"), ReplicaFixture.rows(child, "INSPECTIONS"));
    }

    /** A full two-way child {@code name} of the related parent. */
    private Geodatabase fullChild(String name) throws Exception {
        Replicas.create(parent, tmp.resolve(name), ReplicaSpec.twoWay(name), null);
        return Geodatabase.open(tmp.resolve(name));
    }

    @Test
    void anOriginDeletedThroughSqlVoidsItsRelationshipsThereAsOnTheReceivingSide() throws Exception {
        parent = ReplicaFixture.relatedParent(tmp.resolve("parent"));
        child = fullChild("r");
        // parcel 5 has inspection 2015 and relationship row 4035 (to owner 3005); no editor involved: plain SQL
        child.executeSql("DELETE FROM PARCELS WHERE GLOBALID = '" + gid(5) + "'", null);
        assertNull(ReplicaFixture.value(child, "inspections", gid(2015), "PARCEL_GID"), "the foreign key is NULL where the origin was deleted");
        assertFalse(child.row("parcel_owners", gid(4035)).isPresent(), "the relationship row is removed where the origin was deleted");
        assertTrue(child.row("owners", gid(3005)).isPresent(), "related objects are never deleted");
        Replicas.synchronize(child, parent, "r", SyncOptions.defaults(), null);
        for (String dataset : List.of("PARCELS", "INSPECTIONS", "OWNERS", "PARCEL_OWNERS")) {
            assertEquals(ReplicaFixture.rows(parent, dataset), ReplicaFixture.rows(child, dataset), dataset + " the same on both sides");
        }
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertEquals(ReplicaFixture.rows(parent, "INSPECTIONS"), ReplicaFixture.rows(child, "INSPECTIONS"), "and stays so");
    }

    @Test
    void aDestinationDeletedThroughSqlLosesItsRelationshipRowsAndTheChangeIsReplicated() throws Exception {
        parent = ReplicaFixture.relatedParent(tmp.resolve("parent"));
        child = fullChild("r");
        parent.executeSql("DELETE FROM OWNERS WHERE GLOBALID = '" + gid(3001) + "'", null);
        assertEquals(List.of(List.of("0")), Sql.rows(parent, "SELECT COUNT(*) FROM PARCEL_OWNERS WHERE OWNER_GID = '" + gid(3001) + "'"),
                "a relationship row needs both its ends");
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertEquals(ReplicaFixture.rows(parent, "PARCEL_OWNERS"), ReplicaFixture.rows(child, "PARCEL_OWNERS"));
        assertEquals(54, child.rowCount("parcel_owners"));
    }

    @Test
    void aGeodatabaseWithoutRelationshipTriggersGainsThemOnOpen() throws Exception {
        parent = ReplicaFixture.relatedParent(tmp.resolve("parent"));
        // as a geodatabase made before the database kept relationships
        parent.inTransaction(g -> {
            try (java.sql.Statement st = g.connection().createStatement()) {
                st.executeUpdate("DROP TRIGGER GDB_RKO_PARCEL_INSPECTIONS");
                st.executeUpdate("DROP TRIGGER GDB_RKO_PARCEL_OWNERS");
                st.executeUpdate("DROP TRIGGER GDB_RKD_PARCEL_OWNERS");
            }
            return null;
        });
        parent.close();
        parent = Geodatabase.open(tmp.resolve("parent"));
        parent.executeSql("DELETE FROM PARCELS WHERE GLOBALID = '" + gid(5) + "'", null);
        assertNull(ReplicaFixture.value(parent, "inspections", gid(2015), "PARCEL_GID"));
        assertFalse(parent.row("parcel_owners", gid(4035)).isPresent());
        parent.executeSql("DELETE FROM OWNERS WHERE GLOBALID = '" + gid(3001) + "'", null);
        assertEquals(List.of(List.of("0")), Sql.rows(parent, "SELECT COUNT(*) FROM PARCEL_OWNERS WHERE OWNER_GID = '" + gid(3001) + "'"));
    }

    /**
     * Found by RelatedConvergenceTest (seed 1064907885579, scenario 47): a relationship row the parent sent in a message that was
     * not acknowledged yet, then removed because another child deleted its owner, must still reach that message's receiver as a
     * delete (it was inserted and deleted since the acknowledged generation, but the receiver holds it).
     */
    @Test
    void aRelationshipRowSentUnacknowledgedAndThenRemovedByAnotherReplicasDeleteIsDeletedOnItsReceiver() throws Exception {
        parent = ReplicaFixture.relatedParent(tmp.resolve("parent"));
        Geodatabase a = fullChild("a");
        try {
            // like c2 of the seed: all relationship rows, no owners (schema-only, related data off)
            Replicas.create(parent, tmp.resolve("b"), ReplicaSpec.twoWay("b").withDatasets(List.of(DatasetSpec.all("parcels"),
                    DatasetSpec.all("inspections"), new DatasetSpec("owners", null, true, List.of()), DatasetSpec.all("parcel_owners"),
                    DatasetSpec.all("notes"))), null);
            child = Geodatabase.open(tmp.resolve("b"));
            a.delete("owners", gid(3005));
            String link = parent.insert("parcel_owners", Map.of("PARCEL_GID", gid(8), "OWNER_GID", gid(3005), "SHARE_PCT", 58), null);
            Messages.exportChanges(parent, "b", tmp.resolve("b1.zip"), ExportOptions.defaults(), null);
            Messages.importMessage(child, tmp.resolve("b1.zip"), ImportOptions.defaults(), null);
            assertTrue(child.row("parcel_owners", link).isPresent());
            Replicas.synchronize(a, parent, "a", SyncOptions.defaults(), null);
            assertFalse(parent.row("parcel_owners", link).isPresent(), "the owner's delete removed the relationship row on the parent");
            Replicas.synchronize(parent, child, "b", SyncOptions.defaults(), null);
            assertFalse(child.row("parcel_owners", link).isPresent(), "and on the replica that had received it");
            assertEquals(ReplicaFixture.rows(parent, "PARCEL_OWNERS"), ReplicaFixture.rows(child, "PARCEL_OWNERS"));
        } finally {
            a.close();
        }
    }
}
