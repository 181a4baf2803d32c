package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaType;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.BotTable;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.WidgetBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Create Replica wizard, page by page: every invalid input keeps Finish (and Next) disabled with the
 * reason shown; Finish creates a two-way replica with an extent and a definition query, which appears in
 * the Replica Manager and the Catalog, and whose child holds exactly the rows the filters chose.
 */
@ExtendWith(ScreenshotOnFailure.class)
class CreateReplicaWizardTest {

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
    void createsATwoWayReplicaWithAnExtentAndADefinitionQuery() throws Exception {
        parent = tmp.resolve("city");
        CityFixture.city(parent, 100);
        try (Geodatabase gdb = Geodatabase.open(parent)) {
            Replicas.create(gdb, tmp.resolve("earlier"), ReplicaSpec.twoWay("existing"), new NullProgressMonitor());
        }
        long ownerRows;
        try (Geodatabase gdb = Geodatabase.open(parent)) {
            ownerRows = gdb.rowCount("owners");
        }
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "not empty");

        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        GeodatabaseConnections.getDefault().add(parent);
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        var catalog = catalogView.bot().tree();
        catalog.select("city");

        bot.menu("Replication", "Create Replica...").click();
        BotShell shell = bot.shell("Create Replica");
        WidgetBot wizard = shell.bot();

        // page 1: the parent (the selected geodatabase) and its datasets, all checked once read
        BotTable datasets = wizard.table();
        Bot.waitUntil(Condition.of("the datasets of city", () -> datasets.rowCount() >= 6 && CityFixture.error(shell) == null), 20_000);
        bot.screenshot("create-replica-1-parent");
        wizard.button("Deselect All").click();
        Bot.waitUntil(Condition.of("the no-dataset error", () -> "Choose at least one dataset to replicate.".equals(CityFixture.error(shell))));
        assertFalse(wizard.button("Next >").isEnabled());
        assertFalse(wizard.button("Finish").isEnabled());
        int parcels = datasets.indexOf("PARCELS (polygon, 100 rows)", 0);
        int owners = datasets.indexOf("OWNERS (table, " + ownerRows + " rows)", 0);
        assertTrue(parcels >= 0 && owners >= 0, datasets.column(0).toString());
        datasets.check(parcels, true);
        datasets.check(owners, true);
        Bot.waitUntil(Condition.of("page 1 valid", () -> CityFixture.error(shell) == null));
        wizard.button("Next >").click();

        // page 2: name (empty, invalid, taken), type
        var name = wizard.text("Replica name:");
        Bot.waitUntil(Condition.of("the empty-name error", () -> "Enter a name for the replica.".equals(CityFixture.error(shell))));
        assertFalse(wizard.button("Finish").isEnabled());
        assertFalse(wizard.button("Next >").isEnabled());
        name.setText("bad name!");
        assertTrue(CityFixture.error(shell).startsWith("Invalid replica name 'bad name!'"), CityFixture.error(shell));
        name.setText("Existing");
        assertTrue(CityFixture.error(shell).contains("already exists"), CityFixture.error(shell));
        assertTrue(wizard.containsText("already exists"), "the reason is shown on the page");
        name.setText("field");
        wizard.combo("Type:").select("two-way");
        assertNull(CityFixture.error(shell));
        bot.screenshot("create-replica-2-replica");
        wizard.button("Next >").click();

        // page 3: extent (not a number, unknown EPSG), WKT (invalid), definition query (refused, then valid)
        wizard.combo("Area:").select("extent");
        assertEquals("Enter the extent's Min X.", CityFixture.error(shell));
        wizard.text("Min X:").setText("abc");
        assertEquals("Min X 'abc' is not a number.", CityFixture.error(shell));
        assertFalse(wizard.button("Next >").isEnabled());
        wizard.text("Min X:").setText(String.valueOf((long) CityFixture.EXTENT[0]));
        wizard.text("Min Y:").setText(String.valueOf((long) CityFixture.EXTENT[1]));
        wizard.text("Max X:").setText(String.valueOf((long) CityFixture.EXTENT[2]));
        wizard.text("Max Y:").setText(String.valueOf((long) CityFixture.EXTENT[3]));
        assertEquals("3857", wizard.text("EPSG:").getText(), "the EPSG code of the first feature class is proposed");
        assertNull(CityFixture.error(shell));
        wizard.text("EPSG:").setText("999999");
        assertTrue(CityFixture.error(shell).contains("Unknown EPSG code 999999"), CityFixture.error(shell));
        wizard.text("EPSG:").setText("3857");
        wizard.combo("Area:").select("WKT");
        wizard.text("WKT:").setText("POLYGON ((0 0, 1 0");
        assertTrue(CityFixture.error(shell).startsWith("The replica area is not valid: Invalid WKT"), CityFixture.error(shell));
        assertFalse(wizard.button("Finish").isEnabled());
        wizard.combo("Area:").select("extent");
        wizard.combo("Dataset:").select("PARCELS");
        var query = wizard.text("Definition query:");
        query.setText("LAND_USE = 'residential'; DROP TABLE PARCELS");
        assertTrue(CityFixture.error(shell).contains("it contains ';'"), CityFixture.error(shell));
        assertTrue(wizard.containsText("is refused"), "the engine's sentence is shown on the page");
        assertFalse(wizard.button("Next >").isEnabled());
        query.setText("NO_SUCH_FIELD = 1");
        assertTrue(CityFixture.error(shell).contains("'NO_SUCH_FIELD' is neither a field of PARCELS"), CityFixture.error(shell));
        query.setText("LAND_USE = 'residential'");
        assertNull(CityFixture.error(shell));
        bot.screenshot("create-replica-3-filters");
        wizard.button("Next >").click();

