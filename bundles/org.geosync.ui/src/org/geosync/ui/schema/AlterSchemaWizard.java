package org.geosync.ui.schema;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.SchemaChange;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.views.CatalogView;

/**
 * Alter Schema: one change of a dataset's schema (add, drop, widen or rename a field), as {@code geosync gdb alter} makes it.
 * The change is checked by the engine itself ({@link org.geosync.core.Geodatabase#checkAlter}) as it is typed, its refusal shown
 * on the page with Finish disabled; Finish makes it in a job under the geodatabase rule, then the Catalog and the Properties
 * show the dataset as it now is.
 */
public class AlterSchemaWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = UiTexts.Alter_title;

    private final IWorkbenchWindow window;
    private final DatasetNode node;
    private final ChangePage changePage;
    private final FieldPage fieldPage;
    private Job job;

    /** A wizard altering {@code dataset} (as the Catalog shows it); {@code window} shows the outcome. */
    public AlterSchemaWizard(IWorkbenchWindow window, DatasetNode dataset) {
        this.window = window;
        this.node = dataset;
        setWindowTitle(TITLE);
        setNeedsProgressMonitor(false);
        changePage = new ChangePage(this);
        fieldPage = new FieldPage(this);
    }

    @Override
    public void addPages() {
        addPage(changePage);
        addPage(fieldPage);
    }

    /** The geodatabase. */
    GeodatabaseLocation location() {
        return node.location();
    }

    /** The dataset as the Catalog read it. */
    Dataset dataset() {
        return node.dataset();
    }

    /** The Catalog's label of the dataset, e.g. "PARCELS (polygon, 60 rows)". */
    String datasetLabel() {
        return node.label();
    }

    /** What the first page chose. */
    SchemaChange.Kind kind() {
        return changePage.kind();
    }

    /** The first page's choice changed: the second page shows that change's fields and checks them again. */
    void kindChanged() {
        fieldPage.kindChanged();
    }

    @Override
    public boolean canFinish() {
        return fieldPage.isPageComplete();
    }

    @Override
    public boolean performFinish() {
        SchemaChange change = fieldPage.checkedChange();
        if (change == null) {
            return false;
        }
        GeodatabaseLocation dir = location();
        String dataset = dataset().name();
        job = new GeodatabaseJob<String>(NLS.bind(UiTexts.Alter_altering, dataset, change.describe()), dir,
                (gdb, monitor) -> {
                    Dataset altered = gdb.alter(dataset, change);
                    selectInCatalog(dir, altered.name());
                    return NLS.bind(UiTexts.Alter_done, altered.name(), change.describe());
                }, done -> done).showingDialogs(window, TITLE, false);
        GeodatabaseJobs.schedule(job);
        return true;
    }

    /** Has the Catalog select the altered dataset once it has read the geodatabase again, so the Properties show its new fields. */
    private void selectInCatalog(GeodatabaseLocation dir, String dataset) {
        if (window == null) {
            return;
        }
        Display display = window.getWorkbench().getDisplay();
        // queued before the Catalog's reading, which the job's end starts, delivers the datasets
        display.asyncExec(() -> {
            if (window.getActivePage() != null
                    && window.getActivePage().findView(DistributedGeodatabasePerspective.CATALOG) instanceof CatalogView catalog) {
                catalog.selectAfterReading(dir, dataset);
            }
        });
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }

    @Override
    public void dispose() {
        fieldPage.cancelChecks();
        super.dispose();
    }
}
