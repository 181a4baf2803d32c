package org.geosync.core.internal.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.EditOperation;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;

/**
 * Decides which of one side's edits go to the relative replica for one dataset (the replica filter rules): every
 * row changed in the generation range whose last change did not come from the relative itself, when
 * it satisfied the filter before the range or satisfies it after (moved inside, moved out, moved in;
 * not moved outside-to-outside, not inserted-then-moved-out). Checkouts send every edit.
 */
public final class Outgoing {

    /**
     * What side {@code gdb} sends of replica {@code r}, per dataset of {@code stores}: the replica's filters, related data and
     * key translation as this side applies them (also the scope in which records from the relative are judged).
     */
    public static Map<String, Outgoing> forReplica(Geodatabase gdb, Replica r, Map<String, RowStore> stores) throws GeodatabaseException {
        Related related = RelatedRows.rules(gdb, r);
        KeyTranslator keys = KeyTranslator.of(gdb, stores.keySet());
        Map<String, Outgoing> result = new LinkedHashMap<>();
        ReplicaStore records = new ReplicaStore(gdb.connection());
        for (Map.Entry<String, RowStore> e : stores.entrySet()) {
            ReplicaDataset rd = ReplicaRecords.dataset(r, e.getKey());
            RowFilter filter = RowFilter.of(gdb.connection(), e.getValue().dataset(), rd.getFilter());
            Outgoing out = new Outgoing(gdb.connection(), e.getValue(), filter, !ReplicaRecords.filtered(r), related, keys);
            try {
                out.copyReceived = Registry.received(records, r, e.getKey());
                out.records = records;
                out.originalReplica = records.copyOrigin(r.getGuid()).map(ReplicaStore.CopyOrigin::originalGuid).orElse(null);
            } catch (SQLException x) {
                throw new GeodatabaseException("Reading the replica records of " + gdb.location() + " failed: " + x.getMessage(), x);
            }
            result.put(e.getKey(), out);
        }
        return result;
    }


    /** Receives the records, one at a time, so memory does not grow with the number of changes. */
    @FunctionalInterface
    public interface Sink {
        void accept(ChangeRecord record) throws SQLException, GeodatabaseException;
    }

    private final RowStore store;
    private final RowFilter filter;
    private final boolean unfiltered;
    private final Related related;
    private final KeyTranslator keys;
    /** What this side holds of the relative's generations (for a registered copy, through its original too; see Registry#received). */
    private long copyReceived = -1;
    /** For a registered copy, the replica (GUID) it was copied from, whose open conflicts are not decisions yet; else null. */
    private String originalReplica;
    private ReplicaStore records;

    Outgoing(Connection c, RowStore store, RowFilter filter, boolean unfiltered, Related related, KeyTranslator keys) {
        this.store = store;
        this.filter = filter;
        this.unfiltered = unfiltered;
        this.related = related;
        this.keys = keys;
    }

    private Map<String, Object> portable(Map<String, Object> values) throws SQLException {
        return keys == null ? values : keys.toPortable(store.dataset().name(), values);
    }

    /**
     * Sends the net change of every row changed in ({@code from}, {@code to}] to {@code sink}, one at a time
     * while the change log is read, skipping rows whose changes all came from {@code relativeGuid}. Returns
     * the number of records. {@code resolvedFor}: the relatives whose conflicts resolved here make a row go whole (the
     * relative and the replicas it was copied from, see {@link ReplicaRecords#peers}).
     * <p>
     * {@code from} is what the relative has acknowledged; generations up to {@code sentUpTo} (beyond {@code from}) went out in
     * messages not acknowledged yet, so the relative may hold the row as it was at the end of any of them. Each record is
     * right on top of every such state: a row inserted and deleted since {@code from} is sent as a delete when it may have
     * gone out, an edit reverted since is sent back, and a row that was in the replica in any of those states counts as
     * having been in it (its move out travels).
     */
    /**
     * In a connected synchronization, what the relative holds of rows through registered copies of this side (the versions
     * those copies held when copied, which they may have sent it): states the relative may hold, as a message may have
     * carried them, so what differs from them goes too (an edit set back here after its copy sent it is a change there).
     */
    public Outgoing heldThroughCopies(HeldStates states) {
        this.heldThroughCopies = states;
        return this;
    }

    /** States a relative may hold of a row, by GlobalID. */
    public interface HeldStates {
        List<RowStore.RowState> of(String gid) throws SQLException;
    }

