package org.geosync.ui.wizards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.Wizard;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.map.DrawnArea;

/**
 * Creates a replica: parent and datasets, name and type, filters, child directory and summary. Finish
 * runs {@link Replicas#create} in a job under the geodatabase rule, with progress and cancel; the views
 * refresh when it is done, and a refusal is reported with the engine's sentence.
 */
public class CreateReplicaWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = "Create Replica";
    static final String PLUGIN_ID = "org.geosync.ui";

    private final ParentPage parentPage;
    private final ReplicaPage replicaPage;
    private final FiltersPage filtersPage;
    private final ChildPage childPage;
    private final java.util.function.Supplier<DrawnArea> drawnArea;
    private boolean validating;
    private Job job;

    /** A wizard whose parent is {@code initialParent} when given; {@code drawnArea} reads the Map Preview's drawn area. */
    public CreateReplicaWizard(Path initialParent, java.util.function.Supplier<DrawnArea> drawnArea) {
        this.drawnArea = drawnArea;
        setWindowTitle(TITLE);
        setNeedsProgressMonitor(false);
        parentPage = new ParentPage(this, initialParent);
        replicaPage = new ReplicaPage(this);
        filtersPage = new FiltersPage(this);
        childPage = new ChildPage(this);
    }

    @Override
    public void addPages() {
        addPage(parentPage);
        addPage(replicaPage);
        addPage(filtersPage);
        addPage(childPage);
    }

    /** Checks every page again: a choice on one page (the parent, the datasets) can change what is valid on another. */
    void validateAll() {
        if (validating) {
            return;
        }
        validating = true;
        try {
            for (var page : List.of(parentPage, replicaPage, filtersPage, childPage)) {
                if (page.getControl() != null) {
                    switch (page) {
                        case ParentPage p -> p.validate();
                        case ReplicaPage p -> p.validate();
                        case FiltersPage p -> p.validate();
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

    DrawnArea drawnArea() {
        return drawnArea == null ? null : drawnArea.get();
    }

    /** What Finish will do, for the last page. */
    String summary() {
        StringBuilder b = new StringBuilder();
        GeodatabaseNode parent = parent();
        b.append("Parent: ").append(parent == null ? "(not chosen)" : parent.directory()).append('\n');
        b.append("Replica: ").append(replicaPage.name()).append(", ").append(replicaPage.type().getLiteral());
        if (replicaPage.direction() != OneWayDirection.NONE) {
            b.append(" (").append(replicaPage.direction().getLiteral()).append(')');
        }
        b.append(", ").append(replicaPage.syncModel().getLiteral()).append(" sync\n");
        b.append("Area: ").append(filtersPage.areaSummary()).append('\n');
        b.append("Related data: ").append(filtersPage.related() ? "yes" : "no").append('\n');
        b.append("Datasets:\n");
        for (DatasetNode d : datasets()) {
            String name = d.dataset().name();
            b.append("  ").append(name);
            if (filtersPage.schemaOnly(name)) {
                b.append(" (schema only)");
            } else if (filtersPage.query(name) != null) {
                b.append(" where ").append(filtersPage.query(name));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The replica Finish asks the engine for. */
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
        return parentPage.isPageComplete() && replicaPage.isPageComplete() && filtersPage.isPageComplete() && childPage.isPageComplete();
    }

    @Override
    public boolean performFinish() {
        validateAll();
        if (!canFinish()) {
            return false;
        }
        Path parentDir = parent().directory();
        Path childDir = childPage.directory();
        ReplicaSpec spec = spec();
        job = Job.create("Creating replica " + spec.name(), monitor -> {
            SubMonitor progress = SubMonitor.convert(monitor, "Creating replica " + spec.name(), 100);
            try (Geodatabase gdb = Geodatabase.open(parentDir)) {
                Replica created = Replicas.create(gdb, childDir, spec, progress.split(100));
                progress.subTask("Created replica " + created.getName());
            } catch (GeodatabaseException e) {
                // shown to the administrator by the job framework as an error dialog with the engine's sentence
                return new Status(IStatus.ERROR, PLUGIN_ID, "Replica " + spec.name() + " was not created: " + e.getMessage());
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            }
            // the child is a geodatabase of its own: the Catalog shows it next to its parent
            GeodatabaseConnections.getDefault().add(childDir);
            GeodatabaseConnections.getDefault().refresh();
            return Status.OK_STATUS;
        });
        job.setUser(true);
        job.setRule(GeodatabaseJobs.RULE);
        job.schedule();
        return true;
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }
}
