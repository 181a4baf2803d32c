package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.ReplicaStore;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaType;

/** Helpers shared by replica creation, synchronization and message exchange. */
public final class Sides {

    private Sides() {
    }

    /** The replica called {@code name} in {@code gdb}, or a sentence saying it is not there. */
    public static Replica replica(Geodatabase gdb, String name) throws GeodatabaseException, SQLException {
        return new ReplicaStore(gdb.connection()).find(name).orElseThrow(() -> new GeodatabaseException("There is no replica named "
                + name + " in " + gdb.directory() + "; 'geosync replica list " + gdb.directory() + "' lists its replicas."));
    }

    /**
     * Row stores of the replica's datasets (all, or the named layers), by upper-case name, in {@link ApplyOrder}: origins
     * before destinations, relationship tables last.
     */
    static Map<String, RowStore> stores(Geodatabase gdb, Replica r, List<String> layers) throws GeodatabaseException {
        Map<String, RowStore> stores = new LinkedHashMap<>();
        for (ReplicaDataset rd : r.getDatasets()) {
            String n = rd.getDatasetName().toUpperCase(Locale.ROOT);
            if (layers == null || layers.contains(n)) {
                Dataset d = gdb.dataset(n);
                stores.put(n, new RowStore(gdb, d));
            }
        }
        return ApplyOrder.sorted(gdb, stores);
    }

    /**
     * What side {@code gdb} sends of replica {@code r}, per dataset of {@code stores}: the replica's filters, related data and
     * key translation as this side applies them (also the scope in which records from the relative are judged).
     */
    static Map<String, Outgoing> outgoing(Geodatabase gdb, Replica r, Map<String, RowStore> stores) throws GeodatabaseException {
        Related related = RelatedRows.rules(gdb, r);
        KeyTranslator keys = KeyTranslator.of(gdb, stores.keySet());
        Map<String, Outgoing> result = new LinkedHashMap<>();
        for (Map.Entry<String, RowStore> e : stores.entrySet()) {
            ReplicaDataset rd = dataset(r, e.getKey());
            RowFilter filter = RowFilter.of(gdb.connection(), e.getValue().dataset(), rd.getFilter());
            result.put(e.getKey(), new Outgoing(gdb.connection(), e.getValue(), filter, !filtered(r), related, keys));
        }
        return result;
    }

    /** The replica dataset called {@code name}. */
    static ReplicaDataset dataset(Replica r, String name) {
        for (ReplicaDataset rd : r.getDatasets()) {
            if (rd.getDatasetName().equalsIgnoreCase(name)) {
                return rd;
            }
        }
        return null;
    }

    /**
     * The last of this side's generations of {@code dataset} the relative is known to hold: what it acknowledged, or what its own
     * record ({@code relative}, when at hand: the other side of a connected synchronization, or a message header) says it has
     * received, whichever is later (never beyond what this side has sent).
     */
    static long held(Replica mine, Replica relative, String dataset) {
        ReplicaDataset rd = dataset(mine, dataset), theirs = relative == null ? null : dataset(relative, dataset);
        return theirs == null ? rd.getSibMyGeneration() : Math.min(Math.max(rd.getSibMyGeneration(), theirs.getSibGeneration()), rd.getMyGeneration());
    }

    /**
     * The geodatabases whose conflicts this side resolved count as resolved with the relative of {@code mine}: the relative
     * itself and, when the relative is a registered copy, the replicas it was copied from (it holds what they held when copied,
     * so a decision against their edits is one against its own).
     */
    static java.util.Set<String> peers(Geodatabase g, Replica mine) throws GeodatabaseException {
        java.util.Set<String> peers = new java.util.LinkedHashSet<>();
        ReplicaStore store = new ReplicaStore(g.connection());
        Replica r = mine;
        try {
            while (r != null && r.getRelativeReplicaGuid() != null && peers.add(r.getRelativeReplicaGuid().trim())) {
                java.util.Optional<ReplicaStore.CopyOrigin> origin = store.copyOrigin(r.getGuid());
                r = origin.isEmpty() ? null : store.findByGuid(origin.get().originalGuid()).orElse(null);
            }
        } catch (SQLException e) {
            throw new GeodatabaseException("Reading the replicas of " + g.directory() + " failed: " + e.getMessage(), e);
        }
        return peers;
    }

