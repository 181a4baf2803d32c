package org.geosync.ui.sync;

import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.Locations;
import org.geosync.ui.internal.DirectoryField;
import org.geosync.ui.internal.UiTexts;

/**
 * Page 1: the geodatabase, one of its replicas and the relative replica's geodatabase. The replicas are
 * read, and the relative is checked (it must hold the same replica), in jobs under {@link GeodatabaseJobs#RULE}.
 */
class ReplicaAndRelativePage extends WizardPage {

    /** What reading a geodatabase's replicas found. */
    private record ReplicaList(String guid, List<Replica> replicas, String problem) {
    }

    private final GeodatabaseLocation preselected;
    private Combo geodatabaseCombo;
    private Combo replicaCombo;
    private Text relativeText;
    private List<GeodatabaseLocation> geodatabases = List.of();
    private ReplicaList loaded;
    private boolean loading;
    /** The relative geodatabase last checked by the job and what it found (null problem: it is the relative). */
    private GeodatabaseLocation checkedRelative;
    private String relativeProblem;
    private boolean checking;
    private int checkRound;

    ReplicaAndRelativePage(GeodatabaseLocation preselected) {
        super("replica");
        this.preselected = preselected;
        setTitle(UiTexts.Sync_replicaTitle);
        setDescription(UiTexts.Sync_replicaDescription);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        new Label(body, SWT.NONE).setText(UiTexts.Sync_geodatabaseLabel);
        geodatabaseCombo = new Combo(body, SWT.READ_ONLY);
        geodatabaseCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        new Label(body, SWT.NONE).setText(UiTexts.Sync_replicaLabel);
        replicaCombo = new Combo(body, SWT.READ_ONLY);
        replicaCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        relativeText = DirectoryField.create(body, UiTexts.Sync_relativeLabel, UiTexts.Sync_relativeDialog);

        geodatabases = GeodatabaseConnections.getDefault().list();
        for (GeodatabaseLocation p : geodatabases) {
            geodatabaseCombo.add(p.toString());
        }
        int index = preselected == null ? -1 : geodatabases.indexOf(preselected);
        if (index < 0 && geodatabases.size() == 1) {
            index = 0;
        }
        geodatabaseCombo.addListener(SWT.Selection, e -> loadReplicas());
        replicaCombo.addListener(SWT.Selection, e -> replicaChosen());
        relativeText.addModifyListener(e -> validate());
        setControl(body);
        if (index >= 0) {
            geodatabaseCombo.select(index);
            loadReplicas();
        } else {
            validate();
        }
    }

    /** This geodatabase: the one whose replica record is synchronized (the engine's first side). */
    GeodatabaseLocation geodatabase() {
        int i = geodatabaseCombo.getSelectionIndex();
        return i < 0 ? null : geodatabases.get(i);
    }

    /** The chosen replica as this geodatabase records it, or null. */
    Replica replica() {
        int i = replicaCombo.getSelectionIndex();
        return loaded == null || i < 0 ? null : loaded.replicas().get(i);
    }

    /** The relative geodatabase (a directory or a PostgreSQL location), as typed. */
    GeodatabaseLocation relative() {
        return parse(relativeText.getText().trim());
    }

