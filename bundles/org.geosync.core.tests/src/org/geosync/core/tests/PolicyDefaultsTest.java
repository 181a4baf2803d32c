package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.ReconcilePolicy;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncModel;
import org.junit.jupiter.api.Test;

/**
 * The defaults of a synchronization and of a message import are decided in one place ({@link SyncOptions#defaultWinner},
 * {@link SyncOptions#defaultRollbackOnFailure}, {@link SyncOptions#defaultConflicts}; an import's importing geodatabase is the first), and
 * connected synchronization and message import both follow it for every stored default policy
 * (docs/sync-semantics.md: reconcile policies, rollbackOnFailure).
 */
class PolicyDefaultsTest extends ParentChildFixture {

    private static Replica record(ReplicaRole role, ReconcilePolicy policy) {
        Replica r = GeosyncFactory.eINSTANCE.createReplica();
        r.setName("r");
        r.setRole(role);
        r.setDefaultReconcilePolicy(policy);
        return r;
    }

    @Test
    void eachStoredPolicyHasOneDefaultWinnerForSynchronizationAndImport() {
        // {stored policy, winner on the parent, winner on the child}; FIRST is the geodatabase holding the record
        Object[][] table = {
                { ReconcilePolicy.FAVOR_PARENT, Winner.FIRST, Winner.SECOND },
                { ReconcilePolicy.FAVOR_CHILD, Winner.SECOND, Winner.FIRST },
                { ReconcilePolicy.FAVOR_DATABASE, Winner.FIRST, Winner.FIRST },
                { ReconcilePolicy.FAVOR_IMPORTED, Winner.SECOND, Winner.SECOND },
                { ReconcilePolicy.MANUAL, Winner.MANUAL, Winner.MANUAL } };
        assertEquals(ReconcilePolicy.VALUES.size(), table.length, "every stored policy has its row");
        for (Object[] row : table) {
            ReconcilePolicy p = (ReconcilePolicy) row[0];
            for (int side = 0; side < 2; side++) {
                Replica here = record(side == 0 ? ReplicaRole.PARENT : ReplicaRole.CHILD, p);
                Winner expected = (Winner) row[1 + side];
                assertEquals(expected, SyncOptions.defaultWinner(here), p + " on the " + here.getRole());
            }
        }
    }

    @Test
    void rollbackOnFailureAndConflictDefinitionDefaultsComeFromTheReplica() {
        Replica r = record(ReplicaRole.PARENT, ReconcilePolicy.FAVOR_PARENT);
        r.setSyncModel(SyncModel.PER_REPLICA);
        assertTrue(SyncOptions.defaultRollbackOnFailure(r), "per-replica: all or nothing");
        r.setSyncModel(SyncModel.PER_LAYER);
        assertFalse(SyncOptions.defaultRollbackOnFailure(r), "per-layer: failing edits skipped and reported");
        r.setDefaultConflictDefinition(ConflictDefinition.BY_COLUMN);
        assertEquals(ConflictDefinition.BY_COLUMN, SyncOptions.defaultConflicts(r));
    }

    @Test
    void createdReplicasFavourTheParentWhoeverSynchronizes() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        assertEquals(Winner.FIRST, SyncOptions.defaultWinner(Replicas.get(parent, "r")));
        assertEquals(Winner.SECOND, SyncOptions.defaultWinner(Replicas.get(child, "r")));
        assertTrue(SyncOptions.defaultRollbackOnFailure(Replicas.get(parent, "r")));
    }

    private static void storeDefault(Geodatabase gdb, ReconcilePolicy policy) throws Exception {
        gdb.inTransaction(g -> {
            ReplicaStore store = new ReplicaStore(g.connection());
            Replica r = store.find("r").orElseThrow();
            r.setDefaultReconcilePolicy(policy);
            store.save(r);
            return null;
        });
    }

    @Test
    void aStoredFavourImportedLetsTheRelativeWinAConnectedSynchronization() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        storeDefault(parent, ReconcilePolicy.FAVOR_IMPORTED);
        parent.update("parcels", gid(5), Map.of("OWNER", "parent owner"), null);
        child.update("parcels", gid(5), Map.of("OWNER", "child owner"), null);
        SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertEquals(1, job.getConflicts());
        assertEquals("child owner", value(parent, "parcels", gid(5), "OWNER"), "favour-imported on the first: the relative wins");
        assertEquals("child owner", value(child, "parcels", gid(5), "OWNER"));
    }

    @Test
    void aStoredFavourDatabaseKeepsTheImportersValue() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        storeDefault(child, ReconcilePolicy.FAVOR_DATABASE);
        parent.update("parcels", gid(5), Map.of("OWNER", "parent owner"), null);
        child.update("parcels", gid(5), Map.of("OWNER", "child owner"), null);
        Messages.exportChanges(parent, "r", tmp.resolve("m1.zip"), Messages.ExportOptions.defaults(), null);
        Messages.importMessage(child, tmp.resolve("m1.zip"), Messages.ImportOptions.defaults(), null);
        assertEquals("child owner", value(child, "parcels", gid(5), "OWNER"), "favour-database on the importer: its value stays");
    }
}
