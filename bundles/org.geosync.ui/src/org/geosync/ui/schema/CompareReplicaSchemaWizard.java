package org.geosync.ui.schema;

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
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Schemas;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.UiTexts;

/**
 * Compare Replica Schema: the schema of a replica on this side against the other side (its relative geodatabase, or a schema
 * file exported with Export Replica Schema), as {@code geosync replica schema-compare} compares them; the differences side by
 * side with a check box each; Finish applies the checked ones on this side through the engine's
 * {@link Schemas#importReplicaSchema} ({@code replica schema-import}), in a job under the geodatabase rule. When the other side
 * is a geodatabase, the engine reads its schema straight from it, and the two sides are compared again afterwards, so that,
 * once equal, each records that its schema changes are made on the other.
 */
public class CompareReplicaSchemaWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = UiTexts.Schema_compareTitle;

    /** What a comparison found: the comparison and its rows, or the engine's refusal. */
    record Outcome(String key, Schemas.Comparison comparison, List<DifferencesPage.Row> rows, String refusal) {
    }

    private final IWorkbenchWindow window;
    private final SidesPage sidesPage;
    private final DifferencesPage differencesPage;
    private String comparedKey;
    private Outcome outcome;
    private Job job;

    /** A wizard whose side is {@code geodatabase} and {@code replica} when given (nulls: the administrator chooses). */
    public CompareReplicaSchemaWizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
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
                if (getShell() == null || getShell().isDisposed() || !key.equals(comparedKey)) {
                    return; // closed, or other sides were chosen meanwhile
                }
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
        try (Geodatabase here = Geodatabase.open(s.here())) {
            Schemas.Comparison comparison;
            GeodatabaseSchema theirs = null;
            if (s.otherGeodatabase() != null) {
                try (Geodatabase other = Geodatabase.open(s.otherGeodatabase())) {
                    comparison = Schemas.compare(here, replica, other);
                    if (!comparison.equal()) {
                        theirs = Schemas.schema(other, guid);
                    }
                }
            } else {
                comparison = Schemas.compare(here, replica, s.file());
                if (!comparison.equal()) {
                    theirs = Schemas.read(s.file());
                }
            }
            List<DifferencesPage.Row> rows = new ArrayList<>();
            if (theirs != null) {
                for (Schemas.Difference d : comparison.differences()) {
                    rows.add(new DifferencesPage.Row(d, Schemas.changeFor(d, theirs)));
                }
            }
            return new Outcome(key, comparison, List.copyOf(rows), null);
        } catch (GeodatabaseException e) {
            return new Outcome(key, null, List.of(), e.getMessage());
        }
    }

    @Override
    public boolean performFinish() {
        if (!canFinish()) {
            return false;
        }
        SidesPage.Sides s = sidesPage.sides();
        List<String> ids = differencesPage.checkedIds();
        String replica = s.replica().getName();
        GeodatabaseLocation here = s.here();
        GeodatabaseLocation other = s.otherGeodatabase();
        job = new GeodatabaseJob<String>(NLS.bind(UiTexts.Schema_applyingJob, ids.size(), replica), here, (gdb, monitor) -> {
            if (other == null) {
                return applied(Schemas.importReplicaSchema(gdb, s.file(), ids), gdb, null);
            }
            try (Geodatabase second = Geodatabase.open(other)) {
                Schemas.Import imported = Schemas.importReplicaSchema(gdb, replica, second, ids);
                // compared again: once equal, each side records that its schema changes are made on the other
                return applied(imported, gdb, Schemas.compare(gdb, replica, second));
            }
        }, done -> done).showingDialogs(window, TITLE, true);
        GeodatabaseJobs.schedule(job);
        return true;
    }

    /** What Finish did, in words: the differences applied, how many were left, and the comparison made afterwards (or null). */
    private static String applied(Schemas.Import imported, Geodatabase gdb, Schemas.Comparison again) {
        StringBuilder text = new StringBuilder(NLS.bind(UiTexts.Schema_applied, new Object[] { imported.applied().size(), imported.replica(),
                gdb.location() }));
        imported.applied().forEach(line -> text.append("\n  ").append(line));
        if (!imported.left().isEmpty()) {
            // the engine's lines name the command line's options: the count says enough here
            text.append('\n').append(NLS.bind(UiTexts.Schema_left, imported.left().size()));
        }
        if (again != null) {
            text.append("\n\n").append(again.equal() ? NLS.bind(UiTexts.Schema_nowEqual, imported.replica())
                    : NLS.bind(UiTexts.Schema_stillDiffer, again.differences().size(), imported.replica()));
        }
        return text.toString();
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }
}
