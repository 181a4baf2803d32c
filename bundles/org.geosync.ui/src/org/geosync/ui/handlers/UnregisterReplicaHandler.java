package org.geosync.ui.handlers;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.model.ReplicaRole;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/** Unregisters the selected replicas after confirmation, in a job; the views refresh. */
public class UnregisterReplicaHandler extends AbstractHandler {

    /** The confirmation dialog's title. */
    public static final String TITLE = UiTexts.Handlers_unregisterTitle;

    @Override
    public Object execute(ExecutionEvent event) {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection)) {
            return null;
        }
        List<ReplicaNode> replicas = ((List<?>) selection.toList()).stream().filter(ReplicaNode.class::isInstance)
                .map(ReplicaNode.class::cast).toList();
        if (replicas.isEmpty()) {
            return null;
        }
        String names = String.join(", ", replicas.stream().map(r -> r.replica().getName()).toList());
        boolean child = replicas.stream().anyMatch(r -> r.replica().getRole() == ReplicaRole.CHILD);
        String message = NLS.bind(replicas.size() == 1 ? UiTexts.Handlers_unregisterOneQuestion : UiTexts.Handlers_unregisterManyQuestion,
                names, replicas.get(0).location().name()) + (child ? UiTexts.Handlers_unregisterOnAChild : "");
        if (!MessageDialog.openConfirm(HandlerUtil.getActiveShell(event), TITLE, message)) {
            return null;
        }
        Job job = Job.create(NLS.bind(UiTexts.Handlers_unregistering, names), monitor -> {
            SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(UiTexts.Handlers_unregistering, names), replicas.size());
            try {
                for (ReplicaNode r : replicas) {
                    if (progress.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    try (Geodatabase gdb = Geodatabase.open(r.location())) {
                        Replicas.unregister(gdb, r.replica().getName());
                    }
                    progress.worked(1);
                }
            } catch (GeodatabaseException e) {
                return Failures.failed(NLS.bind(UiTexts.Handlers_unregisterFailed, e.getMessage()), e);
            } finally {
                GeodatabaseConnections.getDefault().refresh();
            }
            return Status.OK_STATUS;
        });
        job.setUser(true);
        GeodatabaseJobs.schedule(job);
        return null;
    }
}
