package org.geosync.ui.catalog;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
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
import org.geosync.core.GeodatabaseException;
import org.geosync.server.ServiceClient;
import org.geosync.ui.internal.UiTexts;

/**
 * New Server Connection: a geodatabase served by {@code geosync serve}, at {@code https://HOST[:PORT]/NAME}, with the user's
 * token. The location is checked on every keystroke by the client's own rule ({@link ServiceClient#checkLocation}, which
 * looks nothing up on the network); OK is enabled only when it passes and a token is given. <em>Test Connection</em> lists the
 * replicas the user may work in a job and says how many, or the service's refusal; there, off the UI thread, the client also
 * resolves a plain {@code http://} host name to tell whether it is this machine (as the job after OK does). The token goes to {@link ServerTokens} (secure storage when <em>Save token</em>
 * is checked), never into the location or the preferences.
 */
public class ServerConnectionDialog extends TitleAreaDialog {

    private Text location;
    private Text token;
    private Button save;
    private Button test;
    private String chosenLocation;
    private String chosenToken;
    private boolean chosenSave;
    private int testRound;

    public ServerConnectionDialog(Shell parent) {
        super(parent);
    }

    /** The service location once OK was pressed. */
    public String location() {
        return chosenLocation;
    }

    /** The token once OK was pressed. */
    public String token() {
        return chosenToken;
    }

    /** Whether the token is to be kept in secure storage. */
    public boolean saveToken() {
        return chosenSave;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(UiTexts.Server_title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(UiTexts.Server_title);
        setMessage(UiTexts.Server_message);
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(2, false));
        location = field(body, UiTexts.Server_location, SWT.NONE);
        location.setMessage("https://HOST:PORT/NAME");
        token = field(body, UiTexts.Server_token, SWT.PASSWORD);
        new Label(body, SWT.NONE);
        save = new Button(body, SWT.CHECK);
        save.setText(UiTexts.Server_save);
        save.setSelection(true);
        new Label(body, SWT.NONE);
        test = new Button(body, SWT.PUSH);
        test.setText(UiTexts.Server_test);
        test.addListener(SWT.Selection, e -> testConnection());
        return area;
    }

    private Text field(Composite body, String label, int style) {
        new Label(body, SWT.NONE).setText(label);
        Text t = new Text(body, SWT.BORDER | style);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 360;
        t.setLayoutData(wide);
        t.addModifyListener(e -> validate());
        return t;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** The sentence saying why the fields name no connection, or null when they do. */
    private String problem() {
        String l = location.getText().strip();
        if (l.isEmpty()) {
            return UiTexts.Server_enterLocation;
        }
        try {
            ServiceClient.checkLocation(l);
        } catch (GeodatabaseException e) {
            return e.getMessage();
        }
        return token.getText().isBlank() ? UiTexts.Server_enterToken : null;
    }

    private void validate() {
        testRound++; // a test of other fields answers for nothing shown
        String problem = problem();
        if (problem == null) {
            setErrorMessage(null);
            setMessage(NLS.bind(UiTexts.Server_willConnect, location.getText().strip()));
        } else {
            setErrorMessage(problem);
        }
        Button okButton = getButton(IDialogConstants.OK_ID);
        if (okButton != null) {
            okButton.setEnabled(problem == null);
        }
        if (test != null) {
            test.setEnabled(problem == null);
        }
    }

    /** Lists the replicas the user may work in a job and says how many, or the service's sentence. */
    private void testConnection() {
        if (problem() != null) {
            return;
        }
        String l = location.getText().strip();
        String t = token.getText().strip();
        int round = ++testRound;
        setMessage(NLS.bind(UiTexts.Server_testing, l));
        Job job = Job.create(NLS.bind(UiTexts.Server_testing, l), monitor -> {
            String said;
            boolean good;
            try {
                int n = ServerNode.replicas(ServiceClient.connect(l, t).listing()).size(); // a host name is resolved here
                said = NLS.bind(UiTexts.Server_testOk, n);
                good = true;
            } catch (GeodatabaseException e) {
                said = e.getMessage();
                good = false;
            }
            String text = said;
            boolean fine = good;
            Shell shell = getShell();
            if (shell != null && !shell.isDisposed()) {
                shell.getDisplay().asyncExec(() -> {
                    if (getShell() == null || getShell().isDisposed() || round != testRound) {
                        return;
                    }
                    if (fine) {
                        setErrorMessage(null);
                        setMessage(text, IMessageProvider.INFORMATION);
                    } else {
                        setErrorMessage(text);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    @Override
    protected void okPressed() {
        if (problem() != null) {
            return;
        }
        chosenLocation = location.getText().strip();
        chosenToken = token.getText().strip();
        chosenSave = save.getSelection();
        super.okPressed();
    }
}
