package org.geosync.core.internal.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;

/**
 * Foreign keys that hold ObjectIDs are local to each geodatabase. On the way out they become the
 * related row's GlobalID ("gid:" + GlobalID); on the way in they become the receiver's ObjectID of that
 * row, so synchronization maintains the relationship. A row deleted on the receiver makes the key NULL (the relationship
 * is void, as the receiver's own edit); a row the receiver never held makes the edit fail with a reason
 * ({@link #untranslated}), never a silent NULL.
 */
public final class KeyTranslator {

    static final String PREFIX = "gid:";

    /** Per dataset: key column -> the dataset whose ObjectID it holds. */
    private final Map<String, Map<String, String>> keys;
    private final Connection c;

    private KeyTranslator(Connection c, Map<String, Map<String, String>> keys) {
        this.c = c;
        this.keys = keys;
    }

    /** The translator for the ObjectID keys among {@code datasets}, or null when there are none. */
    public static KeyTranslator of(Geodatabase gdb, Collection<String> datasets) throws GeodatabaseException {
        Map<String, Map<String, String>> keys = new HashMap<>();
        for (RelationshipClass rc : RelatedRows.within(gdb, datasets)) {
            if (rc.originKey().equals("OBJECTID")) {
                keys.computeIfAbsent(rc.hasTable() ? rc.table() : rc.destination(), k -> new LinkedHashMap<>()).put(rc.foreignKey(), rc.origin());
            }
            if (rc.hasTable() && "OBJECTID".equals(rc.destinationKey())) {
                keys.computeIfAbsent(rc.table(), k -> new LinkedHashMap<>()).put(rc.destinationForeignKey(), rc.destination());
            }
        }
        return keys.isEmpty() ? null : new KeyTranslator(gdb.connection(), keys);
    }

    Set<String> keyColumns(String dataset) {
        return new LinkedHashSet<>(keys.getOrDefault(dataset, Map.of()).keySet());
    }

    /** The values with ObjectID keys replaced by the related rows' GlobalIDs. */
    Map<String, Object> toPortable(String dataset, Map<String, Object> values) throws SQLException {
        Map<String, String> cols = keys.get(dataset);
        if (cols == null || values == null) {
            return values;
        }
        Map<String, Object> result = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> e : cols.entrySet()) {
            Object v = result.get(e.getKey());
            if (v instanceof Number n) {
                Object gid = lookup("SELECT GLOBALID FROM " + e.getValue() + " WHERE OBJECTID = ?", n.longValue());
                result.put(e.getKey(), gid == null ? null : PREFIX + gid.toString().trim());
            }
        }
        return result;
    }

    /** The values with "gid:" keys replaced by this geodatabase's ObjectIDs (NULL when the row is not here). */
    Map<String, Object> toLocal(String dataset, Map<String, Object> values) throws SQLException {
        Map<String, String> cols = keys.get(dataset);
        if (cols == null || values == null) {
            return values;
        }
        Map<String, Object> result = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> e : cols.entrySet()) {
            Object v = result.get(e.getKey());
            if (v instanceof String s && s.startsWith(PREFIX)) {
                result.put(e.getKey(), lookup("SELECT OBJECTID FROM " + e.getValue() + " WHERE GLOBALID = ?", s.substring(PREFIX.length())));
            }
        }
        return result;
    }

    /**
     * The ObjectID keys among {@code values} ("gid:" keys, as received) that name a row this geodatabase does not hold.
     * A row deleted here voids the relationship: its columns are in {@link Untranslated#voided()} ({@link #toLocal} makes them
     * NULL, and the receiver makes that its own edit so the relative learns of it). A row never held here cannot be named by
     * an ObjectID here at all: {@link Untranslated#unknown()} says so in a sentence, and the edit is not applied (the key is
     * never silently set to NULL). Null when every key is translated.
     */
    Untranslated untranslated(String dataset, Map<String, Object> values) throws SQLException {
        Map<String, String> cols = keys.get(dataset);
        if (cols == null || values == null) {
            return null;
        }
        Set<String> voided = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : cols.entrySet()) {
            if (values.get(e.getKey()) instanceof String s && s.startsWith(PREFIX)) {
                String gid = s.substring(PREFIX.length()).trim();
                if (lookup("SELECT OBJECTID FROM " + e.getValue() + " WHERE GLOBALID = ?", gid) != null) {
                    continue;
                }
                if (!RelatedRows.deletedHere(c, e.getValue(), "GLOBALID", gid)) {
                    return new Untranslated(Set.of(), "its " + e.getKey() + " names row " + gid + " of " + e.getValue()
                            + ", which this geodatabase does not hold, so its ObjectID key cannot be kept here; widen the replica's filter"
                            + " of " + e.getValue() + " to hold that row, or key the relationship class by GLOBALID");
                }
                voided.add(e.getKey());
            }
        }
        return voided.isEmpty() ? null : new Untranslated(voided, null);
    }

    /** See {@link #untranslated}: key columns voided because they name a row deleted here, or why the edit cannot be applied. */
    record Untranslated(Set<String> voided, String unknown) {
    }

    private Object lookup(String sql, Object key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

}
