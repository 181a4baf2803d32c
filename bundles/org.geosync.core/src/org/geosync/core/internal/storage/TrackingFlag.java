package org.geosync.core.internal.storage;

/**
 * Per-thread state the change-tracking triggers read: whether edits are captured at all (not during
 * bulk loads) and, while synchronization applies changes received from a relative replica, the GUID of
 * that relative's geodatabase, which the captured change records as its source so it is forwarded to
 * other replicas but never echoed back.
 */
public final class TrackingFlag {

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private static final class State {
        int suspended;
        String source;
    }

    private TrackingFlag() {
    }

    /** Whether edits made on this thread are captured. */
    public static boolean isTracking() {
        return STATE.get().suspended == 0;
    }

    /** The geodatabase GUID the edits on this thread come from, or null for local edits. */
    public static String source() {
        return STATE.get().source;
    }

    /** Suspends capture on this thread until the matching {@link #resume()}; calls nest. */
    public static void suspend() {
        STATE.get().suspended++;
    }

    /** Ends one {@link #suspend()}. */
    public static void resume() {
        State s = STATE.get();
        if (s.suspended > 0) {
            s.suspended--;
        }
    }

    /** Marks the edits made on this thread as coming from {@code sourceGuid} (null: local); returns the previous source. */
    public static String setSource(String sourceGuid) {
        State s = STATE.get();
        String previous = s.source;
        s.source = sourceGuid;
        return previous;
    }
}
