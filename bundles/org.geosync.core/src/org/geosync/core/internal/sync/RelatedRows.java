package org.geosync.core.internal.sync;

import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;
import org.geosync.core.internal.storage.Relationships;
import org.geosync.core.internal.storage.TrackingFlag;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;

/**
 * Related data along relationship classes (the replica filter rules): rows related to replicated rows come along
 * at creation (chained across relationships, origin to destination) and travel at synchronization
 * when their dataset is schema-only; a received row that relates to a row deleted here has that relationship voided
 * (a delete itself, received or local, is kept by the database's relationship triggers: the foreign keys of its
 * destination rows set to NULL, its relationship-table rows removed, never the related rows themselves).
 */
public final class RelatedRows {

    private static final int MAX_CHAIN = 8;

    private RelatedRows() {
    }

    /** Relationship classes of {@code gdb} whose origin and destination are both among {@code datasets}. */
    static List<RelationshipClass> within(Geodatabase gdb, Collection<String> datasets) throws GeodatabaseException {
        Set<String> names = upper(datasets);
        List<RelationshipClass> result = new ArrayList<>();
        for (RelationshipClass rc : gdb.relationshipClasses()) {
            if (names.contains(rc.origin()) && names.contains(rc.destination())) {
                result.add(rc);
            }
        }
        return result;
    }

    /** Whether a row travels because it is related to a row of the replica (schema-only datasets with related data). */
    static Related rules(Geodatabase gdb, Replica replica) throws GeodatabaseException {
        Map<String, RowFilter> filters = new HashMap<>();
        Map<String, ReplicaDataset> rds = new HashMap<>();
        for (ReplicaDataset rd : replica.getDatasets()) {
            String n = rd.getDatasetName().toUpperCase(Locale.ROOT);
            rds.put(n, rd);
            filters.put(n, RowFilter.of(gdb.connection(), gdb.dataset(n), rd.getFilter()));
        }
        List<RelationshipClass> rcs = within(gdb, rds.keySet());
        if (rcs.isEmpty()) {
            return null;
        }
        Connection c = gdb.connection();
        return new Related() {
            @Override
            public boolean isRelatedToReplicated(String dataset, String gid, RowStore.RowState state, long generation)
                    throws SQLException, GeodatabaseException {
                return related(dataset, gid, state, generation, 0, new LinkedHashSet<>());
            }

            private boolean related(String dataset, String gid, RowStore.RowState state, long generation, int depth, Set<String> seen)
                    throws SQLException, GeodatabaseException {
                ReplicaDataset rd = rds.get(dataset);
                if (!state.exists() || depth > MAX_CHAIN || !seen.add(dataset + "/" + gid) || rd == null || rd.getFilter() == null
                        || !rd.getFilter().isRelatedData()) {
                    return false;
                }
                for (RelationshipClass rc : rcs) {
                    List<String> origins = new ArrayList<>();
                    if (!rc.hasTable() && rc.destination().equals(dataset) || rc.hasTable() && rc.table().equals(dataset)) {
                        origins.addAll(origins(rc, state.values().get(rc.foreignKey())));
                    } else if (rc.hasTable() && rc.destination().equals(dataset) && rds.containsKey(rc.table())) {
                        Object key = keyOf(c, dataset, gid, state.values(), rc.destinationKey());
                        for (Object originKey : column(c, rc.table(), rc.foreignKey(), rc.destinationForeignKey(), key)) {
                            origins.addAll(origins(rc, originKey));
                        }
                    }
                    for (String origin : origins) {
                        RowStore store = new RowStore(gdb, gdb.dataset(rc.origin()));
                        // the origin as it was at the end of the same generation: a row related to an origin that has
                        // moved out of the replica (or been deleted) since was in the replica then
                        RowStore.RowState os = store.stateAt(origin, generation);
                        RowFilter f = filters.get(rc.origin());
                        if (f != null && (f.matches(store, origin, os) || !f.schemaOnly() && !f.selective() && os.exists()
                                || f.schemaOnly() && related(rc.origin(), origin, os, generation, depth + 1, seen))) {
                            return true;
                        }
                    }
                }
                return false;
            }

            /** The origin rows a key value names: by GLOBALID the row itself (even one deleted since), else the current rows holding it. */
            private List<String> origins(RelationshipClass rc, Object key) throws SQLException {
                if (rc.originKey().equals("GLOBALID")) {
                    return key == null ? List.of() : List.of(key.toString().trim());
                }
                return find(c, rc.origin(), rc.originKey(), key);
            }
        };
    }

