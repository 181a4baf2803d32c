package org.geosync.ui.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;
import org.geosync.ui.map.MapCanvas;
import org.geosync.ui.testing.UI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * How long the Map Preview takes to draw 100,000 polygons (24 vertices each) with and without its
 * scale-aware simplification, at the full extent and zoomed in to a tenth of it. A benchmark, not a
 * test: its name does not match the test patterns, so the build never runs it. Run it on its own with
 * {@code xvfb-run -a ./mvnw -o verify -pl bundles/org.geosync.ui.tests -am -Dtest=MapCanvasBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} and read the figures on standard output.
 */
@Tag("benchmark")
class MapCanvasBenchmark {

    private static final int FEATURES = 100_000;
    private static final int VERTICES = 24;
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 900;
    private static final int ROUNDS = 5;

    @Test
    void draw100kPolygons() {
        List<Geometry> polygons = polygons();
        UI.run(() -> {
            Shell shell = new Shell(UI.display());
            try {
                MapCanvas canvas = new MapCanvas(shell);
                canvas.setSize(WIDTH, HEIGHT);
                canvas.setLayers(List.of(new MapCanvas.Layer("parcels", polygons, new RGB(40, 120, 200), false)));
                Image image = new Image(UI.display(), WIDTH, HEIGHT);
                try {
                    report("full extent", canvas, image);
                    canvas.zoom(0.1, WIDTH / 2, HEIGHT / 2);
                    report("zoomed to 1/10", canvas, image);
                } finally {
                    image.dispose();
                }
            } finally {
                shell.dispose();
            }
        });
    }

    private static void report(String what, MapCanvas canvas, Image image) {
        // warm up both paths before timing either
        canvas.setSimplify(false);
        best(canvas, image);
        canvas.setSimplify(true);
        best(canvas, image);
        long simplified = best(canvas, image);
        canvas.setSimplify(false);
        long full = best(canvas, image);
        canvas.setSimplify(true);
        System.out.println(String.format(Locale.ROOT,
                "MapCanvas, %,d polygons x %d vertices, %s: simplified %,d ms, not simplified %,d ms, ratio %.1fx", FEATURES, VERTICES, what,
                simplified, full, full / (double) Math.max(simplified, 1)));
    }

    /** The fastest of a few draws into an off-screen image, in milliseconds. */
    private static long best(MapCanvas canvas, Image image) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            GC gc = new GC(image);
            try {
                long start = System.nanoTime();
                canvas.render(gc, new Rectangle(0, 0, WIDTH, HEIGHT));
                best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            } finally {
                gc.dispose();
            }
        }
        return best;
    }

    /** Round parcels on a square grid, like a city's 100,000 parcels in metres. */
    private static List<Geometry> polygons() {
        GeometryFactory gf = new GeometryFactory();
        int columns = (int) Math.ceil(Math.sqrt(FEATURES));
        List<Geometry> out = new ArrayList<>(FEATURES);
        for (int i = 0; i < FEATURES; i++) {
            double cx = (i % columns) * 100 + 50, cy = (i / columns) * 100 + 50;
            Coordinate[] ring = new Coordinate[VERTICES + 1];
            for (int v = 0; v < VERTICES; v++) {
                double a = 2 * Math.PI * v / VERTICES;
                ring[v] = new Coordinate(cx + 40 * Math.cos(a), cy + 40 * Math.sin(a));
            }
            ring[VERTICES] = ring[0];
            out.add(gf.createPolygon(ring));
        }
        return out;
    }
}
