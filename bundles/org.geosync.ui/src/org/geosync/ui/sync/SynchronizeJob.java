package org.geosync.ui.sync;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.progress.IProgressConstants;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.SyncJob;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;

/**
 * Runs one connected synchronization in the background, with progress and cancel, then shows what it did;
 * a refusal or failure is shown as the engine's sentence.
 */
public class SynchronizeJob extends Job {

    static final String TITLE = "Synchronize Changes";

    private final IWorkbenchWindow window;
    private final Path here;
    private final Path relative;
    private final String replica;
    private final SyncOptions options;

    public SynchronizeJob(IWorkbenchWindow window, Path here, Path relative, String replica, SyncOptions options) {
        super("Synchronizing replica " + replica);
        this.window = window;
        this.here = here;
        this.relative = relative;
        this.replica = replica;
        this.options = options;
        setUser(true);
        setRule(GeodatabaseJobs.RULE);
        // the refusal is shown as a sentence below; the Progress view keeps the status
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        try {
            progress.subTask("Opening " + here);
            try (Geodatabase first = Geodatabase.open(here)) {
                progress.subTask("Opening " + relative);
                try (Geodatabase second = Geodatabase.open(relative)) {
                    progress.worked(5);
                    SyncJob result = Replicas.synchronize(first, second, replica, options, progress.split(95));
                    GeodatabaseConnections.getDefault().refresh(); // row counts and conflicts changed
                    show(shell -> new SyncResultDialog(shell, replica, here, relative, result).open());
                    return Status.OK_STATUS;
                }
            }
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (GeodatabaseException e) {
            String sentence = e.getMessage();
            show(shell -> MessageDialog.openError(shell, TITLE, sentence));
            return Status.error(sentence);
        } finally {
            monitor.done();
        }
    }

    private interface WithShell {
        void run(Shell shell);
    }

    private void show(WithShell dialog) {
        var display = window.getWorkbench().getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(() -> dialog.run(window.getShell()));
        }
    }
}