    private HeldStates heldThroughCopies;

    public long collect(long from, long to, long sentUpTo, String relativeGuid, Peers resolvedFor, Sink sink)
            throws SQLException, GeodatabaseException {
        long[] n = new long[1];
        boolean copyHeldAny = relativeGuid != null && store.heldByCopyAny(relativeGuid.trim());
        boolean copiesHeldAny = relativeGuid != null && store.heldByCopiesOfAny(relativeGuid.trim());
        if (copyHeldAny) {
            // rows the copy held in a version that never reached this side (its original changed them back unsent): they go whole
            for (String gid : store.heldByCopyUnseen(relativeGuid.trim(), copyReceived, from)) {
                store.markVerdict(gid, relativeGuid.trim());
            }
        }
        RowStore.ChangedVisitor visit = changed -> {
            if (!changed.own()) {
                return; // every change came from the relative itself: never echoed back
            }
            String gid = changed.globalId();
            RowStore.RowState before = store.stateAt(gid, from);
            RowStore.RowState after = store.stateAt(gid, to);
            if (changed.resolved()) {
                // a conflict resolved here: the relative takes the row whole, as it is now
                EditOperation op = after.exists() ? EditOperation.UPDATE : EditOperation.DELETE;
                Set<String> all = new LinkedHashSet<>(store.columns());
                all.remove("GLOBALID");
                sink.accept(new ChangeRecord(store.dataset().name(), gid, op, portable(after.values()), after.exists() ? all : Set.of(),
                        generationOf(changed)));
                n[0]++;
                noteOutside(gid, after, after.exists() && (!mayLieOutside() || inReplica(gid, after, to)), relativeGuid);
                return;
            }
            boolean carried = sentUpTo > from && changed.first() <= sentUpTo;
            if (!after.exists() && changed.received() > from && changed.lastOwn() < changed.received() && !carried
                    && !store.stateAt(gid, changed.received()).exists()) {
                // the relative deleted the row and this side took that delete (after its own last change of the row): the
                // relative holds the delete or something later of its own, so sending the delete back could only undo that
                return;
            }
            // the states the relative may hold from messages it has not acknowledged
            List<RowStore.RowState> mayHaveCarried = sentUpTo > from && changed.first() <= sentUpTo
                    ? store.statesBetween(gid, from, Math.min(sentUpTo, to)) : List.of();
            List<RowStore.RowState> held = new java.util.ArrayList<>(mayHaveCarried);
            if (changed.received() > from) {
                // the relative sent an edit of the row in the range: it holds the row as it sent it (e.g. a row it inserted, deleted here since)
                held.add(store.stateAt(gid, changed.received()));
            }
            if (heldThroughCopies != null) {
                held.addAll(heldThroughCopies.of(gid));
            }
            // a registered copy may still hold the row as its original had it when copied: once this side holds the copy's
            // generations up to the row's last change there (received from the original, then maybe decided against), the copy
            // never sends that version, so what differs from it goes too (a field the copy took from this side since is no
            // change for it: it holds this side's value as common); before, the copy sends the version as its own edit
            RowStore.HeldByCopy copyHeld = copyHeldAny ? store.heldByCopy(gid, relativeGuid.trim()) : null;
            if (copyHeld != null && copyHeld.changed() <= copyReceived
                    && (originalReplica == null || !records.hasOpenConflict(originalReplica, store.dataset().name(), gid))) {
                // (while this side holds a conflict on the row with the original open, its row is no decision on that version
                // yet: the resolution goes to the copy whole)
                held.add(new RowStore.RowState(copyHeld.values(), -2));
            }
            // a row the relative sent may have been deleted here in the very generation it arrived in (a relationship voided on
            // arrival): the relative still holds it
            boolean mayHold = changed.received() > from || held.stream().anyMatch(RowStore.RowState::exists);
            if (!before.exists() && !after.exists()) {
                if (mayHold) {
                    // inserted after the acknowledgment and deleted since, but a message may have carried it
                    sink.accept(new ChangeRecord(store.dataset().name(), gid, EditOperation.DELETE, null, Set.of(), generationOf(changed)));
                    n[0]++;
                }
                return; // inserted and deleted in between
            }
            boolean beforeIn = unfiltered || inReplica(gid, before, from);
            boolean wasIn = beforeIn;
            for (RowStore.RowState h : held) {
                wasIn = wasIn || h.image() != -2 && inReplica(gid, h, Math.min(sentUpTo, to));
            }
            boolean isIn = unfiltered || inReplica(gid, after, to);
            if (!wasIn && !isIn) {
                return; // outside the replica before and after (moved outside to outside, inserted then moved out)
            }
            EditOperation op = !before.exists() ? EditOperation.INSERT : !after.exists() ? EditOperation.DELETE : EditOperation.UPDATE;
            // a registered copy of the relative sent here what the relative held when it was copied: a change received from the
            // copy that brought the row to that state is the relative's own, no change for it (see RowStore#common)
            Set<String> ownSinceCommon = null;
            if (copiesHeldAny && after.exists() && !store.heldByCopiesOf(gid, relativeGuid.trim()).isEmpty()) {
                RowStore.Common common = store.common(gid, relativeGuid.trim(), resolvedFor, from);
                if (common.ancestor() != null && !common.resolved() && !common.decidedWith()) {
                    ownSinceCommon = common.edited();
                    op = EditOperation.UPDATE;
                }
            }
            Set<String> changedColumns = new LinkedHashSet<>();
            if (ownSinceCommon != null) {
                changedColumns.addAll(ownSinceCommon);
                // a message of this side's could have carried only what was this side's own since the common state: the row's
                // states in between, which the relative's own edits (come through its copy) made, are no states it was sent
                held.removeAll(mayHaveCarried);
                for (RowStore.RowState h : held) {
                    for (String col : store.columns()) {
                        if (!h.exists() || !same(h.values().get(col), after.values().get(col))) {
                            changedColumns.add(col); // a state a message may have carried
                        }
                    }
                }
                changedColumns.remove("GLOBALID");
                if (changedColumns.isEmpty()) {
                    return;
                }
            } else if (op == EditOperation.UPDATE && !wasIn) {
                // moved into the replica: the relative has no copy of it, or an old one from before it left
                changedColumns.addAll(store.columns());
            } else if (op == EditOperation.UPDATE) {
                if (!beforeIn) {
                    // outside the replica at the relative's last acknowledgment, and in it in a state a message may have
                    // carried since: if that message never arrives, the relative holds an old copy from before the row left
                    // (or none), which the fields edited outside never reached
                    changedColumns.addAll(store.columns());
                }
                // a field whose last change here was taking the relative's edit is no change for it: it holds what it sent
                // (or its own later edit), unless a message of this side's may have carried another value there since
                Set<String> taken = changed.received() > from && !carried && relativeGuid != null
                        ? store.lastTakenFrom(gid, relativeGuid.trim(), from, to) : Set.of();
                for (String col : store.columns()) {
                    if (!same(before.values().get(col), after.values().get(col)) && !taken.contains(col)) {
                        changedColumns.add(col);
                    }
                }
                for (RowStore.RowState h : held) {
                    for (String col : store.columns()) {
                        if (!h.exists() || !same(h.values().get(col), after.values().get(col))) {
                            changedColumns.add(col); // a state a message may have carried: reverted since, or deleted there
                        }
                    }
                }
                if (changed.received() > from) {
                    // the relative sent an edit of the row in the range: it holds the row as it was then, not as it was at the
                    // start of the range, so what changed since then goes too (e.g. a move it made, undone here by a third
                    // replica's edit that won a conflict: compared with the start alone, the geometry would look unchanged)
                    RowStore.RowState received = store.stateAt(gid, changed.received());
                    if (!received.exists() || !inReplica(gid, received, changed.received())) {
                        changedColumns.addAll(store.columns()); // it holds no copy, or one outside its replica
                    } else {
                        for (String col : store.columns()) {
                            if (!same(received.values().get(col), after.values().get(col))) {
                                changedColumns.add(col);
                            }
                        }
                    }
                }
                changedColumns.remove("GLOBALID");
                if (changedColumns.isEmpty()) {
                    return; // edited back to what it was: no net change to send (resolutions are marked, see RowStore#markResolved)
                }
            } else if (op == EditOperation.INSERT) {
                changedColumns.addAll(store.columns());
            }
            changedColumns.remove("GLOBALID");
            sink.accept(new ChangeRecord(store.dataset().name(), gid, op, portable(after.values()), changedColumns, generationOf(changed)));
            n[0]++;
            noteOutside(gid, after, isIn, relativeGuid);
        };
        // the changed rows are taken a window at a time, their history since the relative's boundary read ahead (RowStore#readAhead)
        List<RowStore.Changed> window = new java.util.ArrayList<>();
        store.changed(from, to, relativeGuid, resolvedFor, changed -> {
            window.add(changed);
            if (window.size() == RowStore.AHEAD) {
                visitAhead(window, from, relativeGuid, visit);
            }
        });
        visitAhead(window, from, relativeGuid, visit);
        return n[0];
    }

