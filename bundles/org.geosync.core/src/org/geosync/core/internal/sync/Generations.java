package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.List;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;

/** A replica's generation counters: what the relative holds, the replica-level roll-up, and pruning what no replica needs. */
public final class Generations {

    private Generations() {
    }

    /**
     * The last of this side's generations of {@code dataset} the relative is known to hold: what it acknowledged, or what its own
     * record ({@code relative}, when at hand: the other side of a connected synchronization, or a message header) says it has
     * received, whichever is later (never beyond what this side has sent).
     */
    static long held(Replica mine, Replica relative, String dataset) {
        ReplicaDataset rd = ReplicaRecords.dataset(mine, dataset), theirs = relative == null ? null : ReplicaRecords.dataset(relative, dataset);
        return theirs == null ? rd.getSibMyGeneration() : Math.min(Math.max(rd.getSibMyGeneration(), theirs.getSibGeneration()), rd.getMyGeneration());
    }

    /** Keeps the replica-level counters equal to the highest of its datasets' (what the views show). */
    public static void rollUp(Replica r) {
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
    public static void prune(Geodatabase gdb) throws GeodatabaseException, SQLException {
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
}
