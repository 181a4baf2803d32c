package org.geosync.ui.wizards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaRules;
import org.geosync.core.ReplicaSpec;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReplicaType;
import org.geosync.model.SchemaPolicy;
import org.geosync.model.SpatialRelation;
import org.geosync.model.SyncModel;
import org.geosync.server.ServiceClient;
import org.geosync.ui.catalog.GeodatabaseLocationDialog;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.internal.DirectoryField;
import org.geosync.ui.internal.UiTexts;

/**
 * Create Replica from Server: what the command line's {@code replica create URL} sends, as its createReplica form: the
 * replica's name, type, sync model and schema policy, the datasets (all by default, as the service info lists them) each with
 * a definition query, schema only or the ObjectIDs of a selection set, an optional area (WKT with its EPSG code and spatial
 * relation), related data, and the new or empty directory its child geodatabase lands in. Every change is checked with the
 * engine's rules against the datasets and fields the service lists ({@link ReplicaRules#specProblem}) and the Catalog's rule
 * for a new geodatabase directory; OK is enabled only when they all pass. Whatever the service knows and the dialog does not
 * (a name taken by a replica this user may not see, an ObjectID naming no row) is its refusal once OK is pressed.
 */
public class ServerCreateReplicaDialog extends TitleAreaDialog {

    /** The dialog's title. */
    public static final String TITLE = UiTexts.ServerReplica_createTitle;

    private static final ReplicaType[] TYPES = { ReplicaType.TWO_WAY, ReplicaType.ONE_WAY, ReplicaType.ONE_WAY, ReplicaType.CHECKOUT };
    private static final OneWayDirection[] DIRECTIONS = { OneWayDirection.NONE, OneWayDirection.PARENT_TO_CHILD,
            OneWayDirection.CHILD_TO_PARENT, OneWayDirection.NONE };
    private static final SpatialRelation[] RELATIONS = { SpatialRelation.INTERSECTS, SpatialRelation.WITHIN, SpatialRelation.CONTAINS };
    private static final SyncModel[] MODELS = { SyncModel.PER_REPLICA, SyncModel.PER_LAYER };
    private static final SchemaPolicy[] POLICIES = { SchemaPolicy.ADDITIVE, SchemaPolicy.ALL };

    private final ServerNode server;
    private Text name;
    private Combo type;
    private Combo syncModel;
    private Combo schemaPolicy;
    private Table datasets;
    private DatasetFilterEditor rows;
    private Button related;
    private Text wkt;
    private Text epsg;
    private Combo relation;
    private Text directory;
    private List<Dataset> served; // null while the service info is read
    private String unread; // why the service info could not be read, or null
    private ReplicaSpec chosenSpec;
    private Path chosenDirectory;

    public ServerCreateReplicaDialog(Shell parent, ServerNode server) {
        super(parent);
        this.server = server;
    }

    /** The replica to create, once OK was pressed. */
    public ReplicaSpec spec() {
        return chosenSpec;
    }

