package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A definition query is evaluated on every replica and on the rows as they were at the last synchronization: one
 * naming OBJECTID (numbered by each geodatabase on its own) or an internal column (MINX..MAXY) is refused at
 * creation, and a replica whose stored query cannot be evaluated any more fails with a sentence, never an SQL error.
 */
class DefinitionQueryTest {

    @TempDir
    Path tmp;

    private static ReplicaSpec withQuery(String name, String where) {
        return ReplicaSpec.twoWay(name).withDatasets(List.of(new DatasetSpec("parcels", where, false, List.of()), DatasetSpec.all("notes")));
    }

    @Test
    void queriesNamingObjectIdOrInternalColumnsAreRefusedAtCreation() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            GeodatabaseException oid = assertThrows(GeodatabaseException.class,
                    () -> Replicas.create(parent, tmp.resolve("c1"), withQuery("r1", "OBJECTID < 50"), null));
            assertTrue(oid.getMessage().contains("OBJECTID is numbered by each geodatabase on its own"), oid.getMessage());
            for (String column : new String[] { "MINX", "miny", "MAXX", "MAXY", "HAD_ANCESTOR", "GENERATION" }) {
                GeodatabaseException e = assertThrows(GeodatabaseException.class,
                        () -> Replicas.create(parent, tmp.resolve("c2"), withQuery("r2", column + " > 100"), null));
                assertTrue(e.getMessage().contains("is an internal column of GeoSync, not a field"), e.getMessage());
                assertFalse(e.getMessage().contains("\n"));
            }
            assertFalse(Files.exists(tmp.resolve("c1")) && Files.exists(tmp.resolve("c1").resolve("service.properties")), "no child left");
            assertEquals(0, Replicas.list(parent).size());
            // GLOBALID and fields stay allowed
            Replicas.create(parent, tmp.resolve("c3"), withQuery("r3", "GLOBALID <> '" + gid(5) + "' AND AREA > 0"), null);
        }
    }

    @Test
    void aStoredQueryThatNoLongerEvaluatesFailsWithASentence() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), withQuery("crew", "AREA > 0"), null);
            // a replica made by an earlier version, whose query names OBJECTID
            parent.inTransaction(g -> {
                String xmi;
                try (PreparedStatement p = g.connection().prepareStatement("SELECT XMI FROM GDB_REPLICAS WHERE NAME = 'crew'");
                        ResultSet rs = p.executeQuery()) {
                    rs.next();
                    xmi = rs.getString(1);
                }
                assertTrue(xmi.contains("AREA > 0"), xmi);
                try (PreparedStatement p = g.connection().prepareStatement("UPDATE GDB_REPLICAS SET XMI = ? WHERE NAME = 'crew'")) {
                    p.setString(1, xmi.replace("AREA > 0", "OBJECTID > 0"));
                    p.executeUpdate();
                }
                return null;
            });
            parent.update("parcels", gid(1), Map.of("NAME", "renamed"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                GeodatabaseException sync = assertThrows(GeodatabaseException.class,
                        () -> Replicas.synchronize(parent, child, "crew", SyncOptions.defaults(), null));
                assertFalse(sync.getMessage().startsWith("SQL error"), sync.getMessage());
                assertTrue(sync.getMessage().contains("OBJECTID is numbered by each geodatabase on its own"), sync.getMessage());
                GeodatabaseException export = assertThrows(GeodatabaseException.class,
                        () -> Messages.exportChanges(parent, "crew", tmp.resolve("m.zip"), Messages.ExportOptions.defaults(), null));
                assertTrue(export.getMessage().contains("OBJECTID is numbered by each geodatabase on its own"), export.getMessage());
            }
        }
    }
}
