package org.geosync.ui.wizards;

import java.nio.file.Path;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.ReplicaSpec;
import org.geosync.ui.catalog.GeodatabaseLocationDialog;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.internal.DirectoryField;
import org.geosync.ui.internal.UiTexts;

/**
 * Register Copy with Server: the directory of a side-loaded copy of a child geodatabase (an existing geodatabase) and the
 * new replica's name, checked on every keystroke with the Catalog's rule for an existing geodatabase directory and the
 * engine's rule for a replica name. Which replica the copy came from, and whether this user may register copies of it, is
 * the service's to say once OK is pressed.
 */
public class ServerRegisterCopyDialog extends TitleAreaDialog {

    /** The dialog's title. */
    public static final String TITLE = UiTexts.ServerReplica_registerTitle;

    private final ServerNode server;
    private Text copy;
    private Text name;
    private Path chosenCopy;
    private String chosenName;

    public ServerRegisterCopyDialog(Shell parent, ServerNode server) {
        super(parent);
        this.server = server;
    }

    /** The copy's directory, once OK was pressed. */
    public Path copy() {
        return chosenCopy;
    }

    /** The new replica's name, once OK was pressed. */
    public String name() {
        return chosenName;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(NLS.bind(UiTexts.ServerReplica_registerHeading, server.location()));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(3, false));
        copy = DirectoryField.create(body, UiTexts.Register_copyDirectory, UiTexts.Register_copyDialog);
        new Label(body, SWT.NONE).setText(UiTexts.Register_newName);
        name = new Text(body, SWT.BORDER);
        name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        copy.addModifyListener(e -> validate());
        name.addModifyListener(e -> validate());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** The sentence saying why the fields name no registration, or null when they do. */
    private String problem() {
        String dir = copy.getText().strip();
        if (dir.isEmpty()) {
            return UiTexts.Register_enterCopy;
        }
        String bad = GeodatabaseLocationDialog.problem(GeodatabaseLocationDialog.Purpose.ADD_EXISTING, dir);
        if (bad != null) {
            return bad;
        }
        String n = name.getText().strip();
        if (n.isEmpty()) {
            return UiTexts.Register_enterName;
        }
        bad = ReplicaSpec.nameProblem(n);
        if (bad != null) {
            return bad;
        }
        for (ServerReplicaNode r : server.replicas()) {
            if (r.name().equalsIgnoreCase(n)) {
                return NLS.bind(UiTexts.Create_nameTaken, r.name(), server.location());
            }
        }
        return null;
    }

    private void validate() {
        String problem = problem();
        if (problem != null) {
            setErrorMessage(problem);
        } else {
            setErrorMessage(null);
            setMessage(NLS.bind(UiTexts.ServerReplica_registerMessage, new Object[] { copy.getText().strip(), name.getText().strip(),
                    server.location() }));
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    @Override
    protected void okPressed() {
        if (problem() != null) {
            return;
        }
        chosenCopy = Path.of(copy.getText().strip()).toAbsolutePath().normalize();
        chosenName = name.getText().strip();
        super.okPressed();
    }
}
