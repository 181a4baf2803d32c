package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.map.MapCanvas;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.geosync.ui.views.MapPreviewView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/** A rectangle dragged on the Map Preview in Draw Area mode becomes the Create Replica wizard's extent. */
@ExtendWith(ScreenshotOnFailure.class)
class DrawAreaTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;

    private Path parent;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (parent != null) {
            GeodatabaseConnections.getDefault().remove(parent);
        }
        GeodatabaseJobsIdle.await();
    }

    @Test
    void theDrawnAreaFillsTheExtent() throws Exception {
        parent = tmp.resolve("town");
        CityFixture.city(parent, 25);
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        GeodatabaseConnections.getDefault().add(parent);
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        var catalog = catalogView.bot().tree();
        catalog.select("town", "PARCELS (polygon, 25 rows)");
        MapPreviewView map = (MapPreviewView) bot.viewByTitle("Map Preview").show();
        Bot.waitUntil(Condition.of("the parcels on the map", () -> UI.call(map::statusText).contains("PARCELS: 25 features")), 20_000);
        var manager = bot.viewByTitle("Replica Manager").bot();
        Bot.waitUntil(Condition.of("the Replica Manager following the dataset's geodatabase", () -> manager.containsText("town: no replicas")),
                20_000);
        bot.viewByTitle("Map Preview").show();

        MapCanvas canvas = map.canvas();
        UI.run(() -> {
            map.drawAreaAction().setChecked(true);
            map.drawAreaAction().run();
            var size = canvas.getSize();
            mouse(canvas, SWT.MouseDown, size.x / 4, size.y / 4);
            mouse(canvas, SWT.MouseMove, size.x / 2, size.y / 2);
            mouse(canvas, SWT.MouseUp, size.x / 2, size.y / 2);
            map.drawAreaAction().setChecked(false);
            map.drawAreaAction().run();
        });
        Envelope drawn = UI.call(canvas::drawnArea);
        assertNotNull(drawn, "a rectangle was drawn");
        assertTrue(drawn.getWidth() > 0 && drawn.getHeight() > 0, drawn.toString());
        bot.screenshot("map-preview-drawn-area");

        catalogView.show();
        catalog.select("town");
        bot.menu("Replication", "Create Replica...").click();
        BotShell shell = bot.shell("Create Replica");
        var wizard = shell.bot();
        Bot.waitUntil(Condition.of("the datasets read", () -> CityFixture.error(shell) == null), 20_000);
        wizard.button("Next >").click();
        wizard.text("Replica name:").setText("drawn");
        wizard.button("Next >").click();
        wizard.button("Use the area drawn on the Map Preview").click();
        Bot.waitUntil(Condition.of("the extent filled in", () -> "extent".equals(wizard.combo("Area:").selection())));
        assertEquals(drawn.getMinX(), Double.parseDouble(wizard.text("Min X:").getText()), 1e-3);
        assertEquals(drawn.getMaxY(), Double.parseDouble(wizard.text("Max Y:").getText()), 1e-3);
        assertEquals("3857", wizard.text("EPSG:").getText(), "the EPSG code of the features drawn");
        assertNull(CityFixture.error(shell));
        bot.screenshot("create-replica-area-from-map");
        wizard.button("Cancel").click();
        shell.waitUntilClosed(5_000);
    }

    private static void mouse(MapCanvas canvas, int type, int x, int y) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = 1;
        canvas.notifyListeners(type, e);
    }
}
