package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.AREA;
import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SpatialRelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating replicas: types, filters at creation, records on both sides; failures leave nothing behind. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(Engine.class)
class ReplicaCreateTest {

    /** The parent's engine (the child is a Derby directory). */
    @org.junit.jupiter.params.Parameter
    Engine engine;

    @TempDir
    Path tmp;

    @Test
    void twoWayReplicaCopiesEveryRowAndBothSidesShareTheReplica() throws Exception {
        try (Geodatabase parent = engine.parent(tmp)) {
            Replica p = Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("field"), new NullProgressMonitor());
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
                assertEquals(ReplicaFixture.rows(parent, "NOTES"), ReplicaFixture.rows(child, "NOTES"));
                Replica c = Replicas.get(child, "field");
                assertEquals(p.getGuid(), c.getGuid());
                assertEquals(ReplicaRole.PARENT, p.getRole());
                assertEquals(ReplicaRole.CHILD, c.getRole());
                assertEquals(ReplicaState.SENDER, p.getState());
                assertEquals(ReplicaState.RECEIVER, c.getState());
                assertEquals(child.guid(), p.getRelativeReplicaGuid());
                assertEquals(parent.guid(), c.getRelativeReplicaGuid());
                assertTrue(p.getMessageKeyRef().startsWith("key:"));
                assertTrue(child.changesSince(0).isEmpty(), "the copied rows are not local edits of the child");
            }
        }
    }

    @Test
    void areaDefinitionQueryAndSelectionChooseTheRowsAtCreation() throws Exception {
        try (Geodatabase parent = engine.parent(tmp)) {
            parent.update("parcels", gid(3), java.util.Map.of("OWNER", "smith"), null);
            ReplicaSpec spec = ReplicaSpec.twoWay("area").withArea(AREA, 3857, SpatialRelation.INTERSECTS);
            Replicas.create(parent, tmp.resolve("a"), spec, new NullProgressMonitor());
            Replicas.create(parent, tmp.resolve("b"), ReplicaSpec.twoWay("query").withDatasets(
                    List.of(new DatasetSpec("parcels", "OWNER = 'smith' OR NAME = 'P7'", false, List.of()))), new NullProgressMonitor());
            Replicas.create(parent, tmp.resolve("c"), ReplicaSpec.twoWay("selected").withDatasets(
                    List.of(new DatasetSpec("parcels", null, false, List.of(1L, 2L, 50L)), new DatasetSpec("notes", null, true, List.of()))),
                    new NullProgressMonitor());
            try (Geodatabase a = Geodatabase.open(tmp.resolve("a")); Geodatabase b = Geodatabase.open(tmp.resolve("b"));
                    Geodatabase c = Geodatabase.open(tmp.resolve("c"))) {
                assertEquals(25, a.rowCount("parcels"), "5 x 5 cells intersect the area");
                assertEquals(10, a.rowCount("notes"), "tables are not cut by the area");
                assertEquals(2, b.rowCount("parcels"));
                assertEquals(List.of("NOTES", "PARCELS").size(), a.datasets().size());
                assertEquals(1, b.datasets().size(), "only the listed dataset");
                assertEquals(3, c.rowCount("parcels"), "ObjectIDs 1, 2 and 50");
                assertTrue(c.row("parcels", gid(49)).isPresent());
                assertEquals(0, c.rowCount("notes"), "schema only");
            }
        }
    }

    @Test
    void theAreaIsReprojectedToEachDatasetsCrs() throws Exception {
        try (Geodatabase parent = engine.parent(tmp)) {
            // the same area as AREA, given in WGS 84 degrees
            String wgs84 = "POLYGON ((-0.0000449 -0.0000449, 0.0044466 -0.0000449, 0.0044466 0.0044466, -0.0000449 0.0044466, -0.0000449 -0.0000449))";
            Replicas.create(parent, tmp.resolve("c"), ReplicaSpec.twoWay("deg").withArea(wgs84, 4326, SpatialRelation.WITHIN),
                    new NullProgressMonitor());
            try (Geodatabase c = Geodatabase.open(tmp.resolve("c"))) {
                assertEquals(25, c.rowCount("parcels"), "the 25 parcels lie within the reprojected area");
            }
        }
    }

    @Test
    void oneWayAndCheckoutRecordsSayWhoSends() throws Exception {
        try (Geodatabase parent = engine.parent(tmp)) {
            Replica up = Replicas.create(parent, tmp.resolve("up"), ReplicaSpec.twoWay("up").withType(ReplicaType.ONE_WAY,
                    OneWayDirection.CHILD_TO_PARENT), new NullProgressMonitor());
            Replica out = Replicas.create(parent, tmp.resolve("out"), ReplicaSpec.twoWay("out").withType(ReplicaType.CHECKOUT,
                    OneWayDirection.NONE), new NullProgressMonitor());
            assertEquals(ReplicaState.RECEIVER, up.getState());
            assertEquals(ReplicaState.RECEIVER, out.getState());
            assertEquals(2, Replicas.list(parent).size());
        }
    }

    @Test
    void badInputIsRefusedAndLeavesNothingBehind() throws Exception {
        try (Geodatabase parent = engine.parent(tmp)) {
            Path child = tmp.resolve("child");
            String[] messages = {
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("x").withDatasets(
                        List.of(new DatasetSpec("parcels", "1 = 1; DROP TABLE PARCELS", false, List.of()))), null)).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("x").withDatasets(
                        List.of(new DatasetSpec("parcels", "NAME IN (SELECT GDB_GUID FROM GDB_INFO)", false, List.of()))), null)).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("x").withDatasets(
                        List.of(new DatasetSpec("parcels", "NAME = 'a' -- comment", false, List.of()))), null)).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("x")
                        .withArea("POLYGON ((0 0, 1 0", 3857, SpatialRelation.INTERSECTS), null)).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("x")
                        .withArea(AREA, 999999, SpatialRelation.INTERSECTS), null)).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("x").withDatasets(
                        List.of(DatasetSpec.all("roads"))), null)).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("bad name!"), null)).getMessage(),
                assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, child, ReplicaSpec.twoWay("x").withDatasets(
                        List.of(new DatasetSpec("parcels", null, false, List.of(1L, 99_999L)))), null)).getMessage() };
            assertTrue(messages[0].contains("';'"), messages[0]);
            assertTrue(messages[1].contains("SELECT"), messages[1]);
            assertTrue(messages[2].contains("comment"), messages[2]);
            assertTrue(messages[3].contains("Invalid WKT"), messages[3]);
            assertTrue(messages[4].contains("999999"), messages[4]);
            assertTrue(messages[5].toUpperCase(java.util.Locale.ROOT).contains("ROADS"), messages[5]);
            assertTrue(messages[6].contains("replica name"), messages[6]);
            assertEquals("PARCELS has no row with ObjectID 99999; correct or remove it.", messages[7]);
            assertFalse(Files.exists(child), "nothing was created");
            assertEquals(0, Replicas.list(parent).size());
            assertEquals(100, parent.rowCount("parcels"));
        }
    }

    @Test
    void aCancelledCreationRemovesTheChildAndRecordsNothing() throws Exception {
        try (Geodatabase parent = engine.parent(tmp)) {
            NullProgressMonitor cancelled = new NullProgressMonitor();
            cancelled.setCanceled(true);
            assertThrows(OperationCanceledException.class,
                    () -> Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("c"), cancelled));
            assertFalse(Files.exists(tmp.resolve("child")));
            assertEquals(0, Replicas.list(parent).size());
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("c"), null);
            assertEquals(1, Replicas.list(parent).size(), "the same name and directory work afterwards");
        }
    }
}
