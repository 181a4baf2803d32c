package org.geosync.ui.wizards;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Control;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.internal.UiTexts;

/**
 * Reads a geodatabase's datasets and replicas for a wizard page in a job under the geodatabase rule and
 * hands the result to the UI thread; only the latest request is delivered.
 */
final class GeodatabaseReader {

    private final Control owner;
    private final AtomicLong latest = new AtomicLong();

    GeodatabaseReader(Control owner) {
        this.owner = owner;
    }

    /** Reads the geodatabase at {@code location} and calls {@code done} on the UI thread, unless another read was asked for since. */
    void read(GeodatabaseLocation location, Consumer<GeodatabaseNode> done) {
        long request = latest.incrementAndGet();
        Job job = Job.create(NLS.bind(UiTexts.Create_readingGeodatabase, location.name()), monitor -> {
            GeodatabaseNode node = GeodatabaseNode.inspect(location);
            if (!owner.isDisposed()) {
                owner.getDisplay().asyncExec(() -> {
                    if (!owner.isDisposed() && request == latest.get()) {
                        done.accept(node);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    /** Forgets any read still running. */
    void cancel() {
        latest.incrementAndGet();
    }
}
