package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.geosync.core.Change;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;
import org.geosync.core.internal.storage.Relationships;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Relationship classes: each kind is created, recorded, indexed and tracked; the related-row lookups find the right rows. */
class RelationshipClassTest {

    @TempDir
    Path tmp;
    Geodatabase gdb;
    Relationships lookups;

    @BeforeEach
    void create() throws Exception {
        gdb = Geodatabase.create(tmp.resolve("gdb"));
        gdb.createFeatureClass("buildings", GeometryType.POLYGON, 3857,
                List.of(Field.of("NAME", FieldType.TEXT), new Field("CODE", FieldType.TEXT, 20)));
        gdb.createTable("inspections", List.of(new Field("BUILDING_GLOBALID", FieldType.TEXT, 36),
                Field.of("BUILDING_OID", FieldType.INTEGER), new Field("SHORT_REF", FieldType.TEXT, 10),
                Field.of("AMOUNT", FieldType.DOUBLE), Field.of("NOTE", FieldType.TEXT)));
        gdb.createTable("meters", List.of(Field.of("BUILDING_CODE", FieldType.TEXT), Field.of("BUILDING_OID", FieldType.BIGINT)));
        gdb.createTable("owners", List.of(Field.of("NAME", FieldType.TEXT)));
        lookups = new Relationships(gdb.connection(), gdb.dialect());
    }

    @AfterEach
    void close() {
        gdb.close();
    }

    private String building(String name, String code) throws GeodatabaseException {
        return gdb.insert("buildings", Map.of("NAME", name, "CODE", code), "POLYGON ((0 0, 1 0, 1 1, 0 0))");
    }

    private long objectId(String dataset, String gid) throws GeodatabaseException {
        return Long.parseLong(Sql.rows(gdb, "SELECT OBJECTID FROM " + dataset + " WHERE GLOBALID = '" + gid + "'").get(0).get(0));
    }

    private static Set<String> set(List<String> ids) {
        Set<String> s = new HashSet<>(ids);
        assertEquals(ids.size(), s.size(), "each GlobalID once: " + ids);
        return s;
    }

