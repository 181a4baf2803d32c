package org.geosync.core.internal.sync;

import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.message.MessageValues;
import org.geosync.core.internal.storage.Catalog;
import org.geosync.core.internal.storage.TrackingFlag;
import org.geosync.model.EditOperation;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;

/**
 * Raw access to the rows of one dataset for replication: values as the database holds them (SHAPE as
 * WKB bytes), the state of a row at the end of a generation, the change log between two generations,
 * and writes by GlobalID.
 */
public final class RowStore {

    /**
     * Row stores of the replica's datasets (all, or the named layers), by upper-case name, in {@link ApplyOrder}: origins
     * before destinations, relationship tables last.
     */
    public static Map<String, RowStore> forReplica(Geodatabase gdb, Replica r, List<String> layers) throws GeodatabaseException {
        Map<String, RowStore> stores = new LinkedHashMap<>();
        for (ReplicaDataset rd : r.getDatasets()) {
            String n = rd.getDatasetName().toUpperCase(Locale.ROOT);
            if (layers == null || layers.contains(n)) {
                Dataset d = gdb.dataset(n);
                stores.put(n, new RowStore(gdb, d));
            }
        }
        return ApplyOrder.sorted(gdb, stores);
    }


    /** A row as it was at some generation: {@code values} null when it did not exist; {@code image} the
     *  generation of the kept image it was read from, -1 for the current row, or -2 for a version a registered copy held
     *  (not in this geodatabase, see {@link HeldByCopy}). */
    record RowState(Map<String, Object> values, long image) {
        boolean exists() {
            return values != null;
        }
    }

    /**
     * A row changed in a range of generations: whether this side made any of the changes, the last one's generation, a resolution,
     * the generation of the last change received from the relative in the range (-1: none), the first change's generation and
     * the last generation of a change this side made (-1: none).
     */
    record Changed(String globalId, boolean own, long generation, boolean resolved, long received, long first, long lastOwn) {
    }

    /**
     * Derby's optimizer may pick the (GENERATION, DATASET) index for a lookup of one row's changes after a
     * generation and then scan every change since, which makes applying n changes cost n² (found by the
     * message benchmark); the row's changes are always read through the (DATASET, GLOBALID) index.
     */
    private static final String ROW_INDEX = " --DERBY-PROPERTIES index=GDB_CHANGES_ROW\n";

    private final Geodatabase g;
    private final Connection c;
    private final Dataset d;
    private final List<String> columns;
    private final String select;
    /** The expression that numbers a change-log row, in the geodatabase's SQL. */
    private final String nextChangeId;
    /** Where the generation of this side's writes is read (see SqlDialect#generationTable). */
    private final String generationTable;

    RowStore(Geodatabase g, Dataset d) {
        this.g = g;
        this.c = g.connection();
        this.d = d;
        this.columns = Catalog.replicatedColumns(d);
        this.select = "SELECT " + String.join(", ", columns);
        this.nextChangeId = g.dialect().nextChangeId();
        this.generationTable = g.dialect().generationTable("G");
    }

    /** Whether {@code e} is a snapshot transaction's concurrency failure (see Geodatabase#inSnapshot), not a fault of a row. */
    boolean isConcurrencyFailure(SQLException e) {
        return g.isConcurrencyFailure(e);
    }

    public Dataset dataset() {
        return d;
    }

    public List<String> columns() {
        return columns;
    }

