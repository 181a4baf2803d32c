package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.square;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.SpatialRelation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Related data and relationship maintenance (docs/sync-semantics.md, "Relationship maintenance"): buildings (origin) with
 * inspections (1:M by GlobalID) whose findings chain on (1:M by GlobalID), permits keyed by the
 * building's ObjectID, and an attributed M:N relationship to contractors kept in WORK.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(Engine.class)
class RelatedDataTest {

    /** The parent's engine (the child is a Derby directory). */
    @org.junit.jupiter.params.Parameter
    Engine engine;

    @TempDir
    Path tmp;
    Geodatabase parent;
    Geodatabase child;
    final List<String> buildings = new ArrayList<>();
    final List<String> inspections = new ArrayList<>();

    @BeforeEach
    void city() throws Exception {
        parent = Engine.create(engine.newLocation(tmp, "parent"));
        parent.createFeatureClass("buildings", GeometryType.POLYGON, 3857, List.of(Field.of("NAME", FieldType.TEXT)));
        parent.createTable("inspections", List.of(Field.of("BUILDING_GID", FieldType.TEXT), Field.of("RESULT", FieldType.TEXT)));
        parent.createTable("findings", List.of(Field.of("INSPECTION_GID", FieldType.TEXT), Field.of("NOTE", FieldType.TEXT)));
        parent.createTable("permits", List.of(Field.of("BUILDING_OID", FieldType.INTEGER), Field.of("KIND", FieldType.TEXT)));
        parent.createTable("contractors", List.of(Field.of("NAME", FieldType.TEXT)));
        parent.createRelationshipClass(RelationshipClass.simple("building_inspections", "buildings", "inspections", "GLOBALID", "BUILDING_GID",
                Cardinality.ONE_TO_MANY));
        parent.createRelationshipClass(RelationshipClass.simple("inspection_findings", "inspections", "findings", "GLOBALID", "INSPECTION_GID",
                Cardinality.ONE_TO_MANY));
        parent.createRelationshipClass(RelationshipClass.simple("building_permits", "buildings", "permits", "OBJECTID", "BUILDING_OID",
                Cardinality.ONE_TO_MANY));
        parent.createRelationshipClass(RelationshipClass.withTable("work_done", "buildings", "contractors", "GLOBALID", "BUILDING_GID",
                Cardinality.MANY_TO_MANY, true, "GLOBALID", "CONTRACTOR_GID", List.of(Field.of("HOURS", FieldType.INTEGER))));
        parent.applyWithoutTracking(g -> {
            String contractor = g.insert("contractors", Map.of("NAME", "Acme"), null);
            for (int i = 0; i < 10; i++) {
                // buildings 5..9 lie in the area (cells 5..9 of row 0), 0..4 outside: the child numbers its
                // ObjectIDs from its own start, the parent's are five further on
                String b = g.insert("buildings", Map.of("NAME", "B" + i), square(i, i < 5 ? 5 : 0));
                buildings.add(b);
                String insp = g.insert("inspections", Map.of("BUILDING_GID", b, "RESULT", "ok " + i), null);
                inspections.add(insp);
                g.insert("findings", Map.of("INSPECTION_GID", insp, "NOTE", "finding " + i), null);
                g.insert("permits", Map.of("BUILDING_OID", objectId(g, b), "KIND", "permit " + i), null);
                g.insert("work_done", Map.of("BUILDING_GID", b, "CONTRACTOR_GID", contractor, "HOURS", i), null);
            }
            return null;
        });
        String area = "POLYGON ((495 -5, 995 -5, 995 95, 495 95, 495 -5))";
        Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r").withArea(area, 3857, SpatialRelation.INTERSECTS).withRelated(true)
                .withDatasets(List.of(DatasetSpec.all("buildings"), new DatasetSpec("inspections", null, true, List.of()),
                        new DatasetSpec("findings", null, true, List.of()), new DatasetSpec("permits", null, true, List.of()),
                        DatasetSpec.all("contractors"))), null);
        child = Geodatabase.open(tmp.resolve("child"));
    }

    /** The ObjectID of building {@code gid} on {@code g}. */
    private static int objectId(Geodatabase g, String gid) throws org.geosync.core.GeodatabaseException {
        return Integer.parseInt(Sql.rows(g, "SELECT OBJECTID FROM BUILDINGS WHERE GLOBALID = '" + gid + "'").get(0).get(0));
    }

    @AfterEach
    void close() {
        child.close();
        parent.close();
    }

    private List<List<String>> rows(Geodatabase gdb, String sql) throws Exception {
        return Sql.rows(gdb, sql);
    }

    @Test
    void relatedRowsComeAlongChainedAndObjectIdKeysAreRewritten() throws Exception {
        assertEquals(5, child.rowCount("buildings"));
        assertEquals(5, child.rowCount("inspections"), "only inspections of replicated buildings");
        assertEquals(5, child.rowCount("findings"), "chained: findings of those inspections");
        assertEquals(5, child.rowCount("work_done"), "the attributed relationship's table came along with its rows");
        assertEquals(4, child.relationshipClasses().size());
        for (int i = 5; i < 10; i++) {
            assertTrue(child.row("inspections", inspections.get(i)).isPresent());
        }
        assertFalse(child.row("inspections", inspections.get(2)).isPresent());
        // permit i belongs to parent ObjectID i+1 = building i; in the child it must point at the child's ObjectID of the same building
        List<List<String>> permits = rows(child, "SELECT P.KIND, B.NAME FROM PERMITS P JOIN BUILDINGS B ON B.OBJECTID = P.BUILDING_OID ORDER BY P.KIND");
        assertEquals(5, permits.size());
        for (List<String> p : permits) {
            assertEquals(p.get(0).replace("permit ", "B"), p.get(1), "permit follows its building: " + p);
        }
    }

    @Test
    void relatedEditsTravelWithTheirOriginsAndOthersStayBehind() throws Exception {
        String inside = parent.insert("inspections", Map.of("BUILDING_GID", buildings.get(6), "RESULT", "new inside"), null);
        String outside = parent.insert("inspections", Map.of("BUILDING_GID", buildings.get(1), "RESULT", "new outside"), null);
        String chained = parent.insert("findings", Map.of("INSPECTION_GID", inspections.get(7), "NOTE", "chained"), null);
        Map<String, Object> permit = new LinkedHashMap<>();
        permit.put("BUILDING_OID", Integer.valueOf(rows(child, "SELECT OBJECTID FROM BUILDINGS WHERE NAME = 'B8'").get(0).get(0)));
        permit.put("KIND", "child permit");
        String childPermit = child.insert("permits", permit, null);
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertTrue(child.row("inspections", inside).isPresent(), "related to a replicated building: sent");
        assertFalse(child.row("inspections", outside).isPresent(), "related to a building outside the replica: not sent");
        assertTrue(child.row("findings", chained).isPresent(), "chained through its inspection");
        assertEquals("B8", rows(parent, "SELECT B.NAME FROM PERMITS P JOIN BUILDINGS B ON B.OBJECTID = P.BUILDING_OID WHERE P.GLOBALID = '"
                + childPermit + "'").get(0).get(0), "the ObjectID key is rewritten to the parent's ObjectID of B8");
        assertNotEquals(rows(parent, "SELECT OBJECTID FROM BUILDINGS WHERE NAME = 'B8'"), rows(child, "SELECT OBJECTID FROM BUILDINGS WHERE NAME = 'B8'"));
    }

    @Test
    void aDeletedOriginNullsForeignKeysAndRemovesRelationshipRowsButNeverRelatedRows() throws Exception {
        String b0 = buildings.get(5);
        child.delete("buildings", b0);
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertFalse(parent.row("buildings", b0).isPresent());
        Map<String, Object> inspection = parent.row("inspections", inspections.get(5)).orElseThrow();
        assertNull(inspection.get("BUILDING_GID"), "the foreign key is set to NULL");
        assertEquals("ok 5", inspection.get("RESULT"), "the related row itself is kept");
        assertEquals(0, rows(parent, "SELECT * FROM WORK_DONE WHERE BUILDING_GID = '" + b0 + "'").size(), "attributed relationship rows are removed");
        assertEquals(1, parent.rowCount("contractors"), "related objects are never deleted");
        assertEquals(9, parent.rowCount("work_done"));
        assertEquals("1", rows(parent, "SELECT COUNT(*) FROM PERMITS WHERE BUILDING_OID IS NULL").get(0).get(0),
                "the ObjectID-keyed permit of the deleted building is released too");
    }
}
