package org.geosync.core.internal.sync;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;

/**
 * Runs work made of snapshot transactions ({@link Geodatabase#inSnapshot}) again when it met an edit committed meanwhile by
 * another connection: such an attempt failed whole and changed nothing, and the next one takes a new cut, in whose closed
 * generations the editor's edit now lies (so it is sent, and met by the rules like any other edit). The last attempt runs
 * with the editors held ({@link Geodatabase#holdEditors}): work on rows editors keep changing ends all the same.
 */
public final class Snapshots {

    /** Attempts in snapshot transactions before the last one, which holds editors. */
    static final int ATTEMPTS = 3;

    /** For tests only (null otherwise): told of each attempt that failed by a concurrency failure, before the next. */
    public static volatile Runnable onRetry;

    /** One attempt of the work. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws GeodatabaseException;
    }

    private Snapshots() {
    }

    /** Runs {@code attempt}, again after a concurrency failure on any of {@code gdbs}, as the class says. */
    public static <T> T retrying(Attempt<T> attempt, Geodatabase... gdbs) throws GeodatabaseException {
        for (int n = 1;; n++) {
            boolean last = n > ATTEMPTS;
            if (last) {
                for (Geodatabase g : gdbs) {
                    g.holdEditors(true);
                }
            }
            try {
                return attempt.run();
            } catch (GeodatabaseException | RuntimeException e) {
                if (last || !concurrencyFailure(e, gdbs)) {
                    throw e;
                }
                Runnable hook = onRetry;
                if (hook != null) {
                    hook.run();
                }
            } finally {
                if (last) {
                    for (Geodatabase g : gdbs) {
                        g.holdEditors(false);
                    }
                }
            }
        }
    }

    private static boolean concurrencyFailure(Throwable e, Geodatabase... gdbs) {
        for (Geodatabase g : gdbs) {
            if (g.isConcurrencyFailure(e)) {
                return true;
            }
        }
        return false;
    }
}
