package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReplicaType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Additive schema changes travel by themselves in a connected synchronization: a field added or a text field widened on one
 * side through {@code geosync gdb alter} is made on the relative before the edits that use it, in the same transaction; a
 * change the relative cannot make refuses the whole synchronization with a sentence, and nothing changes on either side.
 */
class SchemaTravelTest {

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

    private void replica(ReplicaSpec spec) throws Exception {
        try (Geodatabase p = Geodatabase.open(parent)) {
            Replicas.create(p, child, spec, null);
        }
    }

    private void ok(String... args) {
        assertEquals(0, cli.run(args), cli.err);
    }

    private String value(Path dir, String table, String field, String globalId) {
        ok("sql", dir.toString(), "SELECT " + field + " FROM " + table + " WHERE GLOBALID = '" + globalId + "'");
        return cli.out.lines().skip(1).findFirst().orElse(null);
    }

    private Field field(Path dir, String dataset, String name) throws Exception {
        try (Geodatabase g = Geodatabase.open(dir)) {
            assertEquals(List.of(), g.lostTracking(dataset), "the dataset stays tracked");
            assertNull(g.tableProblem(dataset));
            return g.dataset(dataset).field(name);
        }
    }

    private long pending(Path dir) {
        ok("sql", dir.toString(), "SELECT COUNT(*) AS N FROM GDB_SCHEMA_PENDING");
        return Long.parseLong(cli.out.lines().skip(1).findFirst().orElseThrow().strip());
    }

