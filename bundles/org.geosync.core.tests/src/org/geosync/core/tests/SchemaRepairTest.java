package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DDL made outside GeoSync (any JDBC client): a table that no longer matches its catalog entry is refused before every
 * synchronization, naming the dataset and what differs; {@code geosync gdb repair} rebuilds lost tracking where the table
 * still matches, and tells (exit 1) what it cannot repair.
 */
class SchemaRepairTest {

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
            Replicas.create(p, child, ReplicaSpec.twoWay("crew"), null);
        }
    }

    private static void ddl(Path dir, String... statements) throws Exception {
        try (Geodatabase g = Geodatabase.open(dir); Statement s = g.connection().createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            g.connection().commit();
        }
    }

    @Test
    void lostTriggersAreRebuiltAndATableThatNoLongerMatchesItsCatalogIsNamed() throws Exception {
        ddl(parent, "ALTER TABLE PARCELS DROP COLUMN OWNER", "ALTER TABLE PARCELS ADD COLUMN OWNER VARCHAR(255)",
                "ALTER TABLE NOTES ADD COLUMN EXTRA INTEGER");
        try (Geodatabase p = Geodatabase.open(parent)) {
            assertFalse(p.lostTracking("PARCELS").isEmpty());
            assertTrue(p.tableProblem("NOTES").contains("column EXTRA is not in its catalog entry (added outside GeoSync)"));
        }
        assertEquals(1, cli.run("sync", parent.toString(), child.toString(), "--replica", "crew"));
        assertTrue(cli.err.startsWith("Dataset NOTES in " + parent + " no longer matches its catalog entry: column EXTRA is not in its"
                + " catalog entry (added outside GeoSync);"), cli.err);

        assertEquals(1, cli.run("gdb", "repair", parent.toString()));
        assertEquals(List.of("Repaired PARCELS: its tracking triggers were rebuilt (edits made while they were missing were not captured)",
                "Cannot repair NOTES: column EXTRA is not in its catalog entry (added outside GeoSync), so GeoSync cannot rebuild its"
                        + " tracking; make the table match its catalog again (or change it with 'geosync gdb alter') and run 'geosync gdb"
                        + " repair' again."), cli.out.lines().toList());
        try (Geodatabase p = Geodatabase.open(parent)) {
            assertEquals(List.of(), p.lostTracking("PARCELS"));
        }

        ddl(parent, "ALTER TABLE NOTES DROP COLUMN EXTRA");
        assertEquals(0, cli.run("gdb", "repair", parent.toString()), cli.out);
        try (Geodatabase p = Geodatabase.open(parent)) {
            assertNull(p.tableProblem("NOTES"));
            assertEquals(List.of(), p.lostTracking("NOTES"));
        }
        assertEquals(0, cli.run("sql", parent.toString(), "UPDATE PARCELS SET OWNER = 'smith' WHERE GLOBALID = '" + gid(3) + "'"), cli.err);
        assertEquals(0, cli.run("sync", parent.toString(), child.toString(), "--replica", "crew"), cli.err);
        assertEquals(0, cli.run("sql", child.toString(), "SELECT OWNER FROM PARCELS WHERE GLOBALID = '" + gid(3) + "'"), cli.err);
        assertEquals("OWNER\r\nsmith\r\n", cli.out, "an edit made after the repair is captured and travels");
    }

    @Test
    void theSchemaAMessageCarriesIsTheTablesNotTheCatalogsList() throws Exception {
        try (Geodatabase p = Geodatabase.open(parent)) {
            assertEquals(new Field("NAME", FieldType.TEXT, 255), p.tableSchema("PARCELS").field("NAME"));
            assertEquals(p.dataset("PARCELS").fields(), p.tableSchema("PARCELS").fields(), "a table that matches its catalog is its catalog entry");
        }
        assertEquals(0, cli.run("sql", parent.toString(), "UPDATE PARCELS SET NAME = 'renamed' WHERE GLOBALID = '" + gid(3) + "'"), cli.err);
        Path message = tmp.resolve("m1.zip");
        assertEquals(0, cli.run("message", "export-changes", parent.toString(), "crew", message.toString()), cli.err);

        // the child's NAME made longer and a column of a type GeoSync does not make, both outside GeoSync
        ddl(child, "ALTER TABLE PARCELS ALTER COLUMN NAME SET DATA TYPE VARCHAR(300)");
        try (Geodatabase c = Geodatabase.open(child)) {
            assertEquals(new Field("NAME", FieldType.TEXT, 255), c.dataset("PARCELS").field("NAME"));
            assertEquals(new Field("NAME", FieldType.TEXT, 300), c.tableSchema("PARCELS").field("NAME"), "the table's own length");
        }
        assertEquals(1, cli.run("message", "import", child.toString(), message.toString()));
        assertTrue(cli.err.contains("PARCELS") && cli.err.contains("NAME"), cli.err);
        assertEquals(0, cli.run("sql", child.toString(), "SELECT NAME FROM PARCELS WHERE GLOBALID = '" + gid(3) + "'"), cli.err);
        assertEquals("NAME\r\nP3\r\n", cli.out, "nothing of the refused message is applied");

        ddl(child, "ALTER TABLE NOTES ADD COLUMN COST DECIMAL(5,2)");
        try (Geodatabase c = Geodatabase.open(child)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> c.tableSchema("NOTES"));
            assertEquals("Column COST of dataset NOTES is DECIMAL, a type GeoSync does not replicate (changed outside GeoSync); change it"
                    + " back, or drop it and add the field with 'geosync gdb alter'.", e.getMessage());
        }
    }

    @Test
    void aGeodatabaseWithNothingToRepairSaysSo() {
        assertEquals(0, cli.run("gdb", "repair", parent.toString()), cli.err);
        assertEquals("Every dataset of " + parent + " is tracked and matches its catalog; nothing to repair", cli.out.strip());
        assertEquals(0, cli.run("gdb", "alter", parent.toString(), "PARCELS", "--add-field", "SURVEY:date"), cli.err);
        assertEquals(0, cli.run("gdb", "repair", parent.toString()), "a change made through gdb alter leaves nothing to repair");
    }
}
