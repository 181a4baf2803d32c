package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replica metadata lives in the geodatabase and commits or rolls back with the data. */
class ReplicaStoreTest {

    @TempDir
    Path tmp;

    @Test
    void metadataRollsBackWithTheDataItBelongsTo() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            Replica before = Replicas.get(parent, "r");
            assertThrows(IllegalStateException.class, () -> parent.inTransaction(g -> {
                g.update("parcels", ReplicaFixture.gid(1), Map.of("NAME", "half done"), null);
                Replica changed = EcoreUtil.copy(before);
                changed.setMyGeneration(before.getMyGeneration() + 5);
                changed.setSibMyGeneration(before.getSibMyGeneration() + 5);
                new ReplicaStore(g.connection()).save(changed);
                assertEquals(before.getMyGeneration() + 5, new ReplicaStore(g.connection()).find("r").orElseThrow().getMyGeneration(),
                        "visible inside the transaction");
                throw new IllegalStateException("the import fails here");
            }));
            assertTrue(EcoreUtil.equals(before, Replicas.get(parent, "r")), "the old metadata is back");
            assertEquals("P1", ReplicaFixture.value(parent, "parcels", ReplicaFixture.gid(1), "NAME"), "and the data with it");
        }
        try (Geodatabase reopened = Geodatabase.open(tmp.resolve("parent"))) {
            assertEquals(ReplicaType.TWO_WAY, Replicas.get(reopened, "r").getType(), "stored on disk, not in memory");
        }
    }

    @Test
    void invalidOrBackwardMetadataIsRefusedWithASentence() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            Replica stored = Replicas.get(parent, "r");
            Replica backwards = EcoreUtil.copy(stored);
            backwards.getDatasets().get(0).setMyGeneration(0);
            backwards.getDatasets().get(0).setSibMyGeneration(0);
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> parent.inTransaction(g -> { new ReplicaStore(g.connection()).save(backwards); return null; }));
            assertTrue(e.getMessage().contains("generation"), e.getMessage());
            Replica oneWayWithoutDirection = EcoreUtil.copy(stored);
            oneWayWithoutDirection.setType(ReplicaType.ONE_WAY);
            GeodatabaseException d = assertThrows(GeodatabaseException.class,
                    () -> parent.inTransaction(g -> { new ReplicaStore(g.connection()).save(oneWayWithoutDirection); return null; }));
            assertTrue(d.getMessage().contains("direction"), d.getMessage());
            assertTrue(EcoreUtil.equals(stored, Replicas.get(parent, "r")), "nothing stored");
            // the replica record names its message key; the secret itself stays in GDB_KEYS
            String ref = Replicas.get(parent, "r").getMessageKeyRef();
            String secret = Sql.rows(parent, "SELECT SECRET FROM GDB_KEYS WHERE REF = '" + ref + "'").get(0).get(0).trim();
            assertEquals(64, secret.length());
            assertFalse(Sql.rows(parent, "SELECT XMI FROM GDB_REPLICAS").get(0).get(0).contains(secret));
        }
    }
}
