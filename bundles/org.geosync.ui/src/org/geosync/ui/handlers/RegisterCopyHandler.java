package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.ui.wizards.RegisterCopyWizard;

/** Opens the Register Copy wizard for the selected geodatabase. */
public class RegisterCopyHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        new WizardDialog(HandlerUtil.getActiveShell(event), new RegisterCopyWizard(ReplicationHandlers.geodatabase(event))).open();
        return null;
    }
}
