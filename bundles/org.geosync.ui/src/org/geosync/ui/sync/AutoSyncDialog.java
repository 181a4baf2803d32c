package org.geosync.ui.sync;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
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
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.Locations;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.DirectoryField;
import org.geosync.ui.internal.UiTexts;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Automatic Synchronization of one replica: on a schedule (every N minutes) and/or when the relative
 * geodatabase becomes reachable, with the direction, reconcile policy and conflict definition those
 * synchronizations use. Starts from the replica's stored settings, else from the preferences' defaults.
 */
public class AutoSyncDialog extends TitleAreaDialog {

    public static final String TITLE = UiTexts.Auto_title;
    private static final Winner[] WINNERS = { Winner.FIRST, Winner.SECOND, Winner.MANUAL };
    private static final ConflictDefinition[] DEFINITIONS = { ConflictDefinition.BY_ROW, ConflictDefinition.BY_COLUMN };

    private final GeodatabaseLocation here;
    private final Replica replica;
    private final AutoSyncSettings start;
    private final List<Direction> directions;
    private Text relative;
    private Button scheduled;
    private Spinner interval;
    private Button whenReachable;
    private Combo direction;
    private Combo policy;
    private Combo definition;

    public AutoSyncDialog(Shell parent, GeodatabaseLocation here, Replica replica) {
        super(parent);
        this.here = here;
        this.replica = replica;
        this.start = AutoSyncSettings.load(replica.getGuid()).orElseGet(() -> AutoSyncSettings.defaults(here, replica));
        this.directions = SyncChoices.allowedDirections(replica);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(NLS.bind(UiTexts.Auto_heading, replica.getName()));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(3, false));

        relative = DirectoryField.create(body, UiTexts.Sync_relativeLabel, null);
        relative.setText(start.served() ? start.service() : start.relative() == null ? "" : start.relative().toString());

        scheduled = new Button(body, SWT.CHECK);
        scheduled.setText(UiTexts.Auto_scheduled);
        scheduled.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        scheduled.setSelection(start.scheduled());
        new Label(body, SWT.NONE).setText(UiTexts.Auto_every);
        interval = new Spinner(body, SWT.BORDER);
        interval.setValues(start.intervalMinutes(), 1, 7 * 24 * 60, 0, 1, 10);
        interval.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
        whenReachable = new Button(body, SWT.CHECK);
        whenReachable.setText(UiTexts.Auto_whenReachable);
        whenReachable.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        whenReachable.setSelection(start.whenReachable());

        direction = combo(body, UiTexts.Auto_direction);
        directions.forEach(d -> direction.add(SyncChoices.label(d, replica)));
        direction.select(Math.max(0, directions.indexOf(start.direction())));
        policy = combo(body, UiTexts.Auto_policy);
        policy.add(NLS.bind(UiTexts.Sync_favourHere, SyncChoices.roleHere(replica)));
        policy.add(NLS.bind(UiTexts.Sync_favourRelative, SyncChoices.roleThere(replica)));
        policy.add(UiTexts.Auto_manual);
        policy.select(List.of(WINNERS).indexOf(start.policy()));
        definition = combo(body, UiTexts.Auto_definition);
        definition.add(UiTexts.Auto_byRow);
        definition.add(UiTexts.Auto_byColumn);
        definition.select(start.definition() == ConflictDefinition.BY_COLUMN ? 1 : 0);

        relative.addModifyListener(e -> validate());
        scheduled.addListener(SWT.Selection, e -> validate());
        whenReachable.addListener(SWT.Selection, e -> validate());
        interval.addModifyListener(e -> validate());
        return area;
    }

    private static Combo combo(Composite body, String label) {
        new Label(body, SWT.NONE).setText(label);
        Combo c = new Combo(body, SWT.READ_ONLY);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        return c;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** Why the settings cannot be saved, or null. */
    private String problem() {
        interval.setEnabled(scheduled.getSelection());
        String text = relative.getText().trim();
        boolean active = scheduled.getSelection() || whenReachable.getSelection();
        if (text.isEmpty()) {
            return active ? UiTexts.Sync_enterRelative : null;
        }
        if (org.geosync.server.ServiceClient.isServiceLocation(text)) {
            // a served relative: a server connection of the Catalog, whose token signs in
            try {
                org.geosync.server.ServiceClient.checkLocation(text);
            } catch (org.geosync.core.GeodatabaseException e) {
                return e.getMessage();
            }
            if (!org.geosync.ui.catalog.ServerConnections.getDefault().list().contains(text)
                    || org.geosync.ui.catalog.ServerTokens.getDefault().tokenFor(text) == null) {
                return NLS.bind(UiTexts.Auto_connectFirst, text);
            }
            if (here.isPostgresql()) {
                return NLS.bind(UiTexts.Auto_serverNeedsDirectory, here);
            }
            return null;
        }
        GeodatabaseLocation p = Locations.parseOrNull(text);
        if (p == null) {
            return Locations.problemOfExisting(text);
        }
        if (!p.isPostgresql() && !Path.of(text).isAbsolute()) {
            return UiTexts.Sync_absoluteRelative;
        }
        if (p.equals(here)) {
            return NLS.bind(UiTexts.Sync_otherRelative, here);
        }
        return null;
    }

    private void validate() {
        String problem = problem();
        setErrorMessage(problem);
        if (problem == null) {
            setMessage(scheduled.getSelection() || whenReachable.getSelection()
                    ? UiTexts.Auto_background
                    : NLS.bind(UiTexts.Auto_onlyWhenAsked, replica.getName()));
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    @Override
    protected void okPressed() {
        String text = relative.getText().trim();
        boolean served = org.geosync.server.ServiceClient.isServiceLocation(text);
        AutoSyncSettings s = new AutoSyncSettings(replica.getGuid(), replica.getName(), here,
                text.isEmpty() || served ? null : Locations.parseOrNull(text), scheduled.getSelection(), interval.getSelection(),
                whenReachable.getSelection(), directions.get(Math.max(0, direction.getSelectionIndex())), WINNERS[policy.getSelectionIndex()],
                DEFINITIONS[definition.getSelectionIndex()], served ? text : null);
        try {
            s.save();
        } catch (BackingStoreException e) {
            Failures.show(getShell(), TITLE, NLS.bind(UiTexts.Auto_notSaved, e.getMessage()), e);
            return;
        }
        AutoSync.getDefault().reset(replica.getGuid());
        AutoSync.getDefault().start();
        super.okPressed();
    }
}