    /** The current row, or null. */
    Map<String, Object> current(String gid) throws SQLException {
        Ahead a = ahead(gid, Long.MAX_VALUE);
        if (a != null) {
            return a.current == null ? null : new LinkedHashMap<>(a.current);
        }
        PreparedStatement p = g.prepared(select + " FROM " + d.name() + " WHERE GLOBALID = ?");
        p.setString(1, gid);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? values(rs) : null;
        }
    }

    /** The row as it was at the end of {@code generation}. */
    RowState stateAt(String gid, long generation) throws SQLException {
        Ahead a = ahead(gid, generation);
        if (a != null && a.images != null) {
            for (Image image : a.images) {
                if (image.generation() > generation) {
                    return image.state();
                }
            }
            return new RowState(current(gid), -1);
        }
        String images = Catalog.ancestorTable(d.name());
        PreparedStatement p = g.prepared("SELECT HAD_ANCESTOR, GENERATION FROM " + images
                + " WHERE GLOBALID = ? AND GENERATION > ? ORDER BY GENERATION FETCH FIRST 1 ROW ONLY");
        p.setString(1, gid);
        p.setLong(2, generation);
        long image = -1;
        boolean existed = true;
        try (ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
                image = rs.getLong(2);
                existed = rs.getInt(1) != 0;
            }
        }
        if (image < 0) {
            return new RowState(current(gid), -1);
        }
        if (!existed) {
            return new RowState(null, image);
        }
        PreparedStatement q = g.prepared(select + " FROM " + images + " WHERE GLOBALID = ? AND GENERATION = ?");
        q.setString(1, gid);
        q.setLong(2, image);
        try (ResultSet r = q.executeQuery()) {
            r.next();
            return new RowState(values(r), image);
        }
    }

    /** Whether a row state satisfies a WHERE clause (already validated), evaluated by the database on that state. */
    boolean matches(String gid, RowState state, String where) throws SQLException {
        if (!state.exists()) {
            return false;
        }
        String sql = state.image() < 0 ? "SELECT 1 FROM " + d.name() + " WHERE GLOBALID = ? AND (" + where + ")"
                : "SELECT 1 FROM " + Catalog.ancestorTable(d.name()) + " WHERE GLOBALID = ? AND GENERATION = " + state.image()
                        + " AND (" + where + ")";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, gid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Receives changed rows one at a time. */
    @FunctionalInterface
    interface ChangedVisitor {
        void visit(Changed changed) throws SQLException, org.geosync.core.GeodatabaseException;
    }

    /**
     * Visits the rows with a change in generations ({@code after}, {@code upTo}] one at a time, in the order
     * of their last change, while the query is open (memory does not grow with their number: Derby sorts
     * the groups on disk when they are many; the visitor may query the same connection). Each says whether
     * any of its changes is this side's own (local, or received from another relative than {@code relative}),
     * the generation of its last change, and whether a conflict on it was resolved here.
     */
    /**
     * A change log row that is this side's own for the relative bound to the two parameters: a local edit, a change received
     * from another relative, a resolution, or a verdict to send to that relative (see {@link #markVerdict}).
     */
    private static final String OWN = "((OPERATION = 'S' AND SOURCE = ?) OR (OPERATION <> 'S' AND (SOURCE IS NULL OR SOURCE <> ? OR OPERATION = 'R')))";

    /** Whether generations {@code after} (exclusive) to {@code upTo} hold a change of this side's own for {@code relative}. */
    boolean hasOwnChange(long after, long upTo, String relative) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM GDB_CHANGES WHERE DATASET = ? AND GENERATION > ? AND GENERATION <= ? AND "
                + OWN)) {
            p.setString(1, d.name());
            p.setLong(2, after);
            p.setLong(3, upTo);
            p.setString(4, relative);
            p.setString(5, relative);
            p.setMaxRows(1);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    void changed(long after, long upTo, String relative, Peers resolvedFor, ChangedVisitor visitor)
            throws SQLException, org.geosync.core.GeodatabaseException {
        // a resolution ('R') names the relative it settled a conflict with (SOURCE; null: every relative, as one made before
        // resolutions named it): it is this side's own change for every relative, and makes the row go whole to that one only
        // (and to the copies registered from it: they hold what it held when copied); a verdict ('S') makes the row go whole
        // to the relative it names, and is no change for any other
        // (a peer's resolution counts up to the generation its decisions count to, see Peers)
        String rel = relative == null ? "" : relative;
        Map<String, Long> counted = resolvedFor == null || resolvedFor.guids().isEmpty() ? Map.of(rel.trim(), Long.MAX_VALUE) : resolvedFor.upTo();
        String peers = "(" + String.join(" OR ", java.util.Collections.nCopies(counted.size(), "SOURCE = ? AND GENERATION <= ?")) + ")";
        try (PreparedStatement p = c.prepareStatement("SELECT GLOBALID, MAX(CHANGE_ID), MAX(GENERATION),"
                + " MAX(CASE WHEN OPERATION = 'R' AND (SOURCE IS NULL OR " + peers + ") OR OPERATION = 'S' AND " + peers
                + " THEN 1 ELSE 0 END),"
                + " MAX(CASE WHEN " + OWN + " THEN 1 ELSE 0 END),"
                + " MAX(CASE WHEN SOURCE = ? AND OPERATION NOT IN ('R', 'S') THEN GENERATION ELSE -1 END), MIN(GENERATION),"
                + " MAX(CASE WHEN " + OWN + " THEN GENERATION ELSE -1 END)"
                + " FROM GDB_CHANGES WHERE DATASET = ? AND GENERATION > ? AND GENERATION <= ? GROUP BY GLOBALID ORDER BY 2")) {
            int i = 1;
            for (int twice = 0; twice < 2; twice++) { // resolutions, then verdicts
                for (Map.Entry<String, Long> peer : counted.entrySet()) {
                    p.setString(i++, peer.getKey());
                    p.setLong(i++, peer.getValue());
                }
            }
            p.setString(i++, rel);
            p.setString(i++, rel);
            p.setString(i++, rel);
            p.setString(i++, rel);
            p.setString(i++, rel);
            p.setString(i++, d.name());
            p.setLong(i++, after);
            p.setLong(i, upTo);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    visitor.visit(new Changed(rs.getString(1).trim(), rs.getInt(5) == 1, rs.getLong(3), rs.getInt(4) == 1, rs.getLong(6),
                            rs.getLong(7), rs.getLong(8)));
                }
            }
        }
    }

    /**
     * Whether this side changed the row (locally, by a resolution, or by receiving another relative's edit) after
     * {@code boundary}, the last of this side's generations the relative {@code source} is known to hold: when it did not,
     * a change received from that relative cannot conflict. One query of the row's changes.
     */
    boolean changedSince(String gid, String source, long boundary) throws SQLException {
        for (LoggedChange x : changesAfter(gid, boundary)) {
            if (!x.operation().equals("S") && (x.source() == null || source != null && !x.source().equals(source.trim()) || x.operation().equals("R"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What one row has in common with the relative {@code source}, field by field, and what this side changed since
     * (see {@link #common}). {@code ancestor} is null when the row had no common state (it did not exist at the boundary and
     * the relative never sent it); {@code edited} holds the fields this side changed since their common value (every field
     * when it inserted or deleted the row); {@code resolved} says a conflict on the row was resolved here since;
     * {@code decidedWith} says a decision here since recorded the relative's values of the row (see {@link #decided}), so the
     * ancestor holds them.
     */
    record Common(Map<String, Object> ancestor, Set<String> edited, boolean resolved, boolean decidedWith) {
        boolean editedHere() {
            return resolved || !edited.isEmpty();
        }
    }

    /**
     * The row's common state with the relative {@code source}, which is known to hold this side's generations up to
     * {@code boundary}: the row as it was then, followed generation by generation through every later change. A generation
     * holding a change received from {@code source} is the relative's (its values of the fields it changed are common
     * again, and an edit here that they replaced no longer counts); any other generation that changed the row is this
     * side's edit of the fields it changed. So an edit made here before a received change of another field still counts as
     * edited here, and a field the relative sends again unchanged is recognised by its common value.
     */
    Common common(String gid, String source, Peers resolvedFor, long boundary) throws SQLException {
        java.util.TreeMap<Long, Boolean> theirs = new java.util.TreeMap<>();
        boolean resolved = false;
        // a registered copy held what its original had changed up to the copy point: a change received from the original
        // that brought the row to what the copy held is common with the copy too (field by field)
        HeldByCopy held = heldByCopy(gid, source);
        // and the other way round: a change received from a registered copy of the relative that brought the row to what the
        // copy held at its copy point is common with the relative (its history up to there is the relative's)
        Map<String, HeldByCopy> copies = heldByCopiesOf(gid, source);
        Map<Long, HeldByCopy> viaShared = new java.util.HashMap<>();
        Set<Long> viaCopy = new HashSet<>();
        // the fields the relative moved on from what the copy held, as this side knows (a change received from the relative set
        // them to another value): a copy's change of such a field back to what it held is no common state, but a change
        Set<String> movedOnThere = copies.isEmpty() ? Set.of() : movedOn(gid, source, copies.values());
        for (LoggedChange x : changesAfter(gid, boundary)) {
            if (x.operation().equals("S")) {
                continue; // a verdict to send changes nothing of the row
            }
            String from = x.source();
            boolean resolution = x.operation().equals("R");
            boolean received = !resolution && from != null && from.equals(source);
            theirs.merge(x.generation(), received, Boolean::logicalOr);
            if (held != null && !resolution && from != null && from.equals(held.origin())) {
                viaShared.put(x.generation(), held);
            } else if (!resolution && from != null && copies.containsKey(from)) {
                viaShared.put(x.generation(), copies.get(from));
                viaCopy.add(x.generation());
            }
            if (resolution && (from == null || from.equals(source) || resolvedFor.counts(from, x.generation()))) {
                resolved = true; // a conflict with this relative (or, recorded without one, with any) was resolved here
            }
        }
        // the row at the start of each generation that changed it, then as it is now
        List<Long> generations = new ArrayList<>();
        List<Map<String, Object>> states = new ArrayList<>();
        for (Image image : imagesAfter(gid, boundary)) {
            generations.add(image.generation());
            states.add(image.state().values());
        }
        states.add(current(gid));
        Map<String, Object> ancestor = states.get(0) == null ? null : new LinkedHashMap<>(states.get(0));
        Set<String> edited = new java.util.LinkedHashSet<>();
        Map<String, Long> sources = new java.util.HashMap<>(resolvedFor.upTo());
        sources.put(source.trim(), Long.MAX_VALUE);
        java.util.TreeMap<Long, Map<String, Object>> decisions = decisions(gid, new Peers(sources), boundary, source.trim(),
                held != null && held.values() == null);
        boolean decidedWith = !decisions.isEmpty();
        for (int i = 0; i < generations.size(); i++) {
            Map<String, Object> before = states.get(i), after = states.get(i + 1);
            // decisions taken before this generation changed the row: the row then was as this generation found it
            for (Map<String, Object> decided : decisions.headMap(generations.get(i)).values()) {
                ancestor = decide(ancestor, edited, decided, before);
            }
            decisions.headMap(generations.get(i)).clear();
            boolean received = theirs.getOrDefault(generations.get(i), false);
            HeldByCopy shared = received ? null : viaShared.get(generations.get(i));
            if (before == null || after == null) {
                if (received || shared != null && shared.holds(after, columns)) {
                    ancestor = after == null ? null : new LinkedHashMap<>(after);
                    edited.clear();
                } else {
                    edited.addAll(columns);
                    edited.remove("GLOBALID");
                }
                continue;
            }
            for (String col : columns) {
                if (col.equals("GLOBALID") || Outgoing.same(before.get(col), after.get(col))) {
                    continue;
                }
                if (received || shared != null && shared.values() != null && Outgoing.same(shared.values().get(col), after.get(col))
                        && !(viaCopy.contains(generations.get(i)) && movedOnThere.contains(col))) {
                    if (ancestor != null) {
                        ancestor.put(col, after.get(col));
                    }
                    edited.remove(col);
                } else {
                    edited.add(col);
                }
            }
        }
        // a decision is taken after the changes of its own generation (a by-column conflict merges the other fields first)
        for (Map<String, Object> decided : decisions.values()) {
            ancestor = decide(ancestor, edited, decided, states.get(states.size() - 1));
        }
        Map<String, Object> atBoundary = states.get(0), now = states.get(states.size() - 1);
        if (states.size() > 2 && atBoundary != null && now != null && states.subList(1, states.size() - 1).contains(null) && !decidedWith && held == null
                && copies.isEmpty() && !theirs.containsValue(true)) {
            // deleted here and brought back since the boundary (another replica's version taken against the delete), none of it
            // from the relative, which holds the row as it was at the boundary and never held the delete: for the relative the
            // two are one change of the row, from the state it holds to the row now (a row it kept against the delete would
            // come with a decision here, and have nothing in common with this one since the delete)
            ancestor = new LinkedHashMap<>(atBoundary);
            edited.clear();
            for (String col : columns) {
                if (!col.equals("GLOBALID") && !Outgoing.same(atBoundary.get(col), now.get(col))) {
                    edited.add(col);
                }
            }
        }
        return new Common(ancestor, edited, resolved, decidedWith);
    }

    /**
     * Follows a decision against the relative's values {@code decided} through the common state: the relative holds those
     * values (they are common again), and a field where this side's row ({@code row}, as it was after the decision) holds
     * another value is this side's edit. Returns the ancestor: with no common state before, a decision that records the
     * relative's whole row (a row brought back by taking the relative's version) starts one.
     */
    private Map<String, Object> decide(Map<String, Object> ancestor, Set<String> edited, Map<String, Object> decided, Map<String, Object> row) {
        if (decided.containsKey(NO_ROW)) {
            // kept against the relative's delete: no common state, every field here is this side's
            if (row != null) {
                edited.addAll(columns);
                edited.remove("GLOBALID");
            }
            return null;
        }
        if (ancestor == null) {
            if (row == null || !decided.keySet().containsAll(columns.stream().filter(c -> !c.equals("GLOBALID")).toList())) {
                return null; // no common state to follow: every field already counts as edited here
            }
            ancestor = new LinkedHashMap<>(row);
        }
        for (Map.Entry<String, Object> e : decided.entrySet()) {
            ancestor.put(e.getKey(), e.getValue());
            if (row == null || !Outgoing.same(row.get(e.getKey()), e.getValue())) {
                edited.add(e.getKey());
            } else {
                edited.remove(e.getKey());
            }
        }
        return ancestor;
    }

    /**
     * The fields of the row whose last change in ({@code from}, {@code upTo}] came in a generation holding a change received
     * from {@code relative} (and none of this side's own): the relative holds those values, it sent them, so they are no
     * change for it.
     */
    Set<String> lastTakenFrom(String gid, String relative, long from, long upTo) throws SQLException {
        java.util.TreeMap<Long, Boolean> generations = new java.util.TreeMap<>();
        PreparedStatement p = g.prepared("SELECT GENERATION, MIN(CASE WHEN SOURCE = ? AND OPERATION NOT IN ('R', 'S') THEN 1 ELSE 0 END)"
                + " FROM GDB_CHANGES" + ROW_INDEX + " WHERE DATASET = ? AND GLOBALID = ? AND GENERATION > ? AND GENERATION <= ?"
                + " AND OPERATION <> 'S' GROUP BY GENERATION");
        p.setString(1, relative);
        p.setString(2, d.name());
        p.setString(3, gid);
        p.setLong(4, from);
        p.setLong(5, upTo);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                generations.put(rs.getLong(1), rs.getInt(2) == 1);
            }
        }
        Set<String> taken = new HashSet<>();
        if (!generations.containsValue(true)) {
            return taken;
        }
        for (Map.Entry<Long, Boolean> gen : generations.entrySet()) {
            RowState before = stateAt(gid, gen.getKey() - 1), after = stateAt(gid, gen.getKey());
            for (String col : columns) {
                if (!before.exists() || !after.exists() || !Outgoing.same(before.values().get(col), after.values().get(col))) {
                    if (gen.getValue()) {
                        taken.add(col);
                    } else {
                        taken.remove(col);
                    }
                }
            }
        }
        return taken;
    }

    /**
     * The states of the row at the end of each generation in ({@code from}, {@code upTo}] (existing or not), each of which a
     * relative may hold when messages carrying that range were exported and not acknowledged: the images of the generations
     * after the first that changed the row, and the row at the end of {@code upTo}.
     */
    List<RowState> statesBetween(String gid, long from, long upTo) throws SQLException {
        List<RowState> result = new ArrayList<>();
        for (Image image : imagesAfter(gid, from + 1)) {
            if (image.generation() <= upTo) {
                result.add(image.state());
            }
        }
        result.add(stateAt(gid, upTo));
        return result;
    }

    /**
     * Records that a conflict on the row with the relative geodatabase {@code relative} was resolved here: the next exchange
     * with that relative sends the row whole, as it is now (or its deletion), so the relative takes the decision. Other
     * relatives never held the version decided against: they get the row's net change as usual (a decision that kept this
     * side's values changed nothing for them). {@code relative} null marks the row for every relative.
     */
    void markResolved(String gid, String relative) throws SQLException {
        mark(gid, "R", relative);
    }

    /**
     * Records that this side judged the relative geodatabase {@code relative}'s edit of the row against edits here the
     * relative had not received (merging them, taking or keeping a version): the next exchange with that relative sends the
     * row whole as this side holds it then. A message this side exported before may still reach the relative; the relative
     * leaves such an older record of the row alone (see Applier#judgedThere) and takes this verdict instead, so the
     * two sides never judge the same edits twice. The mark is no edit: it changes nothing of how this side judges the
     * relative's later edits.
     */
    void markVerdict(String gid, String relative) throws SQLException {
        mark(gid, "S", relative);
    }

    private void mark(String gid, String operation, String relative) throws SQLException {
        notQueued();
        PreparedStatement p = g.prepared("INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE)"
                + " SELECT " + nextChangeId + ", ?, ?, CAST(? AS CHAR(1)), GENERATION, CAST(? AS CHAR(36)) FROM " + generationTable);
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setString(3, operation);
        p.setString(4, relative);
        p.executeUpdate();
    }

    /**
     * Records that this side, settling a conflict with the relative geodatabase {@code relative}, decided against the
     * relative's values {@code theirs} of the fields the relative had changed: the relative holds those values, so when it
     * sends them again (a row it sends whole after a decision of its own with another replica, or a message that carries
     * them again) they are nothing new here, and this side's values of those fields stay its edits (see {@link #common}).
     */
    void decided(String gid, String relative, Map<String, Object> theirs) throws SQLException, org.geosync.core.GeodatabaseException {
        if (theirs.isEmpty() || relative == null) {
            return;
        }
        if (queued != null) {
            if (queued.decidedWith != null && !queued.decidedWith.equals(relative)) {
                throw new Unqueued();
            }
            queued.decidedWith = relative;
            queued.decided.add(new LinkedHashMap<>(theirs));
            return;
        }
        PreparedStatement p = g.prepared("INSERT INTO GDB_DECIDED (DATASET, GLOBALID, GENERATION, SOURCE, FIELD, VAL)"
                + " SELECT ?, ?, GENERATION, ?, ?, ? FROM " + generationTable);
        for (Map.Entry<String, Object> e : theirs.entrySet()) {
            p.setString(1, d.name());
            p.setString(2, gid);
            p.setString(3, relative);
            p.setString(4, e.getKey());
            p.setBytes(5, encoded(e.getKey(), e.getValue()));
            p.addBatch();
        }
        p.executeBatch();
    }

    /** The field name under which {@link #decidedAgainstDelete} records a decision against the relative's delete. */
    private static final String NO_ROW = "*";

    /**
     * Records that this side, settling a conflict with the relative geodatabase {@code relative}, kept its row against the
     * relative's delete: the relative holds no row, so the two have no common state of it from then on (every field of the
     * row here is this side's, and a row the relative brings back later meets it field by field, see {@link #common}).
     */
    void decidedAgainstDelete(String gid, String relative) throws SQLException, org.geosync.core.GeodatabaseException {
        Map<String, Object> noRow = new java.util.HashMap<>();
        noRow.put(NO_ROW, null);
        decided(gid, relative, noRow);
    }

    /**
     * Records that the relative {@code relative} holds the row as {@code values}, a version outside its replica: edits of the
     * row made outside the replica travel neither way, so when the row comes back into the replica, this version (not what
     * the relative acknowledged since) is what both sides last had in common.
     */
    void heldOutside(String gid, String relative, Map<String, Object> values) throws SQLException, org.geosync.core.GeodatabaseException {
        notQueued();
        PreparedStatement d0 = g.prepared("DELETE FROM GDB_OUTSIDE WHERE DATASET = ? AND GLOBALID = ? AND SOURCE = ?");
        d0.setString(1, d.name());
        d0.setString(2, gid);
        d0.setString(3, relative);
        d0.executeUpdate();
        PreparedStatement p = g.prepared("INSERT INTO GDB_OUTSIDE (DATASET, GLOBALID, SOURCE, FIELD, VAL) VALUES (?, ?, ?, ?, ?)");
        for (String col : columns) {
            if (col.equals("GLOBALID") || !values.containsKey(col)) {
                continue;
            }
            p.setString(1, d.name());
            p.setString(2, gid);
            p.setString(3, relative);
            p.setString(4, col);
            p.setBytes(5, encoded(col, values.get(col)));
            p.addBatch();
        }
        p.executeBatch();
    }

    /** The relative's copy of the row recorded by {@link #heldOutside}, or null. */
    Map<String, Object> outsideCopy(String gid, String relative) throws SQLException {
        PreparedStatement p = g.prepared("SELECT FIELD, VAL FROM GDB_OUTSIDE WHERE DATASET = ? AND GLOBALID = ? AND SOURCE = ?");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setString(3, relative);
        Map<String, Object> values = new LinkedHashMap<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                values.put(rs.getString(1), decoded(rs.getBytes(2)));
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        values.put("GLOBALID", gid);
        return values;
    }

    private static byte[] encoded(String col, Object value) throws SQLException, org.geosync.core.GeodatabaseException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            MessageValues.write(out, col, value);
        } catch (java.io.IOException x) {
            throw new SQLException(x);
        }
        return bytes.toByteArray();
    }

    private static Object decoded(byte[] val) throws SQLException {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(val))) {
            return MessageValues.read(in, val.length);
        } catch (java.io.IOException x) {
            throw new SQLException(x);
        }
    }

    /**
     * What a registered copy held of a row at its copy point ({@code values} null: no row), for a row its original, the
     * geodatabase {@code origin}, had changed: the copy's history up to there is the original's, so the copy holds what
     * the parent receives of it from the original, whichever of the two sends it first. {@code changed}: the copy's
     * generation of the row's last change up to the copy point. Once the parent holds the copy's generations up to there
     * (received from the original), the copy never sends that version, and may still hold it instead of the parent's: the
     * parent sends it the fields in which its row differs from it (see Outgoing#collect).
     */
    record HeldByCopy(String origin, Map<String, Object> values, long changed) {
        /** Whether the copy held {@code row} (null: no row), every replicated field equal. */
        boolean holds(Map<String, Object> row, List<String> columns) {
            if (row == null || values == null) {
                return row == null && values == null;
            }
            return columns.stream().allMatch(col -> col.equals("GLOBALID") || Outgoing.same(values.get(col), row.get(col)));
        }
    }

    /**
     * Records, on a parent registering a copy (geodatabase {@code source}, replica {@code replicaGuid}) of the original
     * geodatabase {@code origin}, what the copy held of the row at its copy point (see {@link HeldByCopy}).
     */
    void heldByCopy(String replicaGuid, String gid, String source, String origin, HeldByCopy held)
            throws SQLException, org.geosync.core.GeodatabaseException {
        notQueued();
        Map<String, Object> values = held.values();
        PreparedStatement p = g.prepared("INSERT INTO GDB_COPY_HELD (REPLICA_GUID, DATASET, GLOBALID, SOURCE, ORIGIN, FIELD, VAL, CHANGED,"
                + " NEW_HERE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        // a row this side has no record of can only be one the original inserted and had not sent (see insertedByCopyOf)
        int newHere = current(gid) == null && lastChange(gid, Long.MAX_VALUE) == 0 ? 1 : 0;
        for (String col : values == null ? java.util.Collections.<String>singletonList(null) : columns) {
            if ("GLOBALID".equals(col)) {
                continue;
            }
            p.setString(1, replicaGuid);
            p.setString(2, d.name());
            p.setString(3, gid);
            p.setString(4, source);
            p.setString(5, origin);
            p.setString(6, col);
            p.setBytes(7, col == null ? null : encoded(col, values.get(col)));
            p.setLong(8, held.changed());
            p.setInt(9, newHere);
            p.addBatch();
        }
        p.executeBatch();
    }

    /** What the copy, geodatabase {@code source}, held of the row (see {@link #heldByCopy(String, String, String, String, Map)}), or null. */
    HeldByCopy heldByCopy(String gid, String source) throws SQLException {
        if (noCopiesAhead(gid, source)) {
            return null;
        }
        return held(gid, "SOURCE", source).get(source);
    }

    /**
     * What each registered copy of the geodatabase {@code origin} held of the row at its copy point (see {@link HeldByCopy}),
     * by the copy's geodatabase GUID.
     */
    Map<String, HeldByCopy> heldByCopiesOf(String gid, String origin) throws SQLException {
        if (noCopiesAhead(gid, origin)) {
            return Map.of();
        }
        return held(gid, "ORIGIN", origin);
    }

    /** What copies held of the row, by the copy's geodatabase GUID, for the copy ({@code SOURCE}) or original ({@code ORIGIN}) {@code guid}. */
    private Map<String, HeldByCopy> held(String gid, String column, String guid) throws SQLException {
        PreparedStatement p = g.prepared("SELECT SOURCE, ORIGIN, FIELD, VAL, CHANGED FROM GDB_COPY_HELD WHERE DATASET = ? AND GLOBALID = ? AND "
                + column + " = ?");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setString(3, guid);
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, Map<String, Object>> values = new java.util.HashMap<>();
        Map<String, Long> changed = new java.util.HashMap<>();
        Set<String> none = new HashSet<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String copy = rs.getString(1).trim();
                origins.put(copy, rs.getString(2).trim());
                changed.put(copy, rs.getLong(5));
                values.computeIfAbsent(copy, k -> new LinkedHashMap<>());
                if (rs.getString(3) == null) {
                    none.add(copy);
                } else {
                    values.get(copy).put(rs.getString(3), decoded(rs.getBytes(4)));
                }
            }
        }
        Map<String, HeldByCopy> result = new LinkedHashMap<>();
        origins.forEach((copy, origin) -> result.put(copy, new HeldByCopy(origin, none.contains(copy) ? null : values.get(copy), changed.get(copy))));
        return result;
    }

    /**
     * The rows the copy, geodatabase {@code source}, held at its copy point in another state than this side's, and that this
     * side has not changed since {@code from} (what the copy holds of it): its original changed them after sending what
     * this side holds and changed them back (or inserted and deleted them) before sending again, so nothing of that version
     * ever reached this side, while this side counts the generations of the change as received from the copy too
     * ({@code received}: what it holds of the copy's generations, see Registry#received). The copy never sends them (they
     * lie in those generations) and would keep that version for good: this side sends them whole (see Outgoing#collect).
     * Each is returned once: its record of what the copy held is forgotten (as it is for a row the copy holds as this side does).
     */
    List<String> heldByCopyUnseen(String source, long received, long from) throws SQLException {
        PreparedStatement p = g.prepared("SELECT DISTINCT H.GLOBALID FROM GDB_COPY_HELD H WHERE H.DATASET = ? AND H.SOURCE = ?"
                + " AND H.CHANGED <= ? AND NOT EXISTS (SELECT 1 FROM GDB_CHANGES C WHERE C.DATASET = H.DATASET AND C.GLOBALID = H.GLOBALID"
                + " AND C.GENERATION > ?)");
        p.setString(1, d.name());
        p.setString(2, source);
        p.setLong(3, received);
        p.setLong(4, from);
        List<String> gids = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                gids.add(rs.getString(1).trim());
            }
        }
        List<String> differ = new ArrayList<>();
        PreparedStatement forget = g.prepared("DELETE FROM GDB_COPY_HELD WHERE DATASET = ? AND GLOBALID = ? AND SOURCE = ?");
        for (String gid : gids) {
            if (!heldByCopy(gid, source).holds(current(gid), columns)) {
                differ.add(gid);
            }
            forget.setString(1, d.name());
            forget.setString(2, gid);
            forget.setString(3, source);
            forget.executeUpdate();
        }
        return differ;
    }

    /**
     * The rows a registered copy of the geodatabase {@code origin} held at its copy point that the original had inserted, in
     * its generations up to {@code upTo}, and that this side received from the copy and from nowhere else: this side had no
     * record of the row when the copy was registered, its first change here is the copy's insert, and nothing of it came from
     * the original. (A row this side knew, deleted here and brought back by the copy, also starts with the copy's insert once
     * the delete's change record is forgotten, but the original did not insert it.)
     */
    Set<String> insertedByCopyOf(String origin, long upTo) throws SQLException {
        PreparedStatement p = g.prepared("SELECT DISTINCT GLOBALID, SOURCE FROM GDB_COPY_HELD WHERE DATASET = ? AND ORIGIN = ? AND FIELD IS NOT NULL"
                + " AND CHANGED <= ? AND NEW_HERE = 1");
        p.setString(1, d.name());
        p.setString(2, origin);
        p.setLong(3, upTo);
        Map<String, String> held = new LinkedHashMap<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                held.put(rs.getString(1).trim(), rs.getString(2).trim());
            }
        }
        Set<String> rows = new java.util.LinkedHashSet<>();
        PreparedStatement q = g.prepared("SELECT OPERATION, SOURCE FROM GDB_CHANGES" + ROW_INDEX + " WHERE DATASET = ? AND GLOBALID = ? ORDER BY CHANGE_ID");
        for (Map.Entry<String, String> e : held.entrySet()) {
            q.setString(1, d.name());
            q.setString(2, e.getKey());
            boolean first = true, copyInserted = false, fromOrigin = false;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String source = rs.getString(2) == null ? null : rs.getString(2).trim();
                    if (first) {
                        copyInserted = "I".equals(rs.getString(1)) && e.getValue().equals(source);
                        first = false;
                    }
                    fromOrigin |= origin.equals(source);
                }
            }
            if (copyInserted && !fromOrigin) {
                rows.add(e.getKey());
            }
        }
        return rows;
    }

    /** Forgets what registered copies of the geodatabase {@code origin} held of the row (see {@link #insertedByCopyOf}). */
    void forgetHeldOf(String gid, String origin) throws SQLException {
        notQueued();
        PreparedStatement p = g.prepared("DELETE FROM GDB_COPY_HELD WHERE DATASET = ? AND GLOBALID = ? AND ORIGIN = ?");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setString(3, origin);
        p.executeUpdate();
    }

    /**
     * The fields of the row that a change received from {@code source} set to another value than registered copies of it
     * held when copied ({@code held}), or that a decision here went against the source on: the source had moved on from
     * what its copies held, and this side knows it.
     */
    private Set<String> movedOn(String gid, String source, Collection<HeldByCopy> held) throws SQLException {
        List<Long> generations = new ArrayList<>();
        PreparedStatement p = g.prepared("SELECT DISTINCT GENERATION FROM GDB_CHANGES" + ROW_INDEX
                + " WHERE DATASET = ? AND GLOBALID = ? AND SOURCE = ? AND OPERATION NOT IN ('R', 'S')");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setString(3, source);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                generations.add(rs.getLong(1));
            }
        }
        Set<String> moved = new HashSet<>();
        // a synchronization that decided against the source's values took this side's version there: the source holds that now
        PreparedStatement q = g.prepared("SELECT FIELD FROM GDB_DECIDED WHERE DATASET = ? AND GLOBALID = ? AND SOURCE = ?");
        q.setString(1, d.name());
        q.setString(2, gid);
        q.setString(3, source);
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                if (NO_ROW.equals(rs.getString(1))) {
                    moved.addAll(columns);
                } else {
                    moved.add(rs.getString(1));
                }
            }
        }
        for (long generation : generations) {
            RowState st = stateAt(gid, generation);
            for (HeldByCopy h : held) {
                for (String col : columns) {
                    if (st.exists() && h.values() != null && !Outgoing.same(st.values().get(col), h.values().get(col))) {
                        moved.add(col);
                    }
                }
            }
        }
        return moved;
    }

    /** Whether the row's first change here after {@code boundary} is this side's own insert. */
    boolean insertedHereAfter(String gid, long boundary) throws SQLException {
        PreparedStatement p = g.prepared("SELECT OPERATION, SOURCE FROM GDB_CHANGES" + ROW_INDEX
                + " WHERE DATASET = ? AND GLOBALID = ? AND GENERATION > ? ORDER BY CHANGE_ID FETCH FIRST 1 ROW ONLY");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setLong(3, boundary);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() && "I".equals(rs.getString(1)) && rs.getString(2) == null;
        }
    }

    /** Whether registered copies of the geodatabase {@code origin} held rows of this dataset (see {@link HeldByCopy}). */
    boolean heldByCopiesOfAny(String origin) throws SQLException {
        return anyHeld("ORIGIN", origin);
    }

    /** Whether the relative geodatabase {@code source} is a copy that held rows of this dataset (see {@link HeldByCopy}). */
    boolean heldByCopyAny(String source) throws SQLException {
        return anyHeld("SOURCE", source);
    }

    private boolean anyHeld(String column, String guid) throws SQLException {
        PreparedStatement p = g.prepared("SELECT 1 FROM GDB_COPY_HELD WHERE DATASET = ? AND " + column + " = ? FETCH FIRST 1 ROW ONLY");
        p.setString(1, d.name());
        p.setString(2, guid);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * The rows with a change in generations ({@code after}, {@code upTo}]; with {@code source}, only changes received from
     * that geodatabase.
     */
    Set<String> changedRows(long after, long upTo, String source) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT GLOBALID FROM GDB_CHANGES WHERE DATASET = ? AND GENERATION > ?"
                + " AND GENERATION <= ? AND OPERATION NOT IN ('R', 'S')" + (source == null ? "" : " AND SOURCE = ?"))) {
            p.setString(1, d.name());
            p.setLong(2, after);
            p.setLong(3, upTo);
            if (source != null) {
                p.setString(4, source);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1).trim());
                }
            }
        }
        return rows;
    }

    /** The generation of the row's last change up to {@code upTo} (0: none the change log still holds). */
    long lastChange(String gid, long upTo) throws SQLException {
        PreparedStatement p = g.prepared("SELECT MAX(GENERATION) FROM GDB_CHANGES" + ROW_INDEX
                + " WHERE DATASET = ? AND GLOBALID = ? AND GENERATION <= ? AND OPERATION NOT IN ('R', 'S')");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setLong(3, upTo);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * The decisions recorded here since {@code boundary} on the row with any of {@code sources}. A decision that kept the row
     * against a delete of a replica the relative {@code source} was copied from counts only when the copy held that delete
     * ({@code deleteShared}: it held no such row when copied); a delete the original made later is none of the copy's.
     */
    private java.util.TreeMap<Long, Map<String, Object>> decisions(String gid, Peers sources, long boundary, String source,
            boolean deleteShared) throws SQLException {
        java.util.TreeMap<Long, Map<String, Object>> result = new java.util.TreeMap<>();
        for (Decision x : decisionsAfter(gid, boundary)) {
            if (!sources.counts(x.source(), x.generation()) || NO_ROW.equals(x.field()) && !x.source().equals(source) && !deleteShared) {
                continue;
            }
            result.computeIfAbsent(x.generation(), k -> new LinkedHashMap<>()).put(x.field(), decoded(x.value()));
        }
        return result;
    }

    /** Inserts a row with all its replicated values (GLOBALID included). */
    void insert(Map<String, Object> values) throws SQLException {
        notQueued();
        List<String> cols = new ArrayList<>();
        for (String col : columns) {
            if (values.containsKey(col)) {
                cols.add(col);
            }
        }
        PreparedStatement p = g.prepared("INSERT INTO " + d.name() + " (" + String.join(", ", cols) + ") VALUES ("
                + String.join(", ", cols.stream().map(x -> "?").toList()) + ")");
        int i = 1;
        for (String col : cols) {
            p.setObject(i++, values.get(col));
        }
        p.executeUpdate();
    }

    /** The columns among {@code which} an update sets: replicated ones other than GLOBALID. */
    List<String> updatable(Collection<String> which) {
        List<String> cols = new ArrayList<>();
        for (String col : which) {
            if (!col.equals("GLOBALID") && columns.contains(col)) {
                cols.add(col);
            }
        }
        return cols;
    }

    /** Sets the given columns of the row with this GlobalID; returns whether the row exists. */
    boolean update(String gid, Map<String, Object> values, Collection<String> which) throws SQLException {
        List<String> cols = updatable(which);
        if (cols.isEmpty()) {
            return current(gid) != null;
        }
        if (queued != null) {
            if (queued.columns != null || current(gid) == null) {
                throw new Unqueued();
            }
            queued.columns = cols;
            queued.values = values;
            return true;
        }
        PreparedStatement p = g.prepared("UPDATE " + d.name() + " SET "
                + String.join(", ", cols.stream().map(x -> x + " = ?").toList()) + " WHERE GLOBALID = ?");
        int i = 1;
        for (String col : cols) {
            p.setObject(i++, values.get(col));
        }
        p.setString(i, gid);
        return p.executeUpdate() > 0;
    }

    /** Deletes the row with this GlobalID; returns whether there was one. */
    boolean delete(String gid) throws SQLException {
        notQueued();
        PreparedStatement p = g.prepared("DELETE FROM " + d.name() + " WHERE GLOBALID = ?");
        p.setString(1, gid);
        return p.executeUpdate() > 0;
    }

    // ---- reading ahead for a block (Applier#flush) -------------------------------------------------

    /** A change-log row of one row: its generation, its source (trimmed; null: a local edit) and its operation. */
    private record LoggedChange(long generation, String source, String operation) {
        /** Read from GENERATION, SOURCE, OPERATION at column {@code at}. */
        static LoggedChange read(ResultSet rs, int at) throws SQLException {
            String source = rs.getString(at + 1);
            return new LoggedChange(rs.getLong(at), source == null ? null : source.trim(), rs.getString(at + 2));
        }
    }

    /** A kept image of one row: its generation and the row's values before it (null: the row did not exist). */
    private record Image(long generation, Map<String, Object> values) {
        /** The row's state the image keeps (a copy of the values: the caller may change it). */
        RowState state() {
            return new RowState(values == null ? null : new LinkedHashMap<>(values), generation);
        }
    }

    /** Reads an image from GENERATION, HAD_ANCESTOR and the replicated columns at column {@code at}. */
    private Image image(ResultSet rs, int at) throws SQLException {
        return new Image(rs.getLong(at), rs.getInt(at + 1) == 0 ? null : values(rs, at + 2));
    }

    /** A decision recorded on one row (see {@link #decided}): its generation, the relative (trimmed), the field and the value. */
    private record Decision(long generation, String source, String field, byte[] value) {
        /** Read from GENERATION, SOURCE, FIELD, VAL at column {@code at}. */
        static Decision read(ResultSet rs, int at) throws SQLException {
            return new Decision(rs.getLong(at), rs.getString(at + 1).trim(), rs.getString(at + 2), rs.getBytes(at + 3));
        }
    }

    /** How many rows are read ahead at a time (see {@link #readAhead}). */
    static final int AHEAD = 2 * RowStore.CHUNK;

    /** What was read ahead of one row: the current row (null: none), its changes, images and decisions after {@link #aheadFrom}. */
    private static final class Ahead {
        Map<String, Object> current;
        /** Each null when not read (see {@link #readAhead}, {@link #readAheadJudged}). */
        List<LoggedChange> changes;
        List<Image> images;
        List<Decision> decisions;
    }

    /** The rows of a block read ahead, by trimmed GlobalID (null: nothing read ahead). */
    private Map<String, Ahead> ahead;
    /** The generation after which the change log, images and decisions of the rows were read ahead. */
    private long aheadFrom;
    /** The relative of which, and of whose copies, no registered copy holds rows of this dataset (null: not known). */
    private String aheadWithoutCopies;

    /**
     * Reads ahead what judging the records of a block asks of their rows (distinct rows of this dataset), a query per
     * {@link #CHUNK} rows instead of several per row: the current rows and, with {@code changes}, their changes after
     * {@code from} (the generation the relative {@code relative} is known to hold). Until {@link #forgetAhead}, reads of those
     * rows are answered from it; the caller forgets it before anything but the queued writes of a block (see {@link #queue})
     * changes the rows.
     */
    void readAhead(List<String> gids, long from, String relative, boolean changes) throws SQLException {
        ahead = new java.util.HashMap<>();
        aheadFrom = from;
        aheadWithoutCopies = relative != null && !heldByCopyAny(relative.trim()) && !heldByCopiesOfAny(relative.trim()) ? relative.trim() : null;
        for (String gid : gids) {
            ahead.put(gid.trim(), new Ahead());
        }
        rows(gids).forEach((gid, row) -> ahead.get(gid).current = row);
        if (!changes) {
            return;
        }
        for (Ahead a : ahead.values()) {
            a.changes = new ArrayList<>();
        }
        String log = perRow("SELECT GLOBALID, GENERATION, SOURCE, OPERATION FROM GDB_CHANGES" + ROW_INDEX
                + " WHERE DATASET = ? AND GLOBALID = ? AND GENERATION > ?");
        for (int i = 0; i < gids.size(); i += CHUNK) {
            PreparedStatement q = g.prepared(log);
            bindPerRow(q, gids, i, from);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ahead.get(rs.getString(1).trim()).changes.add(LoggedChange.read(rs, 2));
                }
            }
        }
    }

    /**
     * Reads ahead the images and, with {@code decisions}, the decisions (after the generation {@link #readAhead} was given) of
     * rows it read.
     */
    void readAheadJudged(List<String> gids, boolean decisions) throws SQLException {
        // (through the rows' keys: Derby's optimizer may otherwise take the generation index and read every image since)
        String images = "SELECT GLOBALID, GENERATION, HAD_ANCESTOR, " + String.join(", ", columns) + " FROM " + Catalog.ancestorTable(d.name())
                + " --DERBY-PROPERTIES constraint=" + Catalog.imageKey(d.name()) + "\n WHERE GLOBALID IN (" + marks(CHUNK)
                + ") AND GENERATION > ?"; // (each row's images are put in the order of their generations below: no sort in Derby)
        String decided = "SELECT * FROM (" + perRow("SELECT GLOBALID, GENERATION, SOURCE, FIELD, VAL FROM GDB_DECIDED"
                + " WHERE DATASET = ? AND GLOBALID = ? AND GENERATION > ?") + ") D ORDER BY GENERATION";
        for (String gid : gids) {
            Ahead a = ahead.get(gid.trim());
            a.images = new ArrayList<>();
            a.decisions = decisions ? new ArrayList<>() : null;
        }
        for (int i = 0; i < gids.size(); i += CHUNK) {
            PreparedStatement p = g.prepared(images);
            bindChunk(p, 1, gids, i);
            p.setLong(CHUNK + 1, aheadFrom);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ahead.get(rs.getString(1).trim()).images.add(image(rs, 2));
                }
            }
            for (int k = i; k < Math.min(i + CHUNK, gids.size()); k++) {
                ahead.get(gids.get(k).trim()).images.sort(java.util.Comparator.comparingLong(Image::generation));
            }
            if (!decisions) {
                continue;
            }
            PreparedStatement q = g.prepared(decided);
            bindPerRow(q, gids, i, aheadFrom);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ahead.get(rs.getString(1).trim()).decisions.add(Decision.read(rs, 2));
                }
            }
        }
    }

    /** Forgets what was read ahead: reads go to the database again. */
    void forgetAhead() {
        ahead = null;
        aheadWithoutCopies = null;
    }

    /** Whether anything is read ahead. */
    boolean readingAhead() {
        return ahead != null;
    }

    /** What was read ahead of the row, when it covers the row's history after {@code from}; null: read it from the database. */
    private Ahead ahead(String gid, long from) {
        return ahead == null || from < aheadFrom ? null : ahead.get(gid.trim());
    }

    /** Whether it is known from reading ahead that no registered copy holds the row for the relative or origin {@code guid}. */
    private boolean noCopiesAhead(String gid, String guid) {
        return aheadWithoutCopies != null && guid != null && aheadWithoutCopies.equals(guid.trim()) && ahead(gid, Long.MAX_VALUE) != null;
    }

    /** The entries read ahead of a row that belong to generations after {@code boundary}, in their order. */
    private static <T> List<T> after(List<T> entries, long boundary, java.util.function.ToLongFunction<T> generation) {
        return entries.stream().filter(x -> generation.applyAsLong(x) > boundary).toList();
    }

    /** The row's change-log rows after {@code boundary}. */
    private List<LoggedChange> changesAfter(String gid, long boundary) throws SQLException {
        Ahead a = ahead(gid, boundary);
        if (a != null && a.changes != null) {
            return after(a.changes, boundary, LoggedChange::generation);
        }
        List<LoggedChange> result = new ArrayList<>();
        PreparedStatement p = g.prepared("SELECT GENERATION, SOURCE, OPERATION FROM GDB_CHANGES" + ROW_INDEX
                + " WHERE DATASET = ? AND GLOBALID = ? AND GENERATION > ?");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setLong(3, boundary);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                result.add(LoggedChange.read(rs, 1));
            }
        }
        return result;
    }

    /** The row's kept images after {@code boundary}, in the order of their generations. */
    private List<Image> imagesAfter(String gid, long boundary) throws SQLException {
        Ahead a = ahead(gid, boundary);
        if (a != null && a.images != null) {
            return after(a.images, boundary, Image::generation);
        }
        List<Image> result = new ArrayList<>();
        PreparedStatement q = g.prepared("SELECT GENERATION, HAD_ANCESTOR, " + String.join(", ", columns) + " FROM "
                + Catalog.ancestorTable(d.name()) + " WHERE GLOBALID = ? AND GENERATION > ? ORDER BY GENERATION");
        q.setString(1, gid);
        q.setLong(2, boundary);
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                result.add(image(rs, 1));
            }
        }
        return result;
    }

    /** The decisions recorded on the row after {@code boundary}, in the order of their generations. */
    private List<Decision> decisionsAfter(String gid, long boundary) throws SQLException {
        Ahead a = ahead(gid, boundary);
        if (a != null && a.decisions != null) {
            return after(a.decisions, boundary, Decision::generation);
        }
        List<Decision> result = new ArrayList<>();
        PreparedStatement p = g.prepared("SELECT GENERATION, SOURCE, FIELD, VAL FROM GDB_DECIDED WHERE DATASET = ? AND GLOBALID = ?"
                + " AND GENERATION > ? ORDER BY GENERATION");
        p.setString(1, d.name());
        p.setString(2, gid);
        p.setLong(3, boundary);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                result.add(Decision.read(rs, 1));
            }
        }
        return result;
    }

    /** The current rows among {@code gids}, by trimmed GlobalID: one index probe per GlobalID, one query per {@link #CHUNK}. */
    private Map<String, Map<String, Object>> rows(List<String> gids) throws SQLException {
        Map<String, Map<String, Object>> found = new java.util.HashMap<>();
        String sql = select + " FROM " + d.name() + " --DERBY-PROPERTIES index=" + Catalog.globalIdIndex(d.name())
                + "\n WHERE GLOBALID IN (" + marks(CHUNK) + ")";
        for (int i = 0; i < gids.size(); i += CHUNK) {
            PreparedStatement p = g.prepared(sql);
            bindChunk(p, 1, gids, i);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = values(rs);
                    found.put(((String) row.get("GLOBALID")).trim(), row);
                }
            }
        }
        return found;
    }

    /**
     * A query of {@link #CHUNK} rows' entries in a table keyed by (DATASET, GLOBALID), as the union of one indexed lookup per
     * row ({@code lookup}, with the parameters DATASET, GLOBALID and a generation): Derby probes an index for the values of an
     * IN list only when they are its first column, and would read every entry of the dataset instead.
     */
    private static String perRow(String lookup) {
        return String.join(" UNION ALL ", java.util.Collections.nCopies(CHUNK, lookup));
    }

    private void bindPerRow(PreparedStatement p, List<String> gids, int from, long generation) throws SQLException {
        for (int k = 0; k < CHUNK; k++) {
            p.setString(3 * k + 1, from + k < gids.size() ? d.name() : ""); // (a lookup that fills the chunk finds nothing)
            p.setString(3 * k + 2, gids.get(Math.min(from + k, gids.size() - 1)));
            p.setLong(3 * k + 3, generation);
        }
    }

    /** Binds {@link #CHUNK} GlobalIDs from {@code gids[from..]} (the last repeated to fill the list) from parameter {@code first}. */
    private static void bindChunk(PreparedStatement p, int first, List<String> gids, int from) throws SQLException {
        for (int k = 0; k < CHUNK; k++) {
            p.setString(first + k, gids.get(Math.min(from + k, gids.size() - 1)));
        }
    }

    // ---- queued writes of a judged record (Applier#flush) -------------------------------------------

    /**
     * The writes judging one record of a block made, queued to be made with the block's (see {@link #applyPlain}): an update
     * of {@code columns} to {@code values} (none: null), and decisions against the relative's values.
     */
    static final class Queued {
        List<String> columns;
        Map<String, Object> values;
        final List<Map<String, Object>> decided = new ArrayList<>();
        String decidedWith;
    }

    /** Thrown by a write that is not queued while writes are: the record is judged again on its own, and nothing of it was made. */
    static final class Unqueued extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unqueued() {
            super(null, null, false, false);
        }
    }

    /** While not null, updates and decisions are queued here instead of made, and any other write throws {@link Unqueued}. */
    private Queued queued;

    /** Queues this store's updates and decisions in {@code q} until called with null (see {@link Queued}). */
    void queue(Queued q) {
        this.queued = q;
    }

    private void notQueued() {
        if (queued != null) {
            throw new Unqueued();
        }
    }

    // ---- block writes (Applier#flush) ------------------------------------------------------------

    /** How many GlobalIDs one block statement names (lists are padded to it, so each statement is compiled once). */
    static final int CHUNK = 32;

    /**
     * One change of a block: an insert of {@code values}, an update of {@code columns} (already narrowed to replicated
     * columns other than GLOBALID, never empty) or a delete, of the row {@code globalId}; or the writes a judged record
     * queued ({@code judged}: its update, or {@code operation} null for none, and its decisions).
     */
    record Plain(EditOperation operation, String globalId, Map<String, Object> values, List<String> columns, Queued judged) {
        Plain(EditOperation operation, String globalId, Map<String, Object> values, List<String> columns) {
            this(operation, globalId, values, columns, null);
        }

        /** The change a judged record queued. */
        static Plain judged(String globalId, Queued q) {
            return new Plain(q.columns == null ? null : EditOperation.UPDATE, globalId, q.values, q.columns, q);
        }
    }

    /** Says, once a block's writes are made, whether the judged change at {@code index} sends its row whole to the relative. */
    @FunctionalInterface
    interface Verdicts {
        boolean verdict(int index, Map<String, Object> now) throws SQLException, org.geosync.core.GeodatabaseException;
    }

    /** Whether the row exists (answered from what was read ahead, else one query). */
    boolean exists(String gid) throws SQLException {
        Ahead a = ahead(gid, Long.MAX_VALUE);
        return a != null ? a.current != null : current(gid) != null;
    }

    /**
     * Applies plain changes (distinct rows; inserts of rows that do not exist, updates and deletes of rows that
     * do) and records them exactly as the dataset's tracking triggers would have, with fewer statements: the
     * writes run with the triggers' tracking switched off, and the rows the triggers would have written (the
     * before-image of each row's first change in this generation, or HAD_ANCESTOR 0 for an inserted row, and one
     * change-log row per change in the order of the changes, with this thread's change source) are written a
     * block at a time. When this thread does not track at all, nothing is recorded, as the triggers would not.
     * Throws when any statement fails or a row the block expected is missing; the caller then rolls the block
     * back and applies it change by change.
     */
    void applyPlain(List<Plain> changes) throws SQLException, org.geosync.core.GeodatabaseException {
        applyPlain(changes, null, null);
    }

    /**
     * Applies a block's changes as {@link #applyPlain(List)} does, some of them the writes judged records queued (see
     * {@link Queued}): their decisions are recorded, and once every write is made {@code verdicts} is asked, with the row as
     * it is then, whether each judged record's row goes whole to the relative {@code relative}; the verdict mark
     * ({@link #markVerdict}) follows the record's own change in the change log, as it does when the record is applied on its own.
     */
    void applyPlain(List<Plain> changes, String relative, Verdicts verdicts) throws SQLException, org.geosync.core.GeodatabaseException {
        boolean tracked = TrackingFlag.isTracking();
        boolean judging = changes.stream().anyMatch(x -> x.judged() != null);
        long generation = tracked || judging ? generation() : 0;
        Set<String> imaged = Set.of();
        if (tracked) {
            List<String> all = new ArrayList<>();
            for (Plain x : changes) {
                if (x.operation() != null) {
                    all.add(x.operation() == EditOperation.INSERT ? ((String) x.values().get("GLOBALID")).trim() : x.globalId().trim());
                }
            }
            imaged = imaged(all, generation);
            List<String> changing = new ArrayList<>();
            for (Plain x : changes) {
                if (x.operation() != null && x.operation() != EditOperation.INSERT && !imaged.contains(x.globalId().trim())) {
                    changing.add(x.globalId());
                }
            }
            keepImages(changing, generation);
        }
        List<String> judged = new ArrayList<>();
        for (Plain x : changes) {
            if (x.judged() != null) {
                judged.add(x.globalId().trim());
                for (Map<String, Object> theirs : x.judged().decided) {
                    decided(x.globalId(), x.judged().decidedWith, theirs);
                }
            }
        }
        List<String> inserted = new ArrayList<>();
        String[] written = new String[changes.size()];
        TrackingFlag.suspend();
        try {
            for (int i = 0; i < changes.size(); i++) {
                Plain x = changes.get(i);
                if (x.operation() == null) {
                    continue;
                }
                switch (x.operation()) {
                    case INSERT -> {
                        insert(x.values());
                        String gid = (String) x.values().get("GLOBALID");
                        if (!imaged.contains(gid.trim())) {
                            inserted.add(gid);
                        }
                        written[i] = "I";
                    }
                    case UPDATE -> {
                        if (!update(x.globalId(), x.values(), x.columns())) {
                            throw new SQLException("row " + x.globalId() + " of " + d.name() + " vanished while its block was applied");
                        }
                        written[i] = "U";
                    }
                    case DELETE -> {
                        if (!delete(x.globalId())) {
                            throw new SQLException("row " + x.globalId() + " of " + d.name() + " vanished while its block was applied");
                        }
                        written[i] = "D";
                    }
                }
            }
        } finally {
            TrackingFlag.resume();
        }
        Map<String, Map<String, Object>> now = judged.isEmpty() ? Map.of() : rows(judged);
        List<Logged> log = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Plain x = changes.get(i);
            String gid = x.operation() == EditOperation.INSERT ? (String) x.values().get("GLOBALID") : x.globalId();
            if (written[i] != null && tracked) {
                log.add(new Logged(gid, written[i], TrackingFlag.source()));
            }
            if (x.judged() != null && verdicts.verdict(i, now.get(gid.trim()))) {
                log.add(new Logged(gid, "S", relative));
            }
        }
        if (tracked) {
            noAncestors(inserted, generation);
        }
        log(log, generation);
    }

    /** The GlobalIDs (trimmed) among {@code gids} whose row already has an image kept in {@code generation}. */
    private Set<String> imaged(List<String> gids, long generation) throws SQLException {
        Set<String> found = new HashSet<>();
        String sql = "SELECT GLOBALID FROM " + Catalog.ancestorTable(d.name()) + " --DERBY-PROPERTIES constraint=" + Catalog.imageKey(d.name())
                + "\n WHERE GLOBALID IN (" + marks(CHUNK) + ") AND GENERATION = ?";
        for (int i = 0; i < gids.size(); i += CHUNK) {
            PreparedStatement p = g.prepared(sql);
            for (int k = 0; k < CHUNK; k++) {
                p.setString(k + 1, gids.get(Math.min(i + k, gids.size() - 1)));
            }
            p.setLong(CHUNK + 1, generation);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1).trim());
                }
            }
        }
        return found;
    }

    /** The current generation, as the triggers read it. */
    private long generation() throws SQLException {
        try (ResultSet rs = g.prepared("SELECT GENERATION FROM " + generationTable).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The before-images of rows about to be updated or deleted that have none in this generation yet (the update and delete triggers' first action). */
    private void keepImages(List<String> gids, long generation) throws SQLException {
        String sql = "INSERT INTO " + Catalog.ancestorTable(d.name()) + " (GENERATION, HAD_ANCESTOR, " + String.join(", ", columns)
                + ") SELECT CAST(? AS BIGINT), 1, " + String.join(", ", columns) + " FROM " + d.name() + " --DERBY-PROPERTIES index="
                + Catalog.globalIdIndex(d.name()) + "\n WHERE GLOBALID IN (" + marks(CHUNK) + ")";
        for (int i = 0; i < gids.size(); i += CHUNK) {
            PreparedStatement p = g.prepared(sql);
            p.setLong(1, generation);
            for (int k = 0; k < CHUNK; k++) {
                p.setString(k + 2, gids.get(Math.min(i + k, gids.size() - 1)));
            }
            p.executeUpdate();
        }
    }

    /** The images saying inserted rows without one in this generation did not exist before it (the insert trigger's first action). */
    private void noAncestors(List<String> gids, long generation) throws SQLException {
        if (gids.isEmpty()) {
            return;
        }
        PreparedStatement p = g.prepared("INSERT INTO " + Catalog.ancestorTable(d.name()) + " (GENERATION, HAD_ANCESTOR, GLOBALID) VALUES (?, 0, ?)");
        for (String gid : gids) {
            p.setLong(1, generation);
            p.setString(2, gid);
            p.addBatch();
        }
        p.executeBatch();
    }

    /** A change-log row of a block: the row, the operation (I, U, D, or S for a verdict mark) and its source. */
    private record Logged(String globalId, String operation, String source) {
    }

    /**
     * The change-log rows, in the order of the changes (the triggers' second action), as one JDBC batch (an INSERT of
     * many rows from a VALUES list runs a little faster, but costs more to compile than it saves on a message of a few
     * hundred changes).
     */
    private void log(List<Logged> changes, long generation) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        PreparedStatement p = g.prepared("INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE)"
                + " VALUES (" + nextChangeId + ", ?, ?, ?, ?, ?)");
        for (Logged x : changes) {
            p.setString(1, d.name());
            p.setString(2, x.globalId());
            p.setString(3, x.operation());
            p.setLong(4, generation);
            p.setString(5, x.source());
            p.addBatch();
        }
        p.executeBatch();
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private Map<String, Object> values(ResultSet rs) throws SQLException {
        return values(rs, 1);
    }

    /** The replicated columns' values read from {@code rs} starting at column {@code first}. */
    private Map<String, Object> values(ResultSet rs, int first) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object v = rs.getObject(i + first);
            if (v instanceof Blob b) {
                v = b.getBytes(1, (int) b.length());
            } else if (v instanceof String s && i == 0) {
                v = s.trim();
            }
            row.put(columns.get(i), v);
        }
        return row;
    }
}
