package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.Replica;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering side-loaded copies and unregistering (the registration rules). */
class RegisterTest {

    @TempDir
    Path tmp;

    static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void aRegisteredCopyIsItsOwnReplicaAndEachCopyGetsTheRightUpdates() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            parent.update("parcels", gid(1), Map.of("NAME", "first"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null);
            }
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy")); // side-loaded onto another device
            Replica registered = Replicas.register(parent, tmp.resolve("copy"), "crew2");
            assertEquals("crew", registered.getRegisteredFromName());
            parent.update("parcels", gid(2), Map.of("NAME", "second"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child")); Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                assertNotEquals(child.guid(), copy.guid(), "the copy is a geodatabase of its own now");
                Replica copyRecord = Replicas.get(copy, "crew2");
                assertEquals(registered.getGuid(), copyRecord.getGuid());
                assertNotEquals(Replicas.get(child, "crew").getGuid(), copyRecord.getGuid());
                copy.update("parcels", gid(3), Map.of("NAME", "from the copy"), null);
                Replicas.synchronize(parent, copy, "crew2", SyncOptions.defaults(), null);
                assertEquals("second", value(copy, "parcels", gid(2), "NAME"));
                assertEquals("first", value(copy, "parcels", gid(1), "NAME"));
                assertEquals("from the copy", value(parent, "parcels", gid(3), "NAME"));
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null);
                assertEquals("second", value(child, "parcels", gid(2), "NAME"));
                assertEquals("from the copy", value(child, "parcels", gid(3), "NAME"), "the copy's edit reaches the original through the parent");
                // an unregistered copy cannot pass itself off as the original
                GeodatabaseException e = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(parent, copy, "crew", SyncOptions.defaults(), null));
                assertTrue(e.getMessage().contains("no replica crew") || e.getMessage().contains("not the relative"), e.getMessage());
            }
        }
    }

    /**
     * The child's AREA edit, not yet sent, goes with a copy. The original sends it to the parent; the copy, which held it,
     * sets the field back. The copy's edit is a later version of the one the parent received from the original, not a
     * concurrent one: it stands on both sides without a conflict, although the parent wins conflicts.
     */
    @Test
    void aCopysEditOfWhatTheOriginalSentLaterIsALaterVersion() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                child.update("parcels", gid(1), Map.of("AREA", 3.5), null);
            }
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child")); Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                Object before = value(parent, "parcels", gid(1), "AREA");
                copy.update("parcels", gid(1), Map.of("AREA", before), null);
                Replicas.synchronize(child, parent, "crew", SyncOptions.defaults(), null);
                assertEquals(3.5, ((Number) value(parent, "parcels", gid(1), "AREA")).doubleValue());
                var result = Replicas.synchronize(parent, copy, "crew2", SyncOptions.defaults()
                        .withPolicy(SyncOptions.Winner.FIRST).withConflicts(org.geosync.model.ConflictDefinition.BY_COLUMN), null);
                assertEquals(0, result.getConflicts(), "the copy edited the value it held, the one the original sent");
                assertEquals(before, value(copy, "parcels", gid(1), "AREA"));
                assertEquals(before, value(parent, "parcels", gid(1), "AREA"));
            }
        }
    }

    /**
     * The child's AREA edit, not yet sent, goes with a copy, which sends it to the parent first. The original then edits
     * AREA again, knowing its own edit: that is a later version, not a conflict with what the parent received from the copy,
     * on either side, although the parent wins conflicts.
     */
    @Test
    void theOriginalsLaterEditOfWhatItsCopySentFirstIsALaterVersion() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                child.update("parcels", gid(1), Map.of("AREA", 3.5), null);
            }
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child")); Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                Replicas.synchronize(copy, parent, "crew2", SyncOptions.defaults(), null);
                assertEquals(3.5, ((Number) value(parent, "parcels", gid(1), "AREA")).doubleValue());
                child.update("parcels", gid(1), Map.of("AREA", 7.5), null);
                var result = Replicas.synchronize(parent, child, "crew", SyncOptions.defaults().withPolicy(SyncOptions.Winner.FIRST), null);
                assertEquals(0, result.getConflicts(), "the original edited the value its copy sent, its own");
                assertEquals(7.5, ((Number) value(parent, "parcels", gid(1), "AREA")).doubleValue());
                assertEquals(7.5, ((Number) value(child, "parcels", gid(1), "AREA")).doubleValue());
            }
        }
    }

    /**
     * The child's AREA edit, not yet sent, goes with a copy. The original sends it; the parent then takes another child's
     * version of the row in a conflict, decided against it. The copy, which never sends the edit again (the parent holds it
     * through the original), takes the parent's decision too.
     */
    @Test
    void aCopyTakesTheParentsDecisionOnWhatTheOriginalSent() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            Replicas.create(parent, tmp.resolve("other"), ReplicaSpec.twoWay("other"), null);
            Object before = value(parent, "parcels", gid(1), "AREA");
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child")); Geodatabase other = Geodatabase.open(tmp.resolve("other"))) {
                child.update("parcels", gid(1), Map.of("AREA", 2.5), null);
                other.update("parcels", gid(1), Map.of("NAME", "other"), null);
            }
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child")); Geodatabase other = Geodatabase.open(tmp.resolve("other"));
                    Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                Replicas.synchronize(child, parent, "crew", SyncOptions.defaults(), null);
                var byRow = SyncOptions.defaults().withPolicy(SyncOptions.Winner.FIRST).withConflicts(org.geosync.model.ConflictDefinition.BY_ROW);
                Replicas.synchronize(other, parent, "other", byRow, null); // the other child's row wins: AREA as it was
                assertEquals(before, value(parent, "parcels", gid(1), "AREA"));
                Replicas.synchronize(copy, parent, "crew2", SyncOptions.defaults().withConflicts(org.geosync.model.ConflictDefinition.BY_COLUMN), null);
                assertEquals(before, value(copy, "parcels", gid(1), "AREA"), "the parent decided against the edit the copy held");
                assertEquals("other", value(copy, "parcels", gid(1), "NAME"));
            }
        }
    }

    @Test
    void unregisteredReplicasAndTheirCopiesCanNeverRegister() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            Replicas.unregister(parent, "crew");
            assertEquals(0, Replicas.list(parent).size(), "the parent's record is removed");
            GeodatabaseException copyRefused = assertThrows(GeodatabaseException.class,
                    () -> Replicas.register(parent, tmp.resolve("copy"), "again"));
            assertTrue(copyRefused.getMessage().contains("unregistered"), copyRefused.getMessage());
            GeodatabaseException originalRefused = assertThrows(GeodatabaseException.class,
                    () -> Replicas.register(parent, tmp.resolve("child"), "again"));
            assertTrue(originalRefused.getMessage().contains("unregistered"), originalRefused.getMessage());
            // a child that unregisters itself can no longer synchronize or be registered
            Replicas.create(parent, tmp.resolve("child2"), ReplicaSpec.twoWay("crew2"), null);
            copyDirectory(tmp.resolve("child2"), tmp.resolve("copy2"));
            try (Geodatabase child2 = Geodatabase.open(tmp.resolve("child2"))) {
                Replicas.unregister(child2, "crew2");
                assertTrue(Replicas.get(child2, "crew2").isUnregistered());
                GeodatabaseException sync = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(parent, child2, "crew2", SyncOptions.defaults(), null));
                assertTrue(sync.getMessage().contains("unregistered"), sync.getMessage());
                GeodatabaseException again = assertThrows(GeodatabaseException.class, () -> Replicas.unregister(child2, "crew2"));
                assertTrue(again.getMessage().contains("already unregistered"), again.getMessage());
            }
            GeodatabaseException self = assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("child2"), "x"));
            assertTrue(self.getMessage().contains("unregistered"), self.getMessage());
        }
    }

    @Test
    void registerRefusesWhatIsNotACopyOfAReplica() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            Geodatabase.create(tmp.resolve("empty")).close();
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            String[] messages = {
                assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("empty"), "x")).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("nowhere"), "x")).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("copy"), "crew")).getMessage() };
            assertTrue(messages[0].contains("not a copy of a replica"), messages[0]);
            assertTrue(messages[1].contains("not a geodatabase"), messages[1]);
            assertTrue(messages[2].contains("already exists"), messages[2]);
            assertEquals(1, Replicas.list(parent).size(), "nothing registered");
        }
    }
}
