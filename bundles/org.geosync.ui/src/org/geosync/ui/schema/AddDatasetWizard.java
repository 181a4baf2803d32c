package org.geosync.ui.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.GeometryType;
import org.geosync.core.Replicas;
import org.geosync.model.ReplicaRole;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.UiTexts;

/**
 * Add Dataset: a new feature class or table of a geodatabase, tracked for replication, joining the replicas of which the
 * geodatabase is the parent that the administrator chooses, as {@code geosync gdb add-dataset ... --replica NAME} makes it.
 * Each page has the engine check what it says ({@link Replicas#checkAddDataset}, the rule {@link Replicas#addDataset} applies)
 * a moment after the typing stops: its sentence is the page's error, and Finish is enabled only for what the engine accepted.
 * Finish adds the dataset in a job under the geodatabase rule; a refusal then shows in a dialog and the error log.
 */
public class AddDatasetWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = UiTexts.AddDataset_title;
    /** Pause after the last keystroke before the geodatabase is opened to check the dataset. */
    static final long DELAY_MS = 300;
    /** The geometry words of the Geometry combo after its first item (a table). */
    private static final String[] GEOMETRIES = { "point", "multipoint", "line", "multiline", "polygon", "multipolygon" };

    /** What the pages say: the dataset and the replicas it joins (a key of the engine's answers). */
    record Request(String name, GeometryType type, int epsg, List<Field> fields, List<String> replicas) {
    }

    private final IWorkbenchWindow window;
    private final GeodatabaseNode node;
    private final DatasetPage datasetPage = new DatasetPage();
    private final JoinPage joinPage = new JoinPage();
    /** The engine's answer for each request checked: "" accepted, else its sentence. */
    private final Map<Request, String> checked = new ConcurrentHashMap<>();
    private Job pending;
    private Request pendingRequest;
    private Job job;

    /** A wizard adding a dataset to {@code geodatabase} (as the Catalog shows it); {@code window} shows the outcome. */
    public AddDatasetWizard(IWorkbenchWindow window, GeodatabaseNode geodatabase) {
        this.window = window;
        this.node = geodatabase;
        setWindowTitle(TITLE);
        setNeedsProgressMonitor(false);
    }

    @Override
    public void addPages() {
        addPage(datasetPage);
        addPage(joinPage);
    }

    /** The replicas of which the geodatabase is the parent (a new dataset joins a replica there). */
    private List<ReplicaNode> parentReplicas() {
        return node.replicas().stream().filter(r -> r.replica().getRole() == ReplicaRole.PARENT && !r.replica().isUnregistered()).toList();
    }

    @Override
    public boolean canFinish() {
        Request r = request();
        return r != null && "".equals(checked.get(r));
    }

    /** What both pages say, or null while the first page lacks something. */
    private Request request() {
        Request d = datasetPage.typed().request();
        return d == null ? null : new Request(d.name(), d.type(), d.epsg(), d.fields(), joinPage.chosen());
    }

    /** The first page's dataset, or what it lacks (said on the page by its validation, never while reading it). */
    record Typed(Request request, String problem) {
    }

    @Override
    public boolean performFinish() {
        Request r = request();
        if (r == null || !"".equals(checked.get(r))) {
            return false;
        }
        GeodatabaseLocation dir = node.location();
        job = new GeodatabaseJob<String>(NLS.bind(UiTexts.AddDataset_adding, r.name(), node.name()), dir, (gdb, monitor) -> {
            Dataset d = Replicas.addDataset(gdb, r.name(), r.type(), r.epsg(), r.fields(), r.replicas());
            String joined = r.replicas().isEmpty() ? "" : NLS.bind(UiTexts.AddDataset_joined, String.join(", ", r.replicas()));
            return d.isFeatureClass()
                    ? NLS.bind(UiTexts.AddDataset_doneFeatureClass, new Object[] { d.name(), d.fields().size(), joined,
                            d.geometryType().name().toLowerCase(Locale.ROOT), d.epsg() })
                    : NLS.bind(UiTexts.AddDataset_doneTable, new Object[] { d.name(), d.fields().size(), joined });
        }, done -> done).showingDialogs(window, TITLE, false);
        GeodatabaseJobs.schedule(job);
        return true;
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }

    @Override
    public void dispose() {
        if (pending != null) {
            pending.cancel();
        }
        super.dispose();
    }

    /**
     * Shows on {@code page} what the engine says of {@code r} (checking it a moment from now when it has not yet), with
     * {@code accepted} as the message once it is accepted.
     */
    private void show(WizardPage page, Request r, String accepted) {
        String outcome = checked.get(r);
        if (outcome == null) {
            page.setErrorMessage(null);
            page.setMessage(NLS.bind(UiTexts.AddDataset_checking, r.name()), IMessageProvider.INFORMATION);
            page.setPageComplete(false);
            check(r);
        } else if (!outcome.isEmpty()) {
            page.setMessage(null);
            page.setErrorMessage(outcome);
            page.setPageComplete(false);
        } else {
            page.setErrorMessage(null);
            page.setMessage(accepted, IMessageProvider.NONE);
            page.setPageComplete(true);
        }
        if (getContainer() != null && getContainer().getCurrentPage() != null) {
            getContainer().updateButtons();
        }
    }

    /** Has the engine check {@code r} a moment from now; only the latest request's answer is shown. */
    private void check(Request r) {
        if (r.equals(pendingRequest) && pending != null) {
            return;
        }
        if (pending != null) {
            pending.cancel();
        }
        GeodatabaseLocation dir = node.location();
        Job check = Job.create(NLS.bind(UiTexts.AddDataset_checkingJob, r.name()), monitor -> {
            String outcome;
            try (Geodatabase gdb = Geodatabase.open(dir)) {
                Replicas.checkAddDataset(gdb, r.name(), r.type(), r.epsg(), r.fields(), r.replicas());
                outcome = "";
            } catch (GeodatabaseException e) {
                outcome = e.getMessage();
            }
            checked.put(r, outcome);
            Composite shown = datasetPage.getControl() instanceof Composite c ? c : null;
            if (shown != null && !shown.isDisposed()) {
                shown.getDisplay().asyncExec(() -> {
                    if (!shown.isDisposed() && r.equals(pendingRequest)) {
                        pending = null;
                        pendingRequest = null;
                        if (getContainer() != null && getContainer().getCurrentPage() == joinPage) {
                            joinPage.validate();
                        } else {
                            datasetPage.validate();
                        }
                    }
                });
            }
            return Status.OK_STATUS;
        });
        check.setSystem(true);
        pending = check;
        pendingRequest = r;
        GeodatabaseJobs.schedule(check, DELAY_MS);
    }

    /** Page 1: the dataset's name, geometry (or none), coordinate system and fields. */
    final class DatasetPage extends WizardPage {
        private Text name;
        private Combo kind;
        private Label epsgLabel;
        private Text epsg;
        private Text fields;

        DatasetPage() {
            super("dataset");
            setTitle(UiTexts.AddDataset_datasetTitle);
            setDescription(UiTexts.AddDataset_datasetDescription);
            setPageComplete(false);
        }

        @Override
        public void createControl(Composite parent) {
            Composite body = new Composite(parent, SWT.NONE);
            body.setLayout(new GridLayout(2, false));
            new Label(body, SWT.NONE).setText(UiTexts.AddDataset_geodatabase);
            new Label(body, SWT.NONE).setText(node.location().toString());
            new Label(body, SWT.NONE).setText(UiTexts.AddDataset_name);
            name = new Text(body, SWT.BORDER);
            name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            name.addModifyListener(e -> validate());
            new Label(body, SWT.NONE).setText(UiTexts.AddDataset_kind);
            kind = new Combo(body, SWT.READ_ONLY);
            kind.add(UiTexts.AddDataset_table);
            for (String g : GEOMETRIES) {
                kind.add(g);
            }
            kind.select(0);
            kind.addListener(SWT.Selection, e -> validate());
            epsgLabel = new Label(body, SWT.NONE);
            epsgLabel.setText(UiTexts.AddDataset_epsg);
            epsg = new Text(body, SWT.BORDER);
            epsg.setMessage(UiTexts.AddDataset_epsgHint);
            epsg.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            epsg.addModifyListener(e -> validate());
            Label fieldsLabel = new Label(body, SWT.NONE);
            fieldsLabel.setText(UiTexts.AddDataset_fields);
            fieldsLabel.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
            fields = new Text(body, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
            GridData area = new GridData(SWT.FILL, SWT.FILL, true, true);
            area.widthHint = 420;
            area.heightHint = 110;
            fields.setLayoutData(area);
            fields.addModifyListener(e -> validate());
            new Label(body, SWT.NONE);
            Label hint = new Label(body, SWT.WRAP);
            hint.setText(UiTexts.AddDataset_fieldsHint);
            GridData hintData = new GridData(SWT.FILL, SWT.TOP, true, false);
            hintData.widthHint = 420;
            hint.setLayoutData(hintData);
            setControl(body);
            validate();
        }

        /** The dataset typed, or what is missing or not a number; changes nothing on the page (canFinish reads it). */
        Typed typed() {
            if (name == null || name.isDisposed()) {
                return new Typed(null, UiTexts.AddDataset_enterName);
            }
            boolean featureClass = kind.getSelectionIndex() > 0;
            if (name.getText().isBlank()) {
                return new Typed(null, UiTexts.AddDataset_enterName);
            }
            GeometryType type = null;
            int code = 0;
            if (featureClass) {
                try {
                    type = GeometryType.parse(GEOMETRIES[kind.getSelectionIndex() - 1]);
                } catch (GeodatabaseException e) {
                    return new Typed(null, e.getMessage());
                }
                if (epsg.getText().isBlank()) {
                    return new Typed(null, UiTexts.AddDataset_enterEpsg);
                }
                try {
                    code = Integer.parseInt(epsg.getText().trim());
                } catch (NumberFormatException e) {
                    return new Typed(null, NLS.bind(UiTexts.AddDataset_epsgNotANumber, epsg.getText().trim()));
                }
            }
            List<Field> list = new ArrayList<>();
            String[] lines = fields.getText().split("\\R");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                try {
                    list.add(Field.parse(lines[i])); // the rule the engine takes a field by
                } catch (GeodatabaseException e) {
                    return new Typed(null, NLS.bind(UiTexts.AddDataset_fieldLine, i + 1, e.getMessage()));
                }
            }
            return new Typed(new Request(name.getText().trim(), type, code, List.copyOf(list), List.of()), null);
        }

        /** Says what is missing, or what the engine says of the dataset (with no replica to join yet). */
        void validate() {
            if (name == null || name.isDisposed()) {
                return;
            }
            boolean featureClass = kind.getSelectionIndex() > 0;
            epsg.setEnabled(featureClass);
            epsgLabel.setEnabled(featureClass);
            Typed t = typed();
            if (t.request() == null) {
                setMessage(null);
                setErrorMessage(t.problem());
                setPageComplete(false);
                return;
            }
            Request d = t.request();
            show(this, d, NLS.bind(UiTexts.AddDataset_accepted, d.name().toUpperCase(Locale.ROOT), node.name()));
        }

        @Override
        public void setVisible(boolean visible) {
            super.setVisible(visible);
            if (visible) {
                validate();
            }
        }
    }

    /** Page 2: the replicas of which the geodatabase is the parent that the dataset joins. */
    final class JoinPage extends WizardPage {
        private final Map<String, Button> boxes = new LinkedHashMap<>();

        JoinPage() {
            super("join");
            setTitle(UiTexts.AddDataset_joinTitle);
            setDescription(UiTexts.AddDataset_joinDescription);
        }

        @Override
        public void createControl(Composite parent) {
            Composite body = new Composite(parent, SWT.NONE);
            body.setLayout(new GridLayout(1, false));
            List<ReplicaNode> replicas = parentReplicas();
            if (replicas.isEmpty()) {
                new Label(body, SWT.WRAP).setText(NLS.bind(UiTexts.AddDataset_noReplicas, node.name()));
            }
            for (ReplicaNode r : replicas) {
                Button b = new Button(body, SWT.CHECK);
                b.setText(NLS.bind(UiTexts.AddDataset_replicaItem, new Object[] { r.replica().getName(), ReplicaNode.typeText(r.replica()),
                        r.replica().getRelativeReplicaLocation() }));
                b.addListener(SWT.Selection, e -> validate());
                boxes.put(r.replica().getName(), b);
            }
            setControl(body);
        }

        /** The names of the replicas checked. */
        List<String> chosen() {
            List<String> names = new ArrayList<>();
            boxes.forEach((n, b) -> {
                if (!b.isDisposed() && b.getSelection()) {
                    names.add(n);
                }
            });
            return List.copyOf(names);
        }

        void validate() {
            Request r = request();
            if (r == null) {
                setErrorMessage(datasetPage.typed().problem());
                setPageComplete(false);
                return;
            }
            show(this, r, r.replicas().isEmpty() ? NLS.bind(UiTexts.AddDataset_accepted, r.name().toUpperCase(Locale.ROOT), node.name())
                    : NLS.bind(UiTexts.AddDataset_joins, r.name().toUpperCase(Locale.ROOT), String.join(", ", r.replicas())));
        }

        @Override
        public void setVisible(boolean visible) {
            super.setVisible(visible);
            if (visible) {
                validate();
            }
        }
    }
}
