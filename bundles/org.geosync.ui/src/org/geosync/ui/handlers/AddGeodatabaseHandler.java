package org.geosync.ui.handlers;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseLocationDialog;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/** Connects the Catalog to an existing geodatabase, refusing a directory that does not open as one. */
public class AddGeodatabaseHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        var dialog = new GeodatabaseLocationDialog(HandlerUtil.getActiveShell(event),
                GeodatabaseLocationDialog.Purpose.ADD_EXISTING);
        if (dialog.open() != Window.OK) {
            return null;
        }
        Path dir = dialog.directory();
        // opening touches the disk and must not overlap another job's use of the same geodatabase
        Job job = Job.create(NLS.bind(UiTexts.Handlers_connecting, dir.getFileName()), monitor -> {
            GeodatabaseNode node = GeodatabaseNode.list(GeodatabaseLocation.of(dir)); // it opens: the Catalog reads the rest
            if (node.problem() != null) {
                // shown to the administrator by the job framework as an error dialog
                return Failures.failed(node.problem(), null);
            }
            GeodatabaseConnections.getDefault().add(dir);
            return Status.OK_STATUS;
        });
        job.setUser(true);
        GeodatabaseJobs.schedule(job);
        return null;
    }
}
