package org.geosync.model.util;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;

/**
 * Generations never go backwards. Whoever stores new replica metadata over old metadata (the engine after
 * an export, an import or an acknowledgment) checks the change here first and refuses it if any counter
 * (my generation, the relative's generation, the acknowledged generation; per layer too) would decrease.
 */
public final class Generations {

    /** Diagnostic code of a generation that would go backwards (after all {@link GeosyncConstraints#CONSTRAINTS}). */
    public static final int BACKWARDS = GeosyncConstraints.CONSTRAINTS.size() + 1;

    private Generations() {
    }

    /**
     * Compares the metadata about to be stored ({@code after}) with what is stored now ({@code before}).
     * Returns {@link Diagnostic#OK_INSTANCE} when no counter decreases, otherwise an error whose children
     * say, in sentences, which counter would go back.
     */
    public static Diagnostic checkAdvance(Replica before, Replica after) {
        BasicDiagnostic result = new BasicDiagnostic(GeosyncValidator.DIAGNOSTIC_SOURCE, 0,
                "Generations of replica '" + after.getName() + "' never go backwards.", new Object[] { after });
        String subject = "Replica '" + after.getName() + "'";
        compare(result, subject, "generation", before.getMyGeneration(), after.getMyGeneration(), after);
        compare(result, subject, "relative's generation", before.getSibGeneration(), after.getSibGeneration(), after);
        compare(result, subject, "acknowledged generation", before.getSibMyGeneration(), after.getSibMyGeneration(), after);
        Map<String, ReplicaDataset> old = new HashMap<>();
        for (ReplicaDataset d : before.getDatasets()) {
            if (d.getDatasetName() != null) {
                old.put(d.getDatasetName().toUpperCase(Locale.ROOT), d);
            }
        }
        for (ReplicaDataset d : after.getDatasets()) {
            ReplicaDataset was = d.getDatasetName() == null ? null : old.get(d.getDatasetName().toUpperCase(Locale.ROOT));
            if (was == null) {
                continue;
            }
            String layer = "Dataset '" + d.getDatasetName() + "' of replica '" + after.getName() + "'";
            compare(result, layer, "generation", was.getMyGeneration(), d.getMyGeneration(), d);
            compare(result, layer, "relative's generation", was.getSibGeneration(), d.getSibGeneration(), d);
            compare(result, layer, "acknowledged generation", was.getSibMyGeneration(), d.getSibMyGeneration(), d);
        }
        return result.getChildren().isEmpty() ? Diagnostic.OK_INSTANCE : result;
    }

    private static void compare(BasicDiagnostic result, String subject, String counter, long was, long now, Object data) {
        if (now >= was) {
            return;
        }
        result.add(new BasicDiagnostic(Diagnostic.ERROR, GeosyncValidator.DIAGNOSTIC_SOURCE, BACKWARDS,
                subject + ": its " + counter + " would go back from " + was + " to " + now
                        + "; generations never go backwards, so the change was refused. This usually means an older "
                        + "copy of the metadata (a restored backup or a stale message) is being applied: "
                        + "synchronize again from the current geodatabase.",
                new Object[] { data }));
    }
}
