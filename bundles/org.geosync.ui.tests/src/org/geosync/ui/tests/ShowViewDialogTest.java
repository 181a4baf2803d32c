package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An administrator who closed a GeoSync view gets it back through Window > Show View > Other...:
 * drives a real dialog through the bot (menu, shell, tree, button).
 */
@ExtendWith(ScreenshotOnFailure.class)
class ShowViewDialogTest {

    private final Bot bot = new Bot();

    @Test
    void closedViewComesBackThroughTheShowViewDialog() {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        bot.viewByTitle("Message History").close();
        Bot.waitUntil(Condition.of("Message History to close", () -> !isOpen("Message History")));

        bot.menu("Window", "Show View", "Other...").click();
        BotShell dialog = bot.shell("Show View");
        String[] categories = dialog.bot().tree().items();
        assertTrue(Arrays.asList(categories).contains("GeoSync"), "GeoSync category among " + Arrays.toString(categories));
        assertTrue(Arrays.asList(dialog.bot().tree().items("GeoSync")).contains("Conflicts"));
        dialog.bot().tree().select("GeoSync", "Message History");
        bot.screenshot("show-view-dialog");
        dialog.bot().button("Open").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);

        Bot.waitUntil(Condition.of("Message History to reopen", () -> isOpen("Message History")));
        assertFalse(dialog.isOpen());
    }

    private boolean isOpen(String title) {
        return UI.call(() -> Arrays.stream(bot.page().getViewReferences()).anyMatch(v -> title.equals(v.getPartName())));
    }
}
