package org.geosync.ui.tests;

import static org.geosync.ui.tests.ReplicaWorld.REPLICA;
import static org.geosync.ui.tests.ReplicaWorld.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.ConflictDefinition;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.map.MapCanvas;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotContextMenu;
import org.geosync.ui.testing.BotTable;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.Screenshots;
import org.geosync.ui.testing.UI;
import org.geosync.ui.views.ConflictsView;
import org.geosync.ui.views.MapPreviewView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The administrator reviews the conflicts a manual synchronization kept and resolves them field by field and row by row. */
@ExtendWith(ScreenshotOnFailure.class)
class ConflictsViewTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;
    private ReplicaWorld world;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (world != null) {
            GeodatabaseConnections.getDefault().remove(world.parent);
        }
        UI.run(() -> { }); // the views react to the removal on the UI thread
        GeodatabaseJobsIdle.await();
    }

    @Test
    void conflictsAreListedWithTheirThreeVersionsAndResolvingClearsTheReplica() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        world.with(world.child, g -> {
            g.update("parcels", gid(5), Map.of("OWNER", "crew"), null);
            g.update("parcels", gid(6), Map.of("NAME", "crew name"), null);
            g.update("parcels", gid(7), Map.of(), ReplicaWorld.square(15));
            return null;
        });
        world.with(world.parent, g -> {
            g.update("parcels", gid(5), Map.of("OWNER", "city clerk"), null);
            g.update("parcels", gid(6), Map.of("NAME", "city name"), null);
            g.update("parcels", gid(7), Map.of(), ReplicaWorld.square(12));
            try (Geodatabase child = Geodatabase.open(world.child)) {
                var job = Replicas.synchronize(g, child, REPLICA,
                        SyncOptions.defaults().withPolicy(Winner.MANUAL).withConflicts(ConflictDefinition.BY_COLUMN), null);
                assertEquals(3, job.getConflicts());
            }
            return null;
        });

        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        GeodatabaseConnections.getDefault().add(world.parent);
        ConflictsView view = (ConflictsView) bot.showView(DistributedGeodatabasePerspective.CONFLICTS).show();
        var catalog = bot.viewByTitle("Catalog").bot().tree();
        Bot.waitUntil(Condition.of("city in the Catalog", () -> Arrays.asList(catalog.items()).contains("city")), 20_000);
        catalog.select("city");
        BotTable conflicts = new BotTable(UI.call(() -> view.conflictsViewer().getTable()));
        Bot.waitUntil(Condition.of("three conflicts listed", () -> conflicts.rowCount() == 3), 20_000);
        assertEquals("PARCELS", conflicts.cell(0, 0), "grouped by dataset");
        int owner = conflicts.indexOf(gid(5), 1);
        assertTrue(owner >= 0, "the conflict of parcel 5 is listed by GlobalID");
        assertEquals("update-update", conflicts.cell(owner, 2));
        assertEquals("OWNER", conflicts.cell(owner, 3));
        assertEquals(REPLICA, conflicts.cell(owner, 4));

        bot.viewByTitle("Conflicts").show();
        conflicts.select(owner);
        BotTable fields = new BotTable(UI.call(() -> view.fieldsViewer().getTable()));
        Bot.waitUntil(Condition.of("the fields of the conflict", () -> fields.indexOf("OWNER", 0) >= 0));
        int row = fields.indexOf("OWNER", 0);
        assertEquals("city", fields.cell(row, 1), "common ancestor");
        assertEquals("city clerk", fields.cell(row, 2), "this database");
        assertEquals("crew", fields.cell(row, 3), "imported");
        int name = fields.indexOf("NAME", 0);
        assertTrue(UI.call(() -> (fields.widget().getItem(row).getFont(0).getFontData()[0].getStyle() & SWT.BOLD) != 0),
                "the conflicting field is bold");
        assertFalse(UI.call(() -> (fields.widget().getItem(name).getFont(0).getFontData()[0].getStyle() & SWT.BOLD) != 0),
                "a field that does not conflict is not");
        fields.select(row);
        Path shot = bot.screenshot("conflicts-view");
        assertNotNull(shot);

        // a moved parcel: both versions of its SHAPE are drawn on the Map Preview
        MapCanvas canvas = ((MapPreviewView) bot.viewByTitle("Map Preview").show()).canvas();
        bot.viewByTitle("Conflicts").show();
        conflicts.select(conflicts.indexOf(gid(7), 1));
        assertEquals("SHAPE", conflicts.cell(conflicts.indexOf(gid(7), 1), 3));
        // GTK 3 paints from its frame clock: wait for the pixels
        Bot.waitUntil(Condition.of("this database's SHAPE in blue and the imported one in orange on the Map Preview", () -> {
            UI.run(canvas::update);
            return UI.call(() -> pixels(canvas, new RGB(30, 90, 200)) > 50 && pixels(canvas, new RGB(230, 120, 0)) > 50);
        }));
        bot.screenshot("conflicts-view-shape-on-map");

        // per field: take the imported OWNER of parcel 5
        conflicts.select(conflicts.indexOf(gid(5), 1));
        Bot.waitUntil(Condition.of("the fields of parcel 5", () -> "crew".equals(fields.cell(fields.indexOf("OWNER", 0), 3))));
        fields.select(fields.indexOf("OWNER", 0));
        new BotContextMenu(fields.widget()).item("Take Imported Value of OWNER").click();
        Bot.waitUntil(Condition.of("two conflicts left", () -> conflicts.rowCount() == 2), 20_000);
        GeodatabaseJobsIdle.await();
        assertEquals("crew", world.value(world.parent, 5, "OWNER"), "the imported value was written");
        assertTrue(world.with(world.parent, g -> Replicas.get(g, REPLICA).isInConflict()), "one conflict is still open");

        // per row: take the imported values of parcel 6
        conflicts.select(conflicts.indexOf(gid(6), 1));
        new BotContextMenu(conflicts.widget()).item("Take Imported").click();
        Bot.waitUntil(Condition.of("one conflict left", () -> conflicts.rowCount() == 1), 20_000);
        GeodatabaseJobsIdle.await();
        Object parentShape = world.value(world.parent, 7, "SHAPE");
        assertTrue(world.with(world.parent, g -> Replicas.get(g, REPLICA).isInConflict()), "parcel 7 still conflicts");

        // a whole dataset: keep this database's values for every conflict of PARCELS
        conflicts.select(0);
        new BotContextMenu(conflicts.widget()).item("Take This Database (All of PARCELS)").click();
        Bot.waitUntil(Condition.of("no conflict left", () -> conflicts.rowCount() == 0), 20_000);
        Bot.waitUntil(Condition.of("the view to say the replica is no longer in conflict", () -> UI.call(() -> bot.viewByTitle("Conflicts")
                .bot().all(Label.class).stream().anyMatch(l -> l.getText().contains("Replica r is no longer in conflict.")))));
        bot.screenshot("conflicts-view-resolved");
        GeodatabaseJobsIdle.await();
        assertEquals("crew name", world.value(world.parent, 6, "NAME"));
        assertEquals(ReplicaWorld.square(12), parentShape, "this database's SHAPE");
        assertEquals(parentShape, world.value(world.parent, 7, "SHAPE"), "taking this database keeps its SHAPE");
        assertFalse(world.with(world.parent, g -> Replicas.get(g, REPLICA).isInConflict()), "resolving the last conflict clears the state");
    }

    private static int pixels(MapCanvas canvas, RGB color) {
        ImageData data = Screenshots.pixels(canvas);
        int count = 0;
        for (int y = 0; y < data.height; y++) {
            for (int x = 0; x < data.width; x++) {
                RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                if (Math.abs(rgb.red - color.red) < 40 && Math.abs(rgb.green - color.green) < 40 && Math.abs(rgb.blue - color.blue) < 40) {
                    count++;
                }
            }
        }
        return count;
    }
}
