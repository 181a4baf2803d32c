package org.geosync.ui.views;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.ui.ISelectionListener;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SqlResultHandler;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.geosync.ui.map.MapCanvas;

/** The features of the selected dataset and the replica area of the selected replica. */
public class MapPreviewView extends ViewPart {

    private static final int MAX_FEATURES = 200_000;

    private final java.util.concurrent.atomic.AtomicLong latestRequest = new java.util.concurrent.atomic.AtomicLong();

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

    @Override
    public void init(org.eclipse.ui.IViewSite site) throws org.eclipse.ui.PartInitException {
        super.init(site);
        site.getPage().addPostSelectionListener(selectionListener);
    }

    private final ISelectionListener selectionListener = (part, selection) -> {
        if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof DatasetNode d
                && d.dataset().isFeatureClass()) {
            show(d);
        }
    };

    /** Loads the dataset's features in the background and draws them. */
    public void show(DatasetNode node) {
        status.setText("Reading " + node.dataset().name() + "...");
        long request = latestRequest.incrementAndGet();
        Job job = Job.create("Reading features of " + node.dataset().name(), monitor -> {
            List<Geometry> geometries = new ArrayList<>();
            WKTReader reader = new WKTReader();
            String problem = null;
            try (Geodatabase gdb = Geodatabase.open(node.directory())) {
                // the dataset name comes from the geodatabase's own catalog, never from typed input
                gdb.executeSql("SELECT SHAPE FROM \"" + node.dataset().name() + "\"", new SqlResultHandler() {
                    @Override
                    public void header(List<String> columns) {
                    }

                    @Override
                    public void row(List<String> values) {
                        if (values.get(0) != null && geometries.size() < MAX_FEATURES) {
                            try {
                                geometries.add(reader.read(values.get(0)));
                            } catch (ParseException e) {
                                // a row the engine could not turn into WKT is skipped in the preview
                            }
                        }
                    }
                });
            } catch (GeodatabaseException e) {
                problem = e.getMessage();
            }
            String message = problem != null ? problem
                    : node.dataset().name() + ": " + geometries.size() + " features (EPSG " + node.dataset().epsg() + ")";
            canvas.getDisplay().asyncExec(() -> {
                // a slower, earlier request must not replace what the administrator selected since
                if (!canvas.isDisposed() && request == latestRequest.get()) {
                    canvas.setLayers(List.of(new MapCanvas.Layer(node.dataset().name(), geometries, new RGB(40, 120, 200), false)));
                    status.setText(message);
                }
            });
            return Status.OK_STATUS;
        });
        job.setRule(GeodatabaseJobs.RULE);
        job.setSystem(true);
        job.schedule();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(selectionListener);
        super.dispose();
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
