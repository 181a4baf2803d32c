package org.geosync.ui.map;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Draws layers of JTS geometries with pan (drag), zoom (wheel, around the cursor) and zoom to extent.
 * Geometries smaller than a pixel are drawn as a dot and the rest simplified to a one-pixel tolerance,
 * so large datasets draw quickly at small scales.
 */
public class MapCanvas extends Canvas {

    /** One layer: its geometries and the colour they are drawn in; an outline layer is not filled. */
    public record Layer(String name, List<Geometry> geometries, RGB color, boolean outlineOnly) {
    }

    private final List<Layer> layers = new ArrayList<>();
    private Envelope view = new Envelope(0, 1, 0, 1);
    private Point dragStart;
    private Envelope dragView;
    private boolean simplify = true;
    private boolean drawMode;
    private Envelope drawn;
    private Point drawEnd;
    private final List<Runnable> drawnListeners = new ArrayList<>();

    public MapCanvas(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        addListener(SWT.Paint, this::paint);
        addListener(SWT.MouseVerticalWheel, e -> zoom(e.count > 0 ? 0.8 : 1.25, e.x, e.y));
        addListener(SWT.MouseDown, e -> {
            if (e.button != 1) {
                return;
            }
            dragStart = new Point(e.x, e.y);
            dragView = new Envelope(view);
            drawEnd = null;
        });
        addListener(SWT.MouseMove, e -> {
            if (dragStart != null && drawMode) {
                drawEnd = new Point(e.x, e.y);
                redraw();
            } else if (dragStart != null) {
                double scale = scale();
                view = new Envelope(dragView.getMinX() - (e.x - dragStart.x) / scale,
                        dragView.getMaxX() - (e.x - dragStart.x) / scale,
                        dragView.getMinY() + (e.y - dragStart.y) / scale, dragView.getMaxY() + (e.y - dragStart.y) / scale);
                redraw();
            }
        });
        addListener(SWT.MouseUp, e -> {
            if (dragStart != null && drawMode && (Math.abs(e.x - dragStart.x) > 2 || Math.abs(e.y - dragStart.y) > 2)) {
                Coordinate a = toWorld(dragStart.x, dragStart.y);
                Coordinate b = toWorld(e.x, e.y);
                setDrawnArea(new Envelope(a, b));
            }
            dragStart = null;
            drawEnd = null;
            redraw();
        });
        addListener(SWT.MouseDoubleClick, e -> zoomToExtent());
    }

    /** In draw mode a drag draws a rectangle (the area a replica can take) instead of panning. */
    public void setDrawMode(boolean on) {
        drawMode = on;
        setCursor(on ? getDisplay().getSystemCursor(SWT.CURSOR_CROSS) : null);
    }

    public boolean isDrawMode() {
        return drawMode;
    }

    /** The rectangle last drawn, in world coordinates, or null. */
    public Envelope drawnArea() {
        return drawn == null ? null : new Envelope(drawn);
    }

    /** Sets (or with null clears) the drawn rectangle and tells the listeners. */
    public void setDrawnArea(Envelope area) {
        drawn = area == null ? null : new Envelope(area);
        drawnListeners.forEach(Runnable::run);
        redraw();
    }

    /** Told (on the UI thread) when a rectangle was drawn. */
    public void addDrawnListener(Runnable listener) {
        drawnListeners.add(listener);
    }

    /** Whether geometries are simplified to the pixel size (on by default; off only to measure what it saves). */
    public void setSimplify(boolean on) {
        simplify = on;
        redraw();
    }

    /** Replaces the layers and zooms to their extent. */
    public void setLayers(List<Layer> newLayers) {
        checkWidget();
        layers.clear();
        layers.addAll(newLayers);
        zoomToExtent();
    }

    /** Fits the view to every layer's geometries. */
    public void zoomToExtent() {
        Envelope all = new Envelope();
        for (Layer l : layers) {
            for (Geometry g : l.geometries()) {
                all.expandToInclude(g.getEnvelopeInternal());
            }
        }
        if (all.isNull()) {
            all = new Envelope(0, 1, 0, 1);
        }
        double margin = Math.max(Math.max(all.getWidth(), all.getHeight()) * 0.05, 1e-9);
        all.expandBy(margin);
        view = all;
        redraw();
    }

