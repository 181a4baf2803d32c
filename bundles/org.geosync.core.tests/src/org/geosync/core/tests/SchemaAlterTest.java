package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Change;
import org.geosync.core.Dataset;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SchemaChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema changes through the engine ({@code geosync gdb alter}, {@code gdb add-dataset}): validated with one sentence when
 * refused (nothing changed), recorded with their generation, and the dataset stays tracked: its triggers are rebuilt for
 * the new columns in the same transaction, so synchronizations go on.
 */
class SchemaAlterTest {

    @TempDir
    Path tmp;
    Path parent;
    Path child;
    final Cli cli = new Cli();

    @BeforeEach
    void create() throws Exception {
        parent = tmp.resolve("parent");
        child = tmp.resolve("child");
        try (Geodatabase p = ReplicaFixture.parent(parent)) {
            p.markSynchronized();
        }
    }

    private void replica() throws Exception {
        try (Geodatabase p = Geodatabase.open(parent)) {
            Replicas.create(p, child, ReplicaSpec.twoWay("crew"), null);
        }
    }

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void anAddedFieldIsRecordedWithItsGenerationAndTheDatasetStaysTracked() throws Exception {
        assertEquals(0, run("gdb", "alter", parent.toString(), "parcels", "--add-field", "survey:text:40"), cli.err);
        assertTrue(cli.out.startsWith("Altered PARCELS (add-field SURVEY text(40)) in generation 2"), cli.out);
        try (Geodatabase p = Geodatabase.open(parent)) {
            Dataset d = p.dataset("PARCELS");
            assertEquals(FieldType.TEXT, d.field("SURVEY").type());
            assertEquals(40, d.field("SURVEY").length());
            assertEquals(List.of(), p.lostTracking("PARCELS"));
            assertNull(p.tableProblem("PARCELS"));
            List<org.geosync.core.SchemaChangeRecord> log = p.schemaChangeLog();
            assertEquals(1, log.size());
            assertEquals("add-field", log.get(0).operation());
            assertEquals("SURVEY", log.get(0).field());
            assertEquals(2, log.get(0).generation());
            long before = p.changesSince(0).size();
            p.update("parcels", gid(1), Map.of("SURVEY", "done"), null);
            List<Change> changes = p.changesSince(0);
            assertEquals(before + 1, changes.size(), "the edit of the new field is captured");
            assertEquals("done", p.row("parcels", gid(1)).orElseThrow().get("SURVEY"));
        }
    }

    @Test
    void dropWidenAndRenameKeepTheDatasetTrackedAndItsValues() throws Exception {
        assertEquals(0, run("gdb", "alter", parent.toString(), "PARCELS", "--widen-field", "NAME:500"), cli.err);
        assertEquals(0, run("gdb", "alter", parent.toString(), "PARCELS", "--rename-field", "OWNER:HOLDER"), cli.err);
        assertEquals(0, run("gdb", "alter", parent.toString(), "NOTES", "--drop-field", "PRIORITY"), cli.err);
        try (Geodatabase p = Geodatabase.open(parent)) {
            assertEquals(500, p.dataset("PARCELS").field("NAME").length());
            assertEquals("city", p.row("parcels", gid(2)).orElseThrow().get("HOLDER"), "a rename keeps the values");
            assertNull(p.dataset("NOTES").field("PRIORITY"));
            for (String d : List.of("PARCELS", "NOTES")) {
                assertEquals(List.of(), p.lostTracking(d));
                assertNull(p.tableProblem(d));
            }
            long before = p.changesSince(0).size();
            p.update("parcels", gid(2), Map.of("NAME", "x".repeat(400), "HOLDER", "smith"), null);
            p.update("notes", gid(1001), Map.of("TEXT", "edited"), null);
            p.delete("notes", gid(1002));
            assertEquals(before + 3, p.changesSince(0).size());
            assertEquals(3, p.schemaChangeLog().size());
        }
    }

