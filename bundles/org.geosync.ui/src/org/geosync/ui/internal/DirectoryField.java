package org.geosync.ui.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** A directory typed or chosen: a label, a text field and a Browse... button, one row of a three-column grid. */
public final class DirectoryField {

    private DirectoryField() {
    }

    /**
     * Adds the row to {@code body} (a three-column GridLayout) and returns its text field. Browse opens a directory chooser
     * titled {@code dialogTitle} (null: the platform's) at the directory typed so far, and puts the choice in the field.
     */
    public static Text create(Composite body, String label, String dialogTitle) {
        new Label(body, SWT.NONE).setText(label);
        Text text = new Text(body, SWT.BORDER);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 380;
        text.setLayoutData(wide);
        Button browse = new Button(body, SWT.PUSH);
        browse.setText(UiTexts.Sync_browse);
        browse.addListener(SWT.Selection, e -> {
            DirectoryDialog d = new DirectoryDialog(body.getShell());
            if (dialogTitle != null) {
                d.setText(dialogTitle);
            }
            d.setFilterPath(text.getText().strip());
            String chosen = d.open();
            if (chosen != null) {
                text.setText(chosen);
            }
        });
        return text;
    }
}
