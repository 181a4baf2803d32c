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
                assertEquals(6, triggers(child, "PARCELS"));
                child.connection().commit();
                try (Statement s = child.connection().createStatement()) {
                    s.execute("ALTER TABLE PARCELS DROP COLUMN OWNER");
                    s.execute("ALTER TABLE PARCELS ADD COLUMN OWNER VARCHAR(255)");
                    child.connection().commit();
                    s.execute("UPDATE PARCELS SET OWNER = 'smith', NAME = 'edited by SQL' WHERE GLOBALID = '" + gid(3) + "'");
                }
                child.connection().commit();
                assertTrue(triggers(child, "PARCELS") < 6, "the update and delete triggers are gone");
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

    private static int triggers(Geodatabase g, String table) throws Exception {
        try (Statement s = g.connection().createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM SYS.SYSTRIGGERS T"
                + " JOIN SYS.SYSTABLES TB ON T.TABLEID = TB.TABLEID WHERE TB.TABLENAME = '" + table + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void assertLostTracking(GeodatabaseException e) {
        assertTrue(e.getMessage().contains("Dataset PARCELS in ") && e.getMessage().contains("has lost its change tracking")
                && e.getMessage().contains("may not have been captured"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