    /** Zooms by {@code factor} (below 1 zooms in) keeping the world point under (x, y) in place. */
    public void zoom(double factor, int x, int y) {
        Coordinate anchor = toWorld(x, y);
        view = new Envelope(anchor.x - (anchor.x - view.getMinX()) * factor, anchor.x + (view.getMaxX() - anchor.x) * factor,
                anchor.y - (anchor.y - view.getMinY()) * factor, anchor.y + (view.getMaxY() - anchor.y) * factor);
        redraw();
    }

    /** The world area shown. */
    public Envelope view() {
        return new Envelope(view);
    }

    /** Pixels per world unit, the same on both axes. */
    double scale() {
        Rectangle area = getClientArea();
        return Math.max(Math.min(area.width / Math.max(view.getWidth(), 1e-12), area.height / Math.max(view.getHeight(), 1e-12)), 1e-12);
    }

    Coordinate toWorld(int x, int y) {
        double s = scale();
        return new Coordinate(view.getMinX() + x / s, view.getMaxY() - y / s);
    }

    private void paint(Event e) {
        render(e.gc, getClientArea());
    }

    /** Draws the layers, the drawn area and a rectangle being dragged into {@code gc} (also for off-screen drawing). */
    public void render(GC gc, Rectangle area) {
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        double s = scale();
        double tolerance = 1 / s;
        for (Layer layer : layers) {
            Color color = new Color(layer.color());
            gc.setForeground(color);
            gc.setBackground(color);
            for (Geometry g : layer.geometries()) {
                if (!g.getEnvelopeInternal().intersects(view)) {
                    continue;
                }
                draw(gc, g, s, tolerance, layer.outlineOnly());
            }
            color.dispose();
        }
        if (drawn != null) {
            drawRectangle(gc, drawn, s);
        }
        if (dragStart != null && drawEnd != null) {
            drawRectangle(gc, new Envelope(toWorld(dragStart.x, dragStart.y), toWorld(drawEnd.x, drawEnd.y)), s);
        }
    }

    private void drawRectangle(GC gc, Envelope env, double s) {
        int[] corners = toScreen(new Coordinate[] { new Coordinate(env.getMinX(), env.getMaxY()), new Coordinate(env.getMaxX(), env.getMinY()) }, s);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_MAGENTA));
        gc.setLineWidth(2);
        gc.setLineStyle(SWT.LINE_DASH);
        gc.drawRectangle(corners[0], corners[1], corners[2] - corners[0], corners[3] - corners[1]);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
    }

    private void draw(GC gc, Geometry g, double s, double tolerance, boolean outlineOnly) {
        Envelope env = g.getEnvelopeInternal();
        if (simplify && env.getWidth() < tolerance && env.getHeight() < tolerance) {
            int[] p = toScreen(new Coordinate[] { env.centre() }, s);
            gc.fillOval(p[0] - 2, p[1] - 2, 5, 5);
            return;
        }
        Geometry shown = simplify && g.getNumPoints() > 8 ? DouglasPeuckerSimplifier.simplify(g, tolerance) : g;
        for (int i = 0; i < shown.getNumGeometries(); i++) {
            Geometry part = shown.getGeometryN(i);
            if (part instanceof Polygon polygon) {
                int[] ring = toScreen(polygon.getExteriorRing().getCoordinates(), s);
                if (!outlineOnly) {
                    gc.setAlpha(90);
                    gc.fillPolygon(ring);
                    gc.setAlpha(255);
                }
                gc.setLineWidth(outlineOnly ? 2 : 1);
                gc.drawPolygon(ring);
            } else if (part instanceof LineString line) {
                gc.drawPolyline(toScreen(line.getCoordinates(), s));
            } else {
                int[] p = toScreen(part.getCoordinates(), s);
                gc.fillOval(p[0] - 2, p[1] - 2, 5, 5);
            }
        }
    }

    private int[] toScreen(Coordinate[] coords, double s) {
        int[] out = new int[coords.length * 2];
        for (int i = 0; i < coords.length; i++) {
            out[2 * i] = (int) Math.round((coords[i].x - view.getMinX()) * s);
            out[2 * i + 1] = (int) Math.round((view.getMaxY() - coords[i].y) * s);
        }
        return out;
    }
}
