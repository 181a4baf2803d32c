package org.geosync.core.tests;

import static org.geosync.core.tests.RegisterTest.copyDirectory;
import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A geodatabase knows whether it is the registered holder of its replicas: a byte copy of a child shares the original's
 * replica records (and generations), so it must be registered before it synchronizes or exchanges messages; registering
 * refuses a copy the parent no longer has the changes for; and an unregistration made on the child reaches the parent.
 */
class IdentityTest {

    @TempDir
    Path tmp;

    @Test
    void aByteCopyThatWasNeverRegisteredCannotActAsTheOriginal() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy")); // side-loaded onto a second device, never registered
            parent.update("parcels", gid(4), Map.of("NAME", "from the parent"), null);
            Messages.exportChanges(parent, "crew", tmp.resolve("down.zip"), ExportOptions.defaults(), null);
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                copy.update("parcels", gid(3), Map.of("NAME", "from the copy"), null);
                GeodatabaseException sync = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(parent, copy, "crew", SyncOptions.defaults(), null));
                assertCopy(sync);
                GeodatabaseException reverse = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(copy, parent, "crew", SyncOptions.defaults(), null));
                assertCopy(reverse);
                assertCopy(assertThrows(GeodatabaseException.class,
                        () -> Messages.exportChanges(copy, "crew", tmp.resolve("up.zip"), ExportOptions.defaults(), null)));
                assertCopy(assertThrows(GeodatabaseException.class,
                        () -> Messages.exportAcknowledgment(copy, "crew", tmp.resolve("ack.zip"), null)));
                assertCopy(assertThrows(GeodatabaseException.class,
                        () -> Messages.importMessage(copy, tmp.resolve("down.zip"), ImportOptions.defaults(), null)));
                assertEquals("P4", value(copy, "parcels", gid(4), "NAME"), "nothing applied to the copy");
                assertEquals("P3", value(parent, "parcels", gid(3), "NAME"), "nothing sent from the copy");
            }
            // registered, the copy is a replica of its own and both devices get every edit
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy")); Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                Replicas.synchronize(parent, copy, "crew2", SyncOptions.defaults(), null);
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null);
                assertEquals("from the parent", value(copy, "parcels", gid(4), "NAME"));
                assertEquals("from the copy", value(child, "parcels", gid(3), "NAME"));
            }
        }
    }

    /**
     * A copy holding an edit of the original's that the parent has not received is refused, changing nothing: registered,
     * both would send that edit. Once the original has synchronized, a copy taken since registers; what it holds of the
     * original's history (an edit that lost a conflict) it does not send again as its own, even when it wins, while an edit
     * made in the copy after copying, even before it is registered, travels.
     */
    @Test
    void aCopyRegistersOnceTheParentHasTheOriginalsEditsAndSendsOnlyItsOwn() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                child.update("parcels", gid(1), Map.of("NAME", "the original's"), null);
            }
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            parent.update("parcels", gid(1), Map.of("NAME", "the parent's"), null);
            GeodatabaseException unsent = assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("copy"), "crew2"));
            assertTrue(unsent.getMessage().contains("cannot be registered yet") && unsent.getMessage().contains("has not received from it")
                    && unsent.getMessage().contains("Synchronize crew") && unsent.getMessage().contains("register a copy taken since"),
                    unsent.getMessage());
            assertEquals(1, Replicas.list(parent).size(), "nothing registered");
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                assertEquals("crew", Replicas.list(copy).get(0).getName(), "the copy is unchanged");
            }
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                // the original sends its edit; it loses the conflict to the parent's (the parent wins by default)
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null);
                assertEquals("the parent's", value(child, "parcels", gid(1), "NAME"));
                child.update("parcels", gid(3), Map.of("NAME", "the original's, not sent"), null);
                Replicas.synchronize(child, parent, "crew", SyncOptions.defaults().withDirection(SyncOptions.Direction.SECOND_TO_FIRST), null);
            }
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy2"));
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy2"))) {
                copy.update("parcels", gid(2), Map.of("NAME", "made in the copy"), null); // before it is registered
            }
            assertTrue(assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("copy2"), "crew2")).getMessage()
                    .contains("has not received from it"), "an edit the original made since is unsent again");
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null);
            }
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy3"));
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy3"))) {
                copy.update("parcels", gid(2), Map.of("NAME", "made in the copy"), null); // before it is registered
            }
            Replicas.register(parent, tmp.resolve("copy3"), "crew2");
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy3"))) {
                Replicas.synchronize(copy, parent, "crew2", SyncOptions.defaults().withPolicy(SyncOptions.Winner.FIRST), null);
                assertEquals("the parent's", value(parent, "parcels", gid(1), "NAME"),
                        "the original's edit, already decided, is not sent again by its copy (even when the copy wins)");
                assertEquals("the parent's", value(copy, "parcels", gid(1), "NAME"));
                assertEquals("the original's, not sent", value(parent, "parcels", gid(3), "NAME"));
                assertEquals("made in the copy", value(parent, "parcels", gid(2), "NAME"), "the copy's own edit travels");
            }
        }
    }

    /** A copy of an original the parent holds open conflicts with waits until they are resolved. */
    @Test
    void registrationWaitsForTheParentsOpenConflictsWithTheOriginal() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            parent.update("parcels", gid(1), Map.of("NAME", "the parent's"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                child.update("parcels", gid(1), Map.of("NAME", "the original's"), null);
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults().withPolicy(SyncOptions.Winner.MANUAL), null);
            }
            assertEquals(1, Replicas.conflicts(parent, "crew", true).size(), "the conflict waits for review on the parent");
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("copy"), "crew2"));
            assertTrue(e.getMessage().contains("has open conflicts with replica crew") && e.getMessage().contains("Resolve them first"),
                    e.getMessage());
            assertEquals(1, Replicas.list(parent).size(), "nothing registered");
            Replicas.resolve(parent, "crew", null, org.geosync.model.ConflictResolution.TAKE_IMPORTED, null);
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                Replicas.synchronize(parent, copy, "crew2", SyncOptions.defaults(), null);
                assertEquals("the original's", value(copy, "parcels", gid(1), "NAME"));
                assertEquals("the original's", value(parent, "parcels", gid(1), "NAME"));
            }
        }
    }

    private static void assertCopy(GeodatabaseException e) {
        assertTrue(e.getMessage().contains("is a copy of the geodatabase that holds replica crew")
                && e.getMessage().contains("geosync replica register"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void registrationRefusesACopyWhoseChangesTheParentHasForgotten() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy")); // taken before the edit below
            parent.update("parcels", gid(1), Map.of("NAME", "after the copy"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                // the child acknowledges the edit: the parent forgets its change records, the copy never had them
                Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null);
                assertEquals("after the copy", value(child, "parcels", gid(1), "NAME"));
            }
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, tmp.resolve("copy"), "crew2"));
            assertTrue(e.getMessage().contains("cannot be registered") && e.getMessage().contains("has since forgotten its changes")
                    && e.getMessage().contains("create a new replica"), e.getMessage());
            assertEquals(1, Replicas.list(parent).size(), "nothing registered");
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                assertEquals("crew", Replicas.list(copy).get(0).getName(), "the copy is unchanged");
            }
            // a copy taken now holds everything the parent still knows about: it registers and receives later edits
            copyDirectory(tmp.resolve("child"), tmp.resolve("copy2"));
            Replicas.register(parent, tmp.resolve("copy2"), "crew3");
            parent.update("parcels", gid(2), Map.of("NAME", "later"), null);
            try (Geodatabase copy2 = Geodatabase.open(tmp.resolve("copy2"))) {
                Replicas.synchronize(parent, copy2, "crew3", SyncOptions.defaults(), null);
                assertEquals("after the copy", value(copy2, "parcels", gid(1), "NAME"));
                assertEquals("later", value(copy2, "parcels", gid(2), "NAME"));
            }
        }
    }

    @Test
    void anUnregistrationMadeOnTheChildReachesTheParentSoOlderCopiesCannotRegister() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            copyDirectory(tmp.resolve("child"), tmp.resolve("older"));
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                Replicas.unregister(child, "crew");
                GeodatabaseException sync = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null));
                assertTrue(sync.getMessage().contains("was unregistered") && sync.getMessage().contains("now records it as unregistered"),
                        sync.getMessage());
            }
            assertEquals(0, Replicas.list(parent).size(), "the parent's record is gone, as when the parent unregisters");
            GeodatabaseException register = assertThrows(GeodatabaseException.class,
                    () -> Replicas.register(parent, tmp.resolve("older"), "again"));
            assertTrue(register.getMessage().contains("unregistered"), register.getMessage());
            assertEquals(0, Replicas.list(parent).size());
        }
    }
}