    /** The child geodatabase's directory, once OK was pressed. */
    public Path directory() {
        return chosenDirectory;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(NLS.bind(UiTexts.ServerReplica_createHeading, server.location()));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(3, false));
        label(body, UiTexts.Create_replicaName);
        name = new Text(body, SWT.BORDER);
        name.setLayoutData(wide(2));
        label(body, UiTexts.Create_type);
        type = new Combo(body, SWT.READ_ONLY);
        for (int i = 0; i < TYPES.length; i++) {
            type.add(DIRECTIONS[i] == OneWayDirection.NONE ? TYPES[i].getLiteral() : TYPES[i].getLiteral() + ", " + DIRECTIONS[i].getLiteral());
        }
        type.select(0);
        type.setLayoutData(wide(2));
        syncModel = choice(body, UiTexts.Create_syncModel, java.util.Arrays.stream(MODELS).map(SyncModel::getLiteral).toArray(String[]::new));
        schemaPolicy = choice(body, UiTexts.ServerReplica_schemaPolicy,
                java.util.Arrays.stream(POLICIES).map(SchemaPolicy::getLiteral).toArray(String[]::new));
        Label l = label(body, UiTexts.Create_datasetsLabel);
        l.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        datasets = new Table(body, SWT.BORDER | SWT.CHECK | SWT.V_SCROLL);
        GridData tall = wide(2);
        tall.heightHint = 110;
        datasets.setLayoutData(tall);
        rows = new DatasetFilterEditor(body, true, this::validate);
        l = label(body, UiTexts.ServerReplica_area);
        l.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        wkt = new Text(body, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData w = wide(2);
        w.heightHint = 44;
        wkt.setLayoutData(w);
        label(body, UiTexts.Filters_epsg);
        epsg = new Text(body, SWT.BORDER);
        epsg.setLayoutData(wide(2));
        label(body, UiTexts.ServerReplica_relation);
        relation = new Combo(body, SWT.READ_ONLY);
        for (SpatialRelation r : RELATIONS) {
            relation.add(r.getLiteral());
        }
        relation.select(0);
        relation.setLayoutData(wide(2));
        related = new Button(body, SWT.CHECK);
        related.setText(UiTexts.Filters_related);
        related.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 3, 1));
        directory = DirectoryField.create(body, UiTexts.Create_childDirectory, UiTexts.Create_childDialog);
        for (Text t : new Text[] { name, wkt, epsg, directory }) {
            t.addModifyListener(e -> validate());
        }
        for (Combo c : new Combo[] { type, syncModel, schemaPolicy, relation }) {
            c.addListener(SWT.Selection, e -> validate());
        }
        related.addListener(SWT.Selection, e -> validate());
        datasets.addListener(SWT.Selection, e -> validate());
        readDatasets();
        return area;
    }

    private static Label label(Composite body, String text) {
        Label l = new Label(body, SWT.NONE);
        l.setText(text);
        return l;
    }

    private static Combo choice(Composite body, String label, String[] items) {
        label(body, label);
        Combo c = new Combo(body, SWT.READ_ONLY);
        c.setItems(items);
        c.select(0);
        c.setLayoutData(wide(2));
        return c;
    }

    private static GridData wide(int span) {
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1);
        d.widthHint = 380;
        return d;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** Reads the served geodatabase's datasets from the service info in the background; all are checked. */
    private void readDatasets() {
        String location = server.location();
        Job job = Job.create(NLS.bind(UiTexts.ServerReplica_readingDatasets, location), monitor -> {
            List<Dataset> list = List.of();
            String problem = null;
            try {
                String token = ServerTokens.getDefault().tokenFor(location);
                if (token == null) {
                    throw new GeodatabaseException(NLS.bind(UiTexts.Server_noToken, location));
                }
                list = ServiceClient.connect(location, token).listing().datasets();
            } catch (GeodatabaseException e) {
                problem = e.getMessage();
            }
            List<Dataset> read = list;
            String said = problem;
            Shell shell = getShell();
            if (shell != null && !shell.isDisposed()) {
                shell.getDisplay().asyncExec(() -> {
                    if (getShell() == null || getShell().isDisposed()) {
                        return;
                    }
                    show(said == null ? read : List.of(), said);
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void show(List<Dataset> list, String problem) {
        served = list;
        unread = problem;
        for (Dataset d : list) {
            TableItem item = new TableItem(datasets, SWT.NONE);
            item.setText(d.name());
            item.setChecked(true);
        }
        if (epsg.getText().isEmpty()) {
            list.stream().filter(Dataset::isFeatureClass).findFirst().ifPresent(d -> epsg.setText(String.valueOf(d.epsg())));
        }
        validate();
    }

    /** The checked datasets (none, when the service did not list them). */
    private List<Dataset> checked() {
        List<Dataset> out = new ArrayList<>();
        TableItem[] items = datasets.getItems();
        for (int i = 0; i < items.length && served != null && i < served.size(); i++) {
            if (items[i].getChecked()) {
                out.add(served.get(i));
            }
        }
        return out;
    }

    /** The sentence saying why the fields make no replica, or null when they do. */
    private String problem() {
        String n = name.getText().strip();
        if (n.isEmpty()) {
            return UiTexts.Create_enterName;
        }
        String bad = ReplicaSpec.nameProblem(n);
        if (bad != null) {
            return bad;
        }
        for (ServerReplicaNode r : server.replicas()) {
            if (r.name().equalsIgnoreCase(n)) {
                return NLS.bind(UiTexts.Create_nameTaken, r.name(), server.location());
            }
        }
        if (served == null) {
            return NLS.bind(UiTexts.ServerReplica_readingDatasets, server.location());
        }
        if (!served.isEmpty() && checked().isEmpty()) {
            return UiTexts.Create_chooseDataset;
        }
        bad = rows.problem();
        if (bad != null) {
            return bad;
        }
        String area = wkt.getText().strip();
        if (!area.isEmpty()) {
            String code = epsg.getText().strip();
            if (code.isEmpty()) {
                return UiTexts.Filters_enterEpsg;
            }
            try {
                Integer.parseInt(code);
            } catch (NumberFormatException e) {
                return NLS.bind(UiTexts.Filters_epsgNotNumber, code);
            }
        }
        if (!served.isEmpty()) { // the engine's rules, against the datasets and fields the service listed
            bad = ReplicaRules.specProblem(build(), served);
        } else if (!area.isEmpty()) { // the service did not list its datasets: what can be said without them
            bad = ReplicaRules.areaProblem(area);
            if (bad == null) {
                bad = ReplicaRules.epsgProblem(Integer.parseInt(epsg.getText().strip()));
            }
        }
        if (bad != null) {
            return bad;
        }
        String dir = directory.getText().strip();
        if (dir.isEmpty()) {
            return UiTexts.Create_enterChild;
        }
        return GeodatabaseLocationDialog.problem(GeodatabaseLocationDialog.Purpose.CREATE_NEW, dir);
    }

    private void validate() {
        rows.show(checked());
        rows.updateEnablement();
        String problem = problem();
        if (problem != null) {
            setErrorMessage(problem);
        } else {
            setErrorMessage(null);
            if (unread != null) {
                setMessage(NLS.bind(UiTexts.ServerReplica_datasetsUnread, unread), IMessageProvider.WARNING);
            } else {
                setMessage(NLS.bind(UiTexts.ServerReplica_createMessage, new Object[] { name.getText().strip(), server.location(),
                        directory.getText().strip() }));
            }
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    /** The replica the fields describe (check {@link #problem()} first), as the command line's {@code replica create} builds it. */
    private ReplicaSpec build() {
        int t = Math.max(type.getSelectionIndex(), 0);
        ReplicaSpec spec = ReplicaSpec.twoWay(name.getText().strip()).withType(TYPES[t], DIRECTIONS[t])
                .withSyncModel(MODELS[Math.max(syncModel.getSelectionIndex(), 0)])
                .withSchemaPolicy(POLICIES[Math.max(schemaPolicy.getSelectionIndex(), 0)]).withRelated(related.getSelection());
        if (served != null && !served.isEmpty()) {
            spec = spec.withDatasets(checked().stream().map(d -> rows.spec(d.name())).toList());
        } // else: every dataset, as the service has them
        String area = wkt.getText().strip();
        if (!area.isEmpty()) {
            spec = spec.withArea(area, Integer.parseInt(epsg.getText().strip()), RELATIONS[Math.max(relation.getSelectionIndex(), 0)]);
        }
        return spec;
    }

    @Override
    protected void okPressed() {
        if (problem() != null) {
            return;
        }
        chosenSpec = build();
        chosenDirectory = Path.of(directory.getText().strip()).toAbsolutePath().normalize();
        super.okPressed();
    }
}
