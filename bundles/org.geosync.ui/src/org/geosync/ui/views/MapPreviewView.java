package org.geosync.ui.views;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.part.ViewPart;
import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Spatial;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaFilter;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.map.DrawnArea;
import org.geosync.ui.map.MapCanvas;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;

/** The features of the selected dataset and the replica area of the selected replica; an area can be drawn for a new replica. */
public class MapPreviewView extends ViewPart {

    /** The most features the preview reads of a dataset (a million packed polygons take about 300 MB). */
    private static final int MAX_FEATURES = 1_000_000;
    /** Geometries kept as packed coordinates: a third of the memory of one object per vertex. */
    private static final GeometryFactory PACKED = new GeometryFactory(PackedCoordinateSequenceFactory.DOUBLE_FACTORY);
    /** The colour the replica area is outlined in. */
    public static final RGB AREA_COLOR = new RGB(220, 30, 30);

    private final AtomicLong latestRequest = new AtomicLong();

    private MapCanvas canvas;
    private Label status;
    private volatile int shownEpsg;
    private IAction drawArea;

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
        status.setText(UiTexts.Map_intro + " " + UiTexts.Map_navigate);
        drawArea = new Action(UiTexts.Map_drawArea, IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                canvas.setDrawMode(isChecked());
                status.setText(isChecked() ? UiTexts.Map_drawing : UiTexts.Map_navigate);
            }
        };
        drawArea.setToolTipText(UiTexts.Map_drawAreaTip);
        drawArea.setId("org.geosync.ui.mapPreview.drawArea");
        getViewSite().getActionBars().getToolBarManager().add(drawArea);
        canvas.addDrawnListener(() -> {
            Envelope e = canvas.drawnArea();
            if (e != null) {
                String[] xy = java.util.stream.DoubleStream.of(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY())
                        .mapToObj(v -> String.format(java.util.Locale.ROOT, "%.1f", v)).toArray(String[]::new);
                status.setText(NLS.bind(shownEpsg > 0 ? UiTexts.Map_drawnInEpsg : UiTexts.Map_drawn,
                        new Object[] { xy[0], xy[1], xy[2], xy[3], shownEpsg }));
            }
        });
    }

    @Override
    public void init(org.eclipse.ui.IViewSite site) throws org.eclipse.ui.PartInitException {
        super.init(site);
        site.getPage().addPostSelectionListener(selectionListener);
    }

    private final ISelectionListener selectionListener = (part, selection) -> {
        if (part == this || !(selection instanceof IStructuredSelection s)) {
            return;
        }
        if (s.getFirstElement() instanceof DatasetNode d && d.dataset().isFeatureClass()) {
            show(d);
        } else if (s.getFirstElement() instanceof ReplicaNode r) {
            show(r);
        }
    };

    /** Loads the dataset's features in the background and draws them. */
    public void show(DatasetNode node) {
        status.setText(NLS.bind(UiTexts.Map_readingDataset, node.dataset().name()));
        long request = latestRequest.incrementAndGet();
        Job job = Job.create(NLS.bind(UiTexts.Map_readingFeatures, node.dataset().name()), monitor -> {
            List<Geometry> geometries = new ArrayList<>();
            String problem = null;
            try (Geodatabase gdb = Geodatabase.open(node.location())) {
                read(gdb, node.dataset(), geometries);
            } catch (GeodatabaseException e) {
                problem = e.getMessage();
                Failures.log(problem, e);
            }
            String message = problem != null ? problem
                    : NLS.bind(UiTexts.Map_datasetFeatures, new Object[] { node.dataset().name(), geometries.size(), node.dataset().epsg() });
            deliver(request, MapCanvas.prepare(List.of(new MapCanvas.Layer(node.dataset().name(), geometries, new RGB(40, 120, 200), false))),
                    node.dataset().epsg(), message);
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    /**
     * Draws the replica area of a replica outlined over the features of its first feature class (the one
     * the area applies to), reprojecting the area when it was given in another coordinate system.
     */
    public void show(ReplicaNode node) {
        Replica replica = node.replica();
        status.setText(NLS.bind(UiTexts.Map_readingReplica, replica.getName()));
        long request = latestRequest.incrementAndGet();
        Job job = Job.create(NLS.bind(UiTexts.Map_readingArea, replica.getName()), monitor -> {
            List<MapCanvas.Layer> layers = new ArrayList<>();
            String message;
            int epsg = 0;
            try (Geodatabase gdb = Geodatabase.open(node.location())) {
                Dataset featureClass = null;
                ReplicaFilter area = null;
                for (ReplicaDataset rd : replica.getDatasets()) {
                    Dataset d = gdb.dataset(rd.getDatasetName());
                    if (!d.isFeatureClass()) {
                        continue;
                    }
                    ReplicaFilter f = rd.getFilter();
                    boolean hasArea = f != null && f.getAreaWkt() != null && !f.getAreaWkt().isBlank();
                    if (featureClass == null || hasArea && area == null) {
                        featureClass = d;
                        area = hasArea ? f : null;
                    }
                    if (area != null) {
                        break;
                    }
                }
                if (featureClass == null) {
                    message = NLS.bind(UiTexts.Map_noFeatureClass, replica.getName());
                } else {
                    epsg = featureClass.epsg();
                    List<Geometry> features = new ArrayList<>();
                    read(gdb, featureClass, features);
                    layers.add(new MapCanvas.Layer(featureClass.name(), features, new RGB(40, 120, 200), false));
                    String what = NLS.bind(UiTexts.Map_replicaFeatures,
                            new Object[] { replica.getName(), featureClass.name(), features.size(), featureClass.epsg() });
                    if (area == null) {
                        message = NLS.bind(UiTexts.Map_noArea, what);
                    } else {
                        Geometry g = new WKTReader().read(area.getAreaWkt());
                        String note = "";
                        if (area.getAreaEpsg() > 0 && area.getAreaEpsg() != featureClass.epsg()) {
                            g = Spatial.reproject(g, area.getAreaEpsg(), featureClass.epsg());
                            note = NLS.bind(UiTexts.Map_reprojected, area.getAreaEpsg());
                        }
                        layers.add(new MapCanvas.Layer(UiTexts.Map_areaLayer, List.of(g), AREA_COLOR, true));
                        message = NLS.bind(UiTexts.Map_area, new Object[] { what, area.getSpatialRelation().getLiteral(), note });
                    }
                }
            } catch (GeodatabaseException e) {
                message = e.getMessage();
                Failures.log(message, e);
            } catch (ParseException | IllegalArgumentException | IllegalStateException e) {
                message = NLS.bind(UiTexts.Map_areaProblem, replica.getName(), e.getMessage());
                Failures.log(message, e);
            }
            deliver(request, MapCanvas.prepare(layers), epsg, message);
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    /** Reads the stored shapes (WKB) straight into geometries: no WKT in between, and a fetch size for PostgreSQL's cursor. */
    private static void read(Geodatabase gdb, Dataset dataset, List<Geometry> geometries) throws GeodatabaseException {
        WKBReader reader = new WKBReader(PACKED);
        gdb.inTransaction(g -> {
            // the dataset name comes from the geodatabase's own catalog, never from typed input
            try (Statement s = g.connection().createStatement()) {
                s.setFetchSize(10_000);
                s.setMaxRows(MAX_FEATURES);
                String shape = g.isPostgresql() ? "ST_AsBinary(SHAPE)" : "SHAPE"; // PostGIS's own type, Derby's WKB
                try (ResultSet rs = s.executeQuery("SELECT " + shape + " FROM \"" + dataset.name() + "\"")) {
                    while (rs.next()) {
                        byte[] wkb = rs.getBytes(1);
                        if (wkb != null) {
                            try {
                                geometries.add(reader.read(wkb));
                            } catch (ParseException | IllegalArgumentException e) {
                                // a stored shape that is not WKB is skipped in the preview
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    private void deliver(long request, MapCanvas.Prepared layers, int epsg, String message) {
        if (canvas.isDisposed()) {
            return;
        }
        canvas.getDisplay().asyncExec(() -> {
            // a slower, earlier request must not replace what the administrator selected since
            if (!canvas.isDisposed() && request == latestRequest.get()) {
                shownEpsg = epsg;
                canvas.setLayers(layers);
                status.setText(message);
            }
        });
    }

    /** The rectangle drawn in draw mode with the EPSG code of the features shown, or null (call on the UI thread). */
    public DrawnArea drawnArea() {
        Envelope e = canvas.drawnArea();
        return e == null ? null : new DrawnArea(e, shownEpsg);
    }

    /** The Draw Area toggle of the view's toolbar. */
    public IAction drawAreaAction() {
        return drawArea;
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

    /** The status line under the map. */
    public String statusText() {
        return status.getText();
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }
}