    /** Voids the relationships a received row names to a row deleted here (see {@link RelationshipKeeper#arrived}). */
    public static RelationshipKeeper keeper(Geodatabase gdb) throws GeodatabaseException {
        List<RelationshipClass> all = gdb.relationshipClasses();
        if (all.isEmpty()) {
            return null;
        }
        Connection c = gdb.connection();
        Set<String> present = new HashSet<>();
        gdb.datasets().forEach(d -> present.add(d.name()));
        return new RelationshipKeeper() {
            @Override
            public boolean arrived(RowStore store, String gid, Map<String, Object> incoming) throws SQLException, GeodatabaseException {
                String dataset = store.dataset().name();
                Map<String, Object> row = null;
                Set<String> voidKeys = new LinkedHashSet<>();
                for (RelationshipClass rc : all) {
                    if (rc.hasTable() && rc.table().equals(dataset)) {
                        String fk = rc.foreignKey(), dk = rc.destinationForeignKey();
                        boolean names = present.contains(rc.origin()) && deletedHere(c, rc.origin(), rc.originKey(), incoming.get(fk))
                                || present.contains(rc.destination()) && deletedHere(c, rc.destination(), rc.destinationKey(), incoming.get(dk));
                        row = names && row == null ? store.current(gid) : row;
                        // only a relationship the incoming values brought (and still here: a conflict may have kept this side's)
                        if (names && row != null && Outgoing.same(row.get(fk), incoming.get(fk)) && Outgoing.same(row.get(dk), incoming.get(dk))) {
                            ownEdit(() -> store.delete(gid)); // a relationship row needs both its ends
                            return true;
                        }
                    } else if (!rc.hasTable() && rc.destination().equals(dataset)) {
                        String fk = rc.foreignKey();
                        boolean names = present.contains(rc.origin()) && deletedHere(c, rc.origin(), rc.originKey(), incoming.get(fk));
                        row = names && row == null ? store.current(gid) : row;
                        if (names && row != null && Outgoing.same(row.get(fk), incoming.get(fk))) {
                            voidKeys.add(fk);
                        }
                    }
                }
                if (voidKeys.isEmpty()) {
                    return false;
                }
                Map<String, Object> values = new HashMap<>();
                voidKeys.forEach(k -> values.put(k, null));
                ownEdit(() -> store.update(gid, values, voidKeys));
                return true;
            }
        };
    }

    /**
     * After a received row whose ObjectID keys {@code columns} named a row deleted here was applied (the keys became NULL):
     * the voiding is made this side's own edit, so the relative learns of it, unless a conflict kept this side's values.
     * Returns whether it was.
     */
    static boolean voidedOnArrival(RowStore store, String gid, Set<String> columns) throws SQLException {
        Map<String, Object> row = store.current(gid);
        if (row == null || columns.isEmpty() || columns.stream().anyMatch(k -> row.get(k) != null)) {
            return false;
        }
        Map<String, Object> values = new HashMap<>();
        columns.forEach(k -> values.put(k, null));
        ownEdit(() -> store.update(gid, values, columns));
        return true;
    }

    private interface Edit {
        void run() throws SQLException;
    }

    /** Runs {@code edit} captured as a local edit of this side (while changes received from a relative are applied). */
    private static void ownEdit(Edit edit) throws SQLException {
        String source = TrackingFlag.setSource(null);
        try {
            edit.run();
        } finally {
            TrackingFlag.setSource(source);
        }
    }

