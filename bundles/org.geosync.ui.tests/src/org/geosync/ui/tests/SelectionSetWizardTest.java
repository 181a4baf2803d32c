package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.geosync.core.Geodatabase;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.map.MapCanvas;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.BotTable;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.geosync.ui.testing.WidgetBot;
import org.geosync.ui.views.MapPreviewView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The Create Replica wizard's Selection Sets page: IDs typed or pasted per dataset are looked up in the
 * parent as they are typed, a word that is no ID or an ID naming no row keeps Finish disabled with the
 * reason (the unknown IDs named), and Finish copies exactly the selected rows plus, with related data
 * on, the rows related to them.
 */
@ExtendWith(ScreenshotOnFailure.class)
class SelectionSetWizardTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;

    private Path parent;
    private Path child;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.disconnect(parent, child);
    }

    @Test
    void createsAReplicaOfTheSelectedRowsAndTheirRelatedRows() throws Exception {
        parent = tmp.resolve("city");
        CityFixture.city(parent, 100);
        List<String> inspected;
        long buildingRows;
        try (Geodatabase gdb = Geodatabase.open(parent)) {
            buildingRows = gdb.rowCount("buildings");
            inspected = CityFixture.column(gdb, "SELECT CAST(OBJECTID AS CHAR(20)) || ' ' || GLOBALID FROM BUILDINGS"
                    + " WHERE GLOBALID IN (SELECT BUILDING_GLOBALID FROM INSPECTIONS) ORDER BY OBJECTID");
        }
        assertTrue(inspected.size() > 10, "the fixture has inspected buildings: " + inspected.size());
        String[] first = inspected.get(0).split(" +"), second = inspected.get(3).split(" +"), third = inspected.get(7).split(" +");
        Set<String> selected = Set.of(first[1].trim(), second[1].trim(), third[1].trim());

        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        GeodatabaseConnections.getDefault().add(parent);
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        catalogView.bot().tree().select("city");
        bot.menu("Replication", "Create Replica...").click();
        BotShell shell = bot.shell("Create Replica");
        WidgetBot wizard = shell.bot();

        // page 1: buildings and their inspections
        BotTable datasets = wizard.table();
        Bot.waitUntil(Condition.of("the datasets of city", () -> datasets.rowCount() >= 6 && CityFixture.error(shell) == null), 20_000);
        wizard.button("Deselect All").click();
        datasets.check(datasets.indexOf("BUILDINGS (polygon, " + buildingRows + " rows)", 0), true);
        datasets.check(datasets.indexOf("INSPECTIONS (table, " + (buildingRows / 2) + " rows)", 0), true);
        Bot.waitUntil(Condition.of("page 1 valid", () -> CityFixture.error(shell) == null));
        wizard.button("Next >").click();
        // page 2
        wizard.text("Replica name:").setText("crew");
        wizard.combo("Type:").select("two-way");
        assertNull(CityFixture.error(shell));
        wizard.button("Next >").click();
        // page 3: inspections come only as related rows of the replicated buildings
        wizard.combo("Dataset:").select("INSPECTIONS");
        wizard.button("Schema only (no rows)").click();
        wizard.button("Replicate related data (rows related to replicated rows through relationship classes)").click();
        assertNull(CityFixture.error(shell));
        wizard.button("Next >").click();

        // page 4: the selection sets
        Bot.waitUntil(Condition.of("the Selection Sets page", () -> "Selection Sets".equals(CityFixture.page(shell).getTitle())));
        BotTable overview = wizard.table();
        assertEquals(List.of("BUILDINGS", "INSPECTIONS"), overview.column(0));
        assertEquals("all rows", overview.cell(0, 1));
        assertEquals("none (schema only)", overview.cell(1, 1));
        assertNull(CityFixture.error(shell), "a selection set is optional");
        assertTrue(wizard.button("Next >").isEnabled());

        overview.select(1);
        var inspectionIds = wizard.text("ObjectIDs or GlobalIDs of INSPECTIONS:");
        inspectionIds.setText("1");
        assertEquals("INSPECTIONS is schema only, so it takes no selection set; clear its selection or untick schema only.",
                CityFixture.error(shell));
        assertFalse(wizard.button("Finish").isEnabled());
        inspectionIds.setText("");
        assertNull(CityFixture.error(shell));

        overview.select(0);
        var ids = wizard.text("ObjectIDs or GlobalIDs of BUILDINGS:");
        ids.setText(first[0] + ", seven");
        assertEquals("Selection of BUILDINGS: 'seven' is neither an ObjectID (a whole number) nor a GlobalID "
                + "(a UUID such as 123e4567-e89b-12d3-a456-426614174000).", CityFixture.error(shell), "refused at once, without a lookup");
        assertFalse(wizard.button("Finish").isEnabled());
        assertFalse(wizard.button("Next >").isEnabled());

        String stranger = "00000000-0000-4000-8000-0000000000ff";
        ids.setText(first[0] + ", 99999\n{" + stranger.toUpperCase(Locale.ROOT) + "}");
        Bot.waitUntil(Condition.of("the unknown IDs named", () -> CityFixture.error(shell) != null), 20_000);
        assertEquals("BUILDINGS has no row with ObjectID 99999, GlobalID " + stranger + "; correct or remove them.", CityFixture.error(shell));
        assertTrue(wizard.containsText("ObjectID 99999"), "the unknown IDs are named on the page");
        assertEquals("2 unknown IDs", overview.cell(0, 1));
        assertFalse(wizard.button("Finish").isEnabled());
        assertFalse(wizard.button("Next >").isEnabled());
        shot("create-replica-4-selection-unknown");

        // two ObjectIDs and a GlobalID in ArcGIS's braces, pasted one per line
        ids.setText(first[0] + "\n" + second[0] + "\n{" + third[1].toUpperCase(Locale.ROOT) + "}\n");
        Bot.waitUntil(Condition.of("the selection checked", () -> "3 selected rows".equals(overview.cell(0, 1))), 20_000);
        assertNull(CityFixture.error(shell));
        assertTrue(wizard.button("Next >").isEnabled());
        shot("create-replica-4-selection");
        wizard.button("Next >").click();

        // page 5: the child; the summary names the selection
        child = tmp.resolve("crew-child");
        wizard.text("Child geodatabase directory:").setText(child.toString());
        assertNull(CityFixture.error(shell));
        assertTrue(wizard.containsText("BUILDINGS selection of 3 rows"), "the summary names the selection");
        shot("create-replica-5-child-with-selection");
        wizard.button("Finish").click();
        shell.waitUntilClosed(10_000);
        GeodatabaseJobsIdle.await();

        // the child holds the three buildings and exactly their inspections
        try (Geodatabase p = Geodatabase.open(parent); Geodatabase c = Geodatabase.open(child)) {
            assertEquals(selected, trimmed(CityFixture.column(c, "SELECT GLOBALID FROM BUILDINGS")));
            Set<String> expectedInspections = new HashSet<>();
            for (String gid : selected) {
                expectedInspections.addAll(trimmed(CityFixture.column(p, "SELECT GLOBALID FROM INSPECTIONS WHERE BUILDING_GLOBALID = '" + gid + "'")));
            }
            assertTrue(expectedInspections.size() >= 3, "each selected building has an inspection: " + expectedInspections);
            assertEquals(expectedInspections, trimmed(CityFixture.column(c, "SELECT GLOBALID FROM INSPECTIONS")));
            Replica crew = org.geosync.core.Replicas.get(p, "crew");
            ReplicaDataset buildings = crew.getDatasets().stream().filter(d -> d.getDatasetName().equals("BUILDINGS")).findFirst().orElseThrow();
            assertEquals(3, buildings.getFilter().getSelectionOids().size(), "the selection is recorded with the replica");
        }
    }

    @Test
    void selectsTheFeaturesInTheAreaDrawnOnTheMapPreview() throws Exception {
        parent = tmp.resolve("town");
        CityFixture.city(parent, 25);
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        GeodatabaseConnections.getDefault().add(parent);
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        var catalog = catalogView.bot().tree();
        catalog.select("town", "BUILDINGS (polygon, 25 rows)");
        MapPreviewView map = (MapPreviewView) bot.viewByTitle("Map Preview").show();
        Bot.waitUntil(Condition.of("the buildings on the map", () -> UI.call(map::statusText).contains("BUILDINGS: 25 features")), 20_000);

        // a rectangle over part of the town (the wizard is modal: the area is drawn before it opens)
        MapCanvas canvas = map.canvas();
        UI.run(() -> {
            map.drawAreaAction().setChecked(true);
            map.drawAreaAction().run();
            var size = canvas.getSize();
            mouse(canvas, SWT.MouseDown, size.x / 3, size.y / 3);
            mouse(canvas, SWT.MouseMove, size.x * 2 / 3, size.y * 2 / 3);
            mouse(canvas, SWT.MouseUp, size.x * 2 / 3, size.y * 2 / 3);
            map.drawAreaAction().setChecked(false);
            map.drawAreaAction().run();
        });
        Envelope drawn = UI.call(canvas::drawnArea);
        String drawnWkt = new GeometryFactory().toGeometry(drawn).toText();
        Set<String> inside;
        GeodatabaseJobsIdle.await();
        try (Geodatabase gdb = Geodatabase.open(parent)) {
            inside = Set.copyOf(gdb.intersecting("buildings", drawnWkt));
        }
        assertTrue(inside.size() > 0 && inside.size() < 25, "the rectangle holds some of the buildings: " + inside.size());

        catalogView.show();
        catalog.select("town", "BUILDINGS (polygon, 25 rows)");
        bot.menu("Replication", "Create Replica...").click();
        BotShell shell = bot.shell("Create Replica");
        WidgetBot wizard = shell.bot();
        BotTable datasets = wizard.table();
        Bot.waitUntil(Condition.of("the datasets of town", () -> datasets.rowCount() >= 6 && CityFixture.error(shell) == null), 20_000);
        wizard.button("Deselect All").click();
        datasets.check(datasets.indexOf("BUILDINGS (polygon, 25 rows)", 0), true);
        datasets.check(datasets.indexOf("OWNERS (table, 20 rows)", 0), true);
        Bot.waitUntil(Condition.of("page 1 valid", () -> CityFixture.error(shell) == null));
        wizard.button("Next >").click();
        wizard.text("Replica name:").setText("block");
        wizard.button("Next >").click();
        wizard.button("Next >").click();
        Bot.waitUntil(Condition.of("the Selection Sets page", () -> "Selection Sets".equals(CityFixture.page(shell).getTitle())));
        BotTable rows = wizard.table();
        assertEquals(List.of("BUILDINGS", "OWNERS"), rows.column(0));
        rows.select(1);
        wizard.text("ObjectIDs or GlobalIDs of OWNERS:");
        assertFalse(wizard.button("Select the Features in the Area Drawn on the Map Preview").isEnabled(), "a table has no features on the map");
        rows.select(0);
        wizard.text("ObjectIDs or GlobalIDs of BUILDINGS:");
        wizard.button("Select the Features in the Area Drawn on the Map Preview").click();
        BotTable overview = wizard.table();
        String expected = inside.size() + (inside.size() == 1 ? " selected row" : " selected rows");
        Bot.waitUntil(Condition.of("the features in the drawn area selected", () -> expected.equals(overview.cell(0, 1))), 20_000);
        assertEquals(inside, Set.of(wizard.text("ObjectIDs or GlobalIDs of BUILDINGS:").getText().split("\n")));
        assertNull(CityFixture.error(shell));
        shot("create-replica-4-selection-from-map");
        wizard.button("Next >").click();
        child = tmp.resolve("block-child");
        wizard.text("Child geodatabase directory:").setText(child.toString());
        wizard.button("Finish").click();
        shell.waitUntilClosed(10_000);
        GeodatabaseJobsIdle.await();
        try (Geodatabase c = Geodatabase.open(child)) {
            assertEquals(inside, trimmed(CityFixture.column(c, "SELECT GLOBALID FROM BUILDINGS")));
            assertEquals(20, c.rowCount("owners"), "a dataset without a selection keeps every row");
        }
    }

    private static void mouse(MapCanvas canvas, int type, int x, int y) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = 1;
        canvas.notifyListeners(type, e);
    }

    private static Set<String> trimmed(List<String> values) {
        Set<String> out = new HashSet<>();
        values.forEach(v -> out.add(v.trim()));
        return out;
    }

    /** A screenshot once GTK has painted the latest state (it paints from its frame clock, after the event that changed it). */
    private void shot(String name) throws InterruptedException {
        Thread.sleep(400);
        UI.run(() -> { });
        bot.screenshot(name);
    }
}
