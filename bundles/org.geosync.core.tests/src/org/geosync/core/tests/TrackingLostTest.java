package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
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
 * Dropping and re-adding a column with plain SQL (any JDBC client) silently drops the update and delete tracking
 * triggers of that dataset. Every synchronization, message export and import first verifies each replicated dataset's
 * tracking, and refuses with a sentence naming the dataset instead of synchronizing without its edits.
 */
class TrackingLostTest {

    @TempDir
    Path tmp;

    @Test
    void aDatasetThatLostItsTrackingIsRefusedBeforeEverySynchronizationAndExchange() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                assertTrue(child.lostTracking("PARCELS").isEmpty());
                try (Statement s = child.connection().createStatement()) {
                    s.execute("ALTER TABLE PARCELS DROP COLUMN OWNER");
                    s.execute("ALTER TABLE PARCELS ADD COLUMN OWNER VARCHAR(255)");
                    s.execute("UPDATE PARCELS SET OWNER = 'smith', NAME = 'edited by SQL' WHERE GLOBALID = '" + gid(3) + "'");
                }
                child.connection().commit();
                assertFalse(child.lostTracking("PARCELS").isEmpty(), "the update and delete triggers are gone");
                assertTrue(child.lostTracking("NOTES").isEmpty());
                parent.update("parcels", gid(4), Map.of("NAME", "from the parent"), null);

                GeodatabaseException sync = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null));
                assertLostTracking(sync);
                GeodatabaseException reverse = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(child, parent, "crew", SyncOptions.defaults(), null));
                assertLostTracking(reverse);
                GeodatabaseException export = assertThrows(GeodatabaseException.class,
                        () -> Messages.exportChanges(child, "crew", tmp.resolve("up.zip"), ExportOptions.defaults(), null));
                assertLostTracking(export);
                Messages.exportChanges(parent, "crew", tmp.resolve("down.zip"), ExportOptions.defaults(), null);
                GeodatabaseException imported = assertThrows(GeodatabaseException.class,
                        () -> Messages.importMessage(child, tmp.resolve("down.zip"), ImportOptions.defaults(), null));
                assertLostTracking(imported);
                assertEquals("P4", value(child, "parcels", gid(4), "NAME"), "nothing was applied");
                assertEquals("P3", value(parent, "parcels", gid(3), "NAME"));
            }
        }
    }

    private static void assertLostTracking(GeodatabaseException e) {
        assertTrue(e.getMessage().contains("Dataset PARCELS in ") && e.getMessage().contains("has lost its change tracking")
                && e.getMessage().contains("may not have been captured"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
