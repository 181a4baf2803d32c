package org.geosync.ui.handlers;

import java.util.ArrayList;
import java.util.List;

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
import org.geosync.ui.catalog.ServerConnections;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Unregisters served replicas one after the other, each through its own service with the connection's kept token, with
 * progress and cancel (between two replicas: a request on its way is answered). A refusal of one does not stop the others;
 * at the end one error dialog lists those that were not unregistered, each with the service's sentence, and the Catalog reads
 * the services again.
 */
final class ServerUnregisterJob extends Job {

    private final IWorkbenchWindow window;
    private final List<ServerReplicaNode> replicas;

    ServerUnregisterJob(IWorkbenchWindow window, List<ServerReplicaNode> replicas) {
        super(NLS.bind(UiTexts.Handlers_unregistering, String.join(", ", replicas.stream().map(ServerReplicaNode::name).toList())));
        this.window = window;
        this.replicas = List.copyOf(replicas);
        setUser(true);
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE); // the summary is shown below
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), replicas.size());
        List<String> failures = new ArrayList<>();
        String single = null;
        int left = replicas.size();
        try {
            for (ServerReplicaNode r : replicas) {
                if (progress.isCanceled()) {
                    break;
                }
                progress.subTask(NLS.bind(UiTexts.ServerReplica_replicaOf, r.name(), r.location()));
                try {
                    String token = ServerTokens.getDefault().tokenFor(r.location());
                    if (token == null) {
                        throw new GeodatabaseException(NLS.bind(UiTexts.Server_noToken, r.location()));
                    }
                    ServiceClient.connect(r.location(), token).unregister(r.name());
                } catch (GeodatabaseException e) {
                    single = e.getMessage();
                    failures.add(NLS.bind(UiTexts.ServerReplica_notUnregistered, r.name(), e.getMessage()));
                }
                left--;
                progress.worked(1);
            }
        } finally {
            ServerConnections.getDefault().refresh(); // what was unregistered leaves the Catalog
            monitor.done();
        }
        if (failures.isEmpty()) {
            return left == 0 ? Status.OK_STATUS : Status.CANCEL_STATUS;
        }
        String summary = replicas.size() == 1 ? NLS.bind(UiTexts.Handlers_unregisterFailed, single)
                : NLS.bind(UiTexts.ServerReplica_someNotUnregistered, new Object[] { failures.size(), replicas.size(),
                        String.join("\n", failures) });
        if (window != null && !window.getWorkbench().getDisplay().isDisposed()) {
            window.getWorkbench().getDisplay().asyncExec(
                    () -> MessageDialog.openError(window.getShell(), ServerReplicaHandlers.Unregister.TITLE, summary));
        }
        return Failures.failed(summary, null);
    }
}
