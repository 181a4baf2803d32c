package org.geosync.ui.schema;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.SchemaChange;
import org.geosync.ui.internal.UiTexts;

/** Alter Schema, page 1: the dataset, its fields as they are, and the kind of change (add, drop, widen or rename a field). */
final class ChangePage extends WizardPage {

    private final AlterSchemaWizard wizard;
    private final Map<SchemaChange.Kind, Button> kinds = new EnumMap<>(SchemaChange.Kind.class);
    private Label help;

    ChangePage(AlterSchemaWizard wizard) {
        super("change");
        this.wizard = wizard;
        setTitle(UiTexts.Alter_changeTitle);
        setDescription(UiTexts.Alter_changeDescription);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        new Label(body, SWT.NONE).setText(UiTexts.Alter_datasetLabel);
        Label dataset = new Label(body, SWT.NONE);
        dataset.setText(NLS.bind(UiTexts.Alter_datasetIn, wizard.datasetLabel(), wizard.location()));
        dataset.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        Group change = new Group(body, SWT.NONE);
        change.setText(UiTexts.Alter_changeGroup);
        change.setLayout(new GridLayout(1, false));
        change.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        radio(change, SchemaChange.Kind.ADD_FIELD, UiTexts.Alter_addField);
        radio(change, SchemaChange.Kind.DROP_FIELD, UiTexts.Alter_dropField);
        radio(change, SchemaChange.Kind.WIDEN_FIELD, UiTexts.Alter_widenField);
        radio(change, SchemaChange.Kind.RENAME_FIELD, UiTexts.Alter_renameField);
        kinds.get(SchemaChange.Kind.ADD_FIELD).setSelection(true);

        help = new Label(body, SWT.WRAP);
        GridData wide = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        wide.widthHint = 560;
        help.setLayoutData(wide);

        Label fieldsLabel = new Label(body, SWT.NONE);
        fieldsLabel.setText(NLS.bind(UiTexts.Alter_fieldsOf, wizard.dataset().name()));
        fieldsLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Table fields = new Table(body, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        fields.setHeaderVisible(true);
        fields.setLinesVisible(true);
        GridData tall = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        tall.heightHint = 140;
        fields.setLayoutData(tall);
        TableColumn name = new TableColumn(fields, SWT.LEFT);
        name.setText(UiTexts.Alter_fieldColumn);
        name.setWidth(220);
        TableColumn type = new TableColumn(fields, SWT.LEFT);
        type.setText(UiTexts.Alter_typeColumn);
        type.setWidth(200);
        for (Field f : wizard.dataset().fields()) {
            new TableItem(fields, SWT.NONE).setText(new String[] { f.name(), typeText(f) });
        }
        setControl(body);
        showHelp();
    }

    private void radio(Group group, SchemaChange.Kind kind, String text) {
        Button b = new Button(group, SWT.RADIO);
        b.setText(text);
        b.addListener(SWT.Selection, e -> {
            if (b.getSelection()) {
                showHelp();
                wizard.kindChanged();
            }
        });
        kinds.put(kind, b);
    }

    private void showHelp() {
        help.setText(switch (kind()) {
            case ADD_FIELD -> UiTexts.Alter_addHelp;
            case DROP_FIELD -> UiTexts.Alter_dropHelp;
            case WIDEN_FIELD -> UiTexts.Alter_widenHelp;
            case RENAME_FIELD -> UiTexts.Alter_renameHelp;
        });
        help.getParent().layout(true, true);
    }

    /** The chosen kind of change (adding a field until another is chosen). */
    SchemaChange.Kind kind() {
        return kinds.entrySet().stream().filter(e -> e.getValue().getSelection()).map(Map.Entry::getKey).findFirst()
                .orElse(SchemaChange.Kind.ADD_FIELD);
    }

    /** A field's type as the pages show it: "text (255)", "integer". */
    static String typeText(Field f) {
        String type = f.type().name().toLowerCase(Locale.ROOT);
        return f.type() == FieldType.TEXT ? NLS.bind(UiTexts.Alter_textOf, type, f.length()) : type;
    }
}