    /** Visits changed rows with what {@link #collect} reads of them after {@code from} read ahead, then empties {@code window}. */
    private void visitAhead(List<RowStore.Changed> window, long from, String relativeGuid, RowStore.ChangedVisitor visit)
            throws SQLException, GeodatabaseException {
        List<String> gids = window.stream().filter(RowStore.Changed::own).map(RowStore.Changed::globalId).toList();
        try {
            if (!gids.isEmpty()) {
                store.readAhead(gids, from, relativeGuid, false); // (the row's states: its images and the row now)
                store.readAheadJudged(gids, false);
            }
            for (RowStore.Changed changed : window) {
                visit.visit(changed);
            }
        } finally {
            store.forgetAhead();
            window.clear();
        }
    }

    /**
     * A row sent to the relative in a state outside its replica (moved out, or sent whole as a decision): the relative keeps
     * that copy, and later edits of the row made outside travel neither way, so the copy is what both sides have in common
     * when the row comes back (see {@link #outsideCopy}). Written in the transaction of the exchange that sends it.
     */
    private void noteOutside(String gid, RowStore.RowState after, boolean inReplica, String relativeGuid) throws SQLException, GeodatabaseException {
        if (mayLieOutside() && relativeGuid != null && after.exists() && !inReplica) {
            store.heldOutside(gid, relativeGuid.trim(), after.values());
        }
    }