    @Test
    void eachRefusalIsOneSentenceAndChangesNothing() throws Exception {
        String dir = parent.toString();
        refused("No dataset named roads", "gdb", "alter", dir, "roads", "--add-field", "A:integer");
        refused("PARCELS has no field named COLOUR", "gdb", "alter", dir, "parcels", "--drop-field", "colour");
        refused("PARCELS already has a field named NAME", "gdb", "alter", dir, "parcels", "--add-field", "name:integer");
        refused("PARCELS already has a field named AREA", "gdb", "alter", dir, "parcels", "--rename-field", "NAME:AREA");
        refused("GLOBALID is reserved for a system column", "gdb", "alter", dir, "parcels", "--add-field", "globalid:text");
        refused("OBJECTID is a system column of PARCELS", "gdb", "alter", dir, "parcels", "--drop-field", "OBJECTID");
        refused("SHAPE is a system column of PARCELS", "gdb", "alter", dir, "parcels", "--rename-field", "SHAPE:GEOM");
        refused("would narrow it", "gdb", "alter", dir, "parcels", "--widen-field", "NAME:80");
        refused("only text fields can be widened; GeoSync does not change a field's type", "gdb", "alter", dir, "parcels", "--widen-field",
                "AREA:20");
        refused("GDB_CHANGES is one of GeoSync's own tables", "gdb", "alter", dir, "GDB_CHANGES", "--drop-field", "SOURCE");
        refused("is a reserved SQL word", "gdb", "alter", dir, "parcels", "--add-field", "select:integer");
        assertEquals(2, run("gdb", "alter", dir, "parcels", "--add-field", "A:integer", "--drop-field", "NAME"));
        try (Geodatabase p = Geodatabase.open(parent)) {
            assertEquals(List.of(), p.schemaChangeLog());
            assertEquals(List.of("NAME", "OWNER", "AREA"), p.dataset("PARCELS").fields().stream().map(f -> f.name()).toList());
            assertEquals(255, p.dataset("PARCELS").field("NAME").length());
            assertEquals(List.of(), p.lostTracking("PARCELS"));
        }
    }

    @Test
    void checkAlterRefusesAsAlterDoesAndChangesNothing() throws Exception {
        try (Geodatabase p = Geodatabase.open(parent)) {
            for (var refused : Map.of(SchemaChange.addField("name", FieldType.INTEGER, 0), "PARCELS already has a field named NAME",
                    SchemaChange.widenField("NAME", 80), "would narrow it", SchemaChange.addField("2nd", FieldType.TEXT, 0),
                    "Invalid field name", SchemaChange.dropField("OBJECTID"), "OBJECTID is a system column of PARCELS").entrySet()) {
                String checked = assertThrows(GeodatabaseException.class, () -> p.checkAlter("parcels", refused.getKey())).getMessage();
                String altered = assertThrows(GeodatabaseException.class, () -> p.alter("parcels", refused.getKey())).getMessage();
                assertEquals(altered, checked, "the same sentence");
                assertTrue(checked.contains(refused.getValue()), checked);
            }
            assertTrue(assertThrows(GeodatabaseException.class, () -> p.checkAlter("GDB_CHANGES", SchemaChange.dropField("SOURCE")))
                    .getMessage().contains("is one of GeoSync's own tables"));
            p.checkAlter("parcels", SchemaChange.addField("survey", FieldType.TEXT, 40));
            p.checkAlter("parcels", SchemaChange.widenField("NAME", 500));
            assertEquals(List.of("NAME", "OWNER", "AREA"), p.dataset("PARCELS").fields().stream().map(f -> f.name()).toList());
            assertEquals(255, p.dataset("PARCELS").field("NAME").length());
            assertEquals(List.of(), p.schemaChangeLog());
            assertEquals(List.of(), p.lostTracking("PARCELS"));
        }
    }

    @Test
    void aFieldNamedByADefinitionQueryIsNotDroppedWhileTheReplicaExists() throws Exception {
        try (Geodatabase p = Geodatabase.open(parent)) {
            Replicas.create(p, child, ReplicaSpec.twoWay("crew").withDatasets(List.of(new ReplicaSpec.DatasetSpec("PARCELS", "AREA > 10", false, null))), null);
        }
        refused("is named in the definition query of replica crew", "gdb", "alter", parent.toString(), "parcels", "--drop-field", "AREA");
    }

    @Test
    void anAddedDatasetIsCreatedTrackedAndRecorded() throws Exception {
        assertEquals(0, run("gdb", "add-dataset", parent.toString(), "valves", "--geometry", "point", "--epsg", "3857", "--field",
                "SIZE_MM:integer", "--field", "MAKER:text:30"), cli.err);
        assertEquals("Added feature class VALVES (point, EPSG:3857) with 2 field(s)", cli.out.strip());
        assertEquals(0, run("gdb", "add-dataset", parent.toString(), "visits", "--field", "WHO:text"), cli.err);
        refused("already exists", "gdb", "add-dataset", parent.toString(), "parcels");
        try (Geodatabase p = Geodatabase.open(parent)) {
            assertTrue(p.dataset("VALVES").isFeatureClass());
            assertFalse(p.dataset("VISITS").isFeatureClass());
            assertEquals(List.of("add-dataset", "add-dataset"), p.schemaChangeLog().stream().map(org.geosync.core.SchemaChangeRecord::operation).toList());
            assertEquals(List.of(), p.lostTracking("VALVES"));
            p.insert("visits", Map.of("WHO", "ann"), null);
            assertEquals(1, p.changesSince(0).stream().filter(c -> c.dataset().equals("VISITS")).count());
        }
    }

