package org.geosync.ui.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.core.Schemas;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.UiTexts;

/**
 * Compare Replica Schema: the schema of a replica on this side against the other side (its relative geodatabase, or a schema
 * file exported with Export Replica Schema), as {@code geosync replica schema-compare} compares them; the differences side by
 * side with a check box each; Finish applies the checked ones on this side through the engine's
 * {@link Schemas#importReplicaSchema} ({@code replica schema-import}), in a job under the geodatabase rule. When the other side
 * is a geodatabase, its schema is exported to a temporary file for the import, and the two sides are compared again afterwards,
 * so that, once equal, each records that its schema changes are made on the other.
 */
public class CompareReplicaSchemaWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = UiTexts.Schema_compareTitle;

    /** What a comparison found: the comparison and its rows, the other side's schema file, or the engine's refusal. */
    record Outcome(String key, Schemas.Comparison comparison, List<DifferencesPage.Row> rows, Path schemaFile, boolean temporary,
            String refusal) {
    }

    private final IWorkbenchWindow window;
    private final SidesPage sidesPage;
    private final DifferencesPage differencesPage;
    private String comparedKey;
    private Outcome outcome;
    private Job job;

    /** A wizard whose side is {@code geodatabase} and {@code replica} when given (nulls: the administrator chooses). */
    public CompareReplicaSchemaWizard(IWorkbenchWindow window, Path geodatabase, String replica) {
        this.window = window;
        setWindowTitle(TITLE);
        setNeedsProgressMonitor(false);
        sidesPage = new SidesPage(this, geodatabase, replica);
        differencesPage = new DifferencesPage(this);
    }

    @Override
    public void addPages() {
        addPage(sidesPage);
        addPage(differencesPage);
    }

    @Override
    public boolean canFinish() {
        return sidesPage.isPageComplete() && differencesPage.isPageComplete() && outcome != null && key().equals(outcome.key());
    }

    /** The first page changed: a comparison of other sides no longer counts. */
    void sidesChanged() {
        if (getContainer() != null && getContainer().getCurrentPage() != null) {
            getContainer().updateButtons();
        }
    }

    private String key() {
        if (!sidesPage.isPageComplete()) {
            return "";
        }
        SidesPage.Sides s = sidesPage.sides();
        return s.here() + "|" + s.replica().getGuid() + "|" + s.otherGeodatabase() + "|" + s.file();
    }

    /** Compares the two sides chosen, unless they were compared already (the second page is shown). */
    void compareIfNeeded() {
        String key = key();
        if (key.isEmpty() || key.equals(comparedKey)) {
            return;
        }
        comparedKey = key;
        SidesPage.Sides s = sidesPage.sides();
        String replica = s.replica().getName();
        String guid = s.replica().getGuid();
        differencesPage.comparing(NLS.bind(UiTexts.Schema_comparingHeading, replica, s.here()));
        Display display = getShell().getDisplay();
        Job compare = Job.create(NLS.bind(UiTexts.Schema_comparingJob, replica), monitor -> {
            Outcome found = compare(key, s, replica, guid);
            display.asyncExec(() -> {
                if (getShell() == null || getShell().isDisposed()) {
                    forget(found);
                    return;
                }
                if (!key.equals(comparedKey)) {
                    forget(found); // other sides were chosen meanwhile
                    return;
                }
                forget(outcome);
                outcome = found;
                differencesPage.compared(found);
            });
            return Status.OK_STATUS;
        });
        compare.setSystem(true);
        GeodatabaseJobs.schedule(compare);
    }

    /** Runs in a job: compares the sides as {@code replica schema-compare} does and says what importing each difference would change here. */
    private static Outcome compare(String key, SidesPage.Sides s, String replica, String guid) {
        Path file = s.file();
        boolean temporary = false;
        try (Geodatabase here = Geodatabase.open(s.here())) {
            Schemas.Comparison comparison;
            if (s.otherGeodatabase() != null) {
                try (Geodatabase other = Geodatabase.open(s.otherGeodatabase())) {
                    comparison = Schemas.compare(here, replica, other);
                    if (!comparison.equal()) {
                        // the import reads the other side's schema from a file, as 'replica schema-import' does
                        String name = Replicas.list(other).stream().filter(r -> guid.equals(r.getGuid())).map(Replica::getName).findFirst()
                                .orElse(replica);
                        file = Files.createTempFile("geosync-" + name + "-schema-", ".xml");
                        temporary = true;
                        Schemas.exportReplicaSchema(other, name, file);
                    }
                }
            } else {
                comparison = Schemas.compare(here, replica, file);
            }
            List<DifferencesPage.Row> rows = new ArrayList<>();
            if (!comparison.equal()) {
                GeodatabaseSchema theirs = Schemas.read(file);
                for (Schemas.Difference d : comparison.differences()) {
                    rows.add(new DifferencesPage.Row(d, Schemas.changeFor(d, theirs)));
                }
            }
            return new Outcome(key, comparison, List.copyOf(rows), file, temporary, null);
        } catch (GeodatabaseException e) {
            forget(temporary ? file : null);
            return new Outcome(key, null, List.of(), null, false, e.getMessage());
        } catch (IOException e) {
            return new Outcome(key, null, List.of(), null, false, NLS.bind(UiTexts.Schema_noTemporaryFile, e.getMessage()));
        }
    }

    @Override
    public boolean performFinish() {
        if (!canFinish()) {
            return false;
        }
        Outcome done = outcome;
        outcome = null; // the job owns its schema file from now on
        SidesPage.Sides s = sidesPage.sides();
        List<String> ids = differencesPage.checkedIds();
        String replica = s.replica().getName();
        Path here = s.here();
        Path other = s.otherGeodatabase();
        job = new SchemaJob(NLS.bind(UiTexts.Schema_applyingJob, ids.size(), replica), window, TITLE, here, true, (gdb, monitor) -> {
            try {
                Schemas.Import imported = Schemas.importReplicaSchema(gdb, done.schemaFile(), ids);
                StringBuilder text = new StringBuilder(NLS.bind(UiTexts.Schema_applied, new Object[] { imported.applied().size(),
                        imported.replica(), gdb.directory() }));
                imported.applied().forEach(line -> text.append("\n  ").append(line));
                if (!imported.left().isEmpty()) {
                    // the engine's lines name the temporary file and the command line's options: the count says enough here
                    text.append('\n').append(NLS.bind(UiTexts.Schema_left, imported.left().size()));
                }
                if (other != null) {
                    // compared again: once equal, each side records that its schema changes are made on the other
                    try (Geodatabase second = Geodatabase.open(other)) {
                        Schemas.Comparison again = Schemas.compare(gdb, replica, second);
                        text.append("\n\n").append(again.equal() ? NLS.bind(UiTexts.Schema_nowEqual, replica)
                                : NLS.bind(UiTexts.Schema_stillDiffer, again.differences().size(), replica));
                    }
                }
                return text.toString();
            } finally {
                forget(done);
            }
        });
        GeodatabaseJobs.schedule(job);
        return true;
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }

    @Override
    public void dispose() {
        forget(outcome);
        outcome = null;
        super.dispose();
    }

    private static void forget(Outcome o) {
        if (o != null && o.temporary()) {
            forget(o.schemaFile());
        }
    }

    private static void forget(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a file in the temporary folder: the system clears it
            }
        }
    }
}
