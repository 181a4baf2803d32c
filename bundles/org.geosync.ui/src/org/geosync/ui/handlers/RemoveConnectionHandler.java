package org.geosync.ui.handlers;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.ui.catalog.EnterprisePasswords;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.internal.UiTexts;

/** Removes the selected connections from the Catalog after confirmation; the geodatabases stay on disk. */
public class RemoveConnectionHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection)) {
            return null;
        }
        List<?> selected = selection.toList();
        List<GeodatabaseNode> nodes = selected.stream().filter(GeodatabaseNode.class::isInstance)
                .map(GeodatabaseNode.class::cast).toList();
        if (nodes.isEmpty()) {
            return null;
        }
        String names = String.join(", ", nodes.stream().map(GeodatabaseNode::name).toList());
        if (MessageDialog.openConfirm(HandlerUtil.getActiveShell(event), UiTexts.Handlers_removeConnectionTitle,
                NLS.bind(UiTexts.Handlers_removeConnectionQuestion, names))) {
            nodes.forEach(n -> {
                GeodatabaseConnections.getDefault().remove(n.location());
                if (n.location().isPostgresql()) {
                    EnterprisePasswords.getDefault().forget(n.location());
                }
            });
        }
        return null;
    }
}
