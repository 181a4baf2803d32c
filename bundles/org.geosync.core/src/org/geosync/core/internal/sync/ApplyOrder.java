package org.geosync.core.internal.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;

/**
 * The order in which the datasets of one synchronization or message are collected, written, read and applied:
 * the origin of every relationship class before its destination, and a relationship table after both its ends.
 * A new row and a new row related to it by an ObjectID key then arrive origin first, so the receiver finds the
 * origin when it translates the key. Datasets no relationship class orders keep their given order; a cycle of
 * relationship classes keeps the given order among the datasets on it.
 */
public final class ApplyOrder {

    private ApplyOrder() {
    }

    /** {@code datasets} (upper-case names) in apply order. */
    static List<String> of(Geodatabase gdb, Collection<String> datasets) throws GeodatabaseException {
        List<String> given = new ArrayList<>();
        for (String d : datasets) {
            given.add(d.toUpperCase(Locale.ROOT));
        }
        Set<String> names = new LinkedHashSet<>(given);
        Map<String, Set<String>> before = new HashMap<>(); // dataset -> the datasets that must come before it
        for (RelationshipClass rc : gdb.relationshipClasses()) {
            if (rc.hasTable() && names.contains(rc.table())) {
                after(before, rc.table(), rc.origin(), names);
                after(before, rc.table(), rc.destination(), names);
            }
            after(before, rc.destination(), rc.origin(), names);
        }
        List<String> result = new ArrayList<>(names.size());
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < names.size()) {
            String next = null;
            for (String d : names) {
                if (!placed.contains(d) && placed.containsAll(before.getOrDefault(d, Set.of()))) {
                    next = d;
                    break;
                }
            }
            if (next == null) {
                // a cycle: the first dataset not yet placed goes next
                next = names.stream().filter(d -> !placed.contains(d)).findFirst().orElseThrow();
            }
            placed.add(next);
            result.add(next);
        }
        return result;
    }

    private static void after(Map<String, Set<String>> before, String later, String earlier, Set<String> names) {
        if (!later.equals(earlier) && names.contains(later) && names.contains(earlier)) {
            before.computeIfAbsent(later, k -> new LinkedHashSet<>()).add(earlier);
        }
    }

    /** The same map with its entries in apply order. */
    public static <V> Map<String, V> sorted(Geodatabase gdb, Map<String, V> byDataset) throws GeodatabaseException {
        Map<String, V> result = new LinkedHashMap<>();
        for (String d : of(gdb, byDataset.keySet())) {
            result.put(d, byDataset.get(d));
        }
        return result;
    }
}
