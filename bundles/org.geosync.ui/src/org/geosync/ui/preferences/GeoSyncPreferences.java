package org.geosync.ui.preferences;

import java.nio.file.Path;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
/**
 * Workbench defaults: where geodatabases live, and what a replica's automatic synchronization starts from. Who wins a
 * conflict and how conflicts are defined are each replica's own (its record's defaults), not the workbench's.
 */
public class GeoSyncPreferences extends AbstractPreferenceInitializer {

    public static final String NODE = "org.geosync.ui";
    public static final String GEODATABASE_HOME = "geodatabaseHome";
    /** Automatic synchronization defaults a replica's settings start from (see org.geosync.ui.sync.AutoSyncSettings). */
    public static final String AUTO_SYNC_SCHEDULED = "autoSyncScheduled";
    public static final String AUTO_SYNC_INTERVAL = "autoSyncIntervalMinutes";
    public static final String AUTO_SYNC_WHEN_REACHABLE = "autoSyncWhenReachable";
    /** How often the workbench looks whether a relative geodatabase became reachable or a schedule is due. */
    public static final String AUTO_SYNC_CHECK_SECONDS = "autoSyncCheckSeconds";

    @Override
    public void initializeDefaultPreferences() {
        IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(NODE);
        defaults.put(GEODATABASE_HOME, Path.of(System.getProperty("user.home"), "geosync-workspace").toString());
        defaults.putBoolean(AUTO_SYNC_SCHEDULED, false);
        defaults.putInt(AUTO_SYNC_INTERVAL, 30);
        defaults.putBoolean(AUTO_SYNC_WHEN_REACHABLE, false);
        defaults.putInt(AUTO_SYNC_CHECK_SECONDS, 30);
    }

    /** The folder new geodatabases are proposed in. */
    public static Path geodatabaseHome() {
        return Path.of(value(GEODATABASE_HOME));
    }

    /** Whether a replica's settings start with a schedule. */
    public static boolean autoSyncScheduled() {
        return Boolean.parseBoolean(value(AUTO_SYNC_SCHEDULED));
    }

    /** The interval, in minutes, a replica's schedule starts with. */
    public static int autoSyncInterval() {
        return Math.max(1, number(AUTO_SYNC_INTERVAL, 30));
    }

    /** Whether a replica's settings start with the "when the relative becomes reachable" trigger. */
    public static boolean autoSyncWhenReachable() {
        return Boolean.parseBoolean(value(AUTO_SYNC_WHEN_REACHABLE));
    }

    /** Seconds between two looks at the schedules and the relatives' reachability. */
    public static int autoSyncCheckSeconds() {
        return Math.max(1, number(AUTO_SYNC_CHECK_SECONDS, 30));
    }

    private static int number(String key, int fallback) {
        try {
            return Integer.parseInt(value(key).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String value(String key) {
        String fallback = DefaultScope.INSTANCE.getNode(NODE).get(key, "");
        return InstanceScope.INSTANCE.getNode(NODE).get(key, fallback);
    }
}
