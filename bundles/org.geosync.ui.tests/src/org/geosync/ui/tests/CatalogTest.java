package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.geosync.core.Geodatabase;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The administrator creates, adds and removes geodatabase connections in the Catalog. */
@ExtendWith(ScreenshotOnFailure.class)
class CatalogTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;

    @Test
    void newGeodatabaseAppearsInTheCatalogAndOpensThroughTheEngine() throws Exception {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        Path busy = Files.createDirectory(tmp.resolve("busy"));
        Files.writeString(busy.resolve("keep.txt"), "x");
        Path dir = tmp.resolve("field-office");

        bot.menu("Geodatabase", "New Geodatabase...").click();
        BotShell dialog = bot.shell("New Geodatabase");
        assertFalse(dialog.bot().button("OK").isEnabled(), "OK is disabled while the directory is empty");
        dialog.bot().text("Directory:").setText(busy.toString());
        assertTrue(dialog.bot().containsText("is not empty"), "the reason is shown");
        assertFalse(dialog.bot().button("OK").isEnabled());
        dialog.bot().text("Directory:").setText(dir.toString());
        bot.screenshot("new-geodatabase-dialog");
        dialog.bot().button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);

        var catalog = bot.viewByTitle("Catalog").bot().tree();
        Bot.waitUntil(Condition.of("field-office in the Catalog",
                () -> Arrays.asList(catalog.items()).contains("field-office")), 20_000);
        bot.screenshot("catalog-with-new-geodatabase");
        assertEquals("keep.txt", Files.list(busy).findFirst().orElseThrow().getFileName().toString(), "the refused directory is untouched");
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            assertEquals(36, gdb.guid().length());
        }

        catalog.select("field-office");
        var properties = bot.viewByTitle("Properties");
        properties.show();
        var rows = properties.bot().tree();
        Bot.waitUntil(Condition.of("GUID in the Properties view",
                () -> Arrays.asList(rows.items("Geodatabase")).contains("GUID")));
        bot.screenshot("catalog-properties");
        bot.viewByTitle("Catalog").show(); // commands act on the active part's selection
        catalog.select("field-office");
        bot.menu("Geodatabase", "Remove Connection").click();
        BotShell confirm = bot.shell("Remove Connection");
        confirm.bot().button("OK").click();
        Bot.waitUntil(Condition.of("field-office to leave the Catalog",
                () -> !Arrays.asList(catalog.items()).contains("field-office")), 20_000);
        assertTrue(Files.isRegularFile(dir.resolve("service.properties")), "removing a connection keeps the geodatabase");
        GeodatabaseJobsIdle.await();
    }

    @Test
    void addingADirectoryThatIsNotAGeodatabaseIsRefusedOnTheDialog() throws Exception {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        Path photos = Files.createDirectory(tmp.resolve("photos"));
        bot.menu("Geodatabase", "Add Geodatabase...").click();
        BotShell dialog = bot.shell("Add Geodatabase");
        dialog.bot().text("Directory:").setText(photos.toString());
        assertTrue(dialog.bot().containsText("is not a geodatabase"));
        assertFalse(dialog.bot().button("OK").isEnabled());
        dialog.bot().button("Cancel").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);
    }

    @Test
    void anExistingGeodatabaseIsAddedToTheCatalog() throws Exception {
        Path dir = tmp.resolve("depot");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            assertEquals(36, gdb.guid().length());
        }
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.menu("Geodatabase", "Add Geodatabase...").click();
        BotShell dialog = bot.shell("Add Geodatabase");
        dialog.bot().text("Directory:").setText(dir.toString());
        dialog.bot().button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);
        var catalog = bot.viewByTitle("Catalog").bot().tree();
        Bot.waitUntil(Condition.of("depot in the Catalog", () -> Arrays.asList(catalog.items()).contains("depot")), 20_000);
        GeodatabaseJobsIdle.await();
        org.geosync.ui.catalog.GeodatabaseConnections.getDefault().remove(dir);
    }
}
