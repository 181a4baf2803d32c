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
     * The geodatabases whose conflicts this side resolved count as resolved with the relative of {@code mine}: the relative
     * itself and, when the relative is a registered copy, the replicas it was copied from (it holds what they held when copied,
     * so a decision against their edits is one against its own).
     */
    public static java.util.Set<String> peers(Geodatabase g, Replica mine) throws GeodatabaseException {
        java.util.Set<String> peers = new java.util.LinkedHashSet<>();
        ReplicaStore store = new ReplicaStore(g.connection());
        Replica r = mine;
        try {
            while (r != null && r.getRelativeReplicaGuid() != null && peers.add(r.getRelativeReplicaGuid().trim())) {
                java.util.Optional<ReplicaStore.CopyOrigin> origin = store.copyOrigin(r.getGuid());
                r = origin.isEmpty() ? null : store.findByGuid(origin.get().originalGuid()).orElse(null);
            }
        } catch (SQLException e) {
            throw new GeodatabaseException("Reading the replicas of " + g.location() + " failed: " + e.getMessage(), e);
        }
        return peers;
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
