package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.Schemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code geosync replica schema-export} and {@code schema-compare}: a replica's schema as XMI of the model, and the differences
 * between its two sides (or one side and an exported file), exit 0 when equal and 3 when not; a comparison that finds the two
 * sides equal lets a synchronization carry the values of fields added on both.
 */
class SchemaCompareTest {

    @TempDir
    Path tmp;
    String parent;
    String child;
    final Cli cli = new Cli();

    @BeforeEach
    void create() throws Exception {
        parent = tmp.resolve("parent").toString();
        child = tmp.resolve("child").toString();
        try (Geodatabase p = ReplicaFixture.parent(Path.of(parent))) {
            Replicas.create(p, Path.of(child), ReplicaSpec.twoWay("crew"), null);
        }
    }

    @Test
    void theTwoSidesAreComparedFieldByField() {
        assertEquals(0, cli.run("replica", "schema-compare", parent, child, "--replica", "crew"), cli.err);
        assertEquals("The schemas of replica crew in " + parent + " and " + child + " are equal", cli.out.strip());

        assertEquals(0, cli.run("gdb", "alter", parent, "PARCELS", "--add-field", "SURVEY:text:40"), cli.err);
        assertEquals(0, cli.run("gdb", "alter", child, "PARCELS", "--widen-field", "NAME:500"), cli.err);
        assertEquals(3, cli.run("replica", "schema-compare", parent, child, "--replica", "crew"), cli.err);
        assertEquals(List.of("PARCELS.NAME: string(255) in " + parent + ", string(500) in " + child,
                "PARCELS.SURVEY: field in " + parent + " (string(40)) but not in " + child,
                "2 difference(s) between the schemas of replica crew in " + parent + " and " + child), cli.out.lines().toList());

        assertEquals(3, cli.run("replica", "schema-compare", child, parent, "--replica", "crew", "--json"), cli.err);
        assertTrue(cli.out.contains("\"equal\":false"), cli.out);
        assertTrue(cli.out.contains("{\"kind\":\"field-missing\",\"dataset\":\"PARCELS\",\"field\":\"SURVEY\",\"first\":null,\"second\":\"string(40)\""),
                cli.out);
        assertTrue(cli.out.contains("\"exitCode\":3"), cli.out);
    }

    @Test
    void anExportedSchemaIsXmiOfTheModelAndComparesWithEitherSide() throws Exception {
        Path file = tmp.resolve("out/crew-schema.xml");
        assertEquals(0, cli.run("replica", "schema-export", parent, "crew", file.toString()), cli.err);
        assertEquals("Exported the schema of replica crew (2 dataset(s)) to " + file, cli.out.strip());
        String xml = Files.readString(file);
        assertTrue(xml.startsWith("<?xml") && xml.contains("name=\"PARCELS\"") && xml.contains("name=\"OWNER\"") && xml.contains("crew"), xml);
        assertEquals(2, Schemas.read(file).getDatasets().size());

        assertEquals(0, cli.run("replica", "schema-compare", child, file.toString(), "--replica", "crew"), cli.err);
        assertEquals(0, cli.run("gdb", "alter", child, "NOTES", "--drop-field", "PRIORITY"), cli.err);
        assertEquals(3, cli.run("replica", "schema-compare", child, file.toString(), "--replica", "crew"), cli.err);
        assertTrue(cli.out.startsWith("NOTES.PRIORITY: field in " + file + " (integer) but not in " + child), cli.out);

        Files.writeString(tmp.resolve("junk.xml"), "<?xml version=\"1.0\"?><x/>");
        assertEquals(1, cli.run("replica", "schema-compare", parent, tmp.resolve("junk.xml").toString(), "--replica", "crew"));
        assertTrue(cli.err.contains("is not a replica schema written by 'geosync replica schema-export'"), cli.err);
        assertEquals(1, cli.run("replica", "schema-export", parent, "nope", file.toString()));
        assertTrue(cli.err.startsWith("There is no replica named nope"), cli.err);
    }

    @Test
    void aFieldAddedOnBothSidesAndFoundEqualCarriesItsValues() throws Exception {
        assertEquals(0, cli.run("gdb", "alter", parent, "PARCELS", "--add-field", "SURVEY:text:40"), cli.err);
        assertEquals(0, cli.run("sql", parent, "UPDATE PARCELS SET SURVEY = 'done' WHERE GLOBALID = '" + gid(6) + "'"), cli.err);

        assertEquals(0, cli.run("gdb", "alter", child, "PARCELS", "--add-field", "SURVEY:text:40"), cli.err);
        assertEquals(0, cli.run("replica", "schema-compare", parent, child, "--replica", "crew"), cli.err);
        assertTrue(cli.out.contains("are equal; 2 schema change(s) made on one side are now known to be made on both"), cli.out);
        assertEquals(0, cli.run("sync", parent, child, "--replica", "crew"), cli.err);
        assertEquals(0, cli.run("sql", child, "SELECT SURVEY FROM PARCELS WHERE GLOBALID = '" + gid(6) + "'"), cli.err);
        assertEquals("SURVEY\r\ndone\r\n", cli.out);
    }

