package org.geosync.ui.wizards;

import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.ReplicaSpec;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReplicaType;
import org.geosync.model.SyncModel;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.UiTexts;

/** Create Replica, page 2: the replica's name (unique in the parent), its type (and direction when one-way) and sync model. */
final class ReplicaTypePage extends WizardPage {

    private static final ReplicaType[] TYPES = { ReplicaType.TWO_WAY, ReplicaType.ONE_WAY, ReplicaType.CHECKOUT };
    private static final OneWayDirection[] DIRECTIONS = { OneWayDirection.PARENT_TO_CHILD, OneWayDirection.CHILD_TO_PARENT };
    private static final SyncModel[] MODELS = { SyncModel.PER_REPLICA, SyncModel.PER_LAYER };

    private final CreateReplicaWizard wizard;
    private Text name;
    private Combo type;
    private Combo direction;
    private Combo syncModel;
    private Label typeHelp;

    ReplicaTypePage(CreateReplicaWizard wizard) {
        super("replica");
        this.wizard = wizard;
        setTitle(UiTexts.Create_replicaTitle);
        setDescription(UiTexts.Create_replicaDescription);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        new Label(body, SWT.NONE).setText(UiTexts.Create_replicaName);
        name = new Text(body, SWT.BORDER);
        name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(body, SWT.NONE).setText(UiTexts.Create_type);
        type = new Combo(body, SWT.READ_ONLY);
        for (ReplicaType t : TYPES) {
            type.add(t.getLiteral());
        }
        type.select(0);
        new Label(body, SWT.NONE).setText(UiTexts.Auto_direction);
        direction = new Combo(body, SWT.READ_ONLY);
        for (OneWayDirection d : DIRECTIONS) {
            direction.add(d.getLiteral());
        }
        direction.select(0);
        new Label(body, SWT.NONE).setText(UiTexts.Create_syncModel);
        syncModel = new Combo(body, SWT.READ_ONLY);
        for (SyncModel m : MODELS) {
            syncModel.add(m.getLiteral());
        }
        syncModel.select(0);
        new Label(body, SWT.NONE);
        typeHelp = new Label(body, SWT.WRAP);
        GridData help = new GridData(SWT.FILL, SWT.TOP, true, false);
        help.widthHint = 400;
        typeHelp.setLayoutData(help);
        name.addModifyListener(e -> wizard.validateAll());
        type.addListener(SWT.Selection, e -> wizard.validateAll());
        direction.addListener(SWT.Selection, e -> wizard.validateAll());
        syncModel.addListener(SWT.Selection, e -> wizard.validateAll());
        setControl(body);
        validate();
    }

    void validate() {
        direction.setEnabled(type() == ReplicaType.ONE_WAY);
        typeHelp.setText(switch (type()) {
            case TWO_WAY -> UiTexts.Create_twoWayHelp;
            case ONE_WAY -> direction() == OneWayDirection.PARENT_TO_CHILD ? UiTexts.Create_oneWayFromParentHelp
                    : UiTexts.Create_oneWayFromChildHelp;
            case CHECKOUT -> UiTexts.Create_checkoutHelp;
        });
        String text = name.getText().trim();
        String problem = null;
        if (text.isEmpty()) {
            problem = UiTexts.Create_enterName;
        } else if (ReplicaSpec.nameProblem(text) != null) {
            problem = ReplicaSpec.nameProblem(text);
        } else {
            GeodatabaseNode parent = wizard.parent();
            if (parent != null) {
                for (ReplicaNode r : parent.replicas()) {
                    if (r.replica().getName().equalsIgnoreCase(text)) {
                        problem = NLS.bind(UiTexts.Create_nameTaken, r.replica().getName(), parent.name());
                    }
                }
            }
        }
        setErrorMessage(problem);
        setPageComplete(problem == null);
    }

    String name() {
        return name.getText().trim();
    }

    ReplicaType type() {
        return TYPES[Math.max(type.getSelectionIndex(), 0)];
    }

    OneWayDirection direction() {
        return type() == ReplicaType.ONE_WAY ? DIRECTIONS[Math.max(direction.getSelectionIndex(), 0)] : OneWayDirection.NONE;
    }

    SyncModel syncModel() {
        return MODELS[Math.max(syncModel.getSelectionIndex(), 0)];
    }
}
