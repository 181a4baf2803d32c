package org.geosync.ui.conflicts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.osgi.util.NLS;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Replicas;
import org.geosync.model.Conflict;
import org.geosync.model.Replica;
import org.geosync.ui.internal.UiTexts;

/**
 * The open conflicts of one replica (or of every replica) of a geodatabase, sorted by dataset so the view
 * shows them grouped, and which replicas are still in conflict. Read in a job; never on the UI thread.
 */
public record ConflictsSnapshot(GeodatabaseLocation geodatabase, String replica, List<ConflictRow> rows, List<String> inConflict, String problem) {

    /** Reads the snapshot; a geodatabase that cannot be read becomes the problem sentence. */
    public static ConflictsSnapshot load(GeodatabaseLocation geodatabase, String replica, IProgressMonitor monitor) {
        try (Geodatabase gdb = Geodatabase.open(geodatabase)) {
            List<Replica> replicas = replica == null ? Replicas.list(gdb) : List.of(Replicas.get(gdb, replica));
            List<ConflictRow> rows = new ArrayList<>();
            List<String> inConflict = new ArrayList<>();
            for (Replica r : replicas) {
                if (monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
                if (r.isInConflict()) {
                    inConflict.add(r.getName());
                }
                for (Conflict c : Replicas.conflicts(gdb, r.getName(), true)) {
                    rows.add(new ConflictRow(r.getName(), c));
                }
            }
            rows.sort(Comparator.comparing(ConflictRow::dataset).thenComparing(ConflictRow::replica)
                    .thenComparingLong(row -> row.conflict().getId()));
            return new ConflictsSnapshot(geodatabase, replica, List.copyOf(rows), List.copyOf(inConflict), null);
        } catch (GeodatabaseException e) {
            return new ConflictsSnapshot(geodatabase, replica, List.of(), List.of(), e.getMessage());
        }
    }

    /** The headline above the list. */
    public String headline() {
        if (problem != null) {
            return problem;
        }
        if (geodatabase == null) {
            return UiTexts.Conflicts_select; // no geodatabase chosen (or its connection removed)
        }
        String of = replica == null ? NLS.bind(UiTexts.Conflicts_allReplicasOf, geodatabase.name())
                : NLS.bind(UiTexts.Conflicts_replicaOf, replica, geodatabase.name());
        if (rows.isEmpty()) {
            return NLS.bind(UiTexts.Conflicts_none, of);
        }
        String count = NLS.bind(rows.size() == 1 ? UiTexts.Conflicts_countOne : UiTexts.Conflicts_count, rows.size(), of);
        return inConflict.isEmpty() ? NLS.bind(UiTexts.Conflicts_headline, count) : NLS.bind(UiTexts.Conflicts_headlineInConflict, count, String.join(", ", inConflict));
    }
}
