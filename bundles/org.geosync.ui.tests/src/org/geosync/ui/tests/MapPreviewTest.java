package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.map.MapCanvas;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.Screenshots;
import org.geosync.ui.testing.UI;
import org.geosync.ui.views.MapPreviewView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.io.WKTReader;

/** The Map Preview draws geometries, zooms around the cursor and returns to the full extent. */
@ExtendWith(ScreenshotOnFailure.class)
class MapPreviewTest {

    private final Bot bot = new Bot();

    @Test
    void drawsFeaturesAndZooms() throws Exception {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        MapPreviewView view = (MapPreviewView) bot.viewByTitle("Map Preview").show();
        WKTReader wkt = new WKTReader();
        GeometryFactory gf = new GeometryFactory();
        List<Geometry> parcels = List.of(wkt.read("POLYGON ((0 0, 40 0, 40 30, 0 30, 0 0))"),
                wkt.read("POLYGON ((50 10, 90 10, 90 60, 50 60, 50 10))"));
        List<Geometry> mains = List.of(wkt.read("LINESTRING (0 70, 30 80, 60 75, 100 90)"));
        List<Geometry> hydrants = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            hydrants.add(gf.createPoint(new Coordinate((i * 37) % 100, (i * 53) % 100)));
        }
        GeodatabaseJobsIdle.await(); // a preview still loading from an earlier selection would replace these layers
        MapCanvas canvas = view.canvas();
        UI.run(() -> canvas.setLayers(List.of(new MapCanvas.Layer("parcels", parcels, new RGB(60, 160, 90), false),
                new MapCanvas.Layer("water mains", mains, new RGB(30, 90, 200), false),
                new MapCanvas.Layer("hydrants", hydrants, new RGB(210, 40, 40), false))));
        // painting is asynchronous (GTK may deliver the expose after update()): poll until the features show
        int[] drawn = new int[1];
        Bot.waitUntil(org.geosync.ui.testing.Condition.of("features drawn on the map", () -> {
            UI.run(canvas::update);
            drawn[0] = UI.call(() -> nonWhitePixels(canvas));
            return drawn[0] > 2000;
        }));
        assertTrue(drawn[0] > 2000, "features are drawn: " + drawn[0] + " non-background pixels");
        bot.screenshot("map-preview");

        Envelope full = UI.call(canvas::view);
        UI.run(() -> canvas.zoom(0.5, canvas.getSize().x / 2, canvas.getSize().y / 2));
        Envelope zoomed = UI.call(canvas::view);
        assertEquals(full.getWidth() / 2, zoomed.getWidth(), 1e-9, "zooming in halves the width shown");
        UI.run(canvas::zoomToExtent);
        assertEquals(full, UI.call(canvas::view), "double-click/zoom to extent restores the full view");
    }

    private static int nonWhitePixels(MapCanvas canvas) {
        ImageData data = Screenshots.pixels(canvas);
        int count = 0;
        for (int y = 0; y < data.height; y++) {
            for (int x = 0; x < data.width; x++) {
                RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                if (rgb.red < 240 || rgb.green < 240 || rgb.blue < 240) {
                    count++;
                }
            }
        }
        return count;
    }
}
