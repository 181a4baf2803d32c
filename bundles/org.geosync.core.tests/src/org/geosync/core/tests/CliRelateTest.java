package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gdb relate} and the relationship classes of {@code gdb info}, run in-process. */
class CliRelateTest {

    @TempDir
    Path tmp;
    String dir;
    String out;
    String err;

    @BeforeEach
    void create() throws Exception {
        Path d = tmp.resolve("gdb");
        dir = d.toString();
        try (Geodatabase gdb = Geodatabase.create(d)) {
            gdb.createFeatureClass("buildings", GeometryType.POLYGON, 3857, List.of(Field.of("NAME", FieldType.TEXT)));
            gdb.createTable("inspections", List.of(Field.of("BUILDING_GLOBALID", FieldType.TEXT), Field.of("NOTE", FieldType.TEXT)));
            gdb.createTable("owners", List.of(Field.of("NAME", FieldType.TEXT)));
        }
    }

    private final Cli cli = new Cli();

    private int run(String... args) {
        int code = cli.run(args);
        out = cli.out;
        err = cli.err;
        return code;
    }

    private List<RelationshipClass> relationships() throws Exception {
        try (Geodatabase gdb = Geodatabase.open(Path.of(dir))) {
            return gdb.relationshipClasses();
        }
    }

    private List<String> datasets() throws Exception {
        try (Geodatabase gdb = Geodatabase.open(Path.of(dir))) {
            return gdb.datasets().stream().map(Dataset::name).toList();
        }
    }

    @Test
    void relateCreatesSimpleAndAttributedClassesAndInfoListsThem() throws Exception {
        assertEquals(0, run("gdb", "relate", "--origin", "buildings", dir, "building_inspections", "--destination", "inspections",
                "--foreign-key", "building_globalid", "--origin-key", "GLOBALID"), err);
        assertEquals("Created relationship class BUILDING_INSPECTIONS (1:M): BUILDINGS -> INSPECTIONS,"
                + " BUILDINGS.GLOBALID = INSPECTIONS.BUILDING_GLOBALID\n", out.replace("\r", ""));
        assertEquals(0, run("gdb", "relate", dir, "ownership", "--origin", "buildings", "--destination", "owners", "--origin-key",
                "globalid", "--foreign-key", "building_gid", "--cardinality", "M:N", "--attributed", "--destination-foreign-key",
                "owner_gid", "--field", "share_pct:double", "--field", "remark:text:80"), err);
        assertEquals(1, out.strip().lines().count(), out);
        assertTrue(out.endsWith("relationship rows in table OWNERSHIP" + System.lineSeparator()), out);

        assertEquals(List.of(RelationshipClass.simple("BUILDING_INSPECTIONS", "BUILDINGS", "INSPECTIONS", "GLOBALID",
                "BUILDING_GLOBALID", Cardinality.ONE_TO_MANY), new RelationshipClass("OWNERSHIP", "BUILDINGS", "OWNERS", "GLOBALID",
                        "BUILDING_GID", Cardinality.MANY_TO_MANY, true, "GLOBALID", "OWNER_GID",
                        List.of(new Field("SHARE_PCT", FieldType.DOUBLE, 0), new Field("REMARK", FieldType.TEXT, 80)))),
                relationships());
        assertTrue(datasets().contains("OWNERSHIP"), "the relationship table is a dataset");

        assertEquals(0, run("gdb", "info", dir, "--json"), err);
        assertTrue(out.contains(",\"relationshipClasses\":[{\"name\":\"BUILDING_INSPECTIONS\",\"origin\":\"BUILDINGS\","
                + "\"destination\":\"INSPECTIONS\",\"originKey\":\"GLOBALID\",\"foreignKey\":\"BUILDING_GLOBALID\","
                + "\"cardinality\":\"1:M\",\"attributed\":false,\"destinationKey\":null,\"destinationForeignKey\":null,"
                + "\"table\":null,\"attributes\":[]},{\"name\":\"OWNERSHIP\",\"origin\":\"BUILDINGS\",\"destination\":\"OWNERS\","
                + "\"originKey\":\"GLOBALID\",\"foreignKey\":\"BUILDING_GID\",\"cardinality\":\"M:N\",\"attributed\":true,"
                + "\"destinationKey\":\"GLOBALID\",\"destinationForeignKey\":\"OWNER_GID\",\"table\":\"OWNERSHIP\","
                + "\"attributes\":[{\"name\":\"SHARE_PCT\",\"type\":\"double\"},{\"name\":\"REMARK\",\"type\":\"text\"}]}],\"replicas\":[]}"), out);
        assertTrue(out.contains("{\"name\":\"OWNERSHIP\",\"kind\":\"table\""), out);
        assertEquals(0, run("gdb", "info", dir), err);
        assertTrue(out.contains("Relationship classes: 2"), out);
        assertTrue(out.contains("  BUILDING_INSPECTIONS  1:M  BUILDINGS -> INSPECTIONS  keys BUILDINGS.GLOBALID = "
                + "INSPECTIONS.BUILDING_GLOBALID" + System.lineSeparator()), out);
        assertTrue(out.contains("  OWNERSHIP  M:N, attributed  BUILDINGS -> OWNERS  keys BUILDINGS.GLOBALID = OWNERSHIP.BUILDING_GID,"
                + " OWNERS.GLOBALID = OWNERSHIP.OWNER_GID  table=OWNERSHIP"), out);
    }

