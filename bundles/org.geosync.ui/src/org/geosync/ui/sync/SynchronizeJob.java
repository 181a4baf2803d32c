package org.geosync.ui.sync;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.progress.IProgressConstants;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Replicas;
import org.geosync.core.SyncLocks;
import org.geosync.core.SyncOptions;
import org.geosync.model.SyncJob;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Runs one connected synchronization in the background (always a job, visible in the Progress view), with
 * progress and cancel, then shows what it did; a refusal or failure is shown as the engine's sentence. An
 * automatic (scheduled or triggered) synchronization shows no dialog: its outcome stays in the Progress view.
 * Requested through {@link #start}, which holds the replica's {@link SyncLocks lock} from the request until
 * the job has ended, so a second request meanwhile is refused with a reason.
 */
public class SynchronizeJob extends Job {

    static final String TITLE = UiTexts.Sync_title;

    private final IWorkbenchWindow window;
    private final GeodatabaseLocation here;
    private final GeodatabaseLocation relative;
    private final String replica;
    private final SyncOptions options;
    private final boolean automatic;
    private volatile SyncJob result;
    private volatile String refusal;

    private SynchronizeJob(IWorkbenchWindow window, GeodatabaseLocation here, GeodatabaseLocation relative, String replica, SyncOptions options, boolean automatic) {
        super(NLS.bind(automatic ? UiTexts.Sync_jobAutomatic : UiTexts.Sync_job, replica));
        this.window = window;
        this.here = here;
        this.relative = relative;
        this.replica = replica;
        this.options = options;
        this.automatic = automatic;
        setUser(!automatic);
        // the refusal is shown as a sentence below; the Progress view keeps the status
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        if (automatic) {
            setProperty(IProgressConstants.KEEPONE_PROPERTY, Boolean.TRUE); // the latest outcome per replica stays in view
        }
    }

    /**
     * Requests a synchronization of replica {@code replica} (GUID {@code replicaGuid}) of {@code here} with
     * {@code relative}; refused (nothing scheduled) while another synchronization of that replica was
     * requested and has not ended. {@code window} shows the outcome unless {@code automatic}.
     */
    public static SynchronizeJob start(IWorkbenchWindow window, GeodatabaseLocation here, GeodatabaseLocation relative, String replica, String replicaGuid, SyncOptions options,
            boolean automatic) throws GeodatabaseException {
        SyncLocks.Lock lock = SyncLocks.acquire(replicaGuid, replica,
                automatic ? UiTexts.Sync_lockAutomatic : UiTexts.Sync_lockWizard);
        SynchronizeJob job = new SynchronizeJob(window, here, relative, replica, options, automatic);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                lock.close();
            }
        });
        GeodatabaseJobs.schedule(job);
        return job;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        try {
            progress.subTask(NLS.bind(UiTexts.Sync_opening, here));
            try (Geodatabase first = Geodatabase.open(here)) {
                progress.subTask(NLS.bind(UiTexts.Sync_opening, relative));
                try (Geodatabase second = Geodatabase.open(relative)) {
                    progress.worked(5);
                    SyncJob done = Replicas.synchronize(first, second, replica, options, progress.split(95));
                    result = done;
                    GeodatabaseConnections.getDefault().refresh(); // row counts and conflicts changed
                    if (!automatic) {
                        show(shell -> new SyncResultDialog(shell, replica, here, relative, done).open());
                    }
                    return Status.info(NLS.bind(UiTexts.Sync_done, new Object[] { replica, done.getSent(), done.getReceived(), done.getInserts(),
                            done.getUpdates(), done.getDeletes(), done.getConflicts() }));
                }
            }
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (GeodatabaseException e) {
            String sentence = e.getMessage();
            refusal = sentence;
            if (!automatic) {
                show(shell -> MessageDialog.openError(shell, TITLE, sentence));
            }
            return Failures.failed(sentence, e);
        } finally {
            monitor.done();
        }
    }

    /** What the synchronization did, or null (not run yet, refused, failed or cancelled). */
    public SyncJob result() {
        return result;
    }

    /** The engine's sentence when it refused or failed, or null. */
    public String refusal() {
        return refusal;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == SynchronizeJob.class || family == replica;
    }

    private interface WithShell {
        void run(Shell shell);
    }

    private void show(WithShell dialog) {
        if (window == null) {
            return;
        }
        var display = window.getWorkbench().getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(() -> dialog.run(window.getShell()));
        }
    }
}
