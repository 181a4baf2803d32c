package org.geosync.ui.handlers;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseLocationDialog;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/** Creates a new, empty geodatabase in a background job and adds it to the Catalog. */
public class NewGeodatabaseHandler extends AbstractHandler {

    static final String PLUGIN_ID = "org.geosync.ui";

    @Override
    public Object execute(ExecutionEvent event) {
        var dialog = new GeodatabaseLocationDialog(HandlerUtil.getActiveShell(event),
                GeodatabaseLocationDialog.Purpose.CREATE_NEW);
        if (dialog.open() != Window.OK) {
            return null;
        }
        Path dir = dialog.directory();
        Job job = Job.create(NLS.bind(UiTexts.Handlers_creatingGeodatabase, dir.getFileName()), (IProgressMonitor monitor) -> {
            try (Geodatabase gdb = Geodatabase.create(dir)) {
                monitor.subTask(NLS.bind(UiTexts.Handlers_created, gdb.guid()));
            } catch (GeodatabaseException e) {
                // shown to the administrator by the job framework as an error dialog
                return Failures.failed(e.getMessage(), e);
            }
            // connect only once closed: the Catalog opens the geodatabase itself to read it
            GeodatabaseConnections.getDefault().add(dir);
            return Status.OK_STATUS;
        });
        job.setUser(true);
        GeodatabaseJobs.schedule(job);
        return null;
    }
}
