package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.geosync.model.ConflictDefinition;
import org.geosync.model.ReconcilePolicy;
import org.geosync.ui.preferences.GeoSyncPreferences;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The defaults favour the parent by row (the message rules); an administrator changes them on the GeoSync page. */
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

        assertEquals(ReconcilePolicy.MANUAL, GeoSyncPreferences.reconcilePolicy());
        assertEquals(ConflictDefinition.BY_COLUMN, GeoSyncPreferences.conflictDefinition());
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
