package org.geosync.ui.schema;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.SchemaChange;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.UiTexts;

/**
 * Alter Schema, page 2: the field and what becomes of it. Every change typed is checked by the engine
 * ({@link Geodatabase#checkAlter}), in a job under the geodatabase rule a moment after the typing stops: its sentence is the
 * page's error and the page completes (Finish enabled) only for a change the engine accepted. The page itself only asks for
 * what is missing and for whole numbers.
 */
final class FieldPage extends WizardPage {

    /** Pause after the last keystroke before the geodatabase is opened to check the change. */
    static final long DELAY_MS = 300;

    private static final FieldType[] TYPES = FieldType.values();

    private final AlterSchemaWizard wizard;
    /** The engine's answer for each change checked: "" accepted, else its sentence. */
    private final Map<SchemaChange, String> checked = new ConcurrentHashMap<>();
    private final Map<SchemaChange.Kind, Composite> panels = new EnumMap<>(SchemaChange.Kind.class);
    private Job pending;
    private SchemaChange pendingChange;
    private Composite stack;
    private StackLayout stackLayout;
    private Text addName;
    private Combo addType;
    private Label addLengthLabel;
    private Text addLength;
    private Combo dropField;
    private Combo widenField;
    private Text widenLength;
    private Combo renameField;
    private Text renameTo;
    private Label summary;
    private Label sentence;
    private SchemaChange accepted;

    FieldPage(AlterSchemaWizard wizard) {
        super("field");
        this.wizard = wizard;
        setTitle(UiTexts.Alter_fieldTitle);
        setDescription(UiTexts.Alter_fieldDescription);
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        initializeDialogUnits(parent);
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(1, false));
        stack = new Composite(body, SWT.NONE);
        stack.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        stackLayout = new StackLayout();
        stack.setLayout(stackLayout);

        Composite add = panel(SchemaChange.Kind.ADD_FIELD);
        addName = text(add, UiTexts.Alter_newFieldName);
        new Label(add, SWT.NONE).setText(UiTexts.Alter_type);
        addType = new Combo(add, SWT.READ_ONLY);
        for (FieldType t : TYPES) {
            addType.add(t.name().toLowerCase(Locale.ROOT));
        }
        addType.select(0);
        addType.addListener(SWT.Selection, e -> validate());
        addLengthLabel = new Label(add, SWT.NONE);
        addLengthLabel.setText(UiTexts.Alter_length);
        addLength = new Text(add, SWT.BORDER);
        addLength.setMessage(UiTexts.Alter_lengthDefault);
        addLength.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        addLength.addModifyListener(e -> validate());

        Composite drop = panel(SchemaChange.Kind.DROP_FIELD);
        dropField = fields(drop);

        Composite widen = panel(SchemaChange.Kind.WIDEN_FIELD);
        widenField = fields(widen);
        widenLength = text(widen, UiTexts.Alter_newLength);

        Composite rename = panel(SchemaChange.Kind.RENAME_FIELD);
        renameField = fields(rename);
        renameTo = text(rename, UiTexts.Alter_newName);

        summary = new Label(body, SWT.WRAP);
        GridData wide = new GridData(SWT.FILL, SWT.TOP, true, false);
        wide.widthHint = 560;
        summary.setLayoutData(wide);
        // the title area shows two lines; the engine's sentence is often longer, so it is repeated here in full
        sentence = new Label(body, SWT.WRAP);
        GridData whole = new GridData(SWT.FILL, SWT.TOP, true, false);
        whole.widthHint = 560;
        whole.heightHint = convertHeightInCharsToPixels(3);
        sentence.setLayoutData(whole);
        sentence.setForeground(body.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        setControl(body);
        kindChanged();
    }

    private Composite panel(SchemaChange.Kind kind) {
        Composite c = new Composite(stack, SWT.NONE);
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 0;
        c.setLayout(layout);
        panels.put(kind, c);
        return c;
    }

    private Text text(Composite panel, String label) {
        new Label(panel, SWT.NONE).setText(label);
        Text t = new Text(panel, SWT.BORDER);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 300;
        t.setLayoutData(wide);
        t.addModifyListener(e -> validate());
        return t;
    }

    /** A combo of the dataset's fields ("NAME (text, 255)"); the engine says which can take the change. */
    private Combo fields(Composite panel) {
        new Label(panel, SWT.NONE).setText(UiTexts.Alter_field);
        Combo c = new Combo(panel, SWT.READ_ONLY);
        for (Field f : wizard.dataset().fields()) {
            c.add(NLS.bind(UiTexts.Alter_fieldItem, f.name(), ChangePage.typeText(f)));
        }
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        c.addListener(SWT.Selection, e -> validate());
        return c;
    }

