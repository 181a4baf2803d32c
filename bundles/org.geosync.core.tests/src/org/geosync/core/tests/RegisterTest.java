package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
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
                assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("copy"), "crew")).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("child"), "x")).getMessage() };
            assertTrue(messages[0].contains("not a copy of a replica"), messages[0]);
            assertTrue(messages[3].contains("holds replica crew itself"), messages[3]);
            assertTrue(messages[1].contains("not a geodatabase"), messages[1]);
            assertTrue(messages[2].contains("already exists"), messages[2]);
            assertEquals(1, Replicas.list(parent).size(), "nothing registered");
        }
    }
    /**
     * A decision the parent makes with the original after the copy registered concerns the original's later edits, which
     * the copy never held: the copy's own later edit of the same value is news, not the edit the parent decided against.
     */
    @Test
    void aDecisionWithTheOriginalMadeAfterTheCopyRegisteredLeavesTheCopysOwnEditAlone() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child")); Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                // the parent, the two-way replica's first sender, hands the copy the turn to send
                Messages.exportChanges(parent, "crew2", tmp.resolve("m0.zip"), Messages.ExportOptions.defaults().withSwitchToReceiver(true), null);
                Messages.importMessage(copy, tmp.resolve("m0.zip"), Messages.ImportOptions.defaults(), null);
                parent.update("parcels", gid(3), Map.of("OWNER", "parent4"), null);
                child.update("parcels", gid(3), Map.of("AREA", 6.5), null);
                copy.update("parcels", gid(3), Map.of("AREA", 6.5), null);
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults().withPolicy(SyncOptions.Winner.FIRST)
                        .withConflicts(ConflictDefinition.BY_ROW), null);
                assertEquals(8100.0, value(parent, "parcels", gid(3), "AREA"), "by row the parent kept its row against the original's edit");
                Messages.exportChanges(copy, "crew2", tmp.resolve("m1.zip"), Messages.ExportOptions.defaults().withSwitchToReceiver(true), null);
                Messages.importMessage(parent, tmp.resolve("m1.zip"), Messages.ImportOptions.defaults()
                        .withConflicts(ConflictDefinition.BY_COLUMN), null);
                assertEquals(6.5, value(parent, "parcels", gid(3), "AREA"), "the copy's own edit arrives");
                assertEquals("parent4", value(parent, "parcels", gid(3), "OWNER"));
                assertFalse(Replicas.get(parent, "crew2").isInConflict(), "no conflict: the parent changed another field");
                Messages.exportChanges(parent, "crew2", tmp.resolve("m2.zip"), Messages.ExportOptions.defaults(), null);
                Messages.importMessage(copy, tmp.resolve("m2.zip"), Messages.ImportOptions.defaults()
                        .withConflicts(ConflictDefinition.BY_COLUMN), null);
                assertEquals(6.5, value(copy, "parcels", gid(3), "AREA"));
                assertEquals("parent4", value(copy, "parcels", gid(3), "OWNER"));
            }
        }
    }

    /**
     * A parent that registered a copy before it recorded the generation of the registration (an earlier release) gets the
     * column on open; its decisions with the original bind the copy as they did then, and the copy synchronizes.
     */
    @Test
    void aCopyRegisteredByAnEarlierReleaseStillSynchronizes() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            parent.executeSql("ALTER TABLE GDB_COPY_ORIGIN DROP COLUMN REGISTERED_IN", null);
        }
        try (Geodatabase parent = Geodatabase.open(tmp.resolve("parent")); Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
            long[] nulls = new long[1];
            parent.executeSql("SELECT COUNT(*) FROM GDB_COPY_ORIGIN WHERE REGISTERED_IN IS NULL", new org.geosync.core.SqlResultHandler() {
                @Override
                public void header(java.util.List<String> columns) {
                }

                @Override
                public void row(java.util.List<String> values) {
                    nulls[0] = Long.parseLong(values.get(0));
                }
            });
            assertEquals(1, nulls[0], "the column is back, empty for the registration it did not record");
            copy.update("parcels", gid(5), Map.of("NAME", "from the copy"), null);
            Replicas.synchronize(parent, copy, "crew2", SyncOptions.defaults(), null);
            assertEquals("from the copy", value(parent, "parcels", gid(5), "NAME"));
        }
    }
}
