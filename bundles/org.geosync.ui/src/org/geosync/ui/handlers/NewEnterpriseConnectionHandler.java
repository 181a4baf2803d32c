package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.EnterpriseConnectionDialog;
import org.geosync.ui.catalog.EnterprisePasswords;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Connects the Catalog to a geodatabase in PostgreSQL: the dialog makes the location; a job opens the geodatabase with the
 * given password and only then keeps the password and adds the connection, so a refused connection changes nothing.
 */
public class NewEnterpriseConnectionHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        var dialog = new EnterpriseConnectionDialog(HandlerUtil.getActiveShell(event));
        if (dialog.open() != Window.OK) {
            return null;
        }
        GeodatabaseLocation location = dialog.location();
        String password = dialog.password().isEmpty() ? null : dialog.password();
        boolean save = dialog.savePassword();
        Job job = Job.create(NLS.bind(UiTexts.Handlers_connecting, location), monitor -> {
            try (Geodatabase gdb = Geodatabase.open(location, password)) {
                monitor.subTask(NLS.bind(UiTexts.Enterprise_connected, gdb.guid()));
            } catch (GeodatabaseException e) {
                // shown to the administrator by the job framework as an error dialog
                return Failures.failed(e.getMessage(), e);
            }
            String refused = password == null ? null : EnterprisePasswords.getDefault().keep(location, password, save);
            GeodatabaseConnections.getDefault().add(location);
            // the connection works for this session; a password secure storage would not keep is said, not lost silently
            return refused == null ? Status.OK_STATUS : Failures.failed(refused, null);
        });
        job.setUser(true);
        GeodatabaseJobs.schedule(job);
        return null;
    }
}
