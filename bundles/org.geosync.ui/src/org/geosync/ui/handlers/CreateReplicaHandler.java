package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.map.DrawnArea;
import org.geosync.ui.wizards.CreateReplicaWizard;

/** Opens the Create Replica wizard for the selected geodatabase. */
public class CreateReplicaHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        GeodatabaseLocation parent = ReplicationHandlers.geodatabase(event);
        // the wizard may ask for the area drawn on the Map Preview at any time while it is open
        var wizard = new CreateReplicaWizard(parent, () -> {
            DrawnArea[] area = new DrawnArea[1];
            Display.getDefault().syncExec(() -> area[0] = ReplicationHandlers.drawnArea(event));
            return area[0];
        });
        new WizardDialog(HandlerUtil.getActiveShell(event), wizard).open();
        return null;
    }
}