    private void loadReplicas() {
        GeodatabaseLocation dir = geodatabase();
        loaded = null;
        loading = true;
        checkedRelative = null;
        replicaCombo.removeAll();
        validate();
        Job job = Job.create(NLS.bind(UiTexts.Sync_readingReplicasJob, dir), monitor -> {
            ReplicaList found;
            try (Geodatabase gdb = Geodatabase.open(dir)) {
                List<Replica> replicas = Replicas.list(gdb).stream().filter(r -> !r.isUnregistered()).toList();
                found = new ReplicaList(gdb.guid(), replicas, null);
            } catch (GeodatabaseException e) {
                found = new ReplicaList(null, List.of(), e.getMessage());
            }
            ReplicaList result = found;
            asyncOnPage(() -> {
                if (!dir.equals(geodatabase())) {
                    return; // the administrator chose another one meanwhile
                }
                loading = false;
                loaded = result;
                for (Replica r : result.replicas()) {
                    replicaCombo.add(NLS.bind(r.isInConflict() ? UiTexts.Sync_replicaItemInConflict : UiTexts.Sync_replicaItem,
                            new Object[] { r.getName(), r.getType().getLiteral(), r.getRole().getLiteral() }));
                }
                if (result.replicas().size() == 1) {
                    replicaCombo.select(0);
                    replicaChosen();
                } else {
                    validate();
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    private void replicaChosen() {
        Replica r = replica();
        checkedRelative = null; // a check answers for one replica only
        if (r != null && r.getRelativeReplicaLocation() != null && !r.getRelativeReplicaLocation().isBlank()) {
            relativeText.setText(r.getRelativeReplicaLocation()); // validates
        } else {
            validate();
        }
        ((SynchronizeWizard) getWizard()).replicaChanged(r);
    }

    /** Checks what can be checked at once; the relative itself is opened by a job whose answer comes back here. */
    private void validate() {
        String problem = quickProblem();
        if (problem != null) {
            checkRound++;
            checking = false;
            show(problem, false);
            return;
        }
        GeodatabaseLocation rel = relative();
        if (rel.equals(checkedRelative) && !checking) {
            show(relativeProblem, false);
            return;
        }
        checkRelative(rel);
    }

    private String quickProblem() {
        if (geodatabases.isEmpty()) {
            return UiTexts.Sync_noGeodatabase;
        }
        if (geodatabase() == null) {
            return UiTexts.Sync_chooseGeodatabase;
        }
        if (loading) {
            return NLS.bind(UiTexts.Sync_readingReplicas, geodatabase());
        }
        if (loaded.problem() != null) {
            return loaded.problem();
        }
        if (loaded.replicas().isEmpty()) {
            return NLS.bind(UiTexts.Sync_noReplicas, geodatabase());
        }
        if (replica() == null) {
            return UiTexts.Sync_chooseReplicaHere;
        }
        String text = relativeText.getText().trim();
        if (text.isEmpty()) {
            return UiTexts.Sync_enterRelative;
        }
        String malformed = Locations.problemOfExisting(text);
        if (malformed != null) {
            return malformed;
        }
        GeodatabaseLocation rel = parse(text);
        if (rel.equals(geodatabase())) {
            return NLS.bind(UiTexts.Sync_otherRelative, geodatabase());
        }
        return null;
    }

    /** Opens the relative through the engine: it must be a geodatabase holding the same replica (by GUID). */
    private void checkRelative(GeodatabaseLocation rel) {
        int round = ++checkRound;
        checking = true;
        Replica replica = replica();
        String hereGuid = loaded.guid();
        show(NLS.bind(UiTexts.Sync_checking, rel), false);
        Job job = Job.create(NLS.bind(UiTexts.Sync_checkingJob, rel), monitor -> {
            String problem;
            try (Geodatabase gdb = Geodatabase.open(rel)) {
                if (gdb.guid().equals(hereGuid)) {
                    problem = NLS.bind(UiTexts.Sync_sameGeodatabase, rel, geodatabase());
                } else {
                    problem = Replicas.list(gdb).stream().anyMatch(r -> r.getGuid().equals(replica.getGuid())) ? null
                            : NLS.bind(UiTexts.Sync_noSuchReplica, new Object[] { rel, replica.getName(), replica.getGuid() });
                }
            } catch (GeodatabaseException e) {
                problem = e.getMessage();
            }
            String result = problem;
            asyncOnPage(() -> {
                if (round != checkRound) {
                    return;
                }
                checking = false;
                checkedRelative = rel;
                relativeProblem = result;
                show(result, true);
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    private void show(String problem, boolean checked) {
        boolean busy = problem != null && problem.endsWith("...");
        if (busy) {
            setErrorMessage(null);
            setMessage(problem, IMessageProvider.INFORMATION);
        } else {
            setErrorMessage(problem);
            setMessage(checked && problem == null ? NLS.bind(UiTexts.Sync_relativeHolds, replica().getName()) : null,
                    IMessageProvider.INFORMATION);
        }
        setPageComplete(problem == null && !checking);
    }

    private void asyncOnPage(Runnable r) {
        if (getControl() == null || getControl().isDisposed()) {
            return;
        }
        getControl().getDisplay().asyncExec(() -> {
            if (!getControl().isDisposed()) {
                r.run();
            }
        });
    }

    private static GeodatabaseLocation parse(String text) {
        return text.isEmpty() ? null : Locations.parseOrNull(text);
    }
}
