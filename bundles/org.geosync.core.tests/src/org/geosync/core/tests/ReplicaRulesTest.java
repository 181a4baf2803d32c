package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaRules;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A definition query, a replica area and an extent are judged by one rule each ({@link ReplicaRules}); replica creation,
 * the command line and the model's validator report that rule's sentence (the workbench's Create Replica wizard calls the
 * same methods).
 */
class ReplicaRulesTest {

    @TempDir
    Path tmp;

    private static List<String> validate(String query, String area) {
        Replica r = GeosyncFactory.eINSTANCE.createReplica();
        r.setName("crew");
        ReplicaDataset d = GeosyncFactory.eINSTANCE.createReplicaDataset();
        d.setDatasetName("PARCELS");
        ReplicaFilter f = GeosyncFactory.eINSTANCE.createReplicaFilter();
        f.setDefinitionQuery(query);
        f.setAreaWkt(area);
        f.setAreaEpsg(3857);
        d.setFilter(f);
        r.getDatasets().add(d);
        List<String> out = new ArrayList<>();
        for (Diagnostic c : Diagnostician.INSTANCE.validate(f).getChildren()) {
            out.add(c.getMessage());
        }
        return out;
    }

    @Test
    void theModelValidatorReportsTheEnginesSentenceForADefinitionQuery() {
        // OBJECTID is numbered by each geodatabase on its own: the engine refuses it, and so does the validator now
        String query = "OBJECTID > 5";
        String sentence = ReplicaRules.definitionQueryProblem("PARCELS", query);
        assertNotNull(sentence);
        assertEquals(List.of("Replica 'crew': " + sentence), validate(query, null));
        assertEquals(List.of(), validate("NAME = 'O''Brien' AND GLOBALID IS NOT NULL", null));
    }

    @Test
    void theModelValidatorReportsTheEnginesSentenceForAnArea() {
        // a bow tie is WKT of a polygon, but not a valid area
        String area = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))";
        String sentence = ReplicaRules.areaProblem(area);
        assertNotNull(sentence);
        assertEquals(List.of("Replica 'crew': " + sentence), validate(null, area));
        assertEquals(List.of(), validate(null, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"));
    }

    @Test
    void replicaCreationRefusesWithTheSameSentences() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            String query = "OBJECTID > 5";
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, tmp.resolve("c1"),
                    ReplicaSpec.twoWay("r").withDatasets(List.of(new DatasetSpec("PARCELS", query, false, List.of()))), null));
            assertEquals(ReplicaRules.definitionQueryProblem(parent.dataset("PARCELS"), query), e.getMessage());

            String area = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))";
            e = assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, tmp.resolve("c2"),
                    ReplicaSpec.twoWay("r").withArea(area, 3857, null), null));
            assertEquals(ReplicaRules.areaProblem(area), e.getMessage());
            assertNull(ReplicaRules.definitionQueryProblem(parent.dataset("PARCELS"), "NAME = 'P1' OR AREA > 10"));

            // an area that would filter nothing (only a table chosen) is refused, not ignored
            e = assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, tmp.resolve("c3"), ReplicaSpec.twoWay("r")
                    .withDatasets(List.of(DatasetSpec.all("NOTES"))).withArea("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", 3857, null), null));
            assertEquals(ReplicaRules.areaScopeProblem(false), e.getMessage());
        }
    }

    @Test
    void aFieldIsNamedByADefinitionQueryOnlyAsAName() {
        assertTrue(ReplicaRules.namesField("NOTE = 'x' AND AREA > 2", "note"));
        assertTrue(ReplicaRules.namesField("\"NOTE\" IS NULL", "NOTE"));
        assertFalse(ReplicaRules.namesField("STATUS = 'NOTE'", "NOTE"), "a word inside quoted text is no name");
        assertFalse(ReplicaRules.namesField("NOTES > 1", "NOTE"));
    }

    @Test
    void theCommandLineRefusesAnEmptyExtentWithTheEnginesSentence() throws Exception {
        ReplicaFixture.parent(tmp.resolve("parent")).close();
        Cli cli = new Cli();
        assertEquals(1, cli.run("replica", "create", tmp.resolve("parent").toString(), tmp.resolve("child").toString(), "--name", "x",
                "--type", "two-way", "--extent", "5,5,1,1"));
        assertEquals(ReplicaRules.extentProblem(5, 5, 1, 1), cli.err.strip());
        assertEquals("The extent 5,5,1,1 is empty: it needs MINX < MAXX and MINY < MAXY.", ReplicaRules.extentProblem(5, 5, 1, 1));
        assertNull(ReplicaRules.extentProblem(0, 0, 10, 10));
        assertEquals("Unknown EPSG code 123456; use a code from the EPSG registry such as 4326 (WGS 84) or 3857.",
                ReplicaRules.epsgProblem(123456));
        assertNull(ReplicaRules.epsgProblem(4326));
    }
}
