package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseLocationDialog;
import org.geosync.ui.catalog.GeodatabaseNode;

/** Connects the Catalog to an existing geodatabase, refusing a directory that does not open as one. */
public class AddGeodatabaseHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        var shell = HandlerUtil.getActiveShell(event);
        var dialog = new GeodatabaseLocationDialog(shell, GeodatabaseLocationDialog.Purpose.ADD_EXISTING);
        if (dialog.open() != Window.OK) {
            return null;
        }
        GeodatabaseNode node = GeodatabaseNode.inspect(dialog.directory());
        if (node.problem() != null) {
            MessageDialog.openError(shell, "Add Geodatabase", node.problem());
            return null;
        }
        GeodatabaseConnections.getDefault().add(dialog.directory());
        return null;
    }
}
