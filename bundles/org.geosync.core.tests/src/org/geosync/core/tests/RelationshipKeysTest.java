package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.SyncJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relationship classes keyed by OBJECTID (local to each geodatabase, carried as GlobalIDs): the datasets of a
 * synchronization or message are applied origins first, so a new row related to a new origin finds it; a key that names a
 * row the receiver does not hold is a skipped edit with its reason, never a silent NULL. ZONES (origin) sorts after ASSETS
 * (destination, ZONE_OID) and after the attributed relationship table ASSIGNMENTS (ZONE_OID, ASSET_OID): alphabetical order
 * would apply them the wrong way round.
 */
class RelationshipKeysTest {

    @TempDir
    Path tmp;
    Geodatabase parent;
    Geodatabase child;

    @BeforeEach
    void parent() throws Exception {
        parent = Geodatabase.create(tmp.resolve("parent"));
        parent.createTable("zones", List.of(Field.of("NAME", FieldType.TEXT)));
        parent.createTable("assets", List.of(Field.of("ZONE_OID", FieldType.INTEGER), Field.of("NAME", FieldType.TEXT)));
        parent.createRelationshipClass(RelationshipClass.simple("zone_assets", "zones", "assets", "OBJECTID", "ZONE_OID", Cardinality.ONE_TO_MANY));
        parent.createRelationshipClass(RelationshipClass.withTable("assignments", "zones", "assets", "OBJECTID", "ZONE_OID",
                Cardinality.MANY_TO_MANY, true, "OBJECTID", "ASSET_OID", List.of(Field.of("HOURS", FieldType.INTEGER))));
        for (int i = 0; i < 3; i++) {
            parent.insert("zones", Map.of("NAME", "Z" + i), null);
        }
    }

    @AfterEach
    void close() {
        if (child != null) {
            child.close();
        }
        parent.close();
    }

    private void child(ReplicaSpec spec) throws Exception {
        Replicas.create(parent, tmp.resolve("child"), spec, null);
        child = Geodatabase.open(tmp.resolve("child"));
        // the child numbers its own rows: its ObjectIDs and the parent's part ways
        child.insert("zones", Map.of("NAME", "child zone"), null);
        parent.insert("zones", Map.of("NAME", "parent zone 1"), null);
        parent.insert("zones", Map.of("NAME", "parent zone 2"), null);
    }

    private static int oid(Geodatabase g, String table, String gid) throws GeodatabaseException {
        return Integer.parseInt(Sql.rows(g, "SELECT OBJECTID FROM " + table + " WHERE GLOBALID = '" + gid + "'").get(0).get(0));
    }

    /** The new zone and asset related to it (and their relationship row), made on {@code g}: GlobalIDs of zone, asset, row. */
    private static String[] related(Geodatabase g) throws GeodatabaseException {
        String zone = g.insert("zones", Map.of("NAME", "new zone"), null);
        String asset = g.insert("assets", Map.of("ZONE_OID", oid(g, "ZONES", zone), "NAME", "new asset"), null);
        String row = g.insert("assignments", Map.of("ZONE_OID", oid(g, "ZONES", zone), "ASSET_OID", oid(g, "ASSETS", asset), "HOURS", 8), null);
        return new String[] { zone, asset, row };
    }

    /** Asserts that {@code g} relates the asset and the relationship row to the zone, by its own ObjectIDs. */
    private static void assertRelated(Geodatabase g, String[] made) throws GeodatabaseException {
        int zone = oid(g, "ZONES", made[0]);
        assertEquals(List.of(List.of(String.valueOf(zone))), Sql.rows(g, "SELECT ZONE_OID FROM ASSETS WHERE GLOBALID = '" + made[1] + "'"),
                "the asset names the new zone on " + g.directory());
        assertEquals(List.of(List.of(String.valueOf(zone), String.valueOf(oid(g, "ASSETS", made[1])))),
                Sql.rows(g, "SELECT ZONE_OID, ASSET_OID FROM ASSIGNMENTS WHERE GLOBALID = '" + made[2] + "'"),
                "the relationship row names the new zone and asset on " + g.directory());
    }

    @Test
    void aNewRowRelatedToANewOriginByObjectIdKeepsItsRelationshipThroughConnectedSync() throws Exception {
        child(ReplicaSpec.twoWay("r"));
        String[] fromParent = related(parent);
        String[] fromChild = related(child);
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertRelated(child, fromParent);
        assertRelated(parent, fromChild);
        assertNotEquals(oid(parent, "ZONES", fromParent[0]), oid(child, "ZONES", fromParent[0]), "the ObjectIDs differ, the relationship holds");
    }

