package org.geosync.core;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Never two synchronizations of one replica at once in this process: a synchronization takes the lock of
 * its replica (by GUID, the same on both sides) when it is requested and gives it back when it has ended,
 * so a second request meanwhile is refused with a reason instead of waiting behind the first.
 */
public final class SyncLocks {

    /** Who holds a replica's lock: the replica's name, what for, since when. */
    private record Holder(String replica, String purpose, LocalTime since) {
    }

    private static final ConcurrentMap<String, Holder> HELD = new ConcurrentHashMap<>();

    private SyncLocks() {
    }

    /** A held lock; closing it (from any thread, any number of times) gives it back. */
    public static final class Lock implements AutoCloseable {
        private final String guid;
        private final Holder holder;

        private Lock(String guid, Holder holder) {
            this.guid = guid;
            this.holder = holder;
        }

        @Override
        public void close() {
            HELD.remove(guid, holder);
        }
    }

    /**
     * Takes the lock of replica {@code replicaGuid} for {@code purpose} (e.g. "a scheduled synchronization");
     * refused with a sentence naming what holds it when another synchronization of the replica was requested
     * and has not ended.
     */
    public static Lock acquire(String replicaGuid, String replicaName, String purpose) throws GeodatabaseException {
        Holder mine = new Holder(replicaName, purpose, LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        Holder other = HELD.putIfAbsent(replicaGuid, mine);
        if (other != null) {
            throw new GeodatabaseException("Replica " + replicaName + " is already being synchronized (" + other.purpose() + ", requested at "
                    + other.since().format(DateTimeFormatter.ISO_LOCAL_TIME) + "); wait until it has finished, then synchronize again.");
        }
        return new Lock(replicaGuid, mine);
    }

    /** Whether a synchronization of replica {@code replicaGuid} was requested and has not ended. */
    public static boolean isHeld(String replicaGuid) {
        return HELD.containsKey(replicaGuid);
    }
}
