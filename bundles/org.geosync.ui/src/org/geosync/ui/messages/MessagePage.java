package org.geosync.ui.messages;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.preferences.GeoSyncPreferences;

/**
 * A message wizard's page: the geodatabase (and replica) first, then what the wizard needs. Validated on
 * every change: Finish is enabled only when nothing is wrong, and the reason is shown otherwise.
 */
abstract class MessagePage extends WizardPage {

    private static final String LAST_FOLDER = "lastMessageFolder";

    private final GeodatabaseLocation preselected;
    private final String preselectedReplica;
    private final boolean withReplica;
    private Composite body;
    private Label refusal;
    protected ReplicaChooser chooser;
    private boolean ready;

    MessagePage(String name, String title, String description, GeodatabaseLocation preselected, String preselectedReplica, boolean withReplica) {
        super(name);
        this.preselected = preselected;
        this.preselectedReplica = preselectedReplica;
        this.withReplica = withReplica;
        setTitle(title);
        setDescription(description);
        setPageComplete(false);
    }

    @Override
    public final void createControl(Composite parent) {
        initializeDialogUnits(parent);
        body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        chooser = new ReplicaChooser(body, withReplica, preselected, preselectedReplica, this::changed);
        createOptions(body);
        // the title area shows two lines; an engine's refusal is often longer, so it is repeated here in full
        refusal = new Label(body, SWT.WRAP);
        GridData whole = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        whole.widthHint = 600;
        whole.heightHint = convertHeightInCharsToPixels(3);
        refusal.setLayoutData(whole);
        refusal.setForeground(body.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        setControl(body);
        ready = true;
        changed();
    }

    /** Adds the page's own controls to the three-column {@code body}. */
    abstract void createOptions(Composite body);

    /** What is wrong with the page's own controls (the geodatabase and replica are fine), or null. */
    abstract String optionsProblem();

    /** A warning to show when nothing is wrong (e.g. the engine will refuse a replica in conflict), or null. */
    String warning() {
        return null;
    }

    /** The geodatabase or replica changed: the page may propose values. */
    void chosen() {
    }

    private void changed() {
        if (!ready) {
            return;
        }
        chosen();
        validate();
    }

    /** Shows what is wrong (or a warning), and completes the page only when nothing is. */
    final void validate() {
        if (!ready || body.isDisposed()) {
            return;
        }
        refusal.setText("");
        String problem = chooser.problem();
        if (problem == null) {
            problem = optionsProblem();
        }
        if (problem != null && problem.endsWith("...")) {
            setErrorMessage(null);
            setMessage(problem, IMessageProvider.INFORMATION);
        } else {
            setErrorMessage(problem);
            String warning = problem == null ? warning() : null;
            setMessage(warning, warning == null ? IMessageProvider.NONE : IMessageProvider.WARNING);
        }
        setPageComplete(problem == null);
    }

    /** Shows the engine's refusal of the last Finish: in the title area and, in full, at the page's foot. */
    void showRefusal(String sentence) {
        setMessage(null);
        setErrorMessage(sentence);
        refusal.setText(sentence);
        refusal.setToolTipText(sentence);
    }

    /** Disables the controls while the wizard's job runs. */
    void setEnabled(boolean on) {
        setEnabled(body, on);
        if (on) {
            updateEnablement();
        }
    }

    /** Enables the controls whose use depends on other choices (e.g. switch to receiver for two-way replicas only). */
    void updateEnablement() {
    }

    private static void setEnabled(Control c, boolean on) {
        c.setEnabled(on);
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                setEnabled(child, on);
            }
        }
    }

    /** Remembers the folder of the page's file for the next wizard. */
    void remember() {
        Path f = file();
        if (f != null && f.getParent() != null) {
            InstanceScope.INSTANCE.getNode(GeoSyncPreferences.NODE).put(LAST_FOLDER, f.getParent().toString());
        }
    }

    /** The page's message file, or null. */
    abstract Path file();

    /** The folder message files are proposed in: the last one used, else the geodatabase folder. */
    static Path lastFolder() {
        String last = InstanceScope.INSTANCE.getNode(GeoSyncPreferences.NODE).get(LAST_FOLDER, null);
        if (last != null && Files.isDirectory(Path.of(last))) {
            return Path.of(last);
        }
        return GeoSyncPreferences.geodatabaseHome();
    }
}
