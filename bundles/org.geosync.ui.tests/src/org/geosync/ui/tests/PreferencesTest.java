package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.geosync.ui.preferences.GeoSyncPreferences;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The GeoSync page holds the defaults of automatic synchronization; an administrator changes them there. */
@ExtendWith(ScreenshotOnFailure.class)
class PreferencesTest {

    private final Bot bot = new Bot();

    @Test
    void automaticSynchronizationDefaultsCanBeChanged() {

        bot.menu("Window", "Preferences...").click();
        BotShell prefs = bot.shell("Preferences");
        prefs.bot().tree().select("GeoSync");
        assertEquals("30", prefs.bot().text("Schedule interval (minutes):").getText(), "automatic synchronization every 30 minutes by default");
        assertFalse(prefs.bot().button("Synchronize replicas on a schedule by default").isChecked());
        assertFalse(prefs.bot().button("Synchronize when the relative geodatabase becomes reachable by default").isChecked());
        typeInterval(prefs, "0");
        Bot.waitUntil(Condition.of("the interval refused", () -> !prefs.bot().button("Apply and Close").isEnabled()));
        typeInterval(prefs, "15");
        Bot.waitUntil(Condition.of("the interval accepted", () -> prefs.bot().button("Apply and Close").isEnabled()));
        prefs.bot().button("Synchronize when the relative geodatabase becomes reachable by default").click();
        bot.screenshot("preferences-geosync");
        prefs.bot().button("Apply and Close").click();
        prefs.waitUntilClosed(Bot.TIMEOUT_MS);

        assertEquals(15, GeoSyncPreferences.autoSyncInterval());
        assertTrue(GeoSyncPreferences.autoSyncWhenReachable());
        // put the automatic synchronization defaults back: other tests start from them
        var node = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(GeoSyncPreferences.NODE);
        node.remove(GeoSyncPreferences.AUTO_SYNC_INTERVAL);
        node.remove(GeoSyncPreferences.AUTO_SYNC_WHEN_REACHABLE);
    }

    /** Types into the interval field: the field editor checks its value when a key is released. */
    private static void typeInterval(BotShell prefs, String value) {
        var text = prefs.bot().text("Schedule interval (minutes):").setText(value).widget();
        UI.run(() -> text.notifyListeners(org.eclipse.swt.SWT.KeyUp, new org.eclipse.swt.widgets.Event()));
    }
}
