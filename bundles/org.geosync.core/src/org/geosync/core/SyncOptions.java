package org.geosync.core;

import java.util.List;

import org.geosync.model.ConflictDefinition;
import org.geosync.model.ReconcilePolicy;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.model.SyncModel;

/**
 * How a connected synchronization runs: which way changes flow, who wins a conflict, how conflicts are
 * defined, whether one failing edit rolls everything back, and (per-layer replicas) which datasets.
 * Null fields take the replica's defaults: both directions (as the type allows), {@link #defaultWinner}
 * (favour the parent for every replica GeoSync creates), the replica's conflict definition
 * ({@link #defaultConflicts}), {@link #defaultRollbackOnFailure} (true for per-replica and false for
 * per-layer replicas), all datasets. These static methods are the one place the defaults are decided: the
 * engine, the workbench's proposals and the message import (the importing geodatabase being the first) use them.
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

    /**
     * Who wins a conflict when the caller does not say, read from the replica record {@code here} of the
     * geodatabase that holds it ({@link Winner#FIRST}: this geodatabase, {@link Winner#SECOND}: its relative).
     * The record's default reconcile policy decides: {@code manual} keeps conflicts for review;
     * {@code favor-parent} and {@code favor-child} favour the geodatabase of that role; {@code favor-database}
     * favours this geodatabase and {@code favor-imported} the relative.
     */
    public static Winner defaultWinner(Replica here) {
        boolean parentHere = here.getRole() == ReplicaRole.PARENT;
        return switch (here.getDefaultReconcilePolicy()) {
            case MANUAL -> Winner.MANUAL;
            case FAVOR_DATABASE -> Winner.FIRST;
            case FAVOR_IMPORTED -> Winner.SECOND;
            case FAVOR_CHILD -> parentHere ? Winner.SECOND : Winner.FIRST;
            case FAVOR_PARENT -> parentHere ? Winner.FIRST : Winner.SECOND;
        };
    }

    /**
     * The stored policy that says what {@code winner} decided in a synchronization whose first geodatabase holds the replica
     * record {@code first} (what a synchronization's record keeps): the side that won, by its role.
     */
    public static ReconcilePolicy policyOf(Winner winner, Replica first) {
        boolean parentFirst = first.getRole() == ReplicaRole.PARENT;
        return switch (winner) {
            case MANUAL -> ReconcilePolicy.MANUAL;
            case FIRST -> parentFirst ? ReconcilePolicy.FAVOR_PARENT : ReconcilePolicy.FAVOR_CHILD;
            case SECOND -> parentFirst ? ReconcilePolicy.FAVOR_CHILD : ReconcilePolicy.FAVOR_PARENT;
        };
    }

    /**
     * Whether one failing edit rolls the whole synchronization back when the caller does not say: true for a
     * per-replica replica (all or nothing), false for a per-layer one (failing edits skipped and reported).
     */
    public static boolean defaultRollbackOnFailure(Replica here) {
        return here.getSyncModel() != SyncModel.PER_LAYER;
    }

    /** The conflict definition when the caller does not say: the replica's own (by row for every replica GeoSync creates). */
    public static ConflictDefinition defaultConflicts(Replica here) {
        return here.getDefaultConflictDefinition();
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
