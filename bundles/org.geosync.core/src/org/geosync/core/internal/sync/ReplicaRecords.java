package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaType;

/** Reading replica records: a replica by name, a dataset of it, its relatives, what its type lets it send. */
public final class ReplicaRecords {

    private ReplicaRecords() {
    }

    /** The replica called {@code name} in {@code gdb}, or a sentence saying it is not there. */
    public static Replica replica(Geodatabase gdb, String name) throws GeodatabaseException, SQLException {
        return new ReplicaStore(gdb.connection()).find(name).orElseThrow(() -> new GeodatabaseException("There is no replica named "
                + name + " in " + gdb.location() + "; 'geosync replica list " + gdb.location() + "' lists its replicas."));
    }

    /** The replica dataset called {@code name}. */
    public static ReplicaDataset dataset(Replica r, String name) {
        for (ReplicaDataset rd : r.getDatasets()) {
            if (rd.getDatasetName().equalsIgnoreCase(name)) {
                return rd;
            }
        }
        return null;
    }

    /**
     * The geodatabases whose decisions and resolutions here count as made with the relative of {@code mine}: the relative
     * itself and, when the relative is a registered copy, the replicas it was copied from up to the generation this side was in
     * when the copy registered (see {@link Peers}). A registration recorded before that generation was kept counts every
     * decision with the original, as it did then.
     */
    public static Peers peers(Geodatabase g, Replica mine) throws GeodatabaseException {
        java.util.Map<String, Long> peers = new java.util.LinkedHashMap<>();
        ReplicaStore store = new ReplicaStore(g.connection());
        Replica r = mine;
        long upTo = Long.MAX_VALUE;
        try {
            while (r != null && r.getRelativeReplicaGuid() != null && !peers.containsKey(r.getRelativeReplicaGuid().trim())) {
                peers.put(r.getRelativeReplicaGuid().trim(), upTo);
                java.util.Optional<ReplicaStore.CopyOrigin> origin = store.copyOrigin(r.getGuid());
                if (origin.isPresent() && origin.get().registeredIn() != null) {
                    upTo = Math.min(upTo, origin.get().registeredIn());
                }
                r = origin.isEmpty() ? null : store.findByGuid(origin.get().originalGuid()).orElse(null);
            }
        } catch (SQLException e) {
            throw new GeodatabaseException("Reading the replicas of " + g.location() + " failed: " + e.getMessage(), e);
        }
        return new Peers(peers);
    }

    /** Whether this side of a replica may send changes to its relative, by the type and direction alone. */
    public static boolean typeAllowsSending(Replica r) {
        return switch (r.getType()) {
            case CHECKOUT -> r.getRole() == ReplicaRole.CHILD;
            case ONE_WAY -> r.getOneWayDirection() == org.geosync.model.OneWayDirection.PARENT_TO_CHILD
                    ? r.getRole() == ReplicaRole.PARENT : r.getRole() == ReplicaRole.CHILD;
            case TWO_WAY -> true;
        };
    }

    /** Whether the filter rules of the replica filter rules apply to what this side sends (not for checkouts). */
    static boolean filtered(Replica r) {
        return r.getType() != ReplicaType.CHECKOUT;
    }
}