    private Set<String> indexedColumns(String table) throws Exception {
        Set<String> columns = new HashSet<>();
        try (ResultSet rs = gdb.connection().getMetaData().getIndexInfo(null, null, table, false, false)) {
            while (rs.next()) {
                if (rs.getShort("ORDINAL_POSITION") == 1) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return columns;
    }

    @Test
    void simpleOneToManyByGlobalId() throws Exception {
        RelationshipClass rc = gdb.createRelationshipClass(RelationshipClass.simple("building_inspections", "buildings",
                "Inspections", "globalid", "building_globalid", Cardinality.ONE_TO_MANY));
        assertEquals(new RelationshipClass("BUILDING_INSPECTIONS", "BUILDINGS", "INSPECTIONS", "GLOBALID", "BUILDING_GLOBALID",
                Cardinality.ONE_TO_MANY, false, null, null, List.of()), rc);
        assertFalse(rc.hasTable());
        assertNull(rc.table());
        assertEquals(rc, gdb.relationshipClass("Building_Inspections"));
        assertEquals(List.of(rc), gdb.relationshipClasses());
        assertEquals(List.of(rc), gdb.relationshipsOf("buildings"));
        assertEquals(List.of(rc), gdb.relationshipsOf("INSPECTIONS"));
        assertEquals(List.of(), gdb.relationshipsOf("owners"));
        assertEquals(4, gdb.datasets().size(), "a simple relationship class has no table");
        assertTrue(indexedColumns("INSPECTIONS").contains("BUILDING_GLOBALID"), "the foreign key is indexed");

        String b1 = building("a", "A1"), b2 = building("b", "B1"), b3 = building("c", "C1");
        String i1 = gdb.insert("inspections", Map.of("BUILDING_GLOBALID", b1), null);
        String i2 = gdb.insert("inspections", Map.of("BUILDING_GLOBALID", b1), null);
        String i3 = gdb.insert("inspections", Map.of("BUILDING_GLOBALID", b2), null);
        String orphan = gdb.insert("inspections", Map.of("BUILDING_GLOBALID", UUID.randomUUID().toString()), null);
        gdb.insert("inspections", Map.of("NOTE", "unrelated"), null);

        assertEquals(Set.of(i1, i2), set(lookups.relatedDestinationGlobalIds(rc, List.of(b1))));
        assertEquals(Set.of(i1, i2, i3), set(lookups.relatedDestinationGlobalIds(rc, List.of(b1, b2, b3, b1))));
        assertEquals(List.of(), lookups.relatedDestinationGlobalIds(rc, List.of(b3)));
        assertEquals(Set.of(b1, b2), set(lookups.relatedOriginGlobalIds(rc, List.of(i1, i2, i3, orphan))));
        assertEquals(List.of(), lookups.relatedOriginGlobalIds(rc, List.of(orphan)), "a related row held elsewhere is not here");
        gdb.delete("buildings", b1);
        assertEquals(List.of(), lookups.relatedDestinationGlobalIds(rc, List.of(b1)),
                "deleting the origin set their foreign keys to NULL (the database keeps relationships)");
        assertTrue(gdb.row("inspections", i1).isPresent() && gdb.row("inspections", i2).isPresent(), "related rows are never deleted");
        assertEquals(Set.of(i3), set(lookups.relatedDestinationGlobalIds(rc, List.of(b1, b2))));
        GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> lookups.relationshipRowGlobalIds(rc, List.of(b2)));
        assertTrue(e.getMessage().contains("has no relationship rows"), e.getMessage());
    }

    @Test
    void simpleOneToManyByObjectIdAndOneToOneByUserField() throws Exception {
        RelationshipClass byOid = gdb.createRelationshipClass(RelationshipClass.simple("inspected", "buildings", "inspections",
                "OBJECTID", "BUILDING_OID", Cardinality.ONE_TO_MANY));
        RelationshipClass oneToOne = gdb.createRelationshipClass(RelationshipClass.simple("metered", "buildings", "meters",
                "CODE", "BUILDING_CODE", Cardinality.ONE_TO_ONE));
        RelationshipClass bigintOid = gdb.createRelationshipClass(RelationshipClass.simple("metered_by_oid", "buildings", "meters",
                "OBJECTID", "BUILDING_OID", Cardinality.ONE_TO_ONE));
        assertEquals(List.of(byOid, oneToOne, bigintOid), gdb.relationshipClasses());
        assertEquals(Cardinality.ONE_TO_ONE, gdb.relationshipClass("metered").cardinality());
        assertEquals(List.of(oneToOne, bigintOid), gdb.relationshipsOf("meters"));
        assertTrue(indexedColumns("BUILDINGS").contains("CODE"), "a user-field origin key is indexed");
        assertTrue(indexedColumns("METERS").containsAll(Set.of("BUILDING_CODE", "BUILDING_OID")));

        String b1 = building("a", "A1"), b2 = building("b", "B1");
        long oid1 = objectId("buildings", b1), oid2 = objectId("buildings", b2);
        String i1 = gdb.insert("inspections", Map.of("BUILDING_OID", oid1), null);
        String i2 = gdb.insert("inspections", Map.of("BUILDING_OID", oid2), null);
        String i3 = gdb.insert("inspections", Map.of("BUILDING_OID", oid2), null);
        String m1 = gdb.insert("meters", Map.of("BUILDING_CODE", "A1", "BUILDING_OID", oid1), null);
        // no UNIQUE constraint on a 1:1 foreign key: synchronization may hold two rows for a moment
        String m2 = gdb.insert("meters", Map.of("BUILDING_CODE", "A1"), null);

        assertEquals(Set.of(i2, i3), set(lookups.relatedDestinationGlobalIds(byOid, List.of(b2))));
        assertEquals(Set.of(b1, b2), set(lookups.relatedOriginGlobalIds(byOid, List.of(i1, i3))));
        assertEquals(Set.of(m1, m2), set(lookups.relatedDestinationGlobalIds(oneToOne, List.of(b1, b2))));
        assertEquals(List.of(b1), lookups.relatedOriginGlobalIds(oneToOne, List.of(m1, m2)));
        assertEquals(List.of(m1), lookups.relatedDestinationGlobalIds(bigintOid, List.of(b1, b2)));
        assertEquals(List.of(b1), lookups.relatedOriginGlobalIds(bigintOid, List.of(m1, m2)));
    }

    @Test
    void attributedOneToManyKeepsTrackedRowsInItsOwnTable() throws Exception {
        long generation = gdb.generation();
        RelationshipClass rc = gdb.createRelationshipClass(RelationshipClass.withTable("building_owners", "buildings", "owners",
                "GLOBALID", "building_gid", Cardinality.ONE_TO_MANY, true, null, null,
                List.of(Field.of("share_pct", FieldType.DOUBLE), new Field("NOTE", FieldType.TEXT, 80))));
        assertEquals(new RelationshipClass("BUILDING_OWNERS", "BUILDINGS", "OWNERS", "GLOBALID", "BUILDING_GID",
                Cardinality.ONE_TO_MANY, true, "GLOBALID", "DEST_GLOBALID",
                List.of(new Field("SHARE_PCT", FieldType.DOUBLE, 0), new Field("NOTE", FieldType.TEXT, 80))), rc);
        assertTrue(rc.hasTable());
        assertEquals("BUILDING_OWNERS", rc.table());
        assertEquals(rc, gdb.relationshipClass("building_owners"));
        Dataset table = gdb.dataset("building_owners");
        assertEquals(Dataset.Kind.TABLE, table.kind());
        assertEquals(List.of(new Field("BUILDING_GID", FieldType.TEXT, 36), new Field("DEST_GLOBALID", FieldType.TEXT, 36),
                new Field("SHARE_PCT", FieldType.DOUBLE, 0), new Field("NOTE", FieldType.TEXT, 80)), table.fields());
        assertEquals(List.of(rc), gdb.relationshipsOf("building_owners"));
        assertTrue(indexedColumns("BUILDING_OWNERS").containsAll(Set.of("BUILDING_GID", "DEST_GLOBALID")));

        String b1 = building("a", "A1"), b2 = building("b", "B1");
        String ann = gdb.insert("owners", Map.of("NAME", "Ann"), null), bob = gdb.insert("owners", Map.of("NAME", "Bob"), null);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("BUILDING_GID", b1);
        values.put("DEST_GLOBALID", ann);
        values.put("SHARE_PCT", 100.0);
        String r1 = gdb.insert("building_owners", values, null);
        values.put("DEST_GLOBALID", bob);
        values.put("BUILDING_GID", b2);
        String r2 = gdb.insert("building_owners", values, null);

        List<Change> changes = gdb.changesSince(generation - 1);
        assertTrue(changes.stream().anyMatch(c -> c.dataset().equals("BUILDING_OWNERS") && c.globalId().equals(r1)
                && c.operation() == Change.Operation.INSERT), "the relationship table is change-tracked: " + changes);
        assertEquals(List.of(ann), lookups.relatedDestinationGlobalIds(rc, List.of(b1)));
        assertEquals(List.of(b2), lookups.relatedOriginGlobalIds(rc, List.of(bob)));
        assertEquals(List.of(r1), lookups.relationshipRowGlobalIds(rc, List.of(b1)));
        gdb.delete("buildings", b1);
        assertEquals(List.of(), lookups.relationshipRowGlobalIds(rc, List.of(b1)),
                "deleting the origin removed its relationship rows (the database keeps relationships)");
        assertTrue(gdb.row("owners", ann).isPresent(), "related rows are never deleted");
        assertEquals(List.of(r2), lookups.relationshipRowGlobalIds(rc, List.of(b2)));
    }

    @Test
    void manyToManyThroughObjectIdAndUserFieldKeys() throws Exception {
        RelationshipClass rc = gdb.createRelationshipClass(RelationshipClass.withTable("occupancy", "buildings", "owners",
                "OBJECTID", "BUILDING_OID", Cardinality.MANY_TO_MANY, false, "name", "owner_name", List.of()));
        assertFalse(rc.attributed());
        assertEquals("OCCUPANCY", rc.table());
        assertEquals(List.of(), rc.attributes());
        assertEquals(List.of(new Field("BUILDING_OID", FieldType.INTEGER, 0), new Field("OWNER_NAME", FieldType.TEXT, 255)),
                gdb.dataset("occupancy").fields());
        assertTrue(indexedColumns("OWNERS").contains("NAME"), "a user-field destination key is indexed");

        String b1 = building("a", "A1"), b2 = building("b", "B1"), b3 = building("c", "C1");
        String ann = gdb.insert("owners", Map.of("NAME", "Ann"), null), bob = gdb.insert("owners", Map.of("NAME", "Bob"), null);
        String r1 = link(rc, objectId("buildings", b1), "Ann");
        String r2 = link(rc, objectId("buildings", b1), "Bob");
        String r3 = link(rc, objectId("buildings", b2), "Bob");
        link(rc, objectId("buildings", b3), "Zoe");

        assertEquals(Set.of(ann, bob), set(lookups.relatedDestinationGlobalIds(rc, List.of(b1, b2))));
        assertEquals(List.of(), lookups.relatedDestinationGlobalIds(rc, List.of(b3)), "Zoe is not in this geodatabase");
        assertEquals(Set.of(b1, b2), set(lookups.relatedOriginGlobalIds(rc, List.of(bob))));
        assertEquals(Set.of(r1, r2, r3), set(lookups.relationshipRowGlobalIds(rc, List.of(b1, b2))));
    }

    private String link(RelationshipClass rc, long buildingOid, String owner) throws GeodatabaseException {
        return gdb.insert(rc.table(), Map.of(rc.foreignKey(), buildingOid, rc.destinationForeignKey(), owner), null);
    }

    @Test
    void lookupsBatchLongIdLists() throws Exception {
        RelationshipClass rc = gdb.createRelationshipClass(RelationshipClass.simple("inspected", "buildings", "inspections",
                "OBJECTID", "BUILDING_OID", Cardinality.ONE_TO_MANY));
        String b1 = building("a", "A1"), b2 = building("b", "B1"), b3 = building("c", "C1");
        String i1 = gdb.insert("inspections", Map.of("BUILDING_OID", objectId("buildings", b1)), null);
        String i2 = gdb.insert("inspections", Map.of("BUILDING_OID", objectId("buildings", b2)), null);
        String i3 = gdb.insert("inspections", Map.of("BUILDING_OID", objectId("buildings", b3)), null);
        // 1,300 GlobalIDs: three IN lists; the real ones sit in different lists, b1 in two of them
        List<String> origins = new ArrayList<>(), destinations = new ArrayList<>();
        for (int i = 0; i < 1300; i++) {
            origins.add(i == 3 || i == 1299 ? b1 : i == 700 ? b2 : i == 1100 ? b3 : UUID.randomUUID().toString());
            destinations.add(i == 10 ? i1 : i == 650 ? i2 : i == 1250 ? i3 : UUID.randomUUID().toString());
        }
        assertEquals(Set.of(i1, i2, i3), set(lookups.relatedDestinationGlobalIds(rc, origins)));
        assertEquals(Set.of(b1, b2, b3), set(lookups.relatedOriginGlobalIds(rc, destinations)));
    }

    @Test
    void anOlderGeodatabaseWithoutTheRelationshipCatalogGainsItOnOpen() throws Exception {
        try (Statement s = gdb.connection().createStatement()) {
            s.executeUpdate("DROP TABLE GDB_RELATIONSHIPS");
        }
        gdb.connection().commit();
        gdb.close();
        gdb = Geodatabase.open(tmp.resolve("gdb"));
        assertEquals(List.of(), gdb.relationshipClasses());
        gdb.createRelationshipClass(RelationshipClass.simple("inspected", "buildings", "inspections", "OBJECTID", "BUILDING_OID",
                Cardinality.ONE_TO_MANY));
        gdb.close();
        gdb = Geodatabase.open(tmp.resolve("gdb"));
        assertEquals(List.of("INSPECTED"), gdb.relationshipClasses().stream().map(RelationshipClass::name).toList());
    }

    // ---------------------------------------------------------------- refusals

    private String refused(Executable e) throws Exception {
        List<String> datasetsBefore = gdb.datasets().stream().map(Dataset::name).toList();
        List<RelationshipClass> before = gdb.relationshipClasses();
        int tables = userTables(gdb.connection());
        String m = assertThrows(GeodatabaseException.class, e).getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.endsWith("."), "a sentence: " + m);
        assertEquals(datasetsBefore, gdb.datasets().stream().map(Dataset::name).toList());
        assertEquals(before, gdb.relationshipClasses());
        assertEquals(tables, userTables(gdb.connection()), "no table left behind");
        return m;
    }

