package org.geosync.ui.catalog;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/** Asks for a geodatabase directory, either an existing geodatabase or a place for a new one; OK only when valid. */
public class GeodatabaseLocationDialog extends TitleAreaDialog {

    /** What the directory is for. */
    public enum Purpose {
        /** Connect to a geodatabase that exists. */
        ADD_EXISTING("Add Geodatabase", "Connect the Catalog to an existing geodatabase directory."),
        /** Create a new, empty geodatabase. */
        CREATE_NEW("New Geodatabase", "Create a new, empty geodatabase (embedded Derby) in a new or empty directory."),
        /** Create a geodatabase holding the sample city. */
        CREATE_SAMPLE("Create Sample Geodatabase",
                "Create a geodatabase holding the sample city and its relationship classes in a new or empty directory.");

        final String title;
        final String message;

        Purpose(String title, String message) {
            this.title = title;
            this.message = message;
        }
    }

    private final Purpose purpose;
    private Text directoryText;
    /** Where a subclass adds its own fields below the directory (three columns). */
    protected Composite body;
    private Path directory;

    public GeodatabaseLocationDialog(Shell parent, Purpose purpose) {
        super(parent);
        this.purpose = purpose;
    }

    /** The chosen directory once OK was pressed. */
    public Path directory() {
        return directory;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(purpose.title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(purpose.title);
        setMessage(purpose.message);
        Composite area = (Composite) super.createDialogArea(parent);
        body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(3, false));
        new Label(body, SWT.NONE).setText("Directory:");
        directoryText = new Text(body, SWT.BORDER);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 360;
        directoryText.setLayoutData(wide);
        directoryText.addModifyListener(e -> validate());
        Button browse = new Button(body, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setText(purpose.title);
            String chosen = d.open();
            if (chosen != null) {
                directoryText.setText(chosen);
            }
        });
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    /** Checks the dialog and enables OK only when it is valid, the reason shown otherwise. */
    protected void validate() {
        String problem = problem(directoryText.getText().trim());
        setErrorMessage(problem);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    /** Why the text is not an acceptable directory, or null when it is. */
    String problem(String text) {
        return problem(purpose, text);
    }

    /** Why the text is not an acceptable directory for {@code purpose}, or null when it is (also for the wizards). */
    public static String problem(Purpose purpose, String text) {
        if (text.isEmpty()) {
            return purpose == Purpose.ADD_EXISTING ? "Enter the directory of an existing geodatabase."
                    : "Enter a new or empty directory for the geodatabase.";
        }
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            return "'" + text + "' is not a valid directory name.";
        }
        if (!p.isAbsolute()) {
            return "Enter an absolute directory path.";
        }
        if (purpose == Purpose.ADD_EXISTING) {
            if (!Files.isDirectory(p)) {
                return p + " does not exist.";
            }
            if (!Files.isRegularFile(p.resolve("service.properties"))) {
                return p + " is not a geodatabase.";
            }
            return null;
        }
        if (Files.exists(p)) {
            if (Files.isRegularFile(p.resolve("service.properties"))) {
                return p + " is already a geodatabase; choose a new or empty directory.";
            }
            if (!Files.isDirectory(p)) {
                return p + " is a file, not a directory.";
            }
            try (var entries = Files.list(p)) {
                if (entries.findAny().isPresent()) {
                    return p + " is not empty; choose a new or empty directory.";
                }
            } catch (java.io.IOException e) {
                return "Cannot read " + p + ": " + e.getMessage();
            }
        }
        return null;
    }

    @Override
    protected void okPressed() {
        directory = Path.of(directoryText.getText().trim()).toAbsolutePath().normalize();
        super.okPressed();
    }
}
