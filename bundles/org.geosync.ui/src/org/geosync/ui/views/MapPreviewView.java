package org.geosync.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.geosync.ui.map.MapCanvas;

/** The features of the selected dataset and the replica area of the selected replica. */
public class MapPreviewView extends ViewPart {

    private MapCanvas canvas;
    private Label status;

    @Override
    public void createPartControl(Composite parent) {
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        parent.setLayout(layout);
        canvas = new MapCanvas(parent);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status.setText("The features of the selected dataset and the replica area of the selected replica. "
                + "Drag to pan, wheel to zoom, double-click for the full extent.");
    }

    /** The map, for the views and tests that feed it. */
    public MapCanvas canvas() {
        return canvas;
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }
}
