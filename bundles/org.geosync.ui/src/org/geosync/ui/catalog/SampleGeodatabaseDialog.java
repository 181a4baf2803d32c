package org.geosync.ui.catalog;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.SampleCity;
import org.geosync.ui.internal.UiTexts;

/** Asks where the sample city goes (a new or empty directory) and, optionally, how many parcels it has; OK only when valid. */
public class SampleGeodatabaseDialog extends GeodatabaseLocationDialog {

    /** The largest sample the dialog offers: a minute or two of loading on the build machines. */
    static final int MAX_PARCELS = 1_000_000;

    private Text parcelsText;
    private int parcels = SampleCity.DEFAULT_PARCELS;

    public SampleGeodatabaseDialog(Shell parent) {
        super(parent, Purpose.CREATE_SAMPLE);
    }

    /** The number of parcels once OK was pressed (the other datasets scale with it). */
    public int parcels() {
        return parcels;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Control area = super.createDialogArea(parent);
        new Label(body, SWT.NONE).setText(UiTexts.Sample_features);
        Composite row = new Composite(body, SWT.NONE);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        GridLayout rowLayout = new GridLayout(2, false);
        rowLayout.marginWidth = 0;
        rowLayout.marginHeight = 0;
        row.setLayout(rowLayout);
        parcelsText = new Text(row, SWT.BORDER);
        GridData d = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        d.widthHint = 100;
        parcelsText.setLayoutData(d);
        parcelsText.setMessage(String.valueOf(SampleCity.DEFAULT_PARCELS));
        Label hint = new Label(row, SWT.NONE);
        hint.setText(NLS.bind(UiTexts.Sample_hint, SampleCity.DEFAULT_PARCELS));
        parcelsText.addModifyListener(e -> validate());
        return area;
    }

    @Override
    String problem(String text) {
        String problem = super.problem(text);
        if (problem != null || parcelsText == null) {
            return problem;
        }
        String n = parcelsText.getText().trim();
        if (n.isEmpty()) {
            return null;
        }
        try {
            int value = Integer.parseInt(n);
            if (value < 1 || value > MAX_PARCELS) {
                return NLS.bind(UiTexts.Sample_range, MAX_PARCELS, value);
            }
        } catch (NumberFormatException e) {
            return NLS.bind(UiTexts.Sample_notNumber, n);
        }
        return null;
    }

    @Override
    protected void okPressed() {
        String n = parcelsText.getText().trim();
        parcels = n.isEmpty() ? SampleCity.DEFAULT_PARCELS : Integer.parseInt(n);
        super.okPressed();
    }
}
