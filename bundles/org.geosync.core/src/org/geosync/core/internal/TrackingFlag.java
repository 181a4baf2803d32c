package org.geosync.core.internal;

/** Per-thread switch the change-tracking triggers read; off only while synchronization applies changes. */
public final class TrackingFlag {

    private static final ThreadLocal<int[]> SUSPENDED = ThreadLocal.withInitial(() -> new int[1]);

    private TrackingFlag() {
    }

    /** Whether edits made on this thread are captured. */
    public static boolean isTracking() {
        return SUSPENDED.get()[0] == 0;
    }

    /** Suspends capture on this thread until the matching {@link #resume()}; calls nest. */
    public static void suspend() {
        SUSPENDED.get()[0]++;
    }

    /** Ends one {@link #suspend()}. */
    public static void resume() {
        int[] n = SUSPENDED.get();
        if (n[0] > 0) {
            n[0]--;
        }
    }
}
