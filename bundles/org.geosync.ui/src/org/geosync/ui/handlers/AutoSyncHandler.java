package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.sync.AutoSyncDialog;

/** Opens the Automatic Synchronization dialog of the replica selected in the Catalog or the Replica Manager. */
public class AutoSyncHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s && s.getFirstElement() instanceof ReplicaNode node) {
            new AutoSyncDialog(HandlerUtil.getActiveShellChecked(event), node.location(), node.replica()).open();
        }
        return null;
    }
}
