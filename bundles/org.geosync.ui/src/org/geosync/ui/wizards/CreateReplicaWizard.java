package org.geosync.ui.wizards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SelectionSet;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.map.DrawnArea;

/**
 * Creates a replica: parent and datasets, name and type, filters, child directory and summary. Finish
 * runs {@link Replicas#create} in a job under the geodatabase rule, with progress and cancel; the views
 * refresh when it is done, and a refusal is reported with the engine's sentence.
 */
public class CreateReplicaWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = UiTexts.Create_title;
    static final String PLUGIN_ID = "org.geosync.ui";

    private final ParentPage parentPage;
    private final ReplicaTypePage replicaPage;
    private final FiltersPage filtersPage;
    private final SelectionPage selectionPage;
    private final ChildPage childPage;
    private final java.util.function.Supplier<DrawnArea> drawnArea;
    private boolean validating;
    private Job job;

    /** A wizard whose parent is {@code initialParent} when given; {@code drawnArea} reads the Map Preview's drawn area. */
    public CreateReplicaWizard(GeodatabaseLocation initialParent, java.util.function.Supplier<DrawnArea> drawnArea) {
        this.drawnArea = drawnArea;
        setWindowTitle(TITLE);
        setNeedsProgressMonitor(false);
        parentPage = new ParentPage(this, initialParent);
        replicaPage = new ReplicaTypePage(this);
        filtersPage = new FiltersPage(this);
        selectionPage = new SelectionPage(this);
        childPage = new ChildPage(this);
    }

    @Override
    public void addPages() {
        addPage(parentPage);
        addPage(replicaPage);
        addPage(filtersPage);
        addPage(selectionPage);
        addPage(childPage);
    }

    /** Checks every page again: a choice on one page (the parent, the datasets) can change what is valid on another. */
    void validateAll() {
        if (validating) {
            return;
        }
        validating = true;
        try {
            for (var page : List.of(parentPage, replicaPage, filtersPage, selectionPage, childPage)) {
                if (page.getControl() != null) {
                    switch (page) {
                        case ParentPage p -> p.validate();
                        case ReplicaTypePage p -> p.validate();
                        case FiltersPage p -> p.validate();
                        case SelectionPage p -> p.validate();
                        case ChildPage p -> p.validate();
                        default -> { }
                    }
                }
            }
        } finally {
            validating = false;
        }
        if (getContainer() != null && getContainer().getCurrentPage() != null) {
            getContainer().updateButtons();
            getContainer().updateMessage();
        }
    }

    GeodatabaseNode parent() {
        return parentPage.parent();
    }

    List<DatasetNode> datasets() {
        return parentPage.getControl() == null ? List.of() : parentPage.checked();
    }

    /** Whether the Filters page made a dataset schema only. */
    boolean schemaOnly(String datasetName) {
        return filtersPage.getControl() != null && filtersPage.schemaOnly(datasetName);
    }

    DrawnArea drawnArea() {
        return drawnArea == null ? null : drawnArea.get();
    }

    /** What Finish will do, for the last page. */
    String summary() {
        StringBuilder b = new StringBuilder();
        GeodatabaseNode parent = parent();
        b.append(NLS.bind(UiTexts.Create_parentLine, parent == null ? UiTexts.Create_notChosen : parent.location())).append('\n');
        boolean oneWay = replicaPage.direction() != OneWayDirection.NONE;
        String model = replicaPage.syncModel().getLiteral();
        b.append(NLS.bind(oneWay ? UiTexts.Create_replicaLineDirection : UiTexts.Create_replicaLine, new Object[] { replicaPage.name(),
                replicaPage.type().getLiteral(), oneWay ? replicaPage.direction().getLiteral() : model, model })).append('\n');
        b.append(NLS.bind(UiTexts.Create_areaLine, filtersPage.areaSummary())).append('\n');
        b.append(NLS.bind(UiTexts.Create_relatedLine, filtersPage.related() ? UiTexts.Views_yes : UiTexts.Views_no)).append('\n');
        b.append(UiTexts.Create_datasetsLine).append('\n');
        for (DatasetNode d : datasets()) {
            String name = d.dataset().name();
            b.append("  ").append(name);
            if (filtersPage.schemaOnly(name)) {
                b.append(' ').append(UiTexts.Create_schemaOnly);
            } else if (filtersPage.query(name) != null) {
                b.append(' ').append(NLS.bind(UiTexts.Create_where, filtersPage.query(name)));
            }
            if (selectionPage.hasSelection(name)) {
                int rows = selectionPage.selectedRows(name);
                String selected = rows < 0 ? UiTexts.Create_idsTyped
                        : NLS.bind(rows == 1 ? UiTexts.Create_oneRow : UiTexts.Create_rows, rows);
                b.append(' ').append(NLS.bind(filtersPage.query(name) != null ? UiTexts.Create_andSelection : UiTexts.Create_selection,
                        selected));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The replica Finish asks the engine for, before the selection sets are looked up (they become ObjectIDs in the job). */
    ReplicaSpec spec() {
        List<DatasetSpec> list = new ArrayList<>();
        for (DatasetNode d : datasets()) {
            String name = d.dataset().name();
            list.add(new DatasetSpec(name, filtersPage.query(name), filtersPage.schemaOnly(name), List.of()));
        }
        return new ReplicaSpec(replicaPage.name(), replicaPage.type(), replicaPage.direction(), list, filtersPage.areaWkt(),
                filtersPage.areaEpsg(), filtersPage.relation(), filtersPage.related(), replicaPage.syncModel());
    }

    @Override
    public boolean canFinish() {
        return parentPage.isPageComplete() && replicaPage.isPageComplete() && filtersPage.isPageComplete()
                && selectionPage.isPageComplete() && childPage.isPageComplete();
    }

    @Override
    public boolean performFinish() {
        validateAll();
        if (!canFinish()) {
            return false;
        }
        GeodatabaseLocation parentDir = parent().location();
        Path childDir = childPage.directory();
        Map<String, SelectionSet> selections = selectionPage.selections();
        ReplicaSpec chosen = spec();
        String name = chosen.name();
        job = Job.create(NLS.bind(UiTexts.Create_creating, name), monitor -> {
            SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(UiTexts.Create_creating, name), 100);
            try (Geodatabase gdb = Geodatabase.open(parentDir)) {
                // the selection sets are looked up again with the parent open: a row may have gone since the page checked it
                Map<String, List<Long>> objectIds = new HashMap<>();
                for (var s : selections.entrySet()) {
                    SelectionSet.Resolved resolved = s.getValue().resolve(gdb, s.getKey());
                    if (resolved.problem() != null) {
                        throw new GeodatabaseException(resolved.problem());
                    }
                    objectIds.put(s.getKey(), resolved.objectIds());
                }
                ReplicaSpec spec = chosen.withDatasets(chosen.datasets().stream()
                        .map(d -> new DatasetSpec(d.name(), d.where(), d.schemaOnly(), objectIds.getOrDefault(d.name(), List.of()))).toList());
                Replica created = Replicas.create(gdb, childDir, spec, progress.split(100));
                progress.subTask(NLS.bind(UiTexts.Create_created, created.getName()));
            } catch (GeodatabaseException e) {
                // shown to the administrator by the job framework as an error dialog with the engine's sentence
                return Failures.failed(NLS.bind(UiTexts.Create_failed, name, e.getMessage()), e);
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            }
            // the child is a geodatabase of its own: the Catalog shows it next to its parent
            GeodatabaseConnections.getDefault().add(childDir);
            GeodatabaseConnections.getDefault().refresh();
            return Status.OK_STATUS;
        });
        job.setUser(true);
        GeodatabaseJobs.schedule(job);
        return true;
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }
}
