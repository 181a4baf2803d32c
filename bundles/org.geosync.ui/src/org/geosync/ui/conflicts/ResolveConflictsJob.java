package org.geosync.ui.conflicts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Replicas;
import org.geosync.model.ConflictResolution;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Resolves conflicts through the engine (whole rows, or one field) and reads the conflicts again; reports which
 * replicas this cleared of their in-conflict state, or the engine's refusal as a sentence. Scheduled by
 * {@link org.geosync.ui.catalog.GeodatabaseJobs#schedule(Job)}.
 */
public class ResolveConflictsJob extends Job {

    /** What resolving did: the replicas no longer in conflict, the refusal (or null), and the conflicts now. */
    public record Outcome(List<String> cleared, String problem, ConflictsSnapshot snapshot) {
    }

    private final GeodatabaseLocation geodatabase;
    private final String shownReplica;
    private final Map<String, List<Long>> idsByReplica;
    private final ConflictResolution take;
    private final String field;
    private final Consumer<Outcome> done;

    /**
     * {@code ids}: the conflicts to resolve per replica; {@code field}: only this field, or null for the whole
     * row; {@code shownReplica}: what the view shows (null: all replicas), read again afterwards.
     */
    public ResolveConflictsJob(GeodatabaseLocation geodatabase, String shownReplica, Map<String, List<Long>> ids, ConflictResolution take, String field,
            Consumer<Outcome> done) {
        super(NLS.bind(UiTexts.Conflicts_resolvingJob, geodatabase.name()));
        this.geodatabase = geodatabase;
        this.shownReplica = shownReplica;
        this.idsByReplica = new LinkedHashMap<>(ids);
        this.take = take;
        this.field = field;
        this.done = done;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), idsByReplica.size() + 2);
        List<String> cleared = new ArrayList<>();
        String problem = null;
        try (Geodatabase gdb = Geodatabase.open(geodatabase)) {
            for (Map.Entry<String, List<Long>> e : idsByReplica.entrySet()) {
                progress.subTask(NLS.bind(UiTexts.Conflicts_replicaTask, e.getKey()));
                boolean before = Replicas.get(gdb, e.getKey()).isInConflict();
                Replicas.resolve(gdb, e.getKey(), e.getValue(), take, field);
                if (before && !Replicas.get(gdb, e.getKey()).isInConflict()) {
                    cleared.add(e.getKey());
                }
                progress.worked(1); // resolving is one transaction per replica: not cancelled half way
            }
        } catch (GeodatabaseException e) {
            problem = e.getMessage();
            Failures.log(problem, e);
        }
        progress.subTask(UiTexts.Conflicts_readingAgain);
        ConflictsSnapshot now = ConflictsSnapshot.load(geodatabase, shownReplica, progress.split(2));
        done.accept(new Outcome(List.copyOf(cleared), problem, now));
        return Status.OK_STATUS;
    }
}
