package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DDL through {@code geosync sql} is never silent: ALTER TABLE, DROP TABLE and RENAME of a dataset a replica holds are refused
 * with a sentence naming the replica and pointing to {@code geosync gdb alter}; other schema changes are refused as before.
 */
class SqlSchemaGuardTest {

    @TempDir
    Path tmp;
    String dir;
    final Cli cli = new Cli();

    @BeforeEach
    void create() throws Exception {
        Path parent = tmp.resolve("parent");
        dir = parent.toString();
        try (Geodatabase p = ReplicaFixture.parent(parent)) {
            Replicas.create(p, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
        }
        assertEquals(0, cli.run("gdb", "add-dataset", dir, "VISITS", "--field", "WHO:text"), cli.err);
    }

    @Test
    void ddlOfAReplicatedDatasetIsRefusedWithAPointerToGdbAlter() throws Exception {
        for (String sql : List.of("ALTER TABLE PARCELS ADD COLUMN SURVEY VARCHAR(40)", "alter table app.parcels drop column OWNER",
                "ALTER TABLE \"NOTES\" ALTER COLUMN TEXT SET DATA TYPE VARCHAR(900)", "DROP TABLE NOTES", "RENAME TABLE PARCELS TO LOTS",
                "RENAME COLUMN PARCELS.OWNER TO HOLDER", "/* c */ RENAME COLUMN APP.PARCELS.OWNER TO HOLDER")) {
            assertEquals(1, cli.run("sql", dir, sql), sql);
            assertTrue(cli.err.startsWith("Schema changes ("), sql + " -> " + cli.err);
            assertTrue(cli.err.contains("replica crew holds it") && cli.err.contains("'geosync gdb alter " + dir + " "), sql + " -> " + cli.err);
            assertEquals(1, cli.err.strip().lines().count());
        }
        try (Geodatabase p = Geodatabase.open(Path.of(dir))) {
            assertEquals(List.of("NAME", "OWNER", "AREA"), p.dataset("PARCELS").fields().stream().map(f -> f.name()).toList());
            assertEquals(List.of(), p.lostTracking("PARCELS"));
            assertNull(p.tableProblem("PARCELS"));
        }
    }

    @Test
    void otherSchemaChangesAreRefusedAsBefore() {
        assertEquals(1, cli.run("sql", dir, "ALTER TABLE VISITS ADD COLUMN X INT"));
        assertTrue(cli.err.startsWith("Schema changes (ALTER TABLE) are not supported through geosync sql: datasets come from"), cli.err);
        assertEquals(1, cli.run("sql", dir, "CREATE TABLE SIDE (A INT)"));
        assertTrue(cli.err.startsWith("Schema changes (CREATE TABLE) are not supported"), cli.err);
        assertEquals(1, cli.run("sql", dir, "DROP TRIGGER GDB_TUL_PARCELS"));
        assertTrue(cli.err.contains("does not create or drop triggers"), cli.err);
    }
}
