package org.geosync.core.internal.sync;

import java.util.List;
import java.util.Locale;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaRole;

/** The check before every exchange that a replica is whole on this side: its holder, its schema, its change tracking. */
public final class ReplicaIntegrity {

    private ReplicaIntegrity() {
    }

    /**
     * The one check every synchronization, message export and message import makes of each side before it reads or
     * writes anything of replica {@code r}: every dataset of the replica still has its change tracking (SQL that drops or
     * adds a column silently drops tracking triggers; edits made since then were not captured, so synchronizing would
     * lose them without a word), and a child is the registered holder of the replica: it lies where it was created or
     * registered, so a byte copy of it (which would share the replica's generations with the original, and each would miss
     * the other's edits) must be registered as a replica of its own first.
     */
    public static void checkIntact(Geodatabase g, Replica r) throws GeodatabaseException {
        checkIntact(g, r, false);
    }

    /** As {@link #checkIntact(Geodatabase, Replica)}; see {@link ReplicaSchemaGuard#check(Geodatabase, Replica, boolean)}. */
    public static void checkIntact(Geodatabase g, Replica r, boolean destructiveTravels) throws GeodatabaseException {
        if (r.getRole() == ReplicaRole.CHILD) {
            String recorded = g.inTransaction(x -> new ReplicaStore(x.connection()).location().orElse(null));
            if (recorded != null && !recorded.equals(g.holderLocation())) {
                String parent = r.getRelativeReplicaLocation() == null ? "PARENT_DIR" : r.getRelativeReplicaLocation();
                throw new GeodatabaseException(g.location() + " is a copy of the geodatabase that holds replica " + r.getName() + " (that one"
                        + " lies in " + recorded + "; a copy, a moved geodatabase or one restored from a backup is not the registered holder),"
                        + " so it cannot synchronize or exchange messages as the original: register it as a replica of its own with"
                        + " 'geosync replica register " + parent + " " + g.location() + " --name NEW_NAME' (or, if it was moved and the"
                        + " directory it came from will never be used again, confirm the move with 'geosync replica relocate " + g.location()
                        + "').");
            }
        }
        ReplicaSchemaGuard.check(g, r, destructiveTravels); // tables match their catalog; no schema change made here would lose values at the relative
        for (ReplicaDataset rd : r.getDatasets()) {
            String n = rd.getDatasetName().toUpperCase(Locale.ROOT);
            List<String> lost = g.lostTracking(n);
            if (!lost.isEmpty()) {
                throw new GeodatabaseException("Dataset " + n + " in " + g.location() + " has lost its change tracking (its trigger "
                        + lost.get(0) + " is missing or was changed, as SQL that drops or adds a column does), so edits made to it since then"
                        + " may not have been captured and replica " + r.getName() + " can neither synchronize nor exchange messages: unregister"
                        + " the replica and create it again from the geodatabase whose " + n + " rows are right.");
            }
        }
    }
}