    /**
     * Whether the row of {@code dataset} a GLOBALID {@code key} names was deleted here: absent now, with its delete
     * in the change log (kept until every relative has acknowledged it, so a relative that related a row to it
     * meanwhile still finds it). Keys other than GLOBALID name no row by themselves: false.
     */
    static boolean deletedHere(Connection c, String dataset, String key, Object value) throws SQLException {
        if (value == null || !key.equals("GLOBALID")) {
            return false;
        }
        String gid = value.toString().trim();
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM " + dataset + " WHERE GLOBALID = ?")) {
            p.setString(1, gid);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM GDB_CHANGES WHERE DATASET = ? AND GLOBALID = ? AND OPERATION = 'D'")) {
            p.setString(1, dataset);
            p.setString(2, gid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Copies, into the new child, the rows related to the rows already copied (origin to destination,
     * through foreign keys and relationship tables, chained until nothing new comes along).
     */
    static void copyRelated(Geodatabase parent, Geodatabase child, Collection<String> datasets, Map<String, Set<String>> copied)
            throws SQLException, GeodatabaseException {
        List<RelationshipClass> rcs = within(parent, datasets);
        Relationships lookup = new Relationships(parent.connection(), parent.dialect());
        boolean grew = true;
        for (int round = 0; grew && round < MAX_CHAIN * 4; round++) {
            grew = false;
            for (RelationshipClass rc : rcs) {
                Set<String> origins = copied.getOrDefault(rc.origin(), Set.of());
                if (origins.isEmpty()) {
                    continue;
                }
                if (rc.hasTable() && copied.containsKey(rc.table())) {
                    grew |= copyRows(parent, child, rc.table(), lookup.relationshipRowGlobalIds(rc, origins), copied);
                }
                grew |= copyRows(parent, child, rc.destination(), lookup.relatedDestinationGlobalIds(rc, origins), copied);
            }
        }
    }

    private static boolean copyRows(Geodatabase parent, Geodatabase child, String dataset, List<String> gids, Map<String, Set<String>> copied)
            throws SQLException, GeodatabaseException {
        Set<String> have = copied.computeIfAbsent(dataset, k -> new LinkedHashSet<>());
        RowStore from = new RowStore(parent, parent.dataset(dataset));
        RowStore to = new RowStore(child, child.dataset(dataset));
        boolean grew = false;
        for (String gid : gids) {
            if (have.add(gid)) {
                Map<String, Object> row = from.current(gid);
                if (row != null) {
                    to.insert(row);
                    grew = true;
                }
            }
        }
        return grew;
    }

    /**
     * After the rows are copied: foreign keys holding the parent's ObjectIDs are rewritten to the
     * child's ObjectIDs of the same rows (ObjectIDs are local; GlobalIDs are the same everywhere).
     */
    static void rewriteObjectIdKeys(Geodatabase parent, Geodatabase child, Collection<String> datasets) throws SQLException, GeodatabaseException {
        KeyTranslator toPortable = KeyTranslator.of(parent, datasets);
        KeyTranslator toLocal = KeyTranslator.of(child, datasets);
        if (toPortable == null) {
            return;
        }
        for (String dataset : upper(datasets)) {
            Set<String> cols = toPortable.keyColumns(dataset);
            if (cols.isEmpty()) {
                continue;
            }
            RowStore parentRows = new RowStore(parent, parent.dataset(dataset));
            RowStore childRows = new RowStore(child, child.dataset(dataset));
            List<String> gids = new ArrayList<>();
            try (PreparedStatement p = child.connection().prepareStatement("SELECT GLOBALID FROM " + dataset);
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    gids.add(rs.getString(1).trim());
                }
            }
            for (String gid : gids) {
                Map<String, Object> row = parentRows.current(gid);
                if (row == null) {
                    continue;
                }
                Map<String, Object> portable = toPortable.toPortable(dataset, row);
                Map<String, Object> local = toLocal.toLocal(dataset, portable);
                childRows.update(gid, local, cols);
            }
        }
    }

    /** The value of a key column of a row: OBJECTID is looked up, other keys are in the values. */
    static Object keyOf(Connection c, String dataset, String gid, Map<String, Object> values, String key) throws SQLException {
        if (key.equals("OBJECTID")) {
            try (PreparedStatement p = c.prepareStatement("SELECT OBJECTID FROM " + dataset + " WHERE GLOBALID = ?")) {
                p.setString(1, gid);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getObject(1) : null;
                }
            }
        }
        return values.get(key);
    }

    /** GlobalIDs of the rows of {@code dataset} whose {@code key} equals {@code value}. */
    private static List<String> find(Connection c, String dataset, String key, Object value) throws SQLException {
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT GLOBALID FROM " + dataset + " WHERE " + key + " = ?")) {
            p.setObject(1, value);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1).trim());
                }
            }
        }
        return result;
    }

    /** Values of {@code column} of the rows of {@code table} whose {@code where} column equals {@code value}. */
    private static List<Object> column(Connection c, String table, String column, String where, Object value) throws SQLException {
        List<Object> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE " + where + " = ?")) {
            p.setObject(1, value);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Object v = rs.getObject(1);
                    result.add(v instanceof Blob b ? b.getBytes(1, (int) b.length()) : v instanceof String s ? s.trim() : v);
                }
            }
        }
        return result;
    }

    private static Set<String> upper(Collection<String> names) {
        Set<String> result = new LinkedHashSet<>();
        names.forEach(n -> result.add(n.toUpperCase(Locale.ROOT)));
        return result;
    }


}
