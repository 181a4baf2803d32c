package org.geosync.ui.handlers;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.model.ReplicaRole;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.Failures;

/** Unregisters the selected replicas after confirmation, in a job; the views refresh. */
public class UnregisterReplicaHandler extends AbstractHandler {

    /** The confirmation dialog's title. */
    public static final String TITLE = "Unregister Replica";

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
        String message = "Unregister " + (replicas.size() == 1 ? "replica " : "replicas ") + names + " of "
                + replicas.get(0).directory().getFileName() + "?\n\nAn unregistered replica can no longer synchronize, and neither it"
                + " nor copies of it can ever be registered again. The data in both geodatabases stays."
                + (child ? "\n\nOn a child geodatabase the replica is kept, marked unregistered." : "");
        if (!MessageDialog.openConfirm(HandlerUtil.getActiveShell(event), TITLE, message)) {
            return null;
        }
        Job job = Job.create("Unregistering " + names, monitor -> {
            SubMonitor progress = SubMonitor.convert(monitor, "Unregistering " + names, replicas.size());
            try {
                for (ReplicaNode r : replicas) {
                    if (progress.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    try (Geodatabase gdb = Geodatabase.open(r.directory())) {
                        Replicas.unregister(gdb, r.replica().getName());
                    }
                    progress.worked(1);
                }
            } catch (GeodatabaseException e) {
                return Failures.failed("Unregistering failed: " + e.getMessage(), e);
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
