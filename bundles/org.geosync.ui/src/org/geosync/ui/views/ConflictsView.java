package org.geosync.ui.views;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictResolution;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.conflicts.ConflictGeometries;
import org.geosync.ui.conflicts.ConflictRow;
import org.geosync.ui.conflicts.ConflictsSnapshot;
import org.geosync.ui.conflicts.FieldValuesLabelProvider;
import org.geosync.ui.conflicts.ResolveConflictsJob;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.map.MapCanvas;

/**
 * Conflicts of the replicas of the geodatabase selected in the Catalog (or of one replica, see {@link #show}):
 * a virtual table sorted by dataset, and the selected conflict's fields side by side. Resolving takes this
 * database's, the imported or the common ancestor's values for the selected conflicts, a whole dataset, or
 * one field; every read and resolve runs in a job under {@link GeodatabaseJobs#RULE}.
 */
public class ConflictsView extends ViewPart {

    private static final ConflictResolution[] TAKES = { ConflictResolution.TAKE_DATABASE, ConflictResolution.TAKE_IMPORTED,
            ConflictResolution.TAKE_ANCESTOR };

    /** Rows added to the virtual table per turn of the UI thread. */
    private static final int CHUNK = 5_000;

    private Label headline;
    private TableViewer conflicts;
    private TableViewer fields;
    private List<ConflictRow> rows = List.of();
    private GeodatabaseLocation geodatabase;
    private String replica;
    private int loadRound;
    private final List<Action> rowActions = new ArrayList<>();
    private final List<Action> datasetActions = new ArrayList<>();
    private final List<Action> fieldActions = new ArrayList<>();
    private final Runnable refresher = this::reloadFromAnyThread;
    private final ISelectionListener catalogListener = (part, selection) -> {
        if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof GeodatabaseNode node && node.problem() == null) {
            show(node.location(), null);
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        headline = new Label(parent, SWT.WRAP);
        headline.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        // the view sits in the perspective's wide, low bottom folder: list left, fields right
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        createConflictsTable(sash);
        createFieldsTable(sash);
        sash.setWeights(11, 9);
        createActions();
        clear();
        getSite().setSelectionProvider(conflicts);
        getSite().getPage().addSelectionListener(DistributedGeodatabasePerspective.CATALOG, catalogListener);
        GeodatabaseConnections.getDefault().addListener(refresher);
        catalogListener.selectionChanged(null, getSite().getPage().getSelection(DistributedGeodatabasePerspective.CATALOG));
    }

    private void createConflictsTable(Composite parent) {
        conflicts = new TableViewer(parent, SWT.VIRTUAL | SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER | SWT.H_SCROLL | SWT.V_SCROLL);
        conflicts.setUseHashlookup(true);
        conflicts.getTable().setHeaderVisible(true);
        conflicts.getTable().setLinesVisible(true);
        column(conflicts, UiTexts.Conflicts_dataset, 90, r -> r.dataset());
        column(conflicts, UiTexts.Conflicts_globalId, 265, r -> r.conflict().getGlobalId());
        column(conflicts, UiTexts.Conflicts_kind, 100, r -> r.conflict().getKind().getLiteral());
        column(conflicts, UiTexts.Conflicts_fields, 120, ConflictRow::conflictingFields);
        column(conflicts, UiTexts.Conflicts_replica, 60, ConflictRow::replica);
        // 100,000 conflicts: the table asks for the rows it shows, nothing more
        conflicts.setContentProvider(new ILazyContentProvider() {
            @Override
            public void updateElement(int index) {
                if (index < rows.size()) {
                    conflicts.replace(rows.get(index), index);
                }
            }

            @Override
            public void inputChanged(Viewer viewer, Object oldInput, Object newInput) {
            }
        });
        conflicts.addSelectionChangedListener(e -> selectionChanged());
    }

    private interface RowText {
        String of(ConflictRow row);
    }

