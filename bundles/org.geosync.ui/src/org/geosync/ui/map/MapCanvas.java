package org.geosync.ui.map;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
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
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Draws layers of JTS geometries with pan (drag), zoom (wheel, around the cursor) and zoom to extent.
 * Level of detail, so a million features redraw in a fraction of a second (see MapPreviewBenchmark in the
 * workbench tests for the figures): features smaller than a few pixels are drawn as specks and rings and
 * lines keep only the vertices that land on a new pixel; a layer's many specks and points are stamped
 * into one image (one pixel cell drawn once, however many features fall in it) instead of one call each;
 * a spatial index (built off the UI thread by {@link #prepare}) hands over only the features in view; and
 * the drawn layers are kept in an image that a repaint reuses and a pan drags along until the mouse is
 * released.
 */
public class MapCanvas extends Canvas {

    /** One layer: its geometries and the colour they are drawn in; an outline layer is not filled. */
    public record Layer(String name, List<Geometry> geometries, RGB color, boolean outlineOnly) {
    }

    /**
     * Layers made ready to draw: per layer with many geometries a spatial index, and every layer's extent.
     * Made by {@link MapCanvas#prepare} in any thread, since indexing a million features takes a while.
     */
    public static final class Prepared {
        final List<Layer> layers;
        /** Per layer its index, or null for a layer with few geometries. */
        final List<STRtree> indexes;
        final List<Envelope> extents;
        final Envelope extent = new Envelope();

        private Prepared(List<Layer> layers) {
            this.layers = List.copyOf(layers);
            indexes = new ArrayList<>(layers.size());
            extents = new ArrayList<>(layers.size());
            for (Layer l : layers) {
                Envelope e = new Envelope();
                STRtree index = l.geometries().size() > INDEX_THRESHOLD ? new STRtree() : null;
                for (Geometry g : l.geometries()) {
                    Envelope ge = g.getEnvelopeInternal();
                    e.expandToInclude(ge);
                    if (index != null) {
                        index.insert(ge, g);
                    }
                }
                if (index != null) {
                    index.build();
                }
                indexes.add(index);
                extents.add(e);
                extent.expandToInclude(e);
            }
        }
    }

    private Prepared prepared = new Prepared(List.of());
    /** The layers as last drawn, for repaints and pans; valid while the view, size and drawing options stay those below. */
    private Image cache;
    private Envelope cacheView;
    private boolean cacheSimplify;
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
        addListener(SWT.Dispose, e -> forgetCache());
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
        forgetCache();
        redraw();
    }

    /** Indexes layers for drawing; call it off the UI thread for large layers and hand the result to {@link #setLayers(Prepared)}. */
    public static Prepared prepare(List<Layer> layers) {
        return new Prepared(layers);
    }

    /** Replaces the layers and zooms to their extent (indexing them here: large layers go through {@link #prepare} in a job). */
    public void setLayers(List<Layer> newLayers) {
        setLayers(prepare(newLayers));
    }

    /** Replaces the layers with layers already prepared and zooms to their extent. */
    public void setLayers(Prepared layers) {
        checkWidget();
        prepared = layers;
        forgetCache();
        zoomToExtent();
    }

    /** Fits the view to every layer's geometries. */
    public void zoomToExtent() {
        Envelope all = new Envelope(prepared.extent);
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

    /**
     * Paints from the image of the layers last drawn: as it is when the view is unchanged (a repaint), moved along
     * while a pan is dragged (drawn anew when the mouse is released), and drawn anew for any other view.
     */
    private void paint(Event e) {
        Rectangle area = getClientArea();
        if (area.width <= 0 || area.height <= 0) {
            return;
        }
        GC gc = e.gc;
        double s = scale();
        boolean panning = dragStart != null && !drawMode && dragView != null;
        boolean sameSize = cache != null && cache.getBounds().width == area.width && cache.getBounds().height == area.height;
        if (panning && sameSize && cacheView != null && cacheSimplify == simplify
                && Math.abs(cacheView.getWidth() - view.getWidth()) <= 1e-9 * Math.max(1, view.getWidth())) {
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.fillRectangle(area);
            gc.drawImage(cache, area.x + (int) Math.round((cacheView.getMinX() - view.getMinX()) * s),
                    area.y + (int) Math.round((view.getMaxY() - cacheView.getMaxY()) * s));
        } else {
            if (!sameSize || !view.equals(cacheView) || cacheSimplify != simplify) {
                forgetCache();
                cache = new Image(getDisplay(), area.width, area.height);
                GC cacheGc = new GC(cache);
                try {
                    renderLayers(cacheGc, new Rectangle(0, 0, area.width, area.height));
                } finally {
                    cacheGc.dispose();
                }
                cacheView = new Envelope(view);
                cacheSimplify = simplify;
            }
            gc.drawImage(cache, area.x, area.y);
        }
        renderAreas(gc, s);
    }

    private void forgetCache() {
        if (cache != null) {
            cache.dispose();
        }
        cache = null;
        cacheView = null;
    }

    /** Draws the layers, the drawn area and a rectangle being dragged into {@code gc} (also for off-screen drawing). */
    public void render(GC gc, Rectangle area) {
        renderLayers(gc, area);
        renderAreas(gc, scale());
    }

    private void renderLayers(GC gc, Rectangle area) {
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        double s = scale();
        for (int l = 0; l < prepared.layers.size(); l++) {
            Layer layer = prepared.layers.get(l);
            Shapes shapes = new Shapes();
            STRtree index = prepared.indexes.get(l);
            if (index != null && !view.contains(prepared.extents.get(l))) {
                // only the geometries in view, in the order the index holds them
                index.query(view, item -> collect((Geometry) item, s, shapes));
            } else if (index != null) {
                // the whole layer is in view: no need to ask the index or each geometry
                for (Geometry g : layer.geometries()) {
                    collect(g, s, shapes);
                }
            } else {
                for (Geometry g : layer.geometries()) {
                    if (g.getEnvelopeInternal().intersects(view)) {
                        collect(g, s, shapes);
                    }
                }
            }
            // antialiasing costs more than it shows when features are a few pixels each
            gc.setAntialias(!simplify || shapes.count() < ANTIALIAS_LIMIT ? SWT.ON : SWT.OFF);
            Color color = new Color(layer.color());
            gc.setForeground(color);
            gc.setBackground(color);
            if (!layer.outlineOnly() && !shapes.rings.isEmpty()) {
                // all fills first, then all outlines: one change of transparency per layer, not two per feature
                gc.setAlpha(90);
                for (int[] ring : shapes.rings) {
                    gc.fillPolygon(ring);
                }
                gc.setAlpha(255);
            }
            gc.setLineWidth(layer.outlineOnly() ? 2 : 1);
            for (int[] ring : shapes.rings) {
                gc.drawPolygon(ring);
            }
            gc.setLineWidth(1);
            for (int[] line : shapes.lines) {
                gc.drawPolyline(line);
            }
            if (simplify && shapes.points.size() / 2 + shapes.specks.size() / 2 > STAMP_THRESHOLD) {
                stamp(gc, area, layer.color(), shapes);
            } else {
                for (int i = 0; i + 1 < shapes.points.size(); i += 2) {
                    gc.fillOval(shapes.points.get(i) - 2, shapes.points.get(i + 1) - 2, 5, 5);
                }
                for (int i = 0; i + 1 < shapes.specks.size(); i += 2) {
                    gc.fillRectangle(shapes.specks.get(i) - 1, shapes.specks.get(i + 1) - 1, 3, 3);
                }
            }
            color.dispose();
        }
        gc.setAntialias(SWT.ON);
    }

    /**
     * Draws many points (5-pixel discs) and specks (3-pixel squares) as one image: each sets the opacity of its
     * pixels in a mask of the area, so a pixel is written once however many features fall on it, and the image
     * goes to the screen in one call instead of one call per feature.
     */
    private void stamp(GC gc, Rectangle area, RGB rgb, Shapes shapes) {
        int w = area.width;
        int h = area.height;
        ImageData data = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        int pixel = data.palette.getPixel(rgb);
        for (int x = 0; x < w; x++) {
            data.setPixel(x, 0, pixel);
        }
        for (int y = 1; y < h; y++) {
            System.arraycopy(data.data, 0, data.data, y * data.bytesPerLine, data.bytesPerLine);
        }
        byte[] alpha = new byte[w * h];
        for (int i = 0; i + 1 < shapes.points.size(); i += 2) {
            int cx = shapes.points.get(i) - area.x;
            int cy = shapes.points.get(i + 1) - area.y;
            for (int dy = -2; dy <= 2; dy++) {
                int span = Math.abs(dy) == 2 ? 1 : 2; // a disc of 5 pixels: the corners left out
                fill(alpha, w, h, cx - span, cx + span, cy + dy);
            }
        }
        for (int i = 0; i + 1 < shapes.specks.size(); i += 2) {
            int cx = shapes.specks.get(i) - area.x;
            int cy = shapes.specks.get(i + 1) - area.y;
            for (int dy = -1; dy <= 1; dy++) {
                fill(alpha, w, h, cx - 1, cx + 1, cy + dy);
            }
        }
        data.alphaData = alpha;
        Image image = new Image(getDisplay(), data);
        try {
            gc.drawImage(image, area.x, area.y);
        } finally {
            image.dispose();
        }
    }

    /** Makes pixels x0..x1 of row y opaque in the mask (what lies outside the area is left out). */
    private static void fill(byte[] alpha, int w, int h, int x0, int x1, int y) {
        if (y < 0 || y >= h) {
            return;
        }
        int from = Math.max(x0, 0);
        int to = Math.min(x1, w - 1);
        for (int x = from; x <= to; x++) {
            alpha[y * w + x] = (byte) 0xFF;
        }
    }

    /** Draws the drawn area and a rectangle being dragged over the layers. */
    private void renderAreas(GC gc, double s) {
        if (drawn != null) {
            drawRectangle(gc, drawn, s);
        }
        if (dragStart != null && drawEnd != null) {
            drawRectangle(gc, new Envelope(toWorld(dragStart.x, dragStart.y), toWorld(drawEnd.x, drawEnd.y)), s);
        }
    }

    private void drawRectangle(GC gc, Envelope env, double s) {
        int[] corners = { screenX(env.getMinX(), s), screenY(env.getMaxY(), s), screenX(env.getMaxX(), s), screenY(env.getMinY(), s) };
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_MAGENTA));
        gc.setLineWidth(2);
        gc.setLineStyle(SWT.LINE_DASH);
        gc.drawRectangle(corners[0], corners[1], corners[2] - corners[0], corners[3] - corners[1]);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
    }

    /** Layers with more geometries than this get a spatial index. */
    private static final int INDEX_THRESHOLD = 2_000;
    /** Beyond this many shapes in a layer, simplified drawing turns antialiasing off. */
    private static final int ANTIALIAS_LIMIT = 20_000;
    /** Simplified drawing shows a feature smaller than this many pixels as a speck. */
    private static final double SPECK_PIXELS = 3;
    /** Beyond this many points and specks in a layer, they are stamped into one image rather than drawn one by one. */
    private static final int STAMP_THRESHOLD = 2_000;

    /** What one layer draws, in screen coordinates. */
    private static final class Shapes {
        final List<int[]> rings = new ArrayList<>();
        final List<int[]> lines = new ArrayList<>();
        final IntList points = new IntList();
        final IntList specks = new IntList();

        int count() {
            return rings.size() + lines.size() + points.size() / 2 + specks.size() / 2;
        }
    }

    /** A growable list of ints without boxing. */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int a, int b) {
            if (size + 2 > values.length) {
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = a;
            values[size++] = b;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }
    }

    /**
     * Turns a geometry into screen shapes. Simplified (the default): a feature smaller than a few pixels
     * becomes a speck, and every ring or line keeps only vertices that land on a new pixel, so the work
     * follows what the screen can show rather than the data's detail.
     */
    private void collect(Geometry g, double s, Shapes out) {
        Envelope env = g.getEnvelopeInternal();
        if (simplify && env.getWidth() * s < SPECK_PIXELS && env.getHeight() * s < SPECK_PIXELS && !(g instanceof org.locationtech.jts.geom.Point)) {
            out.specks.add(screenX(env.centre().x, s), screenY(env.centre().y, s));
            return;
        }
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon polygon) {
                out.rings.add(toScreen(polygon.getExteriorRing().getCoordinateSequence(), s));
            } else if (part instanceof LineString line) {
                out.lines.add(toScreen(line.getCoordinateSequence(), s));
            } else if (!part.isEmpty()) {
                Coordinate c = part.getCoordinate();
                out.points.add(screenX(c.x, s), screenY(c.y, s));
            }
        }
    }

    private int screenX(double x, double s) {
        return (int) Math.round((x - view.getMinX()) * s);
    }

    private int screenY(double y, double s) {
        return (int) Math.round((view.getMaxY() - y) * s);
    }

    private int[] toScreen(org.locationtech.jts.geom.CoordinateSequence seq, double s) {
        int n = seq.size();
        int[] out = new int[n * 2];
        int size = 0;
        for (int i = 0; i < n; i++) {
            int x = screenX(seq.getX(i), s);
            int y = screenY(seq.getY(i), s);
            if (simplify && size > 0 && i < n - 1 && out[size - 2] == x && out[size - 1] == y) {
                continue; // the same pixel as the vertex before: nothing to see
            }
            out[size++] = x;
            out[size++] = y;
        }
        return size == out.length ? out : java.util.Arrays.copyOf(out, size);
    }
}
