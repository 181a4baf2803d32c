package org.geosync.ui.catalog;

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
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.geosync.ui.internal.UiTexts;

/** Asks for a geodatabase directory, either an existing geodatabase or a place for a new one; OK only when valid. */
public class GeodatabaseLocationDialog extends TitleAreaDialog {

    /** What the directory is for. */
    public enum Purpose {
        /** Connect to a geodatabase that exists. */
        ADD_EXISTING(UiTexts.Location_addTitle, UiTexts.Location_addMessage),
        /** Create a new, empty geodatabase. */
        CREATE_NEW(UiTexts.Location_newTitle, UiTexts.Location_newMessage),
        /** Create a geodatabase holding the sample city. */
        CREATE_SAMPLE(UiTexts.Location_sampleTitle, UiTexts.Location_sampleMessage);

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
        new Label(body, SWT.NONE).setText(UiTexts.Location_directory);
        directoryText = new Text(body, SWT.BORDER);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 360;
        directoryText.setLayoutData(wide);
        directoryText.addModifyListener(e -> validate());
        Button browse = new Button(body, SWT.PUSH);
        browse.setText(UiTexts.Sync_browse);
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
            return purpose == Purpose.ADD_EXISTING ? UiTexts.Location_enterExisting : UiTexts.Location_enterNew;
        }
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            return NLS.bind(UiTexts.Sync_invalidDirectory, text);
        }
        if (!p.isAbsolute()) {
            return UiTexts.Location_absolute;
        }
        if (purpose == Purpose.ADD_EXISTING) {
            if (!Files.isDirectory(p)) {
                return NLS.bind(UiTexts.Sync_doesNotExist, p);
            }
            if (!Files.isRegularFile(p.resolve("service.properties"))) {
                return NLS.bind(UiTexts.Location_notGeodatabase, p);
            }
            return null;
        }
        if (Files.exists(p)) {
            if (Files.isRegularFile(p.resolve("service.properties"))) {
                return NLS.bind(UiTexts.Location_alreadyGeodatabase, p);
            }
            if (!Files.isDirectory(p)) {
                return NLS.bind(UiTexts.Location_file, p);
            }
            try (var entries = Files.list(p)) {
                if (entries.findAny().isPresent()) {
                    return NLS.bind(UiTexts.Location_notEmpty, p);
                }
            } catch (java.io.IOException e) {
                return NLS.bind(UiTexts.Location_cannotRead, p, e.getMessage());
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
