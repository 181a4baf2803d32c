package org.geosync.ui.schema;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.progress.IProgressConstants;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Makes one schema change, applies chosen differences or exports a replica's schema in the background (scheduled by
 * {@link GeodatabaseJobs#schedule(Job)}), with progress in the Progress view. A refusal is shown in an error dialog as the
 * engine's sentence and ends the job with {@link Failures#failed}, which the workbench writes to the error log; the views read
 * the geodatabases again when the job is done.
 */
final class SchemaJob extends Job {

    /** The engine call, with the opened geodatabase; returns what it did in words (shown when {@code showResult}). */
    @FunctionalInterface
    interface Work {
        String run(Geodatabase gdb, IProgressMonitor monitor) throws GeodatabaseException;
    }

    private final IWorkbenchWindow window;
    private final String title;
    private final Path directory;
    private final boolean showResult;
    private final Work work;
    private volatile String result;
    private volatile String refusal;

    /** {@code title}: the wizard's, for the dialogs; {@code showResult}: whether a success is shown in a dialog too. */
    SchemaJob(String name, IWorkbenchWindow window, String title, Path directory, boolean showResult, Work work) {
        super(name);
        this.window = window;
        this.title = title;
        this.directory = directory;
        this.showResult = showResult;
        this.work = work;
        // the refusal is shown below as the engine's sentence; the Progress view keeps the status
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        try {
            progress.subTask(NLS.bind(UiTexts.Sync_opening, directory));
            try (Geodatabase gdb = Geodatabase.open(directory)) {
                progress.worked(10);
                String done = work.run(gdb, progress.split(90));
                result = done;
                if (showResult) {
                    show(shell -> MessageDialog.openInformation(shell, title, done));
                }
                return Status.info(done);
            }
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (GeodatabaseException e) {
            String sentence = e.getMessage();
            refusal = sentence;
            show(shell -> MessageDialog.openError(shell, title, sentence));
            return Failures.failed(sentence, e);
        } finally {
            // fields, datasets and replicas changed (or nothing did): the views read again
            GeodatabaseConnections.getDefault().refresh();
            monitor.done();
        }
    }

    /** What the job did, in words, or null (not run yet, refused, failed or cancelled). */
    String result() {
        return result;
    }

    /** The engine's sentence when it refused or failed, or null. */
    String refusal() {
        return refusal;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == SchemaJob.class || family == GeodatabaseJobs.RULE;
    }

    private interface WithShell {
        void run(Shell shell);
    }

    private void show(WithShell dialog) {
        Display display = window == null ? Display.getDefault() : window.getWorkbench().getDisplay();
        display.asyncExec(() -> {
            Shell shell = window != null && window.getShell() != null && !window.getShell().isDisposed() ? window.getShell()
                    : display.getActiveShell();
            dialog.run(shell);
        });
    }
}
