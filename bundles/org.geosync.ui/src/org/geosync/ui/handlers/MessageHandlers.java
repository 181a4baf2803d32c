package org.geosync.ui.handlers;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.ISources;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.messages.ExportAcknowledgmentWizard;
import org.geosync.ui.messages.ExportChangesWizard;
import org.geosync.ui.messages.ImportMessageWizard;
import org.geosync.ui.messages.ReexportWizard;
import org.geosync.ui.views.MessageHistoryView;

/**
 * The Replication menu's message commands: each opens its wizard on the selected geodatabase (and replica).
 * Re-Export is also the Message History's toolbar button and context menu item: on a message selected there it
 * opens the wizard prefilled from that message.
 */
public final class MessageHandlers {

    private MessageHandlers() {
    }

    /** Replication > Export Data Change Message... */
    public static class ExportChanges extends OpenReplicaWizard {
        @Override
        Wizard wizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
            return new ExportChangesWizard(window, geodatabase, replica);
        }
    }

    /**
     * Replication > Re-Export Unacknowledged Messages..., and Re-Export... of the Message History; disabled while
     * the Message History is active and its selection is no exported data change message.
     */
    public static class Reexport extends OpenReplicaWizard {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s && s.getFirstElement() instanceof MessageHistoryView.Row row) {
                if (MessageHistoryView.reexportProblem(row) == null) {
                    IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
                    ReexportWizard wizard = new ReexportWizard(window, row.location(), row.replica().getName())
                            .prefill(ReexportWizard.proposal(row.message().getFileName()), row.latestExport());
                    new WizardDialog(window.getShell(), wizard).open();
                }
                return null;
            }
            return super.execute(event);
        }

        @Override
        public void setEnabled(Object evaluationContext) {
            if (HandlerUtil.getVariable(evaluationContext, ISources.ACTIVE_PART_NAME) instanceof MessageHistoryView) {
                Object selection = HandlerUtil.getVariable(evaluationContext, ISources.ACTIVE_CURRENT_SELECTION_NAME);
                Object first = selection instanceof IStructuredSelection s ? s.getFirstElement() : null;
                setBaseEnabled(MessageHistoryView.reexportProblem(first instanceof MessageHistoryView.Row row ? row : null) == null);
            } else {
                setBaseEnabled(true);
            }
        }

        @Override
        Wizard wizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
            return new ReexportWizard(window, geodatabase, replica);
        }
    }

    /** Replication > Export Acknowledgment Message... */
    public static class ExportAcknowledgment extends OpenReplicaWizard {
        @Override
        Wizard wizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
            return new ExportAcknowledgmentWizard(window, geodatabase, replica);
        }
    }

    /** Replication > Import Message... */
    public static class Import extends OpenReplicaWizard {
        @Override
        Wizard wizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
            return new ImportMessageWizard(window, geodatabase);
        }
    }
}