    private static int userTables(Connection c) throws Exception {
        int n = 0;
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] { "TABLE" })) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }

    private RelationshipClass simple(String name, String origin, String destination, String key, String fk) {
        return RelationshipClass.simple(name, origin, destination, key, fk, Cardinality.ONE_TO_MANY);
    }

    @Test
    void badDefinitionsAreRefusedAndChangeNothing() throws Exception {
        gdb.createRelationshipClass(simple("inspected", "buildings", "inspections", "OBJECTID", "BUILDING_OID"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "nowhere", "inspections", "GLOBALID", "BUILDING_GLOBALID")))
                .startsWith("No dataset named nowhere to be the origin of R"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "nowhere", "GLOBALID", "BUILDING_GLOBALID")))
                .startsWith("No dataset named nowhere to be the destination of R"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "inspections", "HEIGHT", "BUILDING_GLOBALID")))
                .startsWith("BUILDINGS has no field HEIGHT to be the origin key"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "inspections", "GLOBALID", "BUILDING_ID")))
                .startsWith("INSPECTIONS has no field BUILDING_ID to hold the foreign key"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "inspections", "GLOBALID", "GLOBALID")))
                .contains("system column"));
        assertEquals("The foreign key INSPECTIONS.NOTE is text(255) but BUILDINGS.OBJECTID is an integer; use an integer or bigint field.",
                refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "inspections", "OBJECTID", "NOTE"))));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "inspections", "GLOBALID", "SHORT_REF")))
                .contains("needs text of at least 36 characters"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "inspections", "GLOBALID", "BUILDING_OID")))
                .contains("needs text of at least 36 characters"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("r", "buildings", "inspections", "CODE", "AMOUNT")))
                .contains("use a field of the same type"));
        assertEquals("A dataset or table named OWNERS already exists; a relationship class needs a name no dataset has.",
                refused(() -> gdb.createRelationshipClass(simple("owners", "buildings", "inspections", "OBJECTID", "BUILDING_OID"))));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("Inspected", "buildings", "inspections", "OBJECTID",
                "BUILDING_OID"))).contains("already exists"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("gdb_rel", "buildings", "inspections", "OBJECTID",
                "BUILDING_OID"))).contains("reserved"));
        assertTrue(refused(() -> gdb.createRelationshipClass(simple("two words", "buildings", "inspections", "OBJECTID",
                "BUILDING_OID"))).startsWith("Invalid relationship class name"));
        assertTrue(refused(() -> gdb.createRelationshipClass(new RelationshipClass("r", "buildings", "inspections", "OBJECTID",
                "BUILDING_OID", Cardinality.ONE_TO_MANY, false, null, null, List.of(Field.of("X", FieldType.TEXT)))))
                .contains("make it attributed or M:N"));
        assertTrue(refused(() -> gdb.createRelationshipClass(RelationshipClass.withTable("r", "buildings", "owners", "GLOBALID",
                "B_GID", Cardinality.MANY_TO_MANY, false, null, null, List.of(Field.of("X", FieldType.TEXT)))))
                .startsWith("Only an attributed relationship class has fields"));
        assertTrue(refused(() -> gdb.createRelationshipClass(RelationshipClass.withTable("r", "buildings", "owners", "GLOBALID",
                "B_GID", Cardinality.MANY_TO_MANY, true, "AGE", null, List.of()))).startsWith("OWNERS has no field AGE"));
        assertTrue(refused(() -> gdb.createRelationshipClass(RelationshipClass.withTable("r", "buildings", "owners", "GLOBALID",
                "B_GID", Cardinality.MANY_TO_MANY, true, null, null, List.of(Field.of("SHAPE", FieldType.TEXT)))))
                .contains("system column"));
        assertTrue(refused(() -> gdb.createRelationshipClass(RelationshipClass.withTable("r", "buildings", "owners", "GLOBALID",
                "LINK", Cardinality.MANY_TO_MANY, false, null, "link", List.of()))).contains("listed twice"));
        assertEquals("A relationship class named INSPECTED already exists; choose another name.",
                refused(() -> gdb.createTable("inspected", List.of())));
        assertTrue(refused(() -> gdb.relationshipClass("nothing")).startsWith("No relationship class named nothing"));
        assertTrue(refused(() -> gdb.relationshipsOf("nothing")).startsWith("No dataset named nothing"));
        assertTrue(refused(() -> Cardinality.parse("2:3")).equals("Unknown cardinality '2:3'; use 1:1, 1:M or M:N."));
        assertEquals(Cardinality.MANY_TO_MANY, Cardinality.parse("m:n"));
        assertEquals("1:M", Cardinality.parse("1:m").label());
        assertEquals(List.of("INSPECTED"), gdb.relationshipClasses().stream().map(RelationshipClass::name).toList());
    }
}
