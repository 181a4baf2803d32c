package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotView;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The administrator opens the Distributed Geodatabase perspective and finds its views. */
@ExtendWith(ScreenshotOnFailure.class)
class PerspectiveTest {

    private final Bot bot = new Bot();

    @Test
    void perspectiveShowsItsViews() throws Exception {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        assertEquals(DistributedGeodatabasePerspective.ID, bot.activePerspectiveId());

        for (String title : new String[] { "Catalog", "Replica Manager", "Map Preview", "Properties" }) {
            BotView view = bot.viewByTitle(title);
            assertEquals(title, view.title());
        }
        // views stacked behind Replica Manager exist in the perspective too
        assertEquals("Conflicts", bot.viewByTitle("Conflicts").title());
        assertEquals("Message History", bot.viewByTitle("Message History").title());

        var replicaTable = bot.viewByTitle("Replica Manager").bot().table().widget();
        assertTrue(org.geosync.ui.testing.UI.call(() -> java.util.Arrays.stream(replicaTable.getColumns()).map(c -> c.getText()).toList())
                .containsAll(java.util.List.of("Name", "Type", "Role", "In Conflict", "Relative Replica")), "the Replica Manager's columns");

        Path shot = bot.screenshot("perspective");
        assertTrue(Files.size(shot) > 1000, "screenshot written: " + shot);
    }
}
