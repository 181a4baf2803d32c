package org.geosync.ui.sync;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.progress.IProgressConstants;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.core.SyncLocks;
import org.geosync.core.SyncOptions;
import org.geosync.model.Replica;
import org.geosync.server.RemoteSync;
import org.geosync.server.ServiceClient;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Synchronizes a served replica with the geodatabase on this machine that holds its other side, through the sync service
 * ({@link RemoteSync}), in a user job with progress; shows what it did, or the sentence of a refusal or failure in an error
 * dialog (the failed job's status goes to the error log). The local geodatabase must hold the very replica the service
 * serves (same replica ID), and the replica's synchronization lock is held while it runs. The direction, reconcile policy
 * and conflict definition are the replica's own unless chosen (automatic synchronization), and then apply on both sides as
 * {@link RemoteSync#synchronize(Geodatabase, ServiceClient, String, SyncOptions)} maps them.
 */
public class ServerSyncJob extends Job {

    static final String TITLE = UiTexts.ServerSync_title;

    private final IWorkbenchWindow window;
    private final ServerReplicaNode replica;
    private final Path directory;
    private final SyncOptions choices;
    private volatile RemoteSync.Result result;
    private volatile String refusal;

    /** A synchronization by the replica's own direction, policy and conflict definition. */
    public ServerSyncJob(IWorkbenchWindow window, ServerReplicaNode replica, Path directory) {
        this(window, replica, directory, SyncOptions.defaults());
    }

    /** A synchronization by {@code choices}, this geodatabase being the first side and the service the second. */
    public ServerSyncJob(IWorkbenchWindow window, ServerReplicaNode replica, Path directory, SyncOptions choices) {
        super(NLS.bind(UiTexts.ServerSync_job, replica.name(), replica.location()));
        this.window = window;
        this.replica = replica;
        this.directory = directory;
        this.choices = choices;
        setUser(true);
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE); // the sentence is shown below
    }

    /** Schedules the job with the other jobs that open geodatabases. */
    public ServerSyncJob start() {
        GeodatabaseJobs.schedule(this);
        return this;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 3);
        try {
            String token = ServerTokens.getDefault().tokenFor(replica.location());
            if (token == null) {
                throw new GeodatabaseException(NLS.bind(UiTexts.Server_noToken, replica.location()));
            }
            ServiceClient service = ServiceClient.connect(replica.location(), token);
            progress.subTask(NLS.bind(UiTexts.Sync_opening, directory));
            try (Geodatabase local = Geodatabase.open(directory)) {
                Replica here = Replicas.get(local, replica.name());
                if (!here.getGuid().equalsIgnoreCase(replica.replicaId())) {
                    throw new GeodatabaseException(NLS.bind(UiTexts.ServerSync_otherReplica,
                            new Object[] { directory, replica.name(), replica.location() }));
                }
                progress.worked(1);
                try (SyncLocks.Lock lock = SyncLocks.acquire(here.getGuid(), replica.name(), UiTexts.ServerSync_lock)) {
                    progress.subTask(NLS.bind(UiTexts.ServerSync_exchanging, replica.location()));
                    RemoteSync.Result done = RemoteSync.synchronize(local, service, replica.name(), choices);
                    result = done;
                    progress.worked(2);
                    GeodatabaseConnections.getDefault().refresh(); // row counts, generations and conflicts changed on both sides
                    String said = summary(done);
                    show(() -> MessageDialog.openInformation(window.getShell(), TITLE, said));
                    return Status.info(said);
                }
            }
        } catch (GeodatabaseException e) {
            String sentence = e.getMessage();
            refusal = sentence;
            show(() -> MessageDialog.openError(window.getShell(), TITLE, sentence));
            return Failures.failed(sentence, e);
        } finally {
            monitor.done();
        }
    }

    /** What the synchronization did, in one paragraph. */
    String summary(RemoteSync.Result r) {
        StringBuilder b = new StringBuilder(NLS.bind(UiTexts.ServerSync_done, new Object[] { replica.name(), replica.location(), r.sent(),
                r.received(), r.inserts(), r.updates(), r.deletes(), r.conflicts() }));
        if (r.localInConflict()) {
            b.append(' ').append(NLS.bind(UiTexts.ServerSync_conflictsHere, directory));
        }
        if (r.serviceInConflict()) {
            b.append(' ').append(NLS.bind(UiTexts.ServerSync_conflictsThere, replica.location()));
        }
        return b.toString();
    }

    /** What the synchronization did, or null (not run yet, refused or failed). */
    public RemoteSync.Result result() {
        return result;
    }

    /** The sentence of a refusal or failure, or null. */
    public String refusal() {
        return refusal;
    }

    private void show(Runnable dialog) {
        if (window == null) {
            return;
        }
        var display = window.getWorkbench().getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(dialog);
        }
    }
}
