package org.geosync.ui.schema;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.geosync.core.SchemaChange;
import org.geosync.core.Schemas;
import org.geosync.ui.internal.UiTexts;

/**
 * Compare Replica Schema, page 2: the differences between the two sides, one row each (dataset, field, this side, other side,
 * and the change Finish makes here when the row is checked, as the engine's import would make it). The additive changes
 * are checked to begin with; a drop only when checked; a difference GeoSync does not make cannot be checked. Finish is enabled
 * when at least one row is checked.
 */
final class DifferencesPage extends WizardPage {

    /** A difference and the change the engine makes on this side for it (null: none). */
    record Row(Schemas.Difference difference, SchemaChange change) {
    }

    private static final String[] COLUMNS = { UiTexts.Schema_datasetColumn, UiTexts.Schema_fieldColumn, UiTexts.Schema_thisSideColumn,
            UiTexts.Schema_otherSideColumn, UiTexts.Schema_changeColumn };
    private static final int[] WIDTHS = { 120, 120, 150, 150, 260 };

    private final CompareReplicaSchemaWizard wizard;
    private Label heading;
    private Table table;
    private Label sentence;
    private List<Row> rows = List.of();
    private boolean compared;
    private String refusal;
    private String note;

    DifferencesPage(CompareReplicaSchemaWizard wizard) {
        super("differences");
        this.wizard = wizard;
        setTitle(UiTexts.Schema_differencesTitle);
        setDescription(UiTexts.Schema_differencesDescription);
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        initializeDialogUnits(parent);
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(1, false));
        heading = new Label(body, SWT.WRAP);
        GridData wide = new GridData(SWT.FILL, SWT.TOP, true, false);
        wide.widthHint = 760;
        heading.setLayoutData(wide);
        table = new Table(body, SWT.CHECK | SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridData tall = new GridData(SWT.FILL, SWT.FILL, true, true);
        tall.heightHint = 220;
        table.setLayoutData(tall);
        for (int i = 0; i < COLUMNS.length; i++) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(COLUMNS[i]);
            c.setWidth(WIDTHS[i]);
        }
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK && e.item instanceof TableItem item) {
                checked(item);
            }
        });
        sentence = new Label(body, SWT.WRAP);
        GridData whole = new GridData(SWT.FILL, SWT.TOP, true, false);
        whole.widthHint = 760;
        whole.heightHint = convertHeightInCharsToPixels(3);
        sentence.setLayoutData(whole);
        sentence.setForeground(body.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        setControl(body);
        validate();
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            wizard.compareIfNeeded();
        }
    }

    /** A comparison started: the page waits for it. */
    void comparing(String what) {
        compared = false;
        refusal = null;
        note = null;
        rows = List.of();
        if (table != null && !table.isDisposed()) {
            table.removeAll();
            heading.setText(what);
            sentence.setText("");
        }
        validate();
    }

    /** The comparison's outcome: its rows, or the engine's refusal. */
    void compared(CompareReplicaSchemaWizard.Outcome outcome) {
        if (table == null || table.isDisposed()) {
            return;
        }
        compared = true;
        refusal = outcome.refusal();
        note = null;
        table.removeAll();
        sentence.setText(refusal == null ? "" : refusal);
        if (refusal != null) {
            rows = List.of();
            heading.setText("");
            validate();
            return;
        }
        Schemas.Comparison c = outcome.comparison();
        rows = outcome.rows();
        heading.setText(c.equal()
                ? NLS.bind(c.agreedChanges() > 0 ? UiTexts.Schema_equalAgreed : UiTexts.Schema_equal,
                        new Object[] { c.replica(), c.first(), c.second(), c.agreedChanges() })
                : NLS.bind(UiTexts.Schema_differencesHeading, new Object[] { c.differences().size(), c.replica(), c.first(), c.second() }));
        for (Row row : rows) {
            Schemas.Difference d = row.difference();
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { d.dataset(), d.field() == null ? "" : d.field(), side(d, d.first()), side(d, d.second()),
                    row.change() == null ? NLS.bind(UiTexts.Schema_noChange, d.kind().word()) : row.change().describe() });
            item.setData(row);
            item.setChecked(row.change() != null && row.change().kind() != SchemaChange.Kind.DROP_FIELD);
            if (row.change() == null) {
                item.setForeground(table.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            }
        }
        heading.getParent().layout(true, true);
        validate();
    }

    /** One side's cell: the type, geometry or field order, or "missing". */
    private static String side(Schemas.Difference d, String value) {
        if (value == null) {
            return UiTexts.Schema_missing;
        }
        return d.kind() == Schemas.Difference.Kind.DATASET_MISSING ? UiTexts.Schema_present : value;
    }

    private void checked(TableItem item) {
        Row row = (Row) item.getData();
        note = null;
        if (item.getChecked() && row.change() == null) {
            item.setChecked(false);
            note = NLS.bind(UiTexts.Schema_cannotApply, row.difference().id());
        } else if (item.getChecked() && row.change().kind() == SchemaChange.Kind.DROP_FIELD) {
            note = NLS.bind(UiTexts.Schema_dropChecked, row.difference().id());
        }
        validate();
    }

    /** The ids of the checked differences, as the engine's import names them. */
    List<String> checkedIds() {
        List<String> ids = new ArrayList<>();
        if (table != null && !table.isDisposed()) {
            for (TableItem item : table.getItems()) {
                if (item.getChecked()) {
                    ids.add(((Row) item.getData()).difference().id());
                }
            }
        }
        return ids;
    }

    private void validate() {
        if (table == null || table.isDisposed()) {
            return;
        }
        String problem = null;
        String info = null;
        if (!compared) {
            info = UiTexts.Schema_comparing;
        } else if (refusal != null) {
            problem = refusal;
        } else if (rows.isEmpty()) {
            info = UiTexts.Schema_nothingToApply;
        } else if (checkedIds().isEmpty()) {
            problem = UiTexts.Schema_checkOne;
        }
        setErrorMessage(problem);
        if (problem == null) {
            String message = info != null ? info : note;
            setMessage(message, message == null ? IMessageProvider.NONE
                    : note != null && info == null ? IMessageProvider.WARNING : IMessageProvider.INFORMATION);
        }
        setPageComplete(problem == null && info == null && compared);
        if (getContainer() != null && getContainer().getCurrentPage() != null) {
            getContainer().updateButtons();
        }
    }
}
