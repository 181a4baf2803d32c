package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.SpatialRelation;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.BotTable;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.geosync.ui.views.MapPreviewView;
import org.geosync.ui.views.ReplicaManagerView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Replica Manager lists a geodatabase's replicas with a replica in conflict highlighted; the
 * Properties view shows a replica through the model's item providers; the Map Preview draws its area;
 * Unregister asks first and removes the replica; Register Copy turns a side-loaded copy into a replica.
 */
@ExtendWith(ScreenshotOnFailure.class)
class ReplicaManagerTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;

    private Path parent;
    private Path copy;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.disconnect(parent, copy);
    }

    @Test
    void managesReplicas() throws Exception {
        parent = tmp.resolve("city");
        Path fieldChild = tmp.resolve("field");
        CityFixture.city(parent, 100);
        try (Geodatabase p = Geodatabase.open(parent)) {
            Replicas.create(p, fieldChild, ReplicaSpec.twoWay("field").withArea(CityFixture.EXTENT_WKT, 3857, SpatialRelation.INTERSECTS),
                    new NullProgressMonitor());
            Replicas.create(p, tmp.resolve("office"), ReplicaSpec.twoWay("office"), new NullProgressMonitor());
            // the same parcel edited on both sides, synchronized with the manual policy: field is in conflict
            String first = CityFixture.column(p, "SELECT GLOBALID FROM PARCELS WHERE PARCEL_NO = 1").get(0);
            try (Geodatabase c = Geodatabase.open(fieldChild)) {
                p.update("parcels", first, Map.of("LAND_USE", "park"), null);
                c.update("parcels", first, Map.of("LAND_USE", "school"), null);
                Replicas.synchronize(p, c, "field", SyncOptions.defaults().withPolicy(SyncOptions.Winner.MANUAL), null);
            }
            assertTrue(Replicas.get(p, "field").isInConflict());
        }

        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        GeodatabaseConnections.getDefault().add(parent);
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        var catalog = catalogView.bot().tree();
        catalog.select("city");

        var managerView = bot.viewByTitle("Replica Manager");
        managerView.show();
        BotTable table = managerView.bot().table();
        Bot.waitUntil(Condition.of("two replicas in the Replica Manager", () -> table.rowCount() == 2), 20_000);
        int field = table.indexOf("field", 0);
        int office = table.indexOf("office", 0);
        assertEquals("yes", table.cell(field, 8));
        assertEquals("no", table.cell(office, 8));
        assertEquals("sender", table.cell(office, 3));
        RGB conflictBackground = JFaceResources.getColorRegistry().getRGB(ReplicaManagerView.CONFLICT_BACKGROUND);
        assertEquals(conflictBackground, UI.call(() -> table.item(field).getBackground(0).getRGB()), "a replica in conflict is highlighted");
        assertNotEquals(conflictBackground, UI.call(() -> table.item(office).getBackground(0).getRGB()));
        assertTrue(UI.call(() -> (table.item(field).getFont(0).getFontData()[0].getStyle() & SWT.BOLD) != 0), "and bold");
        assertFalse(UI.call(() -> (table.item(office).getFont(0).getFontData()[0].getStyle() & SWT.BOLD) != 0));

        // the Catalog lists the replicas; selecting one feeds the Properties view and draws its area on the map
        catalogView.show();
        assertEquals(List.of("field (two-way, parent)", "office (two-way, parent)"), List.of(catalog.items("city", "Replicas")));
        catalog.select("city", "Replicas", "field (two-way, parent)");
        MapPreviewView map = (MapPreviewView) bot.viewByTitle("Map Preview").show();
        Bot.waitUntil(Condition.of("the replica area on the map", () -> UI.call(map::statusText).contains("replica area (intersects) in red")),
                20_000);
        catalogView.show();
        catalog.select("city", "Replicas", "field (two-way, parent)");
        var properties = bot.viewByTitle("Properties");
        properties.show();
        Tree rows = properties.bot().tree().widget();
        Bot.waitUntil(Condition.of("the replica's name in the Properties view", () -> "field".equals(value(rows, "Name"))));
        assertEquals("true", value(rows, "In Conflict"));
        assertEquals(fieldChild.toAbsolutePath().normalize().toString(), value(rows, "Relative Replica Location"));
        catalogView.show();
        catalog.select("city", "Replicas", "field (two-way, parent)");
        bot.screenshot("perspective-replica-selected");

        // unregister asks first; Cancel keeps the replica, OK removes it
        managerView.show();
        table.select(office);
        UI.run(() -> ((ReplicaManagerView) managerView.show()).viewer().getControl().setFocus());
        bot.menu("Replication", "Unregister Replica").click();
        BotShell confirm = bot.shell("Unregister Replica");
        assertTrue(confirm.bot().containsText("Unregister replica office of city?"));
        confirm.bot().button("Cancel").click();
        confirm.waitUntilClosed(5_000);
        GeodatabaseJobsIdle.await();
        assertEquals(2, table.rowCount());
        table.select(table.indexOf("office", 0));
        bot.menu("Replication", "Unregister Replica").click();
        confirm = bot.shell("Unregister Replica");
        bot.screenshot("unregister-confirmation");
        confirm.bot().button("OK").click();
        Bot.waitUntil(Condition.of("office gone from the table", () -> table.indexOf("office", 0) < 0 && table.rowCount() == 1), 20_000);

        // a side-loaded copy of field's child becomes a replica of its own, once the parent has decided field's conflict (a
        // copy of an original the parent holds open conflicts with is refused)
        GeodatabaseJobsIdle.await();
        ReplicaWorld.exclusive(() -> {
            try (Geodatabase p = Geodatabase.open(parent)) {
                Replicas.resolve(p, "field", null, org.geosync.model.ConflictResolution.TAKE_DATABASE, null);
            }
            return null;
        });
        copy = tmp.resolve("field-copy");
        CityFixture.copy(fieldChild, copy);
        managerView.show();
        bot.menu("Replication", "Register Copy...").click();
        BotShell register = bot.shell("Register Copy");
        var page = register.bot();
        Bot.waitUntil(Condition.of("the parent read", () -> "Enter the directory of the copy of a child geodatabase."
                .equals(CityFixture.error(register))), 20_000);
        page.text("Copy directory:").setText(tmp.resolve("office").toString());
        Bot.waitUntil(Condition.of("the original child refused", () -> String.valueOf(CityFixture.error(register)).contains("is not a copy of a replica")
                || String.valueOf(CityFixture.error(register)).contains("was unregistered")), 20_000);
        page.text("Copy directory:").setText(fieldChild.toString());
        Bot.waitUntil(Condition.of("the registered child refused", () -> String.valueOf(CityFixture.error(register)).contains("is already registered")),
                20_000);
        page.text("Copy directory:").setText(copy.toString());
        Bot.waitUntil(Condition.of("the copy recognized", () -> "Enter a name for the new replica.".equals(CityFixture.error(register))), 20_000);
        assertTrue(page.containsText("replica field (two-way"), "the page says which replica the copy came from");
        assertFalse(page.button("Finish").isEnabled());
        page.text("New replica name:").setText("field");
        assertTrue(CityFixture.error(register).contains("already exists"), CityFixture.error(register));
        page.text("New replica name:").setText("field2");
        Bot.waitUntil(Condition.of("the page valid", () -> CityFixture.error(register) == null));
        bot.screenshot("register-copy");
        page.button("Finish").click();
        register.waitUntilClosed(10_000);
        Bot.waitUntil(Condition.of("field2 in the table", () -> table.indexOf("field2", 0) >= 0), 20_000);
        assertEquals("two-way", table.cell(table.indexOf("field2", 0), 1));
        assertEquals(copy.toAbsolutePath().normalize().toString(), table.cell(table.indexOf("field2", 0), 9).split(" \\{")[0]);
    }

    /** The value the Properties view shows for a property, searched through its categories. */
    private static String value(Tree tree, String property) {
        return UI.call(() -> find(tree.getItems(), property));
    }

    private static String find(TreeItem[] items, String property) {
        for (TreeItem i : items) {
            if (property.equals(i.getText(0))) {
                return i.getText(1);
            }
            i.setExpanded(true);
            String inside = find(i.getItems(), property);
            if (inside != null) {
                return inside;
            }
        }
        return null;
    }
}
