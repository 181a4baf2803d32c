package org.geosync.ui.wizards;

import java.nio.file.Path;

import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.GeodatabaseLocationDialog;
import org.geosync.ui.internal.UiTexts;

/** Create Replica, page 4: the child geodatabase's directory (new or empty) and a summary of the replica. */
final class ChildPage extends WizardPage {

    private final CreateReplicaWizard wizard;
    private Text directory;
    private Text summary;

    ChildPage(CreateReplicaWizard wizard) {
        super("child");
        this.wizard = wizard;
        setTitle(UiTexts.Create_childTitle);
        setDescription(UiTexts.Create_childDescription);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        new Label(body, SWT.NONE).setText(UiTexts.Create_childDirectory);
        directory = new Text(body, SWT.BORDER);
        directory.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button browse = new Button(body, SWT.PUSH);
        browse.setText(UiTexts.Sync_browse);
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setText(UiTexts.Create_childDialog);
            String chosen = d.open();
            if (chosen != null) {
                directory.setText(chosen);
            }
        });
        Label s = new Label(body, SWT.NONE);
        s.setText(UiTexts.Create_summary);
        s.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        summary = new Text(body, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        GridData tall = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        tall.heightHint = 180;
        tall.widthHint = 420;
        summary.setLayoutData(tall);
        directory.addModifyListener(e -> wizard.validateAll());
        setControl(body);
        validate();
    }

    @Override
    public void setVisible(boolean visible) {
        if (visible) {
            summary.setText(wizard.summary());
        }
        super.setVisible(visible);
    }

    void validate() {
        String text = directory.getText().trim();
        String problem = GeodatabaseLocationDialog.problem(GeodatabaseLocationDialog.Purpose.CREATE_NEW, text);
        if (problem == null && wizard.parent() != null && GeodatabaseLocation.of(Path.of(text)).equals(wizard.parent().location())) {
            problem = UiTexts.Create_childIsParent;
        }
        if (problem != null && text.isEmpty()) {
            problem = UiTexts.Create_enterChild;
        }
        setErrorMessage(problem);
        setPageComplete(problem == null);
        if (isCurrentPage()) {
            summary.setText(wizard.summary());
        }
    }

    /** The new child's directory. */
    Path directory() {
        return Path.of(directory.getText().trim()).toAbsolutePath().normalize();
    }
}
