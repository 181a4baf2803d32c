package org.geosync.ui.wizards;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SelectionSet;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.map.DrawnArea;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Create Replica, page 4: a selection set per dataset, the ObjectIDs or GlobalIDs of the rows to copy,
 * typed or pasted. Each is looked up in the parent as it is typed and every unknown ID is named; the
 * page is complete only when every selection names rows that exist. Synchronization ignores selection
 * sets (the replica filter rules), so the page says so.
 */
final class SelectionPage extends WizardPage {

    static final String ALL_ROWS = UiTexts.Selection_allRows;

    private final CreateReplicaWizard wizard;
    /** What was typed per dataset name; a dataset no longer chosen keeps its text in case it is chosen again. */
    private final Map<String, String> texts = new HashMap<>();
    /** The latest lookup per dataset name, for the text it was made for. */
    private final Map<String, SelectionChecker.Outcome> outcomes = new HashMap<>();
    private TableViewer overview;
    private Label idsLabel;
    private Text ids;
    private Label status;
    private Button fromMap;
    /** A one-off sentence about the last "select in the drawn area" (why it found nothing to use), shown until the next change. */
    private String notice;
    /** Whether "select in the drawn area" is still reading the features (Finish waits for it). */
    private boolean selecting;
    private SelectionChecker checker;
    private List<DatasetNode> shown = List.of();
    private DatasetNode current;
    private boolean loading;