    @Test
    void anExportedSchemaIsImportedOnTheOtherSideAdditiveChangesByDefaultADropOnlyWhenNamed() throws Exception {
        assertEquals(0, cli.run("gdb", "alter", parent, "PARCELS", "--add-field", "SURVEY:text:40"), cli.err);
        assertEquals(0, cli.run("gdb", "alter", parent, "PARCELS", "--widen-field", "NAME:500"), cli.err);
        assertEquals(0, cli.run("gdb", "alter", child, "NOTES", "--add-field", "LOCAL_NOTE:integer"), cli.err);
        assertEquals(0, cli.run("sql", parent, "UPDATE PARCELS SET SURVEY = 'done' WHERE GLOBALID = '" + gid(7) + "'"), cli.err);
        Path file = tmp.resolve("parent-schema.xml");
        assertEquals(0, cli.run("replica", "schema-export", parent, "crew", file.toString()), cli.err);

        assertEquals(1, cli.run("replica", "schema-import", child, file.toString(), "--change", "PARCELS.NOPE"));
        assertTrue(cli.err.startsWith("There is no difference PARCELS.NOPE between replica crew"), cli.err);
        assertEquals(3, cli.run("replica", "schema-import", child, file.toString()), cli.err);
        assertEquals(List.of("Applied PARCELS.NAME: widen-field NAME to 500", "Applied PARCELS.SURVEY: add-field SURVEY text(40)",
                "Left NOTES.LOCAL_NOTE: field in " + child + " (integer) but not in " + file + " (name it with --change NOTES.LOCAL_NOTE to"
                        + " drop it here)",
                "Imported 2 schema change(s) into replica crew of " + child + "; 1 difference(s) left"), cli.out.lines().toList());
        assertEquals(0, cli.run("replica", "schema-import", child, file.toString(), "--change", "notes.local_note"), cli.err);
        assertTrue(cli.out.startsWith("Applied NOTES.LOCAL_NOTE: drop-field LOCAL_NOTE"), cli.out);

        assertEquals(0, cli.run("replica", "schema-compare", parent, child, "--replica", "crew"), cli.out);
        assertEquals(0, cli.run("sync", parent, child, "--replica", "crew"), cli.err);
        assertEquals(0, cli.run("sql", child, "SELECT SURVEY FROM PARCELS WHERE GLOBALID = '" + gid(7) + "'"), cli.err);
        assertEquals("SURVEY\r\ndone\r\n", cli.out);
    }

    @Test
    void eachDifferenceSaysWhatImportingItWouldChange() throws Exception {
        assertEquals(0, cli.run("gdb", "alter", parent, "PARCELS", "--add-field", "SURVEY:text:40"), cli.err);
        assertEquals(0, cli.run("gdb", "alter", parent, "PARCELS", "--widen-field", "NAME:500"), cli.err);
        assertEquals(0, cli.run("gdb", "alter", child, "NOTES", "--add-field", "LOCAL_NOTE:integer"), cli.err);
        assertEquals(0, cli.run("gdb", "alter", child, "PARCELS", "--widen-field", "OWNER:600"), cli.err);
        Path file = tmp.resolve("parent-schema.xml");
        assertEquals(0, cli.run("replica", "schema-export", parent, "crew", file.toString()), cli.err);
        try (Geodatabase c = Geodatabase.open(Path.of(child))) {
            Schemas.Comparison comparison = Schemas.compare(c, "crew", file);
            var theirs = Schemas.read(file);
            java.util.Map<String, String> changes = new java.util.TreeMap<>();
            for (Schemas.Difference d : comparison.differences()) {
                var change = Schemas.changeFor(d, theirs);
                changes.put(d.id(), change == null ? "none" : change.describe());
            }
            assertEquals(java.util.Map.of("PARCELS.NAME", "widen-field NAME to 500", "PARCELS.SURVEY", "add-field SURVEY text(40)",
                    "PARCELS.OWNER", "none", "NOTES.LOCAL_NOTE", "drop-field LOCAL_NOTE"), changes, "a narrowing is no change GeoSync makes");
        }
    }

    @Test
    void aFieldAddedOnBothSidesCarriesItsValuesInAMessageToo() throws Exception {
        assertEquals(0, cli.run("gdb", "alter", parent, "PARCELS", "--add-field", "SURVEY:date"), cli.err);
        assertEquals(0, cli.run("sql", parent, "UPDATE PARCELS SET SURVEY = DATE('2026-05-01') WHERE GLOBALID = '" + gid(8) + "'"), cli.err);
        String message = tmp.resolve("m1.zip").toString();
        assertEquals(0, cli.run("gdb", "alter", child, "PARCELS", "--add-field", "SURVEY:date"), cli.err);
        assertEquals(0, cli.run("replica", "schema-compare", child, parent, "--replica", "crew"), cli.out);
        assertEquals(0, cli.run("message", "export-changes", parent, "crew", message), cli.err);
        assertEquals(0, cli.run("message", "import", child, message), cli.err);
        assertEquals(0, cli.run("sql", child, "SELECT SURVEY FROM PARCELS WHERE GLOBALID = '" + gid(8) + "'"), cli.err);
        assertEquals("SURVEY\r\n2026-05-01\r\n", cli.out);
    }
}