    /**
     * The relative's copy of a row that lay outside its replica at {@code boundary} (the last generation of this side the
     * relative holds), as it last travelled to the relative or from it; null when the row was in the replica then, or no copy
     * is known. Edits of the row made outside the replica since then never reached the relative.
     */
    Map<String, Object> outsideCopy(String gid, long boundary, String relativeGuid) throws SQLException, GeodatabaseException {
        if (!mayLieOutside()) {
            return null;
        }
        RowStore.RowState then = store.stateAt(gid, boundary);
        if (!then.exists() || inReplica(gid, then, boundary)) {
            return null;
        }
        return store.outsideCopy(gid, relativeGuid.trim());
    }

    /** Whether a row of this dataset can lie outside the replica: the replica is filtered and the dataset has a filter. */
    boolean mayLieOutside() {
        return !unfiltered && (filter.selective() || filter.schemaOnly());
    }

    /** Records that the relative holds the row as {@code now} (its current values here, a record applied here) when that is outside its replica. */
    void noteOutside(String gid, Map<String, Object> now, String relativeGuid) throws SQLException, GeodatabaseException {
        RowStore.RowState state = new RowStore.RowState(now, -1);
        noteOutside(gid, state, inReplica(gid, state, Long.MAX_VALUE), relativeGuid);
    }

    private static long generationOf(RowStore.Changed changed) {
        return changed.generation();
    }

    /** Whether the row, in its state at the end of {@code generation}, was in the replica then. */
    private boolean inReplica(String gid, RowStore.RowState state, long generation) throws SQLException, GeodatabaseException {
        if (!state.exists()) {
            return false;
        }
        if (filter.schemaOnly()) {
            // only rows related to replicated rows travel in a schema-only dataset (with related data on)
            return related != null && related.isRelatedToReplicated(store.dataset().name(), gid, state, generation);
        }
        return !filter.selective() || filter.matches(store, gid, state);
    }

    /**
     * Whether two column values are exactly equal, so that no edit looks like no change: byte arrays by content,
     * integers as integers (a BIGINT beyond 2^53 is not rounded through a double), decimals by value, timestamps
     * to the nanosecond, text character for character.
     */
    static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return ExactValues.sameNumber(x, y);
        }
        if (a instanceof java.util.Date x && b instanceof java.util.Date y) {
            return ExactValues.sameInstant(x, y);
        }
        return Objects.equals(a, b);
    }

    /** The value of a column in a values map (null when absent). */
    static Object value(Map<String, Object> values, String col) {
        return values == null ? null : values.get(col);
    }
}