    /** Shows the chosen kind's fields and checks them. */
    void kindChanged() {
        if (stack == null) {
            return;
        }
        stackLayout.topControl = panels.get(wizard.kind());
        stack.layout(true, true);
        stack.getParent().layout(true, true);
        validate();
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            validate();
        }
    }

    /** The change the fields describe, or a reason there is none yet (what is missing, a number that is none). */
    private record Typed(SchemaChange change, String missing) {
    }

    private Typed typed() {
        SchemaChange.Kind kind = wizard.kind();
        return switch (kind) {
            case ADD_FIELD -> {
                String name = addName.getText().trim();
                FieldType type = TYPES[Math.max(0, addType.getSelectionIndex())];
                boolean text = type == FieldType.TEXT;
                addLength.setEnabled(text);
                addLengthLabel.setEnabled(text);
                if (name.isEmpty()) {
                    yield new Typed(null, UiTexts.Alter_enterFieldName);
                }
                Integer length = text ? number(addLength, true) : Integer.valueOf(0);
                yield length == null ? new Typed(null, numberProblem(addLength, UiTexts.Alter_lengthWord))
                        : new Typed(SchemaChange.addField(name, type, length), null);
            }
            case DROP_FIELD -> {
                Field f = chosen(dropField);
                yield f == null ? new Typed(null, UiTexts.Alter_chooseFieldToDrop) : new Typed(SchemaChange.dropField(f.name()), null);
            }
            case WIDEN_FIELD -> {
                Field f = chosen(widenField);
                if (f == null) {
                    yield new Typed(null, UiTexts.Alter_chooseFieldToWiden);
                }
                if (widenLength.getText().isBlank()) {
                    yield new Typed(null, NLS.bind(UiTexts.Alter_enterNewLength, f.name()));
                }
                Integer length = number(widenLength, false);
                yield length == null ? new Typed(null, numberProblem(widenLength, UiTexts.Alter_newLengthWord))
                        : new Typed(SchemaChange.widenField(f.name(), length), null);
            }
            case RENAME_FIELD -> {
                Field f = chosen(renameField);
                if (f == null) {
                    yield new Typed(null, UiTexts.Alter_chooseFieldToRename);
                }
                String to = renameTo.getText().trim();
                yield to.isEmpty() ? new Typed(null, NLS.bind(UiTexts.Alter_enterNewName, f.name()))
                        : new Typed(SchemaChange.renameField(f.name(), to), null);
            }
        };
    }

    private Field chosen(Combo combo) {
        int i = combo.getSelectionIndex();
        List<Field> fields = wizard.dataset().fields();
        return i < 0 || i >= fields.size() ? null : fields.get(i);
    }

    /** The whole number typed, 0 when empty and {@code emptyIsDefault}, or null when it is none. */
    private static Integer number(Text t, boolean emptyIsDefault) {
        String s = t.getText().trim();
        if (s.isEmpty() && emptyIsDefault) {
            return 0;
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String numberProblem(Text t, String what) {
        return NLS.bind(UiTexts.Alter_notANumber, what, t.getText().trim());
    }

    /** Shows what is missing, or checks the typed change with the engine (or shows what it said of it). */
    void validate() {
        if (stack == null || stack.isDisposed()) {
            return;
        }
        accepted = null;
        Typed typed = typed();
        summary.setText("");
        sentence.setText("");
        if (typed.missing() != null) {
            show(typed.missing(), false);
            return;
        }
        SchemaChange change = typed.change();
        String outcome = checked.get(change);
        if (outcome == null) {
            setErrorMessage(null);
            setMessage(NLS.bind(UiTexts.Alter_checking, change.describe()), IMessageProvider.INFORMATION);
            setPageComplete(false);
            check(change);
            return;
        }
        if (!outcome.isEmpty()) {
            show(outcome, true);
            return;
        }
        accepted = change;
        setErrorMessage(null);
        setMessage(NLS.bind(UiTexts.Alter_accepted, change.describe(), wizard.dataset().name()), IMessageProvider.NONE);
        summary.setText(switch (change.kind()) {
            case ADD_FIELD, WIDEN_FIELD -> UiTexts.Alter_travels;
            case DROP_FIELD -> NLS.bind(UiTexts.Alter_dropWarning, change.field()) + "\n" + UiTexts.Alter_doesNotTravel;
            case RENAME_FIELD -> UiTexts.Alter_doesNotTravel;
        });
        summary.getParent().layout(true, true);
        setPageComplete(true);
    }

    private void show(String problem, boolean engine) {
        setMessage(null);
        setErrorMessage(problem);
        if (engine) {
            sentence.setText(problem);
            sentence.setToolTipText(problem);
        }
        setPageComplete(false);
    }

    /** Has the engine check {@code change} a moment from now; only the latest change's answer is shown. */
    private void check(SchemaChange change) {
        if (change.equals(pendingChange) && pending != null) {
            return;
        }
        if (pending != null) {
            pending.cancel();
        }
        GeodatabaseLocation dir = wizard.location();
        String dataset = wizard.dataset().name();
        Job job = Job.create(NLS.bind(UiTexts.Alter_checkingJob, change.describe()), monitor -> {
            String outcome;
            try (Geodatabase gdb = Geodatabase.open(dir)) {
                gdb.checkAlter(dataset, change);
                outcome = "";
            } catch (GeodatabaseException e) {
                outcome = e.getMessage();
            }
            checked.put(change, outcome);
            if (stack != null && !stack.isDisposed()) {
                stack.getDisplay().asyncExec(() -> {
                    if (!stack.isDisposed() && change.equals(pendingChange)) {
                        pending = null;
                        pendingChange = null;
                        validate();
                        if (getContainer() != null && getContainer().getCurrentPage() != null) {
                            getContainer().updateButtons();
                        }
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        pending = job;
        pendingChange = change;
        GeodatabaseJobs.schedule(job, DELAY_MS);
    }

    /** The change the engine accepted and the page shows, or null. */
    SchemaChange checkedChange() {
        return accepted;
    }

    /** Forgets a check still waiting (the wizard is closing). */
    void cancelChecks() {
        if (pending != null) {
            pending.cancel();
            pending = null;
            pendingChange = null;
        }
    }
}
