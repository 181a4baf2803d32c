package org.geosync.ui.catalog;

import java.util.function.Function;

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
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * One engine call on one geodatabase in the background: opens the geodatabase, runs the call with progress and cancel,
 * closes it, and has the views read the geodatabases again when it is done (scheduled by {@link GeodatabaseJobs#schedule(Job)}).
 * Its {@link #result} or {@link #refusal} (the engine's sentence) is read when it is done. A refusal ends the job with
 * {@link Failures#failed}, which the workbench writes to the error log; the caller shows the sentence, or the job does in
 * a dialog ({@link #showingDialogs}).
 *
 * @param <T> what the engine call returns
 */
public class GeodatabaseJob<T> extends Job {

    /** The engine call, with the opened geodatabase. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Geodatabase gdb, IProgressMonitor monitor) throws GeodatabaseException;
    }

    private final GeodatabaseLocation location;
    private final Work<T> work;
    private final Function<T, String> summary;
    private IWorkbenchWindow window;
    private String title;
    private boolean showResult;
    private boolean dialogs;
    private volatile T result;
    private volatile String refusal;

    /** {@code summary}: what the call did, in words, for the job's status (and its dialog). */
    public GeodatabaseJob(String name, GeodatabaseLocation location, Work<T> work, Function<T, String> summary) {
        super(name);
        this.location = location;
        this.work = work;
        this.summary = summary;
        // the caller (or the dialog below) shows the refusal as a sentence; the Progress view keeps the status
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
    }

    /**
     * Has the job show a refusal in an error dialog titled {@code title} (the wizard's) in {@code window}, and with
     * {@code showResult} a success too; the job is then a user job, shown in the Progress view. Returns this job.
     */
    public GeodatabaseJob<T> showingDialogs(IWorkbenchWindow window, String title, boolean showResult) {
        this.window = window;
        this.title = title;
        this.showResult = showResult;
        this.dialogs = true;
        setUser(true);
        return this;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        try {
            progress.subTask(NLS.bind(UiTexts.Sync_opening, location));
            try (Geodatabase gdb = Geodatabase.open(location)) {
                progress.worked(5);
                T done = work.run(gdb, progress.split(95));
                result = done;
                String said = summary.apply(done);
                if (dialogs && showResult) {
                    show(shell -> MessageDialog.openInformation(shell, title, said));
                }
                return Status.info(said);
            }
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (GeodatabaseException e) {
            String sentence = e.getMessage();
            refusal = sentence;
            if (dialogs) {
                show(shell -> MessageDialog.openError(shell, title, sentence));
            }
            return Failures.failed(sentence, e);
        } finally {
            // rows, schemas, replicas, histories or generations changed (or a refusal was recorded): the views read again
            GeodatabaseConnections.getDefault().refresh();
            monitor.done();
        }
    }

    /** What the engine call returned, or null (not run yet, refused, failed or cancelled). */
    public T result() {
        return result;
    }

    /** The engine's sentence when it refused or failed, or null. */
    public String refusal() {
        return refusal;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == GeodatabaseJob.class || family == GeodatabaseJobs.RULE;
    }

    private void show(java.util.function.Consumer<Shell> dialog) {
        Display display = window == null ? Display.getDefault() : window.getWorkbench().getDisplay();
        display.asyncExec(() -> {
            Shell shell = window != null && window.getShell() != null && !window.getShell().isDisposed() ? window.getShell()
                    : display.getActiveShell();
            dialog.accept(shell);
        });
    }
}