    @Test
    void infoOfAGeodatabaseWithoutRelationshipClassesSaysSo() throws Exception {
        assertEquals(0, run("gdb", "info", dir, "--json"), err);
        assertTrue(out.strip().endsWith("],\"relationshipClasses\":[],\"replicas\":[]}"), out);
        assertEquals(0, run("gdb", "info", dir), err);
        assertTrue(out.contains("Relationship classes: 0"), out);
    }

    @Test
    void badInputIsOneLineAndChangesNothing() throws Exception {
        List<String> before = datasets();
        String[] base = { "gdb", "relate", dir, "r", "--origin", "buildings", "--destination", "inspections", "--origin-key",
            "GLOBALID", "--foreign-key", "BUILDING_GLOBALID" };
        // usage errors: exit 2
        assertEquals(2, run(with(base, "--cardinality", "2:3")));
        assertTrue(err.contains("--cardinality takes 1:1, 1:M or M:N, not '2:3'"), err);
        assertEquals(2, run("gdb", "relate", dir, "r", "--origin", "buildings", "--destination", "inspections", "--origin-key",
                "GLOBALID"));
        assertTrue(err.contains("--foreign-key is required"), err);
        assertEquals(2, run(with(base, "--colour", "red")));
        assertEquals(2, run(with(base, "--origin", "owners")));
        assertEquals(2, run(with(base, "extra")));
        assertEquals(2, run(with(base, "--field", "NOTYPE")));
        assertEquals(2, run(with(base, "--field", "N:integer:5")));
        assertEquals(2, run(with(base, "--cardinality")));
        // refusals: exit 1, one sentence on stderr
        assertEquals(1, run(with(base, "--field", "N:colour", "--attributed")));
        assertTrue(err.startsWith("Unknown field type 'colour'"), err);
        assertEquals(1, run("gdb", "relate", dir, "r", "--origin", "nowhere", "--destination", "inspections", "--origin-key",
                "GLOBALID", "--foreign-key", "BUILDING_GLOBALID"));
        assertEquals("No dataset named nowhere to be the origin of R; 'geosync gdb info' lists the datasets.", err.strip());
        assertEquals(1, run("gdb", "relate", dir, "r", "--origin", "buildings", "--destination", "inspections", "--origin-key",
                "OBJECTID", "--foreign-key", "NOTE"));
        assertTrue(err.contains("use an integer or bigint field"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(1, run("gdb", "relate", dir, "owners", "--origin", "buildings", "--destination", "inspections", "--origin-key",
                "GLOBALID", "--foreign-key", "BUILDING_GLOBALID"));
        assertTrue(err.contains("already exists"), err);
        assertEquals(1, run("gdb", "relate", tmp.resolve("none").toString(), "r", "--origin", "buildings", "--destination",
                "inspections", "--origin-key", "GLOBALID", "--foreign-key", "BUILDING_GLOBALID"));
        assertTrue(err.contains("is not a geodatabase"), err);
        assertEquals(List.of(), relationships());
        assertEquals(before, datasets());
        assertEquals("", out);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