    /** Whether this side of a replica may send changes to its relative, by the type and direction alone. */
    static boolean typeAllowsSending(Replica r) {
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

    /** Keeps the replica-level counters equal to the highest of its datasets' (what the views show). */
    static void rollUp(Replica r) {
        long my = r.getMyGeneration(), sib = r.getSibGeneration(), ack = r.getSibMyGeneration();
        for (ReplicaDataset rd : r.getDatasets()) {
            my = Math.max(my, rd.getMyGeneration());
            sib = Math.max(sib, rd.getSibGeneration());
            ack = Math.max(ack, rd.getSibMyGeneration());
        }
        r.setMyGeneration(my);
        r.setSibGeneration(sib);
        r.setSibMyGeneration(Math.min(ack, my));
    }

    /** Forgets history no replica of {@code gdb} can ask for any more. */
    static void prune(Geodatabase gdb) throws GeodatabaseException, SQLException {
        List<Replica> all = new ReplicaStore(gdb.connection()).all();
        if (all.isEmpty()) {
            return;
        }
        ReplicaStore store = new ReplicaStore(gdb.connection());
        long min = Long.MAX_VALUE;
        for (Replica r : all) {
            for (ReplicaDataset rd : r.getDatasets()) {
                min = Math.min(min, rd.getSibMyGeneration());
            }
            // a message the relative exported before a later acknowledgment is judged from an older boundary: keep its history
            min = Math.min(min, store.judgeFloor(r.getGuid()));
        }
        if (min != Long.MAX_VALUE && min > 0) {
            gdb.prune(min);
        }
    }

    /**
     * The one check every synchronization, message export and message import makes of each side before it reads or
     * writes anything of replica {@code r}: every dataset of the replica still has its change tracking (SQL that drops or
     * adds a column silently drops tracking triggers; edits made since then were not captured, so synchronizing would
     * lose them without a word), and a child is the registered holder of the replica: it lies where it was created or
     * registered, so a byte copy of it (which would share the replica's generations with the original, and each would miss
     * the other's edits) must be registered as a replica of its own first.
     */
    static void checkIntact(Geodatabase g, Replica r) throws GeodatabaseException {
        if (r.getRole() == ReplicaRole.CHILD) {
            String recorded = g.inTransaction(x -> new ReplicaStore(x.connection()).location().orElse(null));
            if (recorded != null && !recorded.equals(ReplicaStore.locationOf(g.directory()))) {
                String parent = r.getRelativeReplicaLocation() == null ? "PARENT_DIR" : r.getRelativeReplicaLocation();
                throw new GeodatabaseException(g.directory() + " is a copy of the geodatabase that holds replica " + r.getName() + " (that one"
                        + " lies in " + recorded + "; a copy, a moved geodatabase or one restored from a backup is not the registered holder),"
                        + " so it cannot synchronize or exchange messages as the original: register it as a replica of its own with"
                        + " 'geosync replica register " + parent + " " + g.directory() + " --name NEW_NAME' (or, if it was moved and the"
                        + " directory it came from will never be used again, confirm the move with 'geosync replica relocate " + g.directory()
                        + "').");
            }
        }
        ReplicaSchemaGuard.check(g, r); // tables match their catalog; no schema change made here would lose values at the relative
        for (ReplicaDataset rd : r.getDatasets()) {
            String n = rd.getDatasetName().toUpperCase(Locale.ROOT);
            List<String> lost = g.lostTracking(n);
            if (!lost.isEmpty()) {
                throw new GeodatabaseException("Dataset " + n + " in " + g.directory() + " has lost its change tracking (its trigger "
                        + lost.get(0) + " is missing or was changed, as SQL that drops or adds a column does), so edits made to it since then"
                        + " may not have been captured and replica " + r.getName() + " can neither synchronize nor exchange messages: unregister"
                        + " the replica and create it again from the geodatabase whose " + n + " rows are right.");
            }
        }
    }
}
