package org.geosync.core.internal.sync;

/** How one side settles a conflict while applying its relative's changes. */
public enum Policy {
    /** Keep this database's values and store the conflict for review; the replica is in conflict. */
    MANUAL,
    /** Keep this database's values. */
    FAVOR_DATABASE,
    /** Take the incoming values. */
    FAVOR_IMPORTED
}
