package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.sync.SynchronizeWizard;

/** Opens the Synchronize Changes wizard for the geodatabase selected in the Catalog (or lets the wizard ask). */
public class SynchronizeHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        GeodatabaseLocation selected = null;
        var selection = HandlerUtil.getCurrentStructuredSelection(event);
        if (selection.getFirstElement() instanceof GeodatabaseNode node) {
            selected = node.location();
        }
        new WizardDialog(window.getShell(), new SynchronizeWizard(window, selected)).open();
        return null;
    }
}
