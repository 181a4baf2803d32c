package org.geosync.core;

import java.util.List;

import org.geosync.model.ConflictDefinition;

/**
 * How a connected synchronization runs: which way changes flow, who wins a conflict, how conflicts are
 * defined, whether one failing edit rolls everything back, and (per-layer replicas) which datasets.
 * Null fields take the replica's defaults: both directions (as the type allows), favour the parent,
 * the replica's conflict definition, rollbackOnFailure true for per-replica and false for per-layer
 * replicas (the sync-model rules' table), all datasets.
 */
public record SyncOptions(Direction direction, Winner policy, ConflictDefinition conflicts, Boolean rollbackOnFailure, List<String> layers) {

    /** Which way changes flow between the first and the second geodatabase. */
    public enum Direction {
        BOTH, FIRST_TO_SECOND, SECOND_TO_FIRST
    }

    /** Who wins a conflict: manual review (stored on the first geodatabase), the first, or the second. */
    public enum Winner {
        MANUAL, FIRST, SECOND
    }

    /** All defaults. */
    public static SyncOptions defaults() {
        return new SyncOptions(null, null, null, null, null);
    }

    public SyncOptions withDirection(Direction d) {
        return new SyncOptions(d, policy, conflicts, rollbackOnFailure, layers);
    }

    public SyncOptions withPolicy(Winner w) {
        return new SyncOptions(direction, w, conflicts, rollbackOnFailure, layers);
    }

    public SyncOptions withConflicts(ConflictDefinition c) {
        return new SyncOptions(direction, policy, c, rollbackOnFailure, layers);
    }

    public SyncOptions withRollbackOnFailure(boolean on) {
        return new SyncOptions(direction, policy, conflicts, on, layers);
    }

    public SyncOptions withLayers(List<String> l) {
        return new SyncOptions(direction, policy, conflicts, rollbackOnFailure, l);
    }
}
