package org.geosync.ui.sync;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.SyncOptions;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.SyncModel;
import org.geosync.ui.internal.UiTexts;

/** Page 2: direction (as the replica type allows), reconcile policy, conflict definition, rollbackOnFailure, layers. */
class OptionsPage extends WizardPage {

    private final Map<Direction, Button> directions = new EnumMap<>(Direction.class);
    private final Map<Winner, Button> winners = new EnumMap<>(Winner.class);
    private Label directionNote;
    private Button byRow;
    private Button byColumn;
    private Button rollback;
    private Group layersGroup;
    private CheckboxTableViewer layers;
    private Replica replica;

    OptionsPage() {
        super("options");
        setTitle(UiTexts.Sync_optionsTitle);
        setDescription(UiTexts.Sync_optionsDescription);
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(1, false));

        Group direction = group(body, UiTexts.Sync_direction);
        for (Direction d : Direction.values()) {
            Button b = new Button(direction, SWT.RADIO);
            b.addListener(SWT.Selection, e -> validate());
            directions.put(d, b);
        }
        directionNote = new Label(direction, SWT.WRAP);
        directionNote.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Group policy = group(body, UiTexts.Sync_policy);
        for (Winner w : Winner.values()) {
            Button b = new Button(policy, SWT.RADIO);
            b.addListener(SWT.Selection, e -> validate());
            winners.put(w, b);
        }
        winners.get(Winner.MANUAL).setText(UiTexts.Sync_manual);

        Group definition = group(body, UiTexts.Sync_definition);
        byRow = new Button(definition, SWT.RADIO);
        byRow.setText(UiTexts.Sync_byRow);
        byColumn = new Button(definition, SWT.RADIO);
        byColumn.setText(UiTexts.Sync_byColumn);

        rollback = new Button(body, SWT.CHECK);
        rollback.setText(UiTexts.Sync_rollback);

        layersGroup = group(body, UiTexts.Sync_layers);
        layersGroup.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        layers = CheckboxTableViewer.newCheckList(layersGroup, SWT.BORDER);
        GridData tall = new GridData(SWT.FILL, SWT.FILL, true, true);
        tall.heightHint = 90;
        layers.getTable().setLayoutData(tall);
        layers.setContentProvider(ArrayContentProvider.getInstance());
        layers.setLabelProvider(new LabelProvider());
        layers.addCheckStateListener(e -> validate());
        setControl(body);
        if (replica != null) {
            fill();
        }
    }

    private static Group group(Composite parent, String text) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(text);
        g.setLayout(new GridLayout(1, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return g;
    }

    /** Page 1 chose another replica: offer what it allows, with its defaults. */
    void setReplica(Replica r) {
        replica = r;
        if (getControl() != null && r != null) {
            fill();
        }
    }

    private void fill() {
        List<Direction> allowed = SyncChoices.allowedDirections(replica);
        for (Map.Entry<Direction, Button> e : directions.entrySet()) {
            e.getValue().setText(SyncChoices.label(e.getKey(), replica));
            e.getValue().setEnabled(allowed.contains(e.getKey()));
            e.getValue().setSelection(e.getKey() == allowed.get(0));
        }
        String note = SyncChoices.directionNote(replica);
        directionNote.setText(note == null ? "" : note);
        winners.get(Winner.FIRST).setText(NLS.bind(UiTexts.Sync_favourHere, SyncChoices.roleHere(replica)));
        winners.get(Winner.SECOND).setText(NLS.bind(UiTexts.Sync_favourRelative, SyncChoices.roleThere(replica)));
        Winner proposed = SyncOptions.defaultWinner(replica);
        winners.forEach((w, b) -> b.setSelection(w == proposed));
        boolean column = SyncOptions.defaultConflicts(replica) == ConflictDefinition.BY_COLUMN;
        byRow.setSelection(!column);
        byColumn.setSelection(column);
        rollback.setSelection(SyncOptions.defaultRollbackOnFailure(replica));
        boolean perLayer = replica.getSyncModel() == SyncModel.PER_LAYER;
        List<String> names = replica.getDatasets().stream().map(ReplicaDataset::getDatasetName).toList();
        layers.setInput(perLayer ? names : List.of());
        layers.setAllChecked(true);
        layersGroup.setVisible(perLayer);
        ((GridData) layersGroup.getLayoutData()).exclude = !perLayer;
        layersGroup.getParent().layout(true, true);
        validate();
    }

    private void validate() {
        if (replica == null) {
            setErrorMessage(UiTexts.Sync_chooseReplica);
            setPageComplete(false);
            return;
        }
        String problem = null;
        Direction d = direction();
        if (d == null) {
            problem = UiTexts.Sync_chooseDirection;
        } else if (replica.getSyncModel() == SyncModel.PER_LAYER && layers.getCheckedElements().length == 0) {
            problem = UiTexts.Sync_chooseLayer;
        }
        setErrorMessage(problem);
        boolean sendsFromHere = d == Direction.BOTH || d == Direction.FIRST_TO_SECOND;
        if (problem == null && replica.isInConflict() && sendsFromHere) {
            setMessage(NLS.bind(UiTexts.Sync_inConflict, replica.getName()), IMessageProvider.WARNING);
        } else {
            setMessage(null);
        }
        setPageComplete(problem == null);
    }

    private Direction direction() {
        return directions.entrySet().stream().filter(e -> e.getValue().getSelection() && e.getValue().isEnabled()).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The options as chosen; call only when the page is complete. */
    SyncOptions options() {
        Winner winner = winners.entrySet().stream().filter(e -> e.getValue().getSelection()).map(Map.Entry::getKey).findFirst()
                .orElse(SyncOptions.defaultWinner(replica));
        SyncOptions o = SyncOptions.defaults().withDirection(direction()).withPolicy(winner)
                .withConflicts(byColumn.getSelection() ? ConflictDefinition.BY_COLUMN : ConflictDefinition.BY_ROW)
                .withRollbackOnFailure(rollback.getSelection());
        if (replica.getSyncModel() == SyncModel.PER_LAYER) {
            o = o.withLayers(java.util.Arrays.stream(layers.getCheckedElements()).map(String.class::cast).toList());
        }
        return o;
    }
}