    private static void column(TableViewer viewer, String title, int width, RowText text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return element instanceof ConflictRow r ? text.of(r) : "";
            }
        });
    }

    private void createFieldsTable(Composite parent) {
        fields = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.H_SCROLL | SWT.V_SCROLL);
        fields.getTable().setHeaderVisible(true);
        fields.getTable().setLinesVisible(true);
        int[] widths = { 80, 110, 110, 110 };
        for (int i = 0; i < FieldValuesLabelProvider.COLUMNS.length; i++) {
            TableColumn c = new TableColumn(fields.getTable(), SWT.LEFT);
            c.setText(FieldValuesLabelProvider.COLUMNS[i]);
            c.setWidth(widths[i]);
        }
        fields.setContentProvider(ArrayContentProvider.getInstance());
        fields.setLabelProvider(new FieldValuesLabelProvider());
        fields.addSelectionChangedListener(e -> updateActions());
    }

    private void createActions() {
        for (ConflictResolution take : TAKES) {
            Action row = action(NLS.bind(UiTexts.Conflicts_take, version(take)), () -> resolve(selectedRows(), take, null));
            row.setToolTipText(NLS.bind(UiTexts.Conflicts_takeTip, switch (take) {
                case TAKE_DATABASE -> UiTexts.Conflicts_databaseValues;
                case TAKE_IMPORTED -> UiTexts.Conflicts_importedValues;
                default -> UiTexts.Conflicts_ancestorValues;
            }));
            rowActions.add(row);
            datasetActions.add(action(NLS.bind(UiTexts.Conflicts_takeDataset, version(take)), () -> resolve(datasetRows(), take, null)));
            fieldActions.add(action(NLS.bind(UiTexts.Conflicts_takeField, version(take), UiTexts.Conflicts_thisField), () -> {
                if (selectedField() != null) {
                    resolve(selectedRows(), take, selectedField().getFieldName());
                }
            }));
        }
        Action refresh = action(UiTexts.Conflicts_refresh, this::reload);
        refresh.setToolTipText(UiTexts.Conflicts_refreshTip);

        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        rowActions.forEach(toolbar::add);
        toolbar.add(new Separator());
        toolbar.add(refresh);
        getViewSite().getActionBars().updateActionBars();

        MenuManager rowMenu = new MenuManager();
        rowActions.forEach(rowMenu::add);
        rowMenu.add(new Separator());
        datasetActions.forEach(rowMenu::add);
        rowMenu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        conflicts.getControl().setMenu(rowMenu.createContextMenu(conflicts.getControl()));
        getSite().registerContextMenu(rowMenu, conflicts);

        MenuManager fieldMenu = new MenuManager();
        fieldActions.forEach(fieldMenu::add);
        fields.getControl().setMenu(fieldMenu.createContextMenu(fields.getControl()));
        updateActions();
    }

    private static Action action(String text, Runnable run) {
        return new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
    }

    private static String version(ConflictResolution take) {
        return switch (take) {
            case TAKE_DATABASE -> UiTexts.Conflicts_thisDatabase;
            case TAKE_IMPORTED -> UiTexts.Conflicts_imported;
            default -> UiTexts.Conflicts_ancestor;
        };
    }

    /** Shows the open conflicts of {@code replica} of the geodatabase in {@code location} (all its replicas when null). */
    public void show(GeodatabaseLocation location, String replica) {
        this.geodatabase = location;
        this.replica = replica;
        reload();
    }

    /** Shows conflicts already read (by a job); the UI thread only hands the row count to the virtual table. */
    public void show(ConflictsSnapshot snapshot) {
        geodatabase = snapshot.geodatabase();
        replica = snapshot.replica();
        loadRound++;
        apply(snapshot, null);
    }

    private void reloadFromAnyThread() {
        if (headline != null && !headline.isDisposed()) {
            headline.getDisplay().asyncExec(() -> {
                if (headline.isDisposed() || geodatabase == null) {
                    return;
                }
                if (GeodatabaseConnections.getDefault().list().contains(geodatabase)) {
                    reload();
                } else {
                    clear(); // its connection was removed: the location may be gone
                }
            });
        }
    }

    private void clear() {
        geodatabase = null;
        replica = null;
        loadRound++;
        apply(new ConflictsSnapshot(null, null, List.of(), List.of(), null), null);
    }

    private void reload() {
        if (geodatabase == null) {
            return;
        }
        int round = ++loadRound;
        GeodatabaseLocation dir = geodatabase;
        String name = replica;
        headline.setText(NLS.bind(UiTexts.Conflicts_readingHeadline, dir.name()));
        Job job = Job.create(NLS.bind(UiTexts.Conflicts_reading, dir.name()), monitor -> {
            ConflictsSnapshot snapshot = ConflictsSnapshot.load(dir, name, monitor);
            onUi(() -> {
                if (round == loadRound) {
                    apply(snapshot, null);
                }
            });
            return Status.OK_STATUS;
        });
        GeodatabaseJobs.schedule(job);
    }

    private void apply(ConflictsSnapshot snapshot, List<String> cleared) {
        rows = snapshot.rows();
        conflicts.setInput(rows);
        conflicts.setItemCount(0);
        grow(rows, loadRound);
        String text = snapshot.headline();
        if (cleared != null && !cleared.isEmpty()) {
            text = NLS.bind(cleared.size() == 1 ? UiTexts.Conflicts_replicaCleared : UiTexts.Conflicts_replicasCleared, String.join(", ", cleared), text);
        }
        headline.setText(text);
        headline.getParent().layout(true);
        selectionChanged();
    }

    /**
     * Hands the rows to the virtual table a chunk at a time: GTK adds a table row in constant time, but 100,000
     * at once would hold the UI thread for seconds; between chunks the UI thread serves the administrator.
     */
    private void grow(List<ConflictRow> target, int round) {
        if (conflicts.getTable().isDisposed() || round != loadRound || target != rows) {
            return;
        }
        int next = Math.min(target.size(), conflicts.getTable().getItemCount() + CHUNK);
        conflicts.setItemCount(next);
        if (next < target.size()) {
            headline.getDisplay().asyncExec(() -> grow(target, round));
        }
    }

    private void selectionChanged() {
        List<ConflictRow> selected = selectedRows();
        fields.setInput(selected.size() == 1 ? selected.get(0).conflict().getFieldValues() : List.of());
        if (selected.size() == 1) {
            drawShapes(selected.get(0));
        }
        updateActions();
    }

    /** When the SHAPE versions differ, the Map Preview (if open) draws them over each other. */
    private void drawShapes(ConflictRow row) {
        List<MapCanvas.Layer> layers = ConflictGeometries.layers(row.conflict());
        if (!layers.isEmpty() && getSite().getPage().findView(DistributedGeodatabasePerspective.MAP_PREVIEW) instanceof MapPreviewView map) {
            map.canvas().setLayers(layers);
        }
    }

    private void updateActions() {
        List<ConflictRow> selected = selectedRows();
        rowActions.forEach(a -> a.setEnabled(!selected.isEmpty()));
        String dataset = selected.isEmpty() ? null : selected.get(0).dataset();
        for (int i = 0; i < TAKES.length; i++) {
            datasetActions.get(i).setEnabled(dataset != null);
            datasetActions.get(i).setText(NLS.bind(UiTexts.Conflicts_takeAllOf, version(TAKES[i]), dataset == null ? UiTexts.Conflicts_theDataset : dataset));
            fieldActions.get(i).setEnabled(selected.size() == 1 && selectedField() != null);
            fieldActions.get(i).setText(NLS.bind(UiTexts.Conflicts_takeField, version(TAKES[i]),
                    selectedField() == null ? UiTexts.Conflicts_thisField : selectedField().getFieldName()));
        }
    }

    private List<ConflictRow> selectedRows() {
        // a virtual table: the selection indices are the truth, items may not be materialized yet
        List<ConflictRow> out = new ArrayList<>();
        for (int index : conflicts.getTable().getSelectionIndices()) {
            if (index < rows.size()) {
                out.add(rows.get(index));
            }
        }
        return out;
    }

    private List<ConflictRow> datasetRows() {
        List<ConflictRow> selected = selectedRows();
        if (selected.isEmpty()) {
            return List.of();
        }
        String dataset = selected.get(0).dataset();
        return rows.stream().filter(r -> r.dataset().equals(dataset)).toList();
    }

    private ConflictFieldValue selectedField() {
        return fields.getStructuredSelection().getFirstElement() instanceof ConflictFieldValue v ? v : null;
    }

    private void resolve(List<ConflictRow> chosen, ConflictResolution take, String field) {
        if (chosen.isEmpty() || geodatabase == null) {
            return;
        }
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        for (ConflictRow r : chosen) {
            ids.computeIfAbsent(r.replica(), k -> new ArrayList<>()).add(r.conflict().getId());
        }
        int round = ++loadRound;
        headline.setText(NLS.bind(chosen.size() == 1 ? UiTexts.Conflicts_resolvingOne : UiTexts.Conflicts_resolving, chosen.size()));
        GeodatabaseJobs.schedule(new ResolveConflictsJob(geodatabase, replica, ids, take, field, outcome -> onUi(() -> {
            if (outcome.problem() != null) {
                MessageDialog.openError(getSite().getShell(), UiTexts.Conflicts_resolveTitle, outcome.problem());
            }
            if (round == loadRound) {
                apply(outcome.snapshot(), outcome.cleared());
            }
            GeodatabaseConnections.getDefault().removeListener(refresher);
            try {
                GeodatabaseConnections.getDefault().refresh(); // the Catalog and the Replica Manager read again
            } finally {
                GeodatabaseConnections.getDefault().addListener(refresher);
            }
        })));
    }

    private void onUi(Runnable r) {
        if (headline.isDisposed()) {
            return;
        }
        headline.getDisplay().asyncExec(() -> {
            if (!headline.isDisposed()) {
                r.run();
            }
        });
    }

    /** The conflicts table, for tests. */
    public TableViewer conflictsViewer() {
        return conflicts;
    }

    /** The field-by-field table, for tests. */
    public TableViewer fieldsViewer() {
        return fields;
    }

    @Override
    public void setFocus() {
        conflicts.getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removeSelectionListener(DistributedGeodatabasePerspective.CATALOG, catalogListener);
        GeodatabaseConnections.getDefault().removeListener(refresher);
        super.dispose();
    }
}
