package org.geosync.ui.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SampleCity;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.SampleGeodatabaseDialog;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Creates the sample city in a new geodatabase in a background job (progress and cancel) and adds it to
 * the Catalog; a cancelled or failed creation leaves the directory as it was.
 */
public class CreateSampleGeodatabaseHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        var dialog = new SampleGeodatabaseDialog(HandlerUtil.getActiveShell(event));
        if (dialog.open() != Window.OK) {
            return null;
        }
        schedule(dialog.directory(), dialog.parcels());
        return null;
    }

    /** Schedules the job that creates the sample city of {@code parcels} parcels in {@code dir} and connects the Catalog to it. */
    static Job schedule(Path dir, int parcels) {
        Job job = Job.create(NLS.bind(UiTexts.Handlers_creatingSample, dir.getFileName()), monitor -> {
            SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(UiTexts.Handlers_creatingSample, dir.getFileName()), 100);
            boolean existed = Files.isDirectory(dir);
            Geodatabase created;
            try {
                created = Geodatabase.create(dir);
            } catch (GeodatabaseException e) {
                // refused before anything was written (the directory filled up since the dialog checked it)
                return Failures.failed(e.getMessage(), e);
            }
            boolean done = false;
            // the resource is closed before finally runs, so a cancelled sample's files can be removed
            try (Geodatabase gdb = created) {
                progress.worked(5);
                SampleCity.populate(gdb, parcels, progress.split(95));
                done = true;
            } catch (GeodatabaseException e) {
                // shown to the administrator by the job framework as an error dialog
                return Failures.failed(e.getMessage(), e);
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            } finally {
                if (!done) {
                    removeQuietly(dir, existed);
                }
            }
            // connect only once closed: the Catalog opens the geodatabase itself to read it
            GeodatabaseConnections.getDefault().add(dir);
            return Status.OK_STATUS;
        });
        job.setUser(true);
        GeodatabaseJobs.schedule(job);
        return job;
    }

    /** Removes what the job wrote: the whole directory when it made it, else only its content (it was empty). */
    private static void removeQuietly(Path dir, boolean existed) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                if (existed && p.equals(dir)) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // the job's own outcome (cancelled or refused) is what the administrator needs to see
        }
    }
}
