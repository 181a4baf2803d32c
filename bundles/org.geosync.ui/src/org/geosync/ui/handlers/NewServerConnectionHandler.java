package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseException;
import org.geosync.server.ServiceClient;
import org.geosync.ui.catalog.ServerConnectionDialog;
import org.geosync.ui.catalog.ServerConnections;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Connects the Catalog to a geodatabase served by the sync service: the dialog makes the location; a job lists the replicas
 * the user may work with the given token and only then keeps the token and adds the connection, so a refused connection
 * changes nothing.
 */
public class NewServerConnectionHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        var dialog = new ServerConnectionDialog(HandlerUtil.getActiveShell(event));
        if (dialog.open() != Window.OK) {
            return null;
        }
        String location = dialog.location();
        String token = dialog.token();
        boolean save = dialog.saveToken();
        Job job = Job.create(NLS.bind(UiTexts.Server_connecting, location), monitor -> {
            try {
                int n = ServerNode.replicas(ServiceClient.connect(location, token).listing()).size();
                monitor.subTask(NLS.bind(UiTexts.Server_testOk, n));
            } catch (GeodatabaseException e) {
                // shown to the administrator by the job framework as an error dialog
                return Failures.failed(e.getMessage(), e);
            }
            String refused = ServerTokens.getDefault().keep(location, token, save);
            ServerConnections.getDefault().add(location);
            // the connection works for this session; a token secure storage would not keep is said, not lost silently
            return refused == null ? Status.OK_STATUS : Failures.failed(refused, null);
        });
        job.setUser(true);
        job.schedule();
        return null;
    }
}
