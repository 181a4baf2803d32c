package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.schema.AddDatasetWizard;
import org.geosync.ui.schema.AlterSchemaWizard;
import org.geosync.ui.schema.CompareReplicaSchemaWizard;
import org.geosync.ui.schema.ExportReplicaSchemaWizard;

/**
 * The schema commands: Add Dataset... on a geodatabase and Alter Schema... on a dataset of the Catalog, and Compare Replica Schema... and Export Replica
 * Schema... (Replication menu, Catalog and Replica Manager) on the selected geodatabase or replica.
 */
public final class SchemaHandlers {

    private SchemaHandlers() {
    }

    /** Add Dataset... to the geodatabase selected in the Catalog (enabled for one geodatabase). */
    public static class AddDataset extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
            if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s && s.getFirstElement() instanceof GeodatabaseNode g) {
                new WizardDialog(window.getShell(), new AddDatasetWizard(window, g)).open();
            }
            return null;
        }
    }

    /** Alter Schema... of the dataset selected in the Catalog (enabled for one dataset). */
    public static class AlterSchema extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
            if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s && s.getFirstElement() instanceof DatasetNode d) {
                new WizardDialog(window.getShell(), new AlterSchemaWizard(window, d)).open();
            }
            return null;
        }
    }

    /** Replication > Compare Replica Schema... */
    public static class CompareReplicaSchema extends OpenReplicaWizard {
        @Override
        Wizard wizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
            return new CompareReplicaSchemaWizard(window, geodatabase, replica);
        }
    }

    /** Replication > Export Replica Schema... */
    public static class ExportReplicaSchema extends OpenReplicaWizard {
        @Override
        Wizard wizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
            return new ExportReplicaSchemaWizard(window, geodatabase, replica);
        }
    }
}
