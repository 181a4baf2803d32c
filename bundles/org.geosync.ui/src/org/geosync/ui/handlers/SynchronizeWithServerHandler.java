package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.sync.ServerSyncDialog;
import org.geosync.ui.sync.ServerSyncJob;

/**
 * Synchronize with Server... on a replica under a service connection in the Catalog: asks for the directory of the local
 * geodatabase holding the replica's other side, then synchronizes the two through the service in a job.
 */
public class SynchronizeWithServerHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection)
                || !(selection.getFirstElement() instanceof ServerReplicaNode replica)) {
            return null;
        }
        var dialog = new ServerSyncDialog(HandlerUtil.getActiveShell(event), replica, null);
        if (dialog.open() != Window.OK) {
            return null;
        }
        new ServerSyncJob(HandlerUtil.getActiveWorkbenchWindow(event), replica, dialog.directory()).start();
        return null;
    }
}