    SelectionPage(CreateReplicaWizard wizard) {
        super("selection");
        this.wizard = wizard;
        setTitle(UiTexts.Selection_title);
        setDescription(UiTexts.Selection_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(1, false));
        overview = new TableViewer(body, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        overview.getTable().setHeaderVisible(true);
        overview.getTable().setLinesVisible(true);
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true);
        tableData.heightHint = 100;
        tableData.widthHint = 460;
        overview.getTable().setLayoutData(tableData);
        overview.setContentProvider(ArrayContentProvider.getInstance());
        column(UiTexts.Conflicts_dataset, 200, d -> d.dataset().name());
        column(UiTexts.Selection_rowsColumn, 260, this::rowsText);

        idsLabel = new Label(body, SWT.NONE);
        idsLabel.setText(UiTexts.Selection_ids);
        ids = new Text(body, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridData idsData = new GridData(SWT.FILL, SWT.FILL, true, false);
        idsData.heightHint = 84;
        ids.setLayoutData(idsData);
        ids.setMessage(UiTexts.Selection_idsHint);
        status = new Label(body, SWT.WRAP);
        status.setLayoutData(wrapping());
        Composite buttons = new Composite(body, SWT.NONE);
        GridLayout buttonsLayout = new GridLayout(2, false);
        buttonsLayout.marginWidth = 0;
        buttons.setLayout(buttonsLayout);
        fromMap = new Button(buttons, SWT.PUSH);
        fromMap.setText(UiTexts.Selection_fromMap);
        fromMap.addListener(SWT.Selection, e -> selectFromMap());
        Button clear = new Button(buttons, SWT.PUSH);
        clear.setText(UiTexts.Selection_clear);
        clear.addListener(SWT.Selection, e -> ids.setText(""));
        Label note = new Label(body, SWT.WRAP);
        note.setText(UiTexts.Selection_note);
        note.setLayoutData(wrapping());

        checker = new SelectionChecker(body);
        overview.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (first instanceof DatasetNode d && !d.equals(current)) {
                show(d);
            }
        });
        ids.addModifyListener(e -> {
            if (!loading && current != null) {
                typed(current, ids.getText());
            }
        });
        setControl(body);
        validate();
    }

    /** Layout of a wrapping label: as wide as the page, without widening the wizard to fit its text on one line. */
    private static GridData wrapping() {
        GridData d = new GridData(SWT.FILL, SWT.TOP, true, false);
        d.widthHint = 460;
        return d;
    }

    private void column(String title, int width, java.util.function.Function<DatasetNode, String> text) {
        TableViewerColumn c = new TableViewerColumn(overview, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((DatasetNode) element);
            }
        });
    }

    /** Fills the current dataset's selection with the GlobalIDs of its features inside the rectangle drawn on the Map Preview. */
    private void selectFromMap() {
        DatasetNode d = current;
        if (d == null || wizard.parent() == null) {
            return;
        }
        DrawnArea area = wizard.drawnArea();
        if (area == null) {
            notice(NLS.bind(UiTexts.Selection_nothingDrawn, d.dataset().name()));
        } else if (area.epsg() > 0 && area.epsg() != d.dataset().epsg()) {
            notice(NLS.bind(UiTexts.Selection_otherEpsg, new Object[] { area.epsg(), d.dataset().name(), d.dataset().epsg() }));
        } else {
            String wkt = new GeometryFactory().toGeometry(area.envelope()).toText();
            selecting = true;
            notice(NLS.bind(UiTexts.Selection_selecting, d.dataset().name()));
            checker.featuresIn(wizard.parent().location(), d.dataset().name(), wkt, gids -> {
                selecting = false;
                notice = null;
                if (d.equals(current)) {
                    ids.setText(String.join("\n", gids));
                } else {
                    typed(d, String.join("\n", gids));
                }
            }, reason -> {
                selecting = false;
                notice(reason);
            });
        }
    }

    private void notice(String sentence) {
        notice = sentence;
        wizard.validateAll();
    }

    /** Remembers the text and starts looking it up (a word that is no ID is refused at once, without a lookup). */
    private void typed(DatasetNode d, String text) {
        notice = null;
        String name = d.dataset().name();
        texts.put(name, text);
        outcomes.remove(name);
        checker.forget(name);
        SelectionSet parsed = parse(text);
        if (parsed != null && !parsed.isEmpty() && wizard.parent() != null) {
            checker.check(wizard.parent().location(), name, text, parsed, outcome -> {
                if (outcome.text().equals(texts.get(name))) {
                    outcomes.put(name, outcome);
                    wizard.validateAll();
                }
            });
        }
        wizard.validateAll();
    }

    private static SelectionSet parse(String text) {
        try {
            return SelectionSet.parse(text);
        } catch (GeodatabaseException e) {
            return null;
        }
    }

    private void show(DatasetNode d) {
        current = d;
        notice = null;
        loading = true;
        try {
            ids.setText(texts.getOrDefault(d.dataset().name(), ""));
        } finally {
            loading = false;
        }
        idsLabel.setText(NLS.bind(UiTexts.Selection_idsOf, d.dataset().name()));
        idsLabel.getParent().layout();
        wizard.validateAll();
    }

    /** Keeps the table in step with page 1's datasets. */
    private void syncDatasets() {
        List<DatasetNode> chosen = wizard.datasets();
        if (!chosen.equals(shown)) {
            shown = chosen;
            overview.setInput(chosen);
            // another parent or other datasets: what was looked up before may no longer hold
            for (DatasetNode d : chosen) {
                if (!text(d).isBlank()) {
                    typed(d, text(d));
                }
            }
            DatasetNode keep = current == null ? null
                    : chosen.stream().filter(d -> d.dataset().name().equals(current.dataset().name())).findFirst().orElse(null);
            if (keep == null && !chosen.isEmpty()) {
                keep = chosen.get(0);
            }
            if (keep != null) {
                overview.setSelection(new StructuredSelection(keep), true);
                show(keep);
            } else {
                current = null;
            }
        }
        overview.refresh();
    }

    void validate() {
        syncDatasets();
        ids.setEnabled(current != null);
        fromMap.setEnabled(current != null && current.dataset().isFeatureClass() && !wizard.schemaOnly(current.dataset().name()));
        String problem = null;
        boolean checking = selecting;
        for (DatasetNode d : shown) {
            String name = d.dataset().name();
            String text = text(d);
            if (text.isBlank()) {
                continue;
            }
            if (wizard.schemaOnly(name)) {
                problem = NLS.bind(UiTexts.Selection_schemaOnly, name);
                break;
            }
            SelectionSet parsed;
            try {
                parsed = SelectionSet.parse(text);
            } catch (GeodatabaseException e) {
                problem = NLS.bind(UiTexts.Selection_problem, name, e.getMessage());
                break;
            }
            if (parsed.isEmpty()) {
                continue; // only separators: no selection
            }
            SelectionChecker.Outcome outcome = outcomes.get(name);
            if (outcome == null) {
                checking = true;
            } else if (outcome.failure() != null) {
                problem = NLS.bind(UiTexts.Selection_notChecked, name, outcome.failure());
                break;
            } else if (outcome.resolved().problem() != null) {
                problem = outcome.resolved().problem();
                break;
            }
        }
        status.setText(notice != null ? notice : current == null ? "" : statusText(current));
        status.getParent().layout();
        setErrorMessage(problem);
        setMessage(problem == null && checking ? UiTexts.Selection_checking : null, IMessageProvider.INFORMATION);
        setPageComplete(problem == null && !checking);
    }

    private String text(DatasetNode d) {
        return texts.getOrDefault(d.dataset().name(), "");
    }

    /** The overview's second column. */
    private String rowsText(DatasetNode d) {
        String name = d.dataset().name();
        if (wizard.schemaOnly(name)) {
            return text(d).isBlank() ? UiTexts.Selection_noneSchemaOnly : UiTexts.Selection_clearSchemaOnly;
        }
        String text = text(d);
        if (text.isBlank()) {
            return ALL_ROWS;
        }
        SelectionSet parsed = parse(text);
        if (parsed == null) {
            return UiTexts.Selection_notValid;
        }
        if (parsed.isEmpty()) {
            return ALL_ROWS;
        }
        SelectionChecker.Outcome outcome = outcomes.get(name);
        if (outcome == null) {
            return NLS.bind(parsed.size() == 1 ? UiTexts.Selection_checkingOne : UiTexts.Selection_checkingMany, parsed.size());
        }
        if (outcome.failure() != null) {
            return UiTexts.Selection_couldNotCheck;
        }
        if (!outcome.resolved().unknown().isEmpty()) {
            return count(outcome.resolved().unknown().size(), UiTexts.Selection_unknownOne, UiTexts.Selection_unknown);
        }
        return count(outcome.resolved().objectIds().size(), UiTexts.Selection_selectedOne, UiTexts.Selection_selected);
    }

    private String statusText(DatasetNode d) {
        String text = rowsText(d);
        return ALL_ROWS.equals(text) ? NLS.bind(UiTexts.Selection_everyRow, d.dataset().name())
                : NLS.bind(UiTexts.Selection_status, d.dataset().name(), text);
    }

    private static String count(int n, String one, String many) {
        return NLS.bind(n == 1 ? one : many, n);
    }

    /** Whether a dataset has a selection set (else it replicates every row its other filters let through). */
    boolean hasSelection(String datasetName) {
        SelectionSet parsed = parse(texts.getOrDefault(datasetName, ""));
        return parsed != null && !parsed.isEmpty() && !wizard.schemaOnly(datasetName);
    }

    /** The selection sets as typed, by dataset name, of the chosen datasets that have one. */
    Map<String, SelectionSet> selections() {
        Map<String, SelectionSet> out = new LinkedHashMap<>();
        for (DatasetNode d : wizard.datasets()) {
            String name = d.dataset().name();
            if (hasSelection(name)) {
                out.put(name, parse(text(d)));
            }
        }
        return out;
    }

    /** The number of rows the selection of a dataset names, once looked up; -1 otherwise. */
    int selectedRows(String datasetName) {
        SelectionChecker.Outcome o = outcomes.get(datasetName);
        return o == null || o.resolved() == null ? -1 : o.resolved().objectIds().size();
    }

    @Override
    public void dispose() {
        if (checker != null) {
            checker.cancel();
        }
        super.dispose();
    }
}
