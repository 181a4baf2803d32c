package org.geosync.ui.wizards;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Control;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.SelectionSet;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.UiTexts;

/**
 * Looks a dataset's selection set up in the parent geodatabase in a job under the geodatabase rule, a
 * moment after the administrator stops typing, and hands the outcome to the UI thread; per dataset only
 * the latest request is delivered.
 */
final class SelectionChecker {

    /** What a lookup found: the selection resolved, or why it could not be looked up. */
    record Outcome(String text, SelectionSet.Resolved resolved, String failure) {
    }

    /** Pause after the last keystroke before the parent is opened (each lookup boots the database). */
    static final long DELAY_MS = 300;

    private final Control owner;
    private final Map<String, Job> pending = new ConcurrentHashMap<>();

    SelectionChecker(Control owner) {
        this.owner = owner;
    }

    /** Looks {@code selection} (typed as {@code text}) up in {@code dataset} of {@code parent}; {@code done} runs on the UI thread. */
    void check(GeodatabaseLocation parent, String dataset, String text, SelectionSet selection, Consumer<Outcome> done) {
        Job job = Job.create(NLS.bind(UiTexts.Selection_checkingJob, dataset), monitor -> {
            Outcome outcome;
            try (Geodatabase gdb = Geodatabase.open(parent)) {
                outcome = new Outcome(text, selection.resolve(gdb, dataset), null);
            } catch (GeodatabaseException e) {
                outcome = new Outcome(text, null, e.getMessage());
            }
            deliver(dataset, Job.getJobManager().currentJob(), outcome, done);
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        Job previous = pending.put(dataset, job);
        if (previous != null) {
            previous.cancel();
        }
        GeodatabaseJobs.schedule(job, DELAY_MS);
    }

    private void deliver(String dataset, Job job, Outcome outcome, Consumer<Outcome> done) {
        if (owner.isDisposed()) {
            return;
        }
        owner.getDisplay().asyncExec(() -> {
            if (!owner.isDisposed() && pending.remove(dataset, job)) {
                done.accept(outcome);
            }
        });
    }

    /** The most features "select in the drawn area" puts into a selection set; more are better served by a replica area. */
    static final int MAX_FROM_MAP = 10_000;

    /**
     * Reads the GlobalIDs of the features of {@code dataset} intersecting {@code areaWkt} (in the dataset's
     * coordinates); {@code done} receives them on the UI thread, {@code refused} the reason there are none to use.
     */
    void featuresIn(GeodatabaseLocation parent, String dataset, String areaWkt, Consumer<List<String>> done, Consumer<String> refused) {
        Job job = Job.create(NLS.bind(UiTexts.Selection_selectingJob, dataset), monitor -> {
            List<String> gids = null;
            String problem = null;
            try (Geodatabase gdb = Geodatabase.open(parent)) {
                gids = gdb.intersecting(dataset, areaWkt);
                if (gids.isEmpty()) {
                    problem = NLS.bind(UiTexts.Selection_noFeature, dataset);
                } else if (gids.size() > MAX_FROM_MAP) {
                    problem = NLS.bind(UiTexts.Selection_tooMany, new Object[] { gids.size(), dataset, MAX_FROM_MAP });
                }
            } catch (GeodatabaseException e) {
                problem = e.getMessage();
            }
            List<String> found = gids;
            String reason = problem;
            if (!owner.isDisposed()) {
                owner.getDisplay().asyncExec(() -> {
                    if (!owner.isDisposed()) {
                        if (reason == null) {
                            done.accept(found);
                        } else {
                            refused.accept(reason);
                        }
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    /** Forgets the lookup of {@code dataset} still waiting or running. */
    void forget(String dataset) {
        Job previous = pending.remove(dataset);
        if (previous != null) {
            previous.cancel();
        }
    }

    /** Forgets every lookup still waiting or running. */
    void cancel() {
        pending.values().forEach(Job::cancel);
        pending.clear();
    }
}
