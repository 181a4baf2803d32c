package org.geosync.ui.handlers;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.ReplicaSpec;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.wizards.ServerCreateReplicaDialog;
import org.geosync.ui.wizards.ServerRegisterCopyDialog;
import org.geosync.ui.wizards.ServerReplicaJob;

/**
 * The replica commands of a sync service connection in the Catalog (issue #19): create a replica through the service into a
 * directory of this machine, register a side-loaded copy of a child through it, unregister a served replica
 * (administrators). Each asks in a dialog, then works in a {@link ServerReplicaJob}.
 */
public final class ServerReplicaHandlers {

    private ServerReplicaHandlers() {
    }

    private static <T> T selected(ExecutionEvent event, Class<T> type) {
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection && type.isInstance(selection.getFirstElement())) {
            return type.cast(selection.getFirstElement());
        }
        return null;
    }

    /** Create Replica from Server... on a service connection. */
    public static class Create extends AbstractHandler {

        @Override
        public Object execute(ExecutionEvent event) {
            ServerNode server = selected(event, ServerNode.class);
            if (server == null) {
                return null;
            }
            var dialog = new ServerCreateReplicaDialog(HandlerUtil.getActiveShell(event), server);
            if (dialog.open() != Window.OK) {
                return null;
            }
            ReplicaSpec spec = dialog.spec();
            Path child = dialog.directory();
            new ServerReplicaJob(HandlerUtil.getActiveWorkbenchWindow(event), NLS.bind(UiTexts.ServerReplica_creating, spec.name(),
                    server.location()), ServerCreateReplicaDialog.TITLE, server.location(), NLS.bind(UiTexts.Create_failed, spec.name(), "{0}"),
                    (service, progress) -> {
                        progress.subTask(NLS.bind(UiTexts.ServerReplica_receiving, child));
                        String name = service.createReplica(spec, child);
                        progress.worked(90);
                        // the child is a geodatabase of this machine: the Catalog shows it beside the service
                        GeodatabaseConnections.getDefault().add(child);
                        progress.worked(10);
                        return NLS.bind(UiTexts.Create_created, name);
                    }).start();
            return null;
        }
    }

    /** Register Copy with Server... on a service connection. */
    public static class Register extends AbstractHandler {

        @Override
        public Object execute(ExecutionEvent event) {
            ServerNode server = selected(event, ServerNode.class);
            if (server == null) {
                return null;
            }
            var dialog = new ServerRegisterCopyDialog(HandlerUtil.getActiveShell(event), server);
            if (dialog.open() != Window.OK) {
                return null;
            }
            Path copy = dialog.copy();
            String name = dialog.name();
            new ServerReplicaJob(HandlerUtil.getActiveWorkbenchWindow(event), NLS.bind(UiTexts.ServerReplica_registering,
                    new Object[] { copy.getFileName(), name, server.location() }), ServerRegisterCopyDialog.TITLE, server.location(),
                    UiTexts.Register_failed, (service, progress) -> {
                        String registered = service.registerReplica(copy, name);
                        progress.worked(90);
                        GeodatabaseConnections.getDefault().add(copy);
                        GeodatabaseConnections.getDefault().refresh(); // the copy now holds the new replica
                        progress.worked(10);
                        return NLS.bind(UiTexts.ServerReplica_registered, copy, registered);
                    }).start();
            return null;
        }
    }

    /**
     * Unregister from Server on the selected served replicas (of one service or several), after one confirmation naming them
     * all (administrators; an owner gets the service's sentence); one {@link ServerUnregisterJob} unregisters them in turn.
     */
    public static class Unregister extends AbstractHandler {

        /** The confirmation's and the error dialog's title. */
        public static final String TITLE = UiTexts.ServerReplica_unregisterTitle;

        @Override
        public Object execute(ExecutionEvent event) {
            if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection)) {
                return null;
            }
            List<ServerReplicaNode> replicas = ((List<?>) selection.toList()).stream().filter(ServerReplicaNode.class::isInstance)
                    .map(ServerReplicaNode.class::cast).toList();
            if (replicas.isEmpty()) {
                return null;
            }
            String question = replicas.size() == 1
                    ? NLS.bind(UiTexts.Handlers_unregisterOneQuestion, replicas.get(0).name(), replicas.get(0).location())
                    : NLS.bind(UiTexts.ServerReplica_unregisterManyQuestion, replicas.size(), String.join("\n", replicas.stream()
                            .map(r -> NLS.bind(UiTexts.ServerReplica_replicaOf, r.name(), r.location())).toList()));
            if (!MessageDialog.openConfirm(HandlerUtil.getActiveShell(event), TITLE, question)) {
                return null;
            }
            new ServerUnregisterJob(HandlerUtil.getActiveWorkbenchWindow(event), replicas).schedule();
            return null;
        }
    }
}
