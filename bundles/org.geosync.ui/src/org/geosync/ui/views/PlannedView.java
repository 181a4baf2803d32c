package org.geosync.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/** A view whose content is still to come: it tells the administrator what it will show. */
abstract class PlannedView extends ViewPart {

    private Label description;

    /** One or two sentences, in the administrator's words, of what the view shows. */
    protected abstract String purpose();

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        description = new Label(parent, SWT.WRAP);
        description.setText(purpose());
        description.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
    }

    @Override
    public void setFocus() {
        description.setFocus();
    }
}
