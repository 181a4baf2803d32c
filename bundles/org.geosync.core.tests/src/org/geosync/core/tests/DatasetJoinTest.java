package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new dataset joins existing replicas ({@code gdb add-dataset ... --replica}): the child makes it and joins it at its next
 * synchronization or message import, and the rows inserted on the parent from then on, and the child's edits of them, travel;
 * a replica it did not join never gets it; bad requests change nothing.
 */
class DatasetJoinTest {

    @TempDir
    Path tmp;
    Path parent;
    Path crew;
    Path survey;
    final Cli cli = new Cli();

    @BeforeEach
    void create() throws Exception {
        parent = tmp.resolve("parent");
        crew = tmp.resolve("crew");
        survey = tmp.resolve("survey");
        try (Geodatabase p = ReplicaFixture.parent(parent)) {
            Replicas.create(p, crew, ReplicaSpec.twoWay("crew"), null);
            Replicas.create(p, survey, ReplicaSpec.twoWay("survey"), null);
        }
    }

    private void addValves(String... replicas) throws Exception {
        try (Geodatabase p = Geodatabase.open(parent)) {
            Replicas.addDataset(p, "valves", GeometryType.POINT, 3857, List.of(new Field("SIZE_MM", FieldType.INTEGER, 0),
                    new Field("MAKER", FieldType.TEXT, 40)), List.of(replicas));
            p.insert("VALVES", gid(900), Map.of("SIZE_MM", 100, "MAKER", "acme"), "POINT (10 10)");
            p.insert("VALVES", gid(901), Map.of("SIZE_MM", 150, "MAKER", "acme"), "POINT (20 20)");
        }
    }

    @Test
    void aDatasetThatJoinedAReplicaReachesItsChildWithItsRowsAndTheChildsEditsComeBack() throws Exception {
        assertEquals(0, cli.run("gdb", "add-dataset", parent.toString(), "valves", "--geometry", "point", "--epsg", "3857", "--field",
                "SIZE_MM:integer", "--field", "MAKER:text:40", "--replica", "crew"), cli.err);
        assertEquals("Added feature class VALVES (point, EPSG:3857) with 2 field(s); it joined replica crew (each child makes it when it"
                + " next synchronizes or imports a message)", cli.out.strip());
        try (Geodatabase p = Geodatabase.open(parent)) {
            p.insert("VALVES", gid(900), Map.of("SIZE_MM", 100, "MAKER", "acme"), "POINT (10 10)");
        }
        assertEquals(0, cli.run("sync", crew.toString(), parent.toString(), "--replica", "crew"), cli.err);
        try (Geodatabase c = Geodatabase.open(crew); Geodatabase p = Geodatabase.open(parent)) {
            assertEquals(p.dataset("VALVES"), c.dataset("VALVES"), "the child makes the dataset as the parent has it");
            assertEquals(List.of(List.of("100", "acme")), Sql.rows(c, "SELECT SIZE_MM, MAKER FROM VALVES"));
            assertNotNull(Replicas.get(c, "crew").getDatasets().stream().filter(d -> d.getDatasetName().equals("VALVES")).findFirst()
                    .orElse(null), "the child's record of the replica holds it");
            c.update("VALVES", gid(900), Map.of("MAKER", "zenith"), null);
            p.insert("VALVES", gid(901), Map.of("SIZE_MM", 150, "MAKER", "acme"), "POINT (20 20)");
        }
        assertEquals(0, cli.run("sync", crew.toString(), parent.toString(), "--replica", "crew"), cli.err);
        try (Geodatabase c = Geodatabase.open(crew); Geodatabase p = Geodatabase.open(parent)) {
            assertEquals(List.of(List.of("100", "zenith"), List.of("150", "acme")), Sql.rows(p, "SELECT SIZE_MM, MAKER FROM VALVES ORDER BY SIZE_MM"));
            assertEquals(Sql.rows(p, "SELECT SIZE_MM, MAKER FROM VALVES ORDER BY SIZE_MM"), Sql.rows(c, "SELECT SIZE_MM, MAKER FROM VALVES ORDER BY SIZE_MM"));
        }
        // the replica it did not join knows nothing of it
        assertEquals(0, cli.run("sync", survey.toString(), parent.toString(), "--replica", "survey"), cli.err);
        try (Geodatabase s = Geodatabase.open(survey)) {
            assertNull(s.findDataset("VALVES"));
        }
    }

    @Test
    void aDatasetThatJoinedAReplicaTravelsInADataChangeMessage() throws Exception {
        addValves("crew", "survey");
        Path m = tmp.resolve("m1.zip");
        assertEquals(0, cli.run("message", "export-changes", parent.toString(), "survey", m.toString()), cli.err);
        assertEquals(0, cli.run("message", "import", survey.toString(), m.toString()), cli.err);
        try (Geodatabase s = Geodatabase.open(survey)) {
            assertEquals(List.of(List.of("100", "acme"), List.of("150", "acme")), Sql.rows(s, "SELECT SIZE_MM, MAKER FROM VALVES ORDER BY SIZE_MM"));
            s.update("VALVES", gid(901), Map.of("SIZE_MM", 175), null);
        }
        try (Geodatabase s = Geodatabase.open(survey); Geodatabase p = Geodatabase.open(parent)) {
            Replicas.synchronize(s, p, "survey", SyncOptions.defaults(), null);
            assertEquals(List.of(List.of("175")), Sql.rows(p, "SELECT SIZE_MM FROM VALVES WHERE GLOBALID = '" + gid(901) + "'"));
        }
    }

    @Test
    void badRequestsChangeNothing() throws Exception {
        assertEquals(1, cli.run("gdb", "add-dataset", parent.toString(), "valves", "--replica", "nosuch"));
        assertTrue(cli.err.startsWith("There is no replica named nosuch in " + parent), cli.err);
        assertEquals(1, cli.run("gdb", "add-dataset", crew.toString(), "valves", "--replica", "crew"));
        assertTrue(cli.err.startsWith(crew + " is the child of replica crew; a new dataset joins a replica on its parent"), cli.err);
        try (Geodatabase p = Geodatabase.open(parent); Geodatabase c = Geodatabase.open(crew)) {
            assertNull(p.findDataset("VALVES"), "nothing made on a refusal");
            assertNull(c.findDataset("VALVES"));
            // a dataset of that name and another schema on the child
            c.addDataset("VALVES", null, 0, List.of(new Field("NOTE", FieldType.TEXT, 20)));
        }
        addValves("crew");
        assertEquals(1, cli.run("sync", crew.toString(), parent.toString(), "--replica", "crew"));
        assertTrue(cli.err.startsWith("Dataset VALVES joined replica crew on its relative, but " + crew + " already has a dataset of that"
                + " name with another schema"), cli.err);
        try (Geodatabase c = Geodatabase.open(crew)) {
            assertEquals(List.of(), Sql.rows(c, "SELECT * FROM VALVES"));
            assertNull(Replicas.get(c, "crew").getDatasets().stream().filter(d -> d.getDatasetName().equals("VALVES")).findFirst().orElse(null));
        }
    }
}
