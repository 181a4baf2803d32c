package org.geosync.core.internal.sync;

import org.geosync.core.SyncOptions.Winner;

/**
 * How one side settles a conflict while it applies its relative's changes: what {@link Winner} (the one "who wins" choice of
 * the API) means for that side. A connected synchronization gives each of its two sides one ({@link #of}); a message import
 * is its importing geodatabase's, the first ({@code of(winner, true)}).
 */
public enum SidePolicy {
    /** Keep this side's values and store the conflict for review; the replica is in conflict until it is resolved. */
    MANUAL,
    /** Keep this side's values (they go to the relative whole at the next exchange). */
    KEEP,
    /** Take the relative's values. */
    TAKE;

    /**
     * The policy of the first (or second) geodatabase of an exchange that {@code winner} wins: the winner keeps its values,
     * the other takes them; with {@link Winner#MANUAL} the first stores the conflicts for review and the second keeps its
     * values until they are resolved.
     */
    public static SidePolicy of(Winner winner, boolean first) {
        return switch (winner) {
            case MANUAL -> first ? MANUAL : KEEP;
            case FIRST -> first ? KEEP : TAKE;
            case SECOND -> first ? TAKE : KEEP;
        };
    }
}
