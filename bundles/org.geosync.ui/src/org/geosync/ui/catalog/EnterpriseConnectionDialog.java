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
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.UiTexts;

/**
 * New Enterprise Geodatabase Connection: a geodatabase in a schema of a PostgreSQL database with PostGIS. The fields make a
 * location as the engine reads it ({@link GeodatabaseLocation#postgresql}); OK is enabled only when they do, with the
 * engine's sentence shown otherwise. <em>Test Connection</em> opens the geodatabase in a job and says what it found. The
 * password goes to {@link EnterprisePasswords} (secure storage when <em>Save password</em> is checked), never into the location.
 */
public class EnterpriseConnectionDialog extends TitleAreaDialog {

    private Text host;
    private Text port;
    private Text database;
    private Text schema;
    private Text user;
    private Text password;
    private Button save;
    private Button test;
    private GeodatabaseLocation location;
    private String chosenPassword;
    private boolean chosenSave;
    private int testRound;

    public EnterpriseConnectionDialog(Shell parent) {
        super(parent);
    }

    /** The location once OK was pressed. */
    public GeodatabaseLocation location() {
        return location;
    }

    /** The password once OK was pressed (empty: none given, the user's own PostgreSQL sources answer). */
    public String password() {
        return chosenPassword;
    }

    /** Whether the password is to be kept in secure storage. */
    public boolean savePassword() {
        return chosenSave;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(UiTexts.Enterprise_title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(UiTexts.Enterprise_title);
        setMessage(UiTexts.Enterprise_message);
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(2, false));
        host = field(body, UiTexts.Enterprise_host, "localhost", SWT.NONE);
        port = field(body, UiTexts.Enterprise_port, String.valueOf(GeodatabaseLocation.DEFAULT_PORT), SWT.NONE);
        database = field(body, UiTexts.Enterprise_database, "", SWT.NONE);
        schema = field(body, UiTexts.Enterprise_schema, GeodatabaseLocation.DEFAULT_SCHEMA, SWT.NONE);
        user = field(body, UiTexts.Enterprise_user, System.getProperty("user.name", ""), SWT.NONE);
        password = field(body, UiTexts.Enterprise_password, "", SWT.PASSWORD);
        new Label(body, SWT.NONE);
        save = new Button(body, SWT.CHECK);
        save.setText(UiTexts.Enterprise_save);
        save.setSelection(true);
        new Label(body, SWT.NONE);
        test = new Button(body, SWT.PUSH);
        test.setText(UiTexts.Enterprise_test);
        test.addListener(SWT.Selection, e -> testConnection());
        return area;
    }

    private Text field(Composite body, String label, String initial, int style) {
        new Label(body, SWT.NONE).setText(label);
        Text t = new Text(body, SWT.BORDER | style);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 300;
        t.setLayoutData(wide);
        t.setText(initial);
        t.addModifyListener(e -> validate());
        return t;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** The location the fields make, or the sentence saying why they make none. */
    private Object read() {
        if (host.getText().isBlank()) {
            return UiTexts.Enterprise_enterHost;
        }
        if (database.getText().isBlank()) {
            return UiTexts.Enterprise_enterDatabase;
        }
        int p;
        try {
            p = Integer.parseInt(port.getText().trim());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            return NLS.bind(UiTexts.Enterprise_badPort, port.getText().trim());
        }
        try {
            return GeodatabaseLocation.postgresql(user.getText(), host.getText(), p, database.getText(), schema.getText());
        } catch (GeodatabaseException e) {
            return e.getMessage();
        }
    }

    private void validate() {
        testRound++; // a test of other fields answers for nothing shown
        Object read = read();
        boolean ok = read instanceof GeodatabaseLocation;
        if (ok) {
            setErrorMessage(null);
            setMessage(NLS.bind(UiTexts.Enterprise_willConnect, read));
        } else {
            setErrorMessage((String) read);
        }
        Button okButton = getButton(IDialogConstants.OK_ID);
        if (okButton != null) {
            okButton.setEnabled(ok);
        }
        if (test != null) {
            test.setEnabled(ok);
        }
    }

    /** Opens the geodatabase in a job with the typed password and says what it found, or the engine's sentence. */
    private void testConnection() {
        if (!(read() instanceof GeodatabaseLocation l)) {
            return;
        }
        String pw = password.getText();
        int round = ++testRound;
        setMessage(NLS.bind(UiTexts.Enterprise_testing, l));
        Job job = Job.create(NLS.bind(UiTexts.Enterprise_testing, l), monitor -> {
            String said;
            boolean good;
            try (Geodatabase gdb = Geodatabase.open(l, pw.isEmpty() ? null : pw)) {
                said = NLS.bind(UiTexts.Enterprise_testOk, new Object[] { l.name(), gdb.datasets().size(), gdb.guid() });
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
        if (!(read() instanceof GeodatabaseLocation l)) {
            return;
        }
        location = l;
        chosenPassword = password.getText();
        chosenSave = save.getSelection();
        super.okPressed();
    }
}