    @Test
    void aFieldAddedOnTheParentTravelsWithTheNextSynchronization() throws Exception {
        replica();
        assertEquals(0, run("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "SURVEY:text:40"), cli.err);
        assertEquals(0, run("sql", parent.toString(), "UPDATE PARCELS SET SURVEY = 'done' WHERE GLOBALID = '" + gid(6) + "'"), cli.err);
        assertEquals(0, run("sync", child.toString(), parent.toString(), "--replica", "crew"), cli.err);
        assertEquals(0, run("sql", child.toString(), "SELECT SURVEY FROM PARCELS WHERE GLOBALID = '" + gid(6) + "'"), cli.err);
        assertEquals("SURVEY\r\ndone\r\n", cli.out);
    }

    @Test
    void droppingOrRenamingAReplicatedFieldOnOneSideRefusesTheNextSynchronization() throws Exception {
        replica();
        assertEquals(0, run("gdb", "alter", child.toString(), "PARCELS", "--rename-field", "OWNER:HOLDER"), cli.err);
        assertEquals(1, run("sync", parent.toString(), child.toString(), "--replica", "crew"));
        assertTrue(cli.err.startsWith("Field OWNER of dataset PARCELS was renamed to HOLDER on the child but not on the parent of replica crew"),
                cli.err);
        assertEquals(0, run("gdb", "alter", parent.toString(), "NOTES", "--drop-field", "PRIORITY"), cli.err);
        assertEquals(1, run("message", "export-changes", parent.toString(), "crew", tmp.resolve("m.zip").toString()));
        assertTrue(cli.err.startsWith("Field PRIORITY of dataset NOTES was dropped on the parent but still exists on the child"), cli.err);
    }

    @Test
    void datasetsOfRelationshipClassesChangeTooButNotTheirKeys() throws Exception {
        Path city = tmp.resolve("city");
        assertEquals(0, run("gdb", "create", city.toString(), "--sample", "--features", "20"), cli.err);
        String dir = city.toString();
        assertEquals(0, run("gdb", "alter", dir, "INSPECTIONS", "--drop-field", "INSPECTOR"), cli.err);
        assertEquals(0, run("gdb", "alter", dir, "BUILDINGS", "--rename-field", "BUILT:YEAR_BUILT"), cli.err);
        assertEquals(0, run("gdb", "alter", dir, "OWNERS", "--add-field", "WEBSITE:text:80"), cli.err);
        assertEquals(0, run("gdb", "alter", dir, "PARCEL_OWNERS", "--drop-field", "SHARE_PCT"), cli.err);
        refused("is a key of the relationship class BUILDING_INSPECTIONS", "gdb", "alter", dir, "INSPECTIONS", "--drop-field",
                "BUILDING_GLOBALID");
        refused("is a key of the relationship class PARCEL_OWNERS", "gdb", "alter", dir, "PARCEL_OWNERS", "--rename-field",
                "PARCEL_GLOBALID:P");
        assertEquals(0, run("gdb", "repair", dir), cli.out);
        try (Geodatabase g = Geodatabase.open(city)) {
            for (String d : List.of("INSPECTIONS", "BUILDINGS", "OWNERS", "PARCEL_OWNERS", "PARCELS")) {
                assertEquals(List.of(), g.lostTracking(d), d);
                assertNull(g.tableProblem(d), d);
            }
            String building;
            try (java.sql.Statement s = g.connection().createStatement(); java.sql.ResultSet rs = s.executeQuery(
                    "SELECT BUILDING_GLOBALID FROM INSPECTIONS WHERE BUILDING_GLOBALID IS NOT NULL FETCH FIRST 1 ROW ONLY")) {
                assertTrue(rs.next());
                building = rs.getString(1);
            }
            g.delete("buildings", building);
            try (java.sql.Statement s = g.connection().createStatement(); java.sql.ResultSet rs = s.executeQuery(
                    "SELECT COUNT(*) FROM INSPECTIONS WHERE BUILDING_GLOBALID = '" + building + "'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the relationship's triggers still run: the inspections lose their key");
            }
            assertEquals(4, g.schemaChangeLog().size());
        }
    }

    private void refused(String expected, String... args) {
        assertEquals(1, run(args), cli.out);
        assertTrue(cli.err.contains(expected), cli.err);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
    }
}
