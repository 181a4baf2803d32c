package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.geosync.model.ConflictDefinition;
import org.geosync.model.ReconcilePolicy;
import org.geosync.ui.preferences.GeoSyncPreferences;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The defaults favour the parent by row (reference 002); an administrator changes them on the GeoSync page. */
@ExtendWith(ScreenshotOnFailure.class)
class PreferencesTest {

    private final Bot bot = new Bot();

    @Test
    void defaultsFavourTheParentAndCanBeChanged() {
        assertEquals(ReconcilePolicy.FAVOR_PARENT, GeoSyncPreferences.reconcilePolicy());
        assertEquals(ConflictDefinition.BY_ROW, GeoSyncPreferences.conflictDefinition());

        bot.menu("Window", "Preferences...").click();
        BotShell prefs = bot.shell("Preferences");
        prefs.bot().tree().select("GeoSync");
        prefs.bot().combo("Reconcile policy:").select("Manual");
        prefs.bot().combo("Conflict definition:").select("By column");
        bot.screenshot("preferences-geosync");
        prefs.bot().button("Apply and Close").click();
        prefs.waitUntilClosed(Bot.TIMEOUT_MS);

        assertEquals(ReconcilePolicy.MANUAL, GeoSyncPreferences.reconcilePolicy());
        assertEquals(ConflictDefinition.BY_COLUMN, GeoSyncPreferences.conflictDefinition());
    }
}
