package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.ReplicaNode;

/** Opens a wizard made from the window, the selected geodatabase and the selected replica's name (or nulls). */
abstract class OpenReplicaWizard extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        String replica = null;
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s && s.getFirstElement() instanceof ReplicaNode r) {
            replica = r.replica().getName();
        }
        new WizardDialog(window.getShell(), wizard(window, ReplicationHandlers.geodatabase(event), replica)).open();
        return null;
    }

    abstract Wizard wizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica);
}