        // page 4: no selection sets (every row the filters let through)
        Bot.waitUntil(Condition.of("the Selection Sets page", () -> "Selection Sets".equals(CityFixture.page(shell).getTitle())));
        assertNull(CityFixture.error(shell));
        wizard.button("Next >").click();

        // page 5: the child directory must be new or empty
        var directory = wizard.text("Child geodatabase directory:");
        Bot.waitUntil(Condition.of("the directory error", () -> CityFixture.error(shell) != null));
        assertFalse(wizard.button("Finish").isEnabled());
        directory.setText(busy.toString());
        assertTrue(CityFixture.error(shell).contains("is not empty"), CityFixture.error(shell));
        assertFalse(wizard.button("Finish").isEnabled());
        child = tmp.resolve("field-child");
        directory.setText(child.toString());
        assertNull(CityFixture.error(shell));
        assertTrue(wizard.containsText("PARCELS where LAND_USE = 'residential'"), "the summary lists the filters");
        bot.screenshot("create-replica-5-child");
        wizard.button("Finish").click();
        shell.waitUntilClosed(10_000);
        GeodatabaseJobsIdle.await();

        // the new replica in the Replica Manager (with type and role) and in the Catalog
        var manager = bot.viewByTitle("Replica Manager");
        manager.show();
        BotTable table = manager.bot().table();
        Bot.waitUntil(Condition.of("field in the Replica Manager", () -> table.indexOf("field", 0) >= 0), 20_000);
        int row = table.indexOf("field", 0);
        assertEquals("two-way", table.cell(row, 1));
        assertEquals("parent", table.cell(row, 2));
        catalogView.show();
        Bot.waitUntil(Condition.of("field in the Catalog", () -> List.of(catalog.items("city", "Replicas")).contains("field (two-way, parent)")),
                20_000);

        // the child holds the residential parcels in the extent, and the owners, and nothing else
        GeodatabaseJobsIdle.await();
        try (Geodatabase p = Geodatabase.open(parent); Geodatabase c = Geodatabase.open(child)) {
            Replica created = Replicas.get(p, "field");
            assertEquals(ReplicaType.TWO_WAY, created.getType());
            assertEquals(ReplicaRole.PARENT, created.getRole());
            List<String> inArea = p.intersecting("parcels", CityFixture.EXTENT_WKT);
            long expected = 0;
            for (String g : inArea) {
                if ("residential".equals(p.row("parcels", g).orElseThrow().get("LAND_USE"))) {
                    expected++;
                }
            }
            assertTrue(expected > 0 && expected < 25, "the fixture has commercial parcels in the area: " + expected);
            assertEquals(expected, c.rowCount("parcels"));
            assertEquals(Set.copyOf(CityFixture.column(c, "SELECT GLOBALID FROM PARCELS")).size(), (int) expected);
            for (String g : CityFixture.column(c, "SELECT GLOBALID FROM PARCELS")) {
                assertTrue(inArea.contains(g), g + " lies in the extent");
            }
            assertEquals(p.rowCount("owners"), c.rowCount("owners"));
            // the chosen datasets, and the table of the relationship class between them (PARCEL_OWNERS)
            assertEquals(List.of("OWNERS", "PARCELS", "PARCEL_OWNERS"), c.datasets().stream().map(d -> d.name()).sorted().toList(),
                    "only the chosen datasets and their relationship table: " + c.datasets());
            assertEquals(1, c.relationshipClasses().size());
        }
    }
}
