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
import org.geosync.ui.catalog.ServerConnections;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.internal.UiTexts;

/**
 * Removes the selected connections from the Catalog after confirmation; the geodatabases stay on disk (or on their service).
 * A removed connection's saved PostgreSQL password or service token is forgotten.
 */
public class RemoveConnectionHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection)) {
            return null;
        }
        List<?> selected = selection.toList();
        List<GeodatabaseNode> nodes = selected.stream().filter(GeodatabaseNode.class::isInstance)
                .map(GeodatabaseNode.class::cast).toList();
        List<ServerNode> servers = selected.stream().filter(ServerNode.class::isInstance).map(ServerNode.class::cast).toList();
        if (nodes.isEmpty() && servers.isEmpty()) {
            return null;
        }
        List<String> all = new java.util.ArrayList<>(nodes.stream().map(GeodatabaseNode::name).toList());
        all.addAll(servers.stream().map(ServerNode::location).toList());
        String names = String.join(", ", all);
        if (MessageDialog.openConfirm(HandlerUtil.getActiveShell(event), UiTexts.Handlers_removeConnectionTitle,
                NLS.bind(servers.isEmpty() ? UiTexts.Handlers_removeConnectionQuestion : UiTexts.Handlers_removeServerQuestion, names))) {
            servers.forEach(s -> {
                ServerConnections.getDefault().remove(s.location());
                ServerTokens.getDefault().forget(s.location());
            });
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
