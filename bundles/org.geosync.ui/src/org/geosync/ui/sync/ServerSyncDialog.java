package org.geosync.ui.sync;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.internal.DirectoryField;
import org.geosync.ui.internal.UiTexts;

/**
 * Synchronize with Server: asks for the directory of the geodatabase on this machine that holds the other side of a served
 * replica (the child the service created). The directory is checked on every keystroke (it exists and holds a Derby
 * geodatabase); whether it holds this very replica is checked when the synchronization opens it.
 */
public class ServerSyncDialog extends TitleAreaDialog {

    private final ServerReplicaNode replica;
    private final String initial;
    private Text directory;
    private Path chosen;

    public ServerSyncDialog(Shell parent, ServerReplicaNode replica, String initial) {
        super(parent);
        this.replica = replica;
        this.initial = initial == null ? "" : initial;
    }

    /** The local geodatabase's directory once OK was pressed. */
    public Path directory() {
        return chosen;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(UiTexts.ServerSync_title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(NLS.bind(UiTexts.ServerSync_heading, replica.name()));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(3, false));
        directory = DirectoryField.create(body, UiTexts.ServerSync_directory, null);
        directory.setText(initial);
        directory.addModifyListener(e -> validate());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** The sentence saying why the field names no geodatabase directory, or null. */
    private String problem() {
        String d = directory.getText().strip();
        if (d.isEmpty()) {
            return NLS.bind(UiTexts.ServerSync_enterDirectory, replica.name());
        }
        Path p;
        try {
            p = Path.of(d);
        } catch (InvalidPathException e) {
            return NLS.bind(UiTexts.ServerSync_noDirectory, d);
        }
        if (!Files.isDirectory(p)) {
            return NLS.bind(UiTexts.ServerSync_noDirectory, d);
        }
        if (!Files.isRegularFile(p.resolve("service.properties"))) {
            return NLS.bind(UiTexts.ServerSync_notGeodatabase, d);
        }
        return null;
    }

    private void validate() {
        String problem = problem();
        if (problem == null) {
            setErrorMessage(null);
            setMessage(NLS.bind(UiTexts.ServerSync_message, new Object[] { replica.name(), replica.location(), directory.getText().strip() }));
        } else {
            setErrorMessage(problem);
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
        chosen = Path.of(directory.getText().strip());
        super.okPressed();
    }
}