    @Test
    void aFieldAddedAndSetOnTheParentReachesATwoWayChildWithItsValue() throws Exception {
        replica(ReplicaSpec.twoWay("crew"));
        ok("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "SURVEY:text:40");
        ok("sql", parent.toString(), "UPDATE PARCELS SET SURVEY = 'done' WHERE GLOBALID = '" + gid(6) + "'");
        ok("sync", parent.toString(), child.toString(), "--replica", "crew");
        assertEquals(new Field("SURVEY", FieldType.TEXT, 40), field(child, "PARCELS", "SURVEY"));
        assertEquals("done", value(child, "PARCELS", "SURVEY", gid(6)));
        assertEquals(0, pending(parent));
        assertEquals(0, pending(child));
        // the child edits the new field: it travels back like any other
        ok("sql", child.toString(), "UPDATE PARCELS SET SURVEY = 'checked' WHERE GLOBALID = '" + gid(7) + "'");
        ok("sync", child.toString(), parent.toString(), "--replica", "crew");
        assertEquals("checked", value(parent, "PARCELS", "SURVEY", gid(7)));
    }

    @Test
    void aFieldAddedAndSetOnTheParentReachesTheChildInADataChangeMessage() throws Exception {
        replica(ReplicaSpec.twoWay("crew"));
        ok("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "SURVEY:text:40");
        ok("gdb", "alter", parent.toString(), "PARCELS", "--widen-field", "NAME:600");
        String longName = "m".repeat(400);
        ok("sql", parent.toString(), "UPDATE PARCELS SET SURVEY = 'done', NAME = '" + longName + "' WHERE GLOBALID = '" + gid(6) + "'");
        String message = tmp.resolve("m.zip").toString();
        ok("message", "export-changes", parent.toString(), "crew", message);
        ok("message", "import", child.toString(), message);
        assertEquals(new Field("SURVEY", FieldType.TEXT, 40), field(child, "PARCELS", "SURVEY"));
        assertEquals(600, field(child, "PARCELS", "NAME").length());
        assertEquals("done", value(child, "PARCELS", "SURVEY", gid(6)));
        assertEquals(longName, value(child, "PARCELS", "NAME", gid(6)));
        assertEquals(0, pending(child), "the child knows its relative has the fields");
    }

    @Test
    void aMessageWhoseNewFieldClashesOnTheReceiverIsRefusedWithASentenceAndChangesNothing() throws Exception {
        replica(ReplicaSpec.twoWay("crew"));
        ok("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "GRADE:integer");
        ok("gdb", "alter", child.toString(), "PARCELS", "--add-field", "GRADE:text:20");
        ok("sql", parent.toString(), "UPDATE PARCELS SET GRADE = 2 WHERE GLOBALID = '" + gid(9) + "'");
        String message = tmp.resolve("m.zip").toString();
        ok("message", "export-changes", parent.toString(), "crew", message);
        assertEquals(1, cli.run("message", "import", child.toString(), message));
        assertTrue(cli.err.startsWith("Schema mismatch in dataset PARCELS:"), cli.err);
        assertTrue(cli.err.contains("GRADE"), cli.err);
        assertEquals(new Field("GRADE", FieldType.TEXT, 20), field(child, "PARCELS", "GRADE"));
    }

    @Test
    void aFieldAddedAndSetOnTheChildReachesTheParent() throws Exception {
        replica(ReplicaSpec.twoWay("crew"));
        ok("gdb", "alter", child.toString(), "NOTES", "--add-field", "VISITS:integer");
        ok("sql", child.toString(), "UPDATE NOTES SET VISITS = 3 WHERE GLOBALID = '" + gid(1002) + "'");
        ok("sync", parent.toString(), child.toString(), "--replica", "crew");
        assertEquals(new Field("VISITS", FieldType.INTEGER, 0), field(parent, "NOTES", "VISITS"));
        assertEquals("3", value(parent, "NOTES", "VISITS", gid(1002)));
        assertEquals(0, pending(parent));
        assertEquals(0, pending(child));
    }

    @Test
    void aTextFieldWidenedOnTheParentCarriesLongerValues() throws Exception {
        replica(ReplicaSpec.twoWay("crew"));
        ok("gdb", "alter", parent.toString(), "PARCELS", "--widen-field", "NAME:600");
        String longName = "n".repeat(500);
        ok("sql", parent.toString(), "UPDATE PARCELS SET NAME = '" + longName + "' WHERE GLOBALID = '" + gid(8) + "'");
        ok("sync", parent.toString(), child.toString(), "--replica", "crew");
        assertEquals(600, field(child, "PARCELS", "NAME").length());
        assertEquals(longName, value(child, "PARCELS", "NAME", gid(8)));
        assertEquals(0, pending(parent));
    }

    @Test
    void aFieldOfTheSameNameAndAnotherTypeRefusesTheSynchronizationAndChangesNothing() throws Exception {
        replica(ReplicaSpec.twoWay("crew"));
        ok("gdb", "alter", parent.toString(), "NOTES", "--add-field", "DUE:date");
        ok("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "GRADE:integer");
        ok("gdb", "alter", child.toString(), "PARCELS", "--add-field", "GRADE:text:20");
        ok("sql", parent.toString(), "UPDATE PARCELS SET GRADE = 2, NAME = 'graded' WHERE GLOBALID = '" + gid(9) + "'");
        assertEquals(1, cli.run("sync", parent.toString(), child.toString(), "--replica", "crew"));
        assertTrue(cli.err.startsWith("Field GRADE of dataset PARCELS is integer on the parent of replica crew but text(20) on the child"),
                cli.err);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertEquals(new Field("GRADE", FieldType.TEXT, 20), field(child, "PARCELS", "GRADE"));
        assertNull(field(child, "NOTES", "DUE"), "the change that could travel was rolled back with the rest");
        assertEquals("P9", value(child, "PARCELS", "NAME", gid(9)));
        assertEquals(2, pending(parent));
        assertEquals(1, pending(child));
    }

    @Test
    void aCheckoutSendsTheChildsNewFieldToTheParent() throws Exception {
        replica(ReplicaSpec.twoWay("crew").withType(ReplicaType.CHECKOUT, OneWayDirection.NONE));
        ok("gdb", "alter", child.toString(), "PARCELS", "--add-field", "SURVEY:text:30");
        ok("sql", child.toString(), "UPDATE PARCELS SET SURVEY = 'field' WHERE GLOBALID = '" + gid(4) + "'");
        ok("sync", child.toString(), parent.toString(), "--replica", "crew");
        assertEquals(new Field("SURVEY", FieldType.TEXT, 30), field(parent, "PARCELS", "SURVEY"));
        assertEquals("field", value(parent, "PARCELS", "SURVEY", gid(4)));
    }

    @Test
    void aOneWayParentToChildReplicaSendsTheParentsNewField() throws Exception {
        replica(ReplicaSpec.twoWay("crew").withType(ReplicaType.ONE_WAY, OneWayDirection.PARENT_TO_CHILD));
        ok("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "ZONE:bigint");
        ok("sql", parent.toString(), "UPDATE PARCELS SET ZONE = 12 WHERE GLOBALID = '" + gid(3) + "'");
        ok("sync", parent.toString(), child.toString(), "--replica", "crew");
        assertEquals(new Field("ZONE", FieldType.BIGINT, 0), field(child, "PARCELS", "ZONE"));
        assertEquals("12", value(child, "PARCELS", "ZONE", gid(3)));
        assertEquals(0, pending(parent));
    }
    /**
     * Under the schema policy all on both sides a rename and a drop travel in a connected synchronization, in the order they
     * were made: the child renames its field keeping its values (its own unsent edit of it included) and drops the other.
     */
    @Test
    void dropsAndRenamesTravelInAConnectedSynchronizationUnderTheSchemaPolicyAll() throws Exception {
        replica(ReplicaSpec.twoWay("crew").withSchemaPolicy(org.geosync.model.SchemaPolicy.ALL));
        ok("sql", child.toString(), "UPDATE PARCELS SET OWNER = 'the child''s' WHERE GLOBALID = '" + gid(2) + "'");
        ok("gdb", "alter", parent.toString(), "PARCELS", "--rename-field", "OWNER:HOLDER");
        ok("gdb", "alter", parent.toString(), "NOTES", "--drop-field", "PRIORITY");
        ok("sql", parent.toString(), "UPDATE PARCELS SET HOLDER = 'the parent''s' WHERE GLOBALID = '" + gid(6) + "'");
        ok("sync", parent.toString(), child.toString(), "--replica", "crew");
        assertNull(field(child, "PARCELS", "OWNER"));
        assertEquals(new Field("HOLDER", FieldType.TEXT, 255), field(child, "PARCELS", "HOLDER"));
        assertNull(field(child, "NOTES", "PRIORITY"));
        assertEquals("the parent's", value(child, "PARCELS", "HOLDER", gid(6)));
        assertEquals("the child's", value(child, "PARCELS", "HOLDER", gid(2)), "the child's value stays, under the new name");
        assertEquals("the child's", value(parent, "PARCELS", "HOLDER", gid(2)), "and its edit reaches the parent");
        assertEquals(0, pending(parent));
        assertEquals(0, pending(child));
        ok("replica", "schema-compare", parent.toString(), child.toString(), "--replica", "crew");
    }

    /**
     * Under the default policy a drop is refused with a sentence saying how to let it travel; set to all on one side only it
     * is still refused (each side decides for its own data); set on both, it travels.
     */
    @Test
    void aDropTravelsOnlyOnceBothSidesTakeDropsAndRenames() throws Exception {
        replica(ReplicaSpec.twoWay("crew"));
        ok("gdb", "alter", parent.toString(), "NOTES", "--drop-field", "PRIORITY");
        assertEquals(1, cli.run("sync", parent.toString(), child.toString(), "--replica", "crew"));
        assertTrue(cli.err.contains("was dropped on the parent") && cli.err.contains("schema-policy"), cli.err);
        ok("replica", "schema-policy", parent.toString(), "crew", "all");
        assertEquals(1, cli.run("sync", parent.toString(), child.toString(), "--replica", "crew"));
        assertTrue(cli.err.contains("was dropped on the parent"), cli.err);
        assertEquals(new Field("PRIORITY", FieldType.INTEGER, 0).type(), field(child, "NOTES", "PRIORITY").type(), "nothing changed");
        ok("replica", "schema-policy", child.toString(), "crew", "all");
        assertTrue(cli.out.contains("now takes drops and renames"), cli.out);
        ok("replica", "list", child.toString());
        assertTrue(cli.out.contains("schema all"), cli.out);
        ok("sync", parent.toString(), child.toString(), "--replica", "crew");
        assertNull(field(child, "NOTES", "PRIORITY"));
        assertEquals(0, pending(parent));
    }

    /** A rename onto a name the relative uses for another field refuses the whole synchronization, nothing changed. */
    @Test
    void aRenameOntoANameTheRelativeUsesIsRefused() throws Exception {
        replica(ReplicaSpec.twoWay("crew").withSchemaPolicy(org.geosync.model.SchemaPolicy.ALL));
        ok("gdb", "alter", child.toString(), "PARCELS", "--add-field", "HOLDER:integer");
        ok("gdb", "alter", parent.toString(), "PARCELS", "--rename-field", "OWNER:HOLDER");
        assertEquals(1, cli.run("sync", parent.toString(), child.toString(), "--replica", "crew"));
        assertTrue(cli.err.contains("has fields of both names") && cli.err.contains("nothing was synchronized"), cli.err);
        assertEquals(FieldType.TEXT, field(child, "PARCELS", "OWNER").type());
        assertEquals(FieldType.INTEGER, field(child, "PARCELS", "HOLDER").type());
    }

    /**
     * A data change message of a side whose policy is all carries its drops and renames: a receiver whose policy is all too
     * makes them before the rows arrive; one whose policy is additive refuses the message whole, nothing imported.
     */
    @Test
    void dropsAndRenamesTravelInADataChangeMessageWhereTheReceiverTakesThem() throws Exception {
        replica(ReplicaSpec.twoWay("crew").withSchemaPolicy(org.geosync.model.SchemaPolicy.ALL));
        ok("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "SURVEY:text:20");
        ok("gdb", "alter", parent.toString(), "PARCELS", "--rename-field", "SURVEY:SURVEYED");
        ok("gdb", "alter", parent.toString(), "PARCELS", "--rename-field", "OWNER:HOLDER");
        ok("gdb", "alter", parent.toString(), "NOTES", "--drop-field", "PRIORITY");
        ok("sql", parent.toString(), "UPDATE PARCELS SET HOLDER = 'h', SURVEYED = 'yes' WHERE GLOBALID = '" + gid(6) + "'");
        String message = tmp.resolve("m.zip").toString();
        ok("message", "export-changes", parent.toString(), "crew", message);
        ok("replica", "schema-policy", child.toString(), "crew", "additive");
        assertEquals(1, cli.run("message", "import", child.toString(), message));
        assertTrue(cli.err.contains("takes only added and widened fields") && cli.err.contains("nothing was imported"), cli.err);
        assertEquals(FieldType.TEXT, field(child, "PARCELS", "OWNER").type(), "nothing changed");
        assertNull(field(child, "PARCELS", "SURVEYED"));
        ok("replica", "schema-policy", child.toString(), "crew", "all");
        ok("message", "import", child.toString(), message);
        assertNull(field(child, "PARCELS", "OWNER"));
        assertNull(field(child, "NOTES", "PRIORITY"));
        assertEquals("h", value(child, "PARCELS", "HOLDER", gid(6)));
        assertEquals("yes", value(child, "PARCELS", "SURVEYED", gid(6)));
        assertEquals("P2", value(child, "PARCELS", "NAME", gid(2)));
    }
    /** Under the policy all a checkout's child renames a field and the parent renames it too, keeping the child's values. */
    @Test
    void aCheckoutSendsTheChildsRenameToTheParentUnderThePolicyAll() throws Exception {
        replica(ReplicaSpec.twoWay("crew").withType(ReplicaType.CHECKOUT, OneWayDirection.NONE)
                .withSchemaPolicy(org.geosync.model.SchemaPolicy.ALL));
        ok("gdb", "alter", child.toString(), "PARCELS", "--rename-field", "OWNER:HOLDER");
        ok("sql", child.toString(), "UPDATE PARCELS SET HOLDER = 'field' WHERE GLOBALID = '" + gid(4) + "'");
        ok("sync", child.toString(), parent.toString(), "--replica", "crew");
        assertNull(field(parent, "PARCELS", "OWNER"));
        assertEquals("field", value(parent, "PARCELS", "HOLDER", gid(4)));
        assertEquals("city", value(parent, "PARCELS", "HOLDER", gid(5)), "the parent's own values stay under the new name");
        assertEquals(0, pending(child));
    }

    /**
     * Under the policy all a one-way parent-to-child replica drops the parent's dropped field on the child, by connected
     * synchronization and by message alike; the child, which sends nothing, keeps its own drop waiting (refused).
     */
    @Test
    void aOneWayReplicaDropsTheParentsDroppedFieldOnTheChildUnderThePolicyAll() throws Exception {
        replica(ReplicaSpec.twoWay("crew").withType(ReplicaType.ONE_WAY, OneWayDirection.PARENT_TO_CHILD)
                .withSchemaPolicy(org.geosync.model.SchemaPolicy.ALL));
        ok("gdb", "alter", parent.toString(), "NOTES", "--drop-field", "PRIORITY");
        String message = tmp.resolve("m.zip").toString();
        ok("message", "export-changes", parent.toString(), "crew", message);
        ok("message", "import", child.toString(), message);
        assertNull(field(child, "NOTES", "PRIORITY"));
        ok("gdb", "alter", parent.toString(), "PARCELS", "--drop-field", "OWNER");
        ok("sync", parent.toString(), child.toString(), "--replica", "crew");
        assertNull(field(child, "PARCELS", "OWNER"));
        assertEquals(0, pending(parent));
        ok("gdb", "alter", child.toString(), "PARCELS", "--drop-field", "AREA");
        assertEquals(1, cli.run("sync", parent.toString(), child.toString(), "--replica", "crew"));
        assertTrue(cli.err.contains("was dropped on the child"), cli.err);
        assertEquals(FieldType.DOUBLE, field(parent, "PARCELS", "AREA").type(), "nothing changed");
    }
}
