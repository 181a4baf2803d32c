package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.RelationshipClass;
import org.geosync.core.SampleCity;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.BotTree;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create Sample Geodatabase from the Catalog: the dialog refuses what it cannot use, the job builds the
 * sample city and the Catalog lists its datasets and relationship classes, whose details the Properties
 * view shows; a cancelled creation leaves nothing behind.
 */
@ExtendWith(ScreenshotOnFailure.class)
class SampleGeodatabaseTest {

    static final String INSPECTIONS_LABEL = "BUILDING_INSPECTIONS (1:M simple, BUILDINGS \u2192 INSPECTIONS, key GLOBALID \u2192 BUILDING_GLOBALID)";
    static final String OWNERS_LABEL = "PARCEL_OWNERS (M:N attributed, PARCELS \u2192 OWNERS, keys GLOBALID \u2192 PARCEL_GLOBALID, "
            + "GLOBALID \u2192 OWNER_GLOBALID)";

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;

    private Path dir;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (dir != null) {
            GeodatabaseConnections.getDefault().remove(dir);
        }
        GeodatabaseJobsIdle.await();
    }

    @Test
    void sampleFromTheCatalogShowsItsDatasetsAndRelationshipClasses() throws Exception {
        Path existing = tmp.resolve("existing");
        try (Geodatabase gdb = Geodatabase.create(existing)) {
            assertEquals(36, gdb.guid().length());
        }
        Path busy = Files.createDirectory(tmp.resolve("busy"));
        Files.writeString(busy.resolve("keep.txt"), "x");
        dir = tmp.resolve("sample-city");

        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        bot.menu("Geodatabase", "Create Sample Geodatabase...").click();
        BotShell dialog = bot.shell("Create Sample Geodatabase");
        var ui = dialog.bot();
        assertFalse(ui.button("OK").isEnabled(), "OK is disabled while the directory is empty");
        ui.text("Directory:").setText(existing.toString());
        assertTrue(ui.containsText(existing + " is already a geodatabase; choose a new or empty directory."), "the reason is shown");
        assertFalse(ui.button("OK").isEnabled());
        ui.text("Directory:").setText(busy.toString());
        assertTrue(ui.containsText("is not empty"));
        assertFalse(ui.button("OK").isEnabled());
        ui.text("Directory:").setText(dir.toString());
        assertTrue(ui.button("OK").isEnabled(), "the feature count is optional");
        ui.text("Features:").setText("many");
        assertTrue(ui.containsText("The number of features 'many' is not a whole number."));
        assertFalse(ui.button("OK").isEnabled());
        ui.text("Features:").setText("0");
        assertTrue(ui.containsText("must be between 1 and"));
        assertFalse(ui.button("OK").isEnabled());
        ui.text("Features:").setText("60");
        shot("sample-geodatabase-dialog");
        ui.button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);

        BotTree catalog = catalogView.bot().tree();
        Bot.waitUntil(Condition.of("sample-city in the Catalog", () -> Arrays.asList(catalog.items()).contains("sample-city")), 60_000);
        GeodatabaseJobsIdle.await();
        assertEquals(List.of("keep.txt"), Files.list(busy).map(p -> p.getFileName().toString()).toList(), "the refused directory is untouched");
        List<String> items = List.of(catalog.items("sample-city"));
        assertTrue(items.contains("PARCELS (polygon, 60 rows)"), items.toString());
        assertTrue(items.contains("BUILDINGS (polygon, 60 rows)"), items.toString());
        assertTrue(items.contains("OWNERS (table, 48 rows)"), items.toString());
        assertTrue(items.contains(INSPECTIONS_LABEL), items.toString());
        assertTrue(items.contains(OWNERS_LABEL), items.toString());
        assertEquals("Replicas", items.get(items.size() - 1), "relationship classes come after the datasets, the Replicas folder last");
        assertTrue(items.indexOf(INSPECTIONS_LABEL) > items.indexOf("PARCELS (polygon, 60 rows)"));
        screenshotMaximized("Catalog", "catalog-sample-relationship-classes");

        // the engine sees what the Catalog shows
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            assertEquals(60, gdb.rowCount("parcels"));
            assertEquals(List.of(SampleCity.BUILDING_INSPECTIONS, SampleCity.PARCEL_OWNERS),
                    gdb.relationshipClasses().stream().map(RelationshipClass::name).toList());
        }

        // Properties of each relationship class
        catalog.select("sample-city", INSPECTIONS_LABEL);
        var properties = bot.viewByTitle("Properties");
        properties.show();
        BotTree rows = properties.bot().tree();
        Bot.waitUntil(Condition.of("the relationship class in the Properties view",
                () -> Arrays.asList(rows.items()).contains("Relationship Class") && values(rows, "Relationship Class").containsKey("Cardinality")));
        Map<String, String> general = values(rows, "Relationship Class");
        assertEquals("BUILDING_INSPECTIONS", general.get("Name"));
        assertEquals("Simple", general.get("Type"));
        assertEquals("1:M (one to many)", general.get("Cardinality"));
        assertEquals("BUILDINGS", general.get("Origin"));
        assertEquals("INSPECTIONS", general.get("Destination"));
        assertEquals("none (the foreign key is in INSPECTIONS)", general.get("Relationship table"));
        Map<String, String> keys = values(rows, "Keys");
        assertEquals("BUILDINGS.GLOBALID", keys.get("Origin primary key"));
        assertEquals("INSPECTIONS.BUILDING_GLOBALID", keys.get("Origin foreign key"));
        assertFalse(keys.containsKey("Destination primary key"), "a simple class has no destination keys: " + keys);

        catalogView.show();
        catalog.select("sample-city", OWNERS_LABEL);
        properties.show();
        Bot.waitUntil(Condition.of("PARCEL_OWNERS in the Properties view",
                () -> "PARCEL_OWNERS".equals(values(rows, "Relationship Class").get("Name"))));
        general = values(rows, "Relationship Class");
        assertEquals("Attributed", general.get("Type"));
        assertEquals("M:N (many to many)", general.get("Cardinality"));
        assertEquals("PARCEL_OWNERS", general.get("Relationship table"));
        keys = values(rows, "Keys");
        assertEquals("PARCELS.GLOBALID", keys.get("Origin primary key"));
        assertEquals("PARCEL_OWNERS.PARCEL_GLOBALID", keys.get("Origin foreign key"));
        assertEquals("OWNERS.GLOBALID", keys.get("Destination primary key"));
        assertEquals("PARCEL_OWNERS.OWNER_GLOBALID", keys.get("Destination foreign key"));
        assertEquals("double", values(rows, "Attributes").get("SHARE_PCT"));
        rows.expand("Attributes");
        UI.run(() -> rows.widget().getColumn(0).setWidth(220));
        screenshotMaximized("Properties", "relationship-class-properties");
    }

    @Test
    void aCancelledSampleLeavesNothingBehind() throws Exception {
        Path big = tmp.resolve("big-city");
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.viewByTitle("Catalog").show();
        bot.menu("Geodatabase", "Create Sample Geodatabase...").click();
        BotShell dialog = bot.shell("Create Sample Geodatabase");
        dialog.bot().text("Directory:").setText(big.toString());
        dialog.bot().text("Features:").setText("500000");
        dialog.bot().button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);

        Job[] job = new Job[1];
        Bot.waitUntil(Condition.of("the sample job to load rows", () -> {
            job[0] = Arrays.stream(Job.getJobManager().find(null)).filter(j -> j.getName().equals("Creating sample geodatabase big-city"))
                    .findFirst().orElse(null);
            return job[0] != null && job[0].getState() == Job.RUNNING && Files.isDirectory(big);
        }), 30_000);
        Thread.sleep(1500); // well into the load
        job[0].cancel();
        job[0].join(60_000, null);
        assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, job[0].getResult().getSeverity(), String.valueOf(job[0].getResult()));
        assertFalse(Files.exists(big), "the directory the job made is gone");
        assertFalse(GeodatabaseConnections.getDefault().list().contains(GeodatabaseLocation.of(big)), "nothing was connected");
    }

    /** A screenshot with the view filling the window (the test workbench's window is small), then the view restored. */
    private void screenshotMaximized(String title, String name) throws InterruptedException {
        IViewPart part = bot.viewByTitle(title).show();
        IWorkbenchPage page = bot.page();
        UI.run(() -> page.setPartState(page.getReference(part), IWorkbenchPage.STATE_MAXIMIZED));
        shot(name);
        UI.run(() -> page.setPartState(page.getReference(part), IWorkbenchPage.STATE_RESTORED));
    }

    /** The Properties view's rows of a category: property name to value. */
    private static Map<String, String> values(BotTree rows, String category) {
        TreeItem parent = rows.item(category);
        rows.expand(category);
        return UI.call(() -> {
            Map<String, String> out = new TreeMap<>();
            for (TreeItem i : parent.getItems()) {
                out.put(i.getText(0), i.getText(1));
            }
            return out;
        });
    }

    /** A screenshot once GTK has painted the latest state (it paints from its frame clock, after the event that changed it). */
    private void shot(String name) throws InterruptedException {
        Thread.sleep(400);
        UI.run(() -> { });
        bot.screenshot(name);
    }
}
