package org.geosync.ui.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.Locations;
import org.geosync.ui.preferences.GeoSyncPreferences;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

/**
 * How one replica is synchronized automatically, seen from the geodatabase {@code here}: every
 * {@code intervalMinutes} when {@code scheduled}, and when the relative geodatabase becomes reachable when
 * {@code whenReachable}; with the direction, policy and conflict definition chosen for it. Kept in the
 * workbench's preferences keyed by the replica's GUID (the replica record itself has no such fields). The relative is a
 * geodatabase this machine opens, or a served one ({@code service}: the location of a server connection of the Catalog,
 * whose token signs in; then "reachable" means the server answers).
 */
public record AutoSyncSettings(String replicaGuid, String replica, GeodatabaseLocation here, GeodatabaseLocation relative, boolean scheduled, int intervalMinutes,
        boolean whenReachable, Direction direction, Winner policy, ConflictDefinition definition, String service) {

    private static final String NODE = "autoSync";

    /** Settings whose relative is a geodatabase this machine reaches itself (no sync service). */
    public AutoSyncSettings(String replicaGuid, String replica, GeodatabaseLocation here, GeodatabaseLocation relative, boolean scheduled,
            int intervalMinutes, boolean whenReachable, Direction direction, Winner policy, ConflictDefinition definition) {
        this(replicaGuid, replica, here, relative, scheduled, intervalMinutes, whenReachable, direction, policy, definition, null);
    }

    /** Whether anything triggers this replica's synchronization. */
    public boolean active() {
        return scheduled || whenReachable;
    }

    /** Whether the relative is served by a sync service ({@link #service}, https://HOST[:PORT]/NAME) rather than reached directly. */
    public boolean served() {
        return service != null && !service.isBlank();
    }

    /** The options the synchronization runs with (rollbackOnFailure and layers: the replica's defaults). */
    public SyncOptions options() {
        return SyncOptions.defaults().withDirection(direction).withPolicy(policy).withConflicts(definition);
    }

    /** The settings a replica starts with: the preferences' defaults and the replica's own choices. */
    public static AutoSyncSettings defaults(GeodatabaseLocation here, Replica r) {
        String rel = r.getRelativeReplicaLocation();
        return new AutoSyncSettings(r.getGuid(), r.getName(), here, rel == null || rel.isBlank() ? null : Locations.parseOrNull(rel),
                GeoSyncPreferences.autoSyncScheduled(), GeoSyncPreferences.autoSyncInterval(), GeoSyncPreferences.autoSyncWhenReachable(),
                SyncChoices.allowedDirections(r).get(0), SyncOptions.defaultWinner(r),
                SyncOptions.defaultConflicts(r));
    }

    /** The stored settings of replica {@code guid}, if any. */
    public static Optional<AutoSyncSettings> load(String guid) {
        try {
            if (!root().nodeExists(guid)) {
                return Optional.empty();
            }
        } catch (BackingStoreException e) {
            return Optional.empty();
        }
        Preferences p = root().node(guid);
        try {
            String relative = p.get("relative", "");
            return Optional.of(new AutoSyncSettings(guid, p.get("replica", ""), GeodatabaseLocation.parse(p.get("here", "")),
                    relative.isEmpty() ? null : GeodatabaseLocation.parse(relative), p.getBoolean("scheduled", false), Math.max(1, p.getInt("interval", 30)),
                    p.getBoolean("whenReachable", false), Direction.valueOf(p.get("direction", Direction.BOTH.name())),
                    Winner.valueOf(p.get("policy", Winner.FIRST.name())),
                    ConflictDefinition.get(p.get("definition", ConflictDefinition.BY_ROW.getLiteral())), p.get("service", null)));
        } catch (RuntimeException | GeodatabaseException e) {
            return Optional.empty(); // edited by hand into something unreadable: as if never set
        }
    }

    /** Every replica's stored settings. */
    public static List<AutoSyncSettings> all() {
        List<AutoSyncSettings> out = new ArrayList<>();
        try {
            for (String guid : root().childrenNames()) {
                load(guid).ifPresent(out::add);
            }
        } catch (BackingStoreException e) {
            // none readable
        }
        return out;
    }

    /** Stores these settings (replacing the replica's earlier ones). */
    public void save() throws BackingStoreException {
        Preferences p = root().node(replicaGuid);
        p.put("replica", replica);
        p.put("here", here.toString());
        p.put("relative", relative == null ? "" : relative.toString());
        p.putBoolean("scheduled", scheduled);
        p.putInt("interval", intervalMinutes);
        p.putBoolean("whenReachable", whenReachable);
        p.put("direction", direction.name());
        p.put("policy", policy.name());
        p.put("definition", definition.getLiteral());
        if (served()) {
            p.put("service", service);
        } else {
            p.remove("service");
        }
        root().flush();
    }

    /** Forgets the settings of replica {@code guid}. */
    public static void remove(String guid) throws BackingStoreException {
        if (root().nodeExists(guid)) {
            root().node(guid).removeNode();
            root().flush();
        }
    }

    private static Preferences root() {
        IEclipsePreferences plugin = InstanceScope.INSTANCE.getNode(GeoSyncPreferences.NODE);
        return plugin.node(NODE);
    }
}
