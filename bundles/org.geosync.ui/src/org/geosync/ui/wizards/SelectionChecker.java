package org.geosync.ui.wizards;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SelectionSet;
import org.geosync.ui.catalog.GeodatabaseJobs;

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
    void check(Path parent, String dataset, String text, SelectionSet selection, Consumer<Outcome> done) {
        Job job = Job.create("Checking the selection set of " + dataset, monitor -> {
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
        job.setRule(GeodatabaseJobs.RULE);
        Job previous = pending.put(dataset, job);
        if (previous != null) {
            previous.cancel();
        }
        job.schedule(DELAY_MS);
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
