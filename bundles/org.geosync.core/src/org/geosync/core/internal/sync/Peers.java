package org.geosync.core.internal.sync;

import java.util.Map;
import java.util.Set;

/**
 * The geodatabases whose decisions and resolutions here count as made with one relative, each up to a generation of this side:
 * the relative itself (all of them) and, when the relative is a registered copy, the replicas it was copied from, up to the
 * generation this side was in when the copy registered. A copy holds what its original held when copied, and registration
 * refuses a copy while its original has edits this side has not received or conflicts left open here, so every decision made
 * with the original before then concerns what the copy holds; a later one concerns the original's later edits only, which the
 * copy never held, and does not bind the copy (the copy's own edit of the same value is its own news).
 *
 * @param upTo per GlobalID of a geodatabase, the last generation of this side whose decisions with it count
 */
public record Peers(Map<String, Long> upTo) {

    /** Only the relative {@code guid}: every decision made with it counts. */
    public static Peers only(String guid) {
        return new Peers(Map.of(guid.trim(), Long.MAX_VALUE));
    }

    /** Whether a decision or resolution made here with {@code guid} in this side's {@code generation} counts. */
    public boolean counts(String guid, long generation) {
        Long last = upTo.get(guid.trim());
        return last != null && generation <= last;
    }

    /** The geodatabases whose decisions count up to some generation. */
    public Set<String> guids() {
        return upTo.keySet();
    }
}
