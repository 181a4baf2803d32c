package org.geosync.ui.sync;

import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.Replica;
import org.geosync.ui.internal.UiTexts;

/** Synchronize Changes: a replica with its relative replica, both geodatabases reachable; Finish runs a job. */
public class SynchronizeWizard extends Wizard {

    private final IWorkbenchWindow window;
    private final ReplicaAndRelativePage replicaPage;
    private final OptionsPage optionsPage = new OptionsPage();

    /** {@code preselected}: the geodatabase selected in the Catalog, or null. */
    public SynchronizeWizard(IWorkbenchWindow window, GeodatabaseLocation preselected) {
        this.window = window;
        this.replicaPage = new ReplicaAndRelativePage(preselected);
        setWindowTitle(UiTexts.Sync_title);
        setNeedsProgressMonitor(false);
    }

    @Override
    public void addPages() {
        addPage(replicaPage);
        addPage(optionsPage);
    }

    void replicaChanged(Replica r) {
        optionsPage.setReplica(r);
    }

    @Override
    public boolean performFinish() {
        Replica r = replicaPage.replica();
        try {
            SynchronizeJob.start(window, replicaPage.geodatabase(), replicaPage.relative(), r.getName(), r.getGuid(),
                    optionsPage.options(), false);
        } catch (GeodatabaseException e) {
            // another synchronization of this replica is under way: say so on the page, schedule nothing
            ((WizardPage) getContainer().getCurrentPage()).setErrorMessage(e.getMessage());
            return false;
        }
        return true;
    }
}