    @Test
    void aNewRowRelatedToANewOriginByObjectIdKeepsItsRelationshipThroughAMessage() throws Exception {
        child(ReplicaSpec.twoWay("r"));
        String[] fromParent = related(parent);
        Messages.exportChanges(parent, "r", tmp.resolve("m1.zip"), ExportOptions.defaults().withSwitchToReceiver(true), null);
        Messages.importMessage(child, tmp.resolve("m1.zip"), ImportOptions.defaults(), null);
        assertRelated(child, fromParent);
        String[] fromChild = related(child);
        Messages.exportChanges(child, "r", tmp.resolve("m2.zip"), ExportOptions.defaults(), null);
        Messages.importMessage(parent, tmp.resolve("m2.zip"), ImportOptions.defaults(), null);
        assertRelated(parent, fromChild);
    }

    @Test
    void aKeyNamingARowTheReceiverDoesNotHoldIsASkippedEditWithItsReasonNotASilentNull() throws Exception {
        child(ReplicaSpec.twoWay("r").withDatasets(List.of(new DatasetSpec("zones", "NAME <> 'hidden'", false, List.of()),
                DatasetSpec.all("assets"), DatasetSpec.all("assignments"))));
        String hidden = parent.insert("zones", Map.of("NAME", "hidden"), null);
        String asset = parent.insert("assets", Map.of("ZONE_OID", oid(parent, "ZONES", hidden), "NAME", "in a hidden zone"), null);
        SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(false), null);
        assertFalse(child.row("zones", hidden).isPresent(), "outside the replica");
        assertFalse(child.row("assets", asset).isPresent(), "not applied with its foreign key set to NULL");
        assertEquals(1, job.getErrors().size(), "reported: " + job.getErrors());
        assertEquals(asset, job.getErrors().get(0).getGlobalId());
        assertTrue(job.getErrors().get(0).getMessage().contains("ZONE_OID names row " + hidden + " of ZONES"), job.getErrors().get(0).getMessage());
    }

    @Test
    void aRelationshipClassOfADatasetWithItselfIsKeptToo() throws Exception {
        parent.createTable("areas", List.of(Field.of("PARENT_OID", FieldType.INTEGER), Field.of("NAME", FieldType.TEXT)));
        parent.createRelationshipClass(RelationshipClass.simple("area_parts", "areas", "areas", "OBJECTID", "PARENT_OID", Cardinality.ONE_TO_MANY));
        String whole = parent.insert("areas", Map.of("NAME", "whole"), null);
        String part = parent.insert("areas", Map.of("PARENT_OID", oid(parent, "AREAS", whole), "NAME", "part"), null);
        parent.executeSql("DELETE FROM AREAS WHERE GLOBALID = '" + whole + "'", null);
        assertNull(parent.row("areas", part).orElseThrow().get("PARENT_OID"), "the part's key to the deleted whole is NULL");
    }

    @Test
    void aKeyNamingARowDeletedOnTheReceiverIsVoidedThereAndTheVoidingGoesBack() throws Exception {
        child(ReplicaSpec.twoWay("r"));
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        String zone = parent.insert("zones", Map.of("NAME", "doomed"), null);
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        child.executeSql("DELETE FROM ZONES WHERE GLOBALID = '" + zone + "'", null); // meanwhile the parent relates a new asset to it
        String asset = parent.insert("assets", Map.of("ZONE_OID", oid(parent, "ZONES", zone), "NAME", "late"), null);
        Messages.exportChanges(parent, "r", tmp.resolve("m1.zip"), ExportOptions.defaults().withSwitchToReceiver(true), null);
        Messages.importMessage(child, tmp.resolve("m1.zip"), ImportOptions.defaults(), null);
        assertNull(child.row("assets", asset).orElseThrow().get("ZONE_OID"), "the zone is deleted here: the relationship is void");
        Messages.exportChanges(child, "r", tmp.resolve("m2.zip"), ExportOptions.defaults(), null);
        Messages.importMessage(parent, tmp.resolve("m2.zip"), ImportOptions.defaults(), null);
        assertFalse(parent.row("zones", zone).isPresent());
        assertNull(parent.row("assets", asset).orElseThrow().get("ZONE_OID"), "and on the parent");
        assertEquals("late", parent.row("assets", asset).orElseThrow().get("NAME"), "the related row itself stays");
    }
}
