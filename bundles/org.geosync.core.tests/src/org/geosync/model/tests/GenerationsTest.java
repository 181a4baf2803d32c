package org.geosync.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.model.Replica;
import org.geosync.model.util.Generations;
import org.junit.jupiter.api.Test;

/** Generation counters only move forward, for the replica and for each layer. */
class GenerationsTest {

    @Test
    void advancingOrKeepingGenerationsIsAccepted() {
        Replica before = Replicas.full();
        Replica after = EcoreUtil.copy(before);
        assertSame(Diagnostic.OK_INSTANCE, Generations.checkAdvance(before, after));
        after.setMyGeneration(8);
        after.setSibGeneration(6);
        after.setSibMyGeneration(8);
        after.getDatasets().get(0).setMyGeneration(4);
        assertSame(Diagnostic.OK_INSTANCE, Generations.checkAdvance(before, after));
    }

    @Test
    void goingBackIsRefusedWithOneSentencePerCounter() {
        Replica before = Replicas.full();
        Replica after = EcoreUtil.copy(before);
        after.setSibGeneration(4);
        after.getDatasets().get(0).setSibMyGeneration(1);
        Diagnostic d = Generations.checkAdvance(before, after);
        assertEquals(Diagnostic.ERROR, d.getSeverity());
        List<String> messages = d.getChildren().stream().map(Diagnostic::getMessage).toList();
        String tail = "; generations never go backwards, so the change was refused. This usually means an older copy of the "
                + "metadata (a restored backup or a stale message) is being applied: synchronize again from the current geodatabase.";
        assertEquals(List.of(
                "Replica 'FieldCrew': its relative's generation would go back from 5 to 4" + tail,
                "Dataset 'ROADS' of replica 'FieldCrew': its acknowledged generation would go back from 3 to 1" + tail), messages);
        assertSame(after.getDatasets().get(0), d.getChildren().get(1).getData().get(0));
        assertEquals(Generations.BACKWARDS, d.getChildren().get(0).getCode());
    }
}
