package org.geosync.ui.sync;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.Replica;
import org.geosync.ui.internal.Failures;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Automatic Synchronization of one replica: on a schedule (every N minutes) and/or when the relative
 * geodatabase becomes reachable, with the direction, reconcile policy and conflict definition those
 * synchronizations use. Starts from the replica's stored settings, else from the preferences' defaults.
 */
public class AutoSyncDialog extends TitleAreaDialog {

    public static final String TITLE = "Automatic Synchronization";
    private static final Winner[] WINNERS = { Winner.FIRST, Winner.SECOND, Winner.MANUAL };
    private static final ConflictDefinition[] DEFINITIONS = { ConflictDefinition.BY_ROW, ConflictDefinition.BY_COLUMN };

    private final Path here;
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

    public AutoSyncDialog(Shell parent, Path here, Replica replica) {
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
        setTitle("Synchronize replica " + replica.getName() + " automatically");
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(3, false));

        new Label(body, SWT.NONE).setText("Relative geodatabase:");
        relative = new Text(body, SWT.BORDER);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 360;
        relative.setLayoutData(wide);
        relative.setText(start.relative() == null ? "" : start.relative().toString());
        Button browse = new Button(body, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, e -> {
            String chosen = new DirectoryDialog(getShell()).open();
            if (chosen != null) {
                relative.setText(chosen);
            }
        });

        scheduled = new Button(body, SWT.CHECK);
        scheduled.setText("Synchronize on a schedule");
        scheduled.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        scheduled.setSelection(start.scheduled());
        new Label(body, SWT.NONE).setText("Every (minutes):");
        interval = new Spinner(body, SWT.BORDER);
        interval.setValues(start.intervalMinutes(), 1, 7 * 24 * 60, 0, 1, 10);
        interval.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
        whenReachable = new Button(body, SWT.CHECK);
        whenReachable.setText("Synchronize when the relative geodatabase becomes reachable");
        whenReachable.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        whenReachable.setSelection(start.whenReachable());

        direction = combo(body, "Direction:");
        directions.forEach(d -> direction.add(SyncChoices.label(d, replica)));
        direction.select(Math.max(0, directions.indexOf(start.direction())));
        policy = combo(body, "Reconcile policy:");
        policy.add("Favour this geodatabase (" + SyncChoices.roleHere(replica) + ")");
        policy.add("Favour the relative geodatabase (" + SyncChoices.roleThere(replica) + ")");
        policy.add("Manual: keep conflicts here for review");
        policy.select(List.of(WINNERS).indexOf(start.policy()));
        definition = combo(body, "Conflict definition:");
        definition.add("By row");
        definition.add("By column");
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
            return active ? "Enter the directory of the relative replica's geodatabase." : null;
        }
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            return "'" + text + "' is not a valid directory name.";
        }
        if (!p.isAbsolute()) {
            return "Enter an absolute directory path for the relative geodatabase.";
        }
        if (p.normalize().equals(here)) {
            return "The relative geodatabase must be another geodatabase than " + here + ".";
        }
        return null;
    }

    private void validate() {
        String problem = problem();
        setErrorMessage(problem);
        if (problem == null) {
            setMessage(scheduled.getSelection() || whenReachable.getSelection()
                    ? "Synchronizations run in the background and appear in the Progress view; two of one replica never run at once."
                    : "Replica " + replica.getName() + " is synchronized only when you ask (Replication > Synchronize Changes...).");
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    @Override
    protected void okPressed() {
        String text = relative.getText().trim();
        AutoSyncSettings s = new AutoSyncSettings(replica.getGuid(), replica.getName(), here,
                text.isEmpty() ? null : Path.of(text).toAbsolutePath().normalize(), scheduled.getSelection(), interval.getSelection(),
                whenReachable.getSelection(), directions.get(Math.max(0, direction.getSelectionIndex())), WINNERS[policy.getSelectionIndex()],
                DEFINITIONS[definition.getSelectionIndex()]);
        try {
            s.save();
        } catch (BackingStoreException e) {
            Failures.show(getShell(), TITLE, "The settings could not be saved: " + e.getMessage(), e);
            return;
        }
        AutoSync.getDefault().reset(replica.getGuid());
        AutoSync.getDefault().start();
        super.okPressed();
    }
}
