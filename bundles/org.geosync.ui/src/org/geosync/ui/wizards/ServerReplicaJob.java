package org.geosync.ui.wizards;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.progress.IProgressConstants;
import org.geosync.core.GeodatabaseException;
import org.geosync.server.ServiceClient;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.ServerConnections;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * One replica operation through the sync service (create, register a copy, unregister) in a user job with progress: signs
 * in with the connection's kept token, does the work, and has the Catalog read the service again. A refusal of the service
 * (its sentence) or a failure is shown in an error dialog titled as the command, and is the job's error status (which the
 * workbench writes to the error log); the client leaves nothing behind on a refusal.
 */
public final class ServerReplicaJob extends Job {

    /** The work done with the signed-in client; returns what was done, in one sentence. */
    @FunctionalInterface
    public interface Work {
        String run(ServiceClient service, SubMonitor progress) throws GeodatabaseException;
    }

    private final IWorkbenchWindow window;
    private final String title;
    private final String location;
    private final String failure;
    private final Work work;
    private volatile String refusal;

    /**
     * @param title   the error dialog's title (the command's)
     * @param failure the sentence around the service's, with {0} for it
     */
    public ServerReplicaJob(IWorkbenchWindow window, String name, String title, String location, String failure, Work work) {
        super(name);
        this.window = window;
        this.title = title;
        this.location = location;
        this.failure = failure;
        this.work = work;
        setUser(true);
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE); // the sentence is shown below
    }

    /** Schedules the job with the other jobs that open geodatabases (the child or the copy is opened on this machine). */
    public ServerReplicaJob start() {
        GeodatabaseJobs.schedule(this);
        return this;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        try {
            String token = ServerTokens.getDefault().tokenFor(location);
            if (token == null) {
                throw new GeodatabaseException(NLS.bind(UiTexts.Server_noToken, location));
            }
            String done = work.run(ServiceClient.connect(location, token), progress);
            return Status.info(done);
        } catch (GeodatabaseException e) {
            String sentence = NLS.bind(failure, e.getMessage());
            refusal = sentence;
            if (window != null && !window.getWorkbench().getDisplay().isDisposed()) {
                window.getWorkbench().getDisplay().asyncExec(() -> MessageDialog.openError(window.getShell(), title, sentence));
            }
            return Failures.failed(sentence, e);
        } finally {
            ServerConnections.getDefault().refresh(); // the service's replicas changed, or the Catalog says why it cannot list them
            monitor.done();
        }
    }

    /** The sentence of a refusal or failure, or null. */
    public String refusal() {
        return refusal;
    }
}
