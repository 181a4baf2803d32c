package org.geosync.core.internal.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictKind;
import org.geosync.model.ConflictResolution;
import org.geosync.model.ConflictStatus;
import org.geosync.model.EditOperation;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.SyncError;
import org.geosync.model.SyncLayerResult;

/**
 * The one piece of code that applies a relative's changes to a geodatabase and decides conflicts, for
 * connected synchronization and message import alike (docs/sync-semantics.md: "Which edits conflict", "Reconcile policies"). A row is in conflict when it was
 * edited here since the common ancestor (the later of the acknowledged generation and the row's last
 * change received from this relative) and the incoming values differ from this database's; by row any
 * such edit conflicts, by column only edits of the same field do (edits of different fields merge).
 * The caller runs it inside the target's transaction with the relative as change source, and calls
 * {@link #finish()} after the last record.
 * <p>
 * Records are applied a block at a time (at most {@link #BLOCK} records of one dataset, each row once; memory
 * stays bounded; a block that does not fill, of a dataset that had no full one, is applied record by record:
 * below a few hundred records compiling the block's statements costs more than they save; measured with
 * {@code releng/benchmarks/run.sh}). What judging asks of the block's rows is read ahead ({@link RowStore#readAhead}, a
 * query per {@link RowStore#CHUNK} rows and kind), and each record that may conflict is judged by the same code as on its
 * own, its writes (an update of its row, decisions) queued ({@link #judgeQueued}). Runs of those and of records that cannot
 * conflict are written with the tracking triggers switched off while the change log and before-images the triggers would
 * have written are written a block at a time ({@link RowStore#applyPlain}), which costs a fraction of the triggers'
 * statements. The outcome is the record-by-record one: a record whose judgement needs another write (a conflict settled or
 * stored, an insert, a delete) is applied on its own in its place (so are runs shorter than {@link #RUN} of plain records
 * between such records), and a run that fails is rolled back and applied record by record (so rollbackOnFailure false
 * still skips and reports exactly the failing records). When ObjectID keys are translated or related rows kept, every
 * record is applied on its own.
 */
public final class Applier {

    /** At most this many records (of one dataset, distinct rows) are held and applied as a block. */
    static final int BLOCK = 256;

    /** Runs of fewer plain records than this (between records that may conflict) are applied record by record. */
    static final int RUN = 16;

    /**
     * For tests: above 0, blocks hold at most this many records and every block and run is written as one, however small,
     * so that exchanges of a few records take the block path (the randomized tests run it against their model); below 0,
     * every record is applied on its own (what the block path must match).
     */
    public static volatile int testBlock;

    private final Connection c;
    private final Map<String, RowStore> stores;
    private final Map<String, Long> boundaries;
    private final String sourceGuid;
    private final SidePolicy policy;
    private final ConflictDefinition definition;
    private final boolean rollbackOnFailure;
    private final ReplicaStore conflictStore;
    private final String replicaGuid;
    private final RelationshipKeeper keeper;
    private final KeyTranslator keys;
    private final Map<String, SyncLayerResult> results = new LinkedHashMap<>();
    private final List<SyncError> errors = new ArrayList<>();
    private long conflicts;
    private final List<RowRef> kept = new ArrayList<>();
    private final List<RowRef> voided = new ArrayList<>();
    private final List<RowRef> returned = new ArrayList<>();
    /** Whether records are applied a block at a time (not when ObjectID keys are translated or related rows kept). */
    private final boolean blocks;
    private final List<ChangeRecord> block = new ArrayList<>();
    private final Set<String> blockIds = new HashSet<>();
    private String blockDataset;
    /** The datasets this applier has written a block of: a smaller block of theirs is worth writing as a block too. */
    private final Set<String> blocked = new HashSet<>();
    /** Whether every record is a decision this side takes whole, without judging conflicts (see {@link #decisions()}). */
    private boolean decisions;
    /** The relatives whose conflicts resolved here count as resolved with the source (see {@link #resolvedFor}). */
    private Peers resolvedFor = new Peers(Map.of());
    /**
     * Per dataset, the last of this side's generations the relative is known to hold now (its acknowledgment), for records
     * the relative made earlier (a message); null for a connected synchronization, whose records are the relative's now.
     */
    private Map<String, Long> delivered;
    /** This replica's open conflicts by dataset and GlobalID, read when first needed. */
    private Map<String, Conflict> openConflicts;

    /**
     * @param boundaries per dataset, the generation this side's relative has acknowledged
     * @param conflictStore where MANUAL stores conflicts (for replica {@code replicaGuid})
     */
    public Applier(Connection c, Map<String, RowStore> stores, Map<String, Long> boundaries, String sourceGuid, SidePolicy policy,
            ConflictDefinition definition, boolean rollbackOnFailure, ReplicaStore conflictStore, String replicaGuid,
            RelationshipKeeper keeper, KeyTranslator keys) {
        this.c = c;
        this.stores = stores;
        this.boundaries = boundaries;
        this.sourceGuid = sourceGuid;
        this.policy = policy;
        this.definition = definition;
        this.rollbackOnFailure = rollbackOnFailure;
        this.conflictStore = conflictStore;
        this.replicaGuid = replicaGuid;
        this.keeper = keeper;
        this.keys = keys;
        this.blocks = keys == null && keeper == null;
    }

    /**
     * Makes conflicts resolved here with any of {@code peers} (the relative and the replicas it was copied from, see
     * {@link ReplicaRecords#peers}) count as resolved with the relative.
     */
    public Applier resolvedFor(Peers peers) {
        this.resolvedFor = peers;
        return this;
    }

    /** The relative's replica as this side judges it, per dataset: which rows lie outside it (see {@link Outgoing#outsideCopy}). */
    private Map<String, Outgoing> scopes;

    /** Tells the applier the relative's replica per dataset, so that rows outside it are judged from the copy the relative holds. */
    public Applier scopes(Map<String, Outgoing> scopes) {
        this.scopes = scopes;
        return this;
    }

    /**
     * Tells the applier what the relative is known to hold of this side now ({@code acknowledged}, per dataset), when the
     * records were made before it received that much (a message exported before a later acknowledgment or synchronization).
     * A row this side changed only in generations the relative received after making the records was judged by the
     * relative already: this side's judgement of the older records is then no verdict the relative needs (see
     * {@link #judgedThere}).
     */
    public Applier delivered(Map<String, Long> acknowledged) {
        this.delivered = acknowledged;
        return this;
    }

    /**
     * Whether the relative received this side's edits of the row only after it made record {@code r} (a message it exported
     * before a later synchronization or acknowledgment told this side it has them): the relative has judged them against
     * its own version of the row since, and sends its verdict on the row with its next exchange (see
     * {@link RowStore#markVerdict}), so judging the older record here a second time, perhaps by another policy, would only
     * leave the two sides with different rows.
     */
    private boolean judgedThere(RowStore store, ChangeRecord r, long boundary) throws SQLException {
        Long now = delivered == null ? null : delivered.get(r.dataset());
        return now != null && now > boundary && !store.changedSince(r.globalId(), sourceGuid, now);
    }

    /**
     * Makes this applier take every record whole, as a decision: the rows a relative settled a conflict on knowing both
     * versions (it kept its own), which this side takes as they are, fields equal to the common ones included.
     */
    Applier decisions() {
        decisions = true;
        return this;
    }

    /** Per dataset, the last of the source's generations this exchange brings (see {@link #receiving}); empty: not told. */
    private Map<String, Long> receivedUpTo = Map.of();
    /** Per dataset, the rows registered copies of the source held that it inserted unsent (see {@link #finish}), and which of them it sent. */
    private final Map<String, Set<String>> insertedByCopy = new java.util.HashMap<>();
    private final Set<String> heard = new java.util.HashSet<>();

    /**
     * Tells the applier that this exchange brings every change the source made up to {@code upTo} (per dataset): a row
     * the source inserted before a copy of it was made, which this side received from the copy, and of which the source
     * sends nothing, the source deleted before sending (see {@link #finish}).
     */
    public Applier receiving(Map<String, Long> upTo) {
        this.receivedUpTo = upTo;
        return this;
    }

    /**
     * Applies one record, or takes it into the current block (see the class comment); a failure either propagates
     * (rollbackOnFailure) or is recorded and skipped. {@link #finish()} applies what the last block still holds.
     */
    public void apply(ChangeRecord incoming) throws SQLException, GeodatabaseException {
        if (!receivedUpTo.isEmpty() && incoming.globalId() != null && insertedByCopy(incoming.dataset()).contains(incoming.globalId().trim())) {
            heard.add(incoming.dataset() + "/" + incoming.globalId().trim());
        }
        String unstorable = unstorableGeometry(incoming);
        if (unstorable != null) {
            flush(); // the records before it keep their place in the order
            fail(incoming, layer(incoming.dataset()), unstorable, null);
            return;
        }
        if (!blocks || testBlock < 0 || !stores.containsKey(incoming.dataset()) || !blockable(incoming)) {
            flush();
            applyOne(incoming);
            return;
        }
        String gid = incoming.globalId().trim();
        if (!incoming.dataset().equals(blockDataset) || !blockIds.add(gid)) {
            flush();
            blockIds.add(gid);
        }
        blockDataset = incoming.dataset();
        layer(incoming.dataset());
        block.add(incoming);
        if (block.size() >= (testBlock > 0 ? testBlock : BLOCK)) {
            flush();
        }
    }

    /**
     * Why the geometry an incoming insert or update carries cannot be stored here, or null: the check of incoming geometry
     * every entry point uses ({@link Geometries#shapeProblem}), against this side's feature class. The relative may hold
     * geometry GeoSync refuses (written with a JDBC client past its checks); such a row is never stored, nor kept in a
     * conflict for review: it fails as any failing row does (refused with rollbackOnFailure, else skipped and reported).
     * The whole row is checked, not only a changed SHAPE: a row this side lacks is inserted whole.
     */
    private String unstorableGeometry(ChangeRecord r) {
        RowStore store = stores.get(r.dataset());
        if (store == null || r.operation() == EditOperation.DELETE || r.values() == null || !store.dataset().isFeatureClass()
                || !(r.values().get("SHAPE") instanceof byte[] wkb)) {
            return null;
        }
        Dataset d = store.dataset();
        String problem = Geometries.shapeProblem(wkb, d.geometryType(), d.epsg());
        return problem == null ? null
                : "its geometry cannot be stored in " + d.name() + ": " + problem + "; correct the feature on the replica that sent it,"
                        + " and send it again";
    }

    /** Whether a record can join a block: it names its row, and a row it inserts or updates is that row. */
    private static boolean blockable(ChangeRecord r) {
        if (r.globalId() == null) {
            return false;
        }
        if (r.operation() == EditOperation.DELETE) {
            return true;
        }
        return r.values() != null && r.values().get("GLOBALID") instanceof String gid && gid.trim().equals(r.globalId().trim());
    }

    private Set<String> insertedByCopy(String dataset) throws SQLException {
        Set<String> rows = insertedByCopy.get(dataset);
        if (rows == null) {
            RowStore store = stores.get(dataset);
            Long upTo = receivedUpTo.get(dataset);
            rows = store == null || upTo == null ? Set.of() : store.insertedByCopyOf(sourceGuid, upTo);
            insertedByCopy.put(dataset, rows);
        }
        return rows;
    }

    /**
     * Applies the records still held in the current block; call it after the last {@link #apply}, inside the same transaction.
     * <p>
     * A row the source inserted, unsent, before a copy of it was made reached this side from the copy; when this exchange
     * brings the source's generations past that insert and nothing of the row, the source deleted it before sending (it
     * sends nothing of a row inserted and deleted since what this side holds): that deletion is applied here as the source's
     * (judged as any delete it sends, against this side's edits of the row since).
     */
    public void finish() throws SQLException, GeodatabaseException {
        flush();
        for (String dataset : receivedUpTo.keySet()) {
            RowStore store = stores.get(dataset);
            for (String gid : insertedByCopy(dataset)) {
                if (!heard.contains(dataset + "/" + gid) && store.current(gid) != null) {
                    applyOne(new ChangeRecord(dataset, gid, EditOperation.DELETE, null, Set.of(), receivedUpTo.get(dataset)));
                    store.forgetHeldOf(gid, sourceGuid); // judged once
                }
            }
        }
    }

    /**
     * Applies the current block: which of its rows exist is read with one query per {@link RowStore#CHUNK} rows;
     * the records whose row was not edited here since the common ancestor (no conflict possible) are applied
     * as {@link RowStore#applyPlain plain} changes, a run of them at a time under a savepoint; any other record
     * goes through {@link #applyOne} in its place in the order. A run that fails is rolled back and applied record
     * by record, which gives each record exactly the outcome (and the failure report) it has on its own.
     */
    private void flush() throws SQLException, GeodatabaseException {
        if (block.isEmpty()) {
            return;
        }
        List<ChangeRecord> records = new ArrayList<>(block);
        block.clear();
        blockIds.clear();
        if (records.size() < BLOCK && !blocked.contains(blockDataset) && testBlock == 0) {
            // a few records cost less one by one than compiling the block statements for this database
            for (ChangeRecord r : records) {
                applyOne(r);
            }
            return;
        }
        blocked.add(blockDataset);
        RowStore store = stores.get(blockDataset);
        long boundary = boundaries.getOrDefault(blockDataset, 0L);
        Run run = new Run(layer(blockDataset));
        Set<String> judged = Set.of();
        int aheadTo = 0;
        try {
            for (int i = 0; i < records.size(); i++) {
                if (!store.readingAhead() || i >= aheadTo) {
                    // (a window at a time: a record applied on its own makes the rest be read again)
                    aheadTo = Math.min(records.size(), i + RowStore.AHEAD);
                    judged = readAhead(store, records.subList(i, aheadTo), boundary);
                }
                ChangeRecord r = records.get(i);
                if (judged.contains(r.globalId().trim())) {
                    Judged j = judgeQueued(store, r);
                    if (j != null) {
                        run.add(r, RowStore.Plain.judged(r.globalId(), j.writes()), null, j.verdict());
                        continue;
                    }
                    // its writes are its own (a conflict, an insert or a delete): in its place in the order, on its own
                    applyRun(store, run);
                    store.forgetAhead();
                    applyOne(r);
                    continue;
                }
                // what Applier#plain does, as changes of a block
                boolean exists = store.exists(r.globalId());
                if (r.operation() == EditOperation.DELETE) {
                    run.add(r, exists ? new RowStore.Plain(EditOperation.DELETE, r.globalId(), null, null) : null,
                            exists ? EditOperation.DELETE : null, false);
                } else if (!exists) {
                    run.add(r, new RowStore.Plain(EditOperation.INSERT, r.globalId(), r.values(), null), EditOperation.INSERT, false);
                } else {
                    List<String> cols = store.updatable(r.changedColumns());
                    run.add(r, cols.isEmpty() ? null : new RowStore.Plain(EditOperation.UPDATE, r.globalId(), r.values(), cols),
                            EditOperation.UPDATE, false);
                }
            }
            applyRun(store, run);
        } finally {
            store.forgetAhead();
        }
    }

    /**
     * Reads ahead what judging {@code records} asks of their rows (see {@link RowStore#readAhead}), and returns the rows (trimmed
     * GlobalIDs) whose record may conflict, which are judged.
     */
    private Set<String> readAhead(RowStore store, List<ChangeRecord> records, long boundary) throws SQLException, GeodatabaseException {
        List<String> gids = records.stream().map(r -> r.globalId().trim()).toList();
        store.readAhead(gids, boundary, sourceGuid, true);
        Set<String> judged = new java.util.LinkedHashSet<>();
        for (ChangeRecord r : records) {
            if (mayConflict(store, r.dataset(), r.globalId(), boundary)) {
                judged.add(r.globalId().trim());
            }
        }
        if (!judged.isEmpty()) {
            store.readAheadJudged(new ArrayList<>(judged), true);
        }
        return judged;
    }

    /** The writes judging a record queued, and whether its verdict is to be taken once they are made (see {@link #judge}). */
    private record Judged(RowStore.Queued writes, boolean verdict) {
    }

    /** Whether the record being judged queues its writes (see {@link #judgeQueued}). */
    private boolean queueing;
    /** Whether the record judged with its writes queued leaves its verdict to be taken once they are made. */
    private boolean verdictPending;

    /**
     * Judges a record of a block exactly as {@link #applyOne} does, its row's reads answered from what was read ahead, and its
     * writes (an update of the row, decisions) queued to be made with the block's; null when judging it asks for any other
     * write (a conflict settled, an insert, a delete): then nothing of it was made or counted, and it is applied on its own.
     */
    private Judged judgeQueued(RowStore store, ChangeRecord r) throws SQLException, GeodatabaseException {
        SyncLayerResult layer = layer(r.dataset());
        long inserts = layer.getInserts(), updates = layer.getUpdates(), deletes = layer.getDeletes();
        RowStore.Queued q = new RowStore.Queued();
        store.queue(q);
        queueing = true;
        verdictPending = false;
        try {
            applyTo(store, r, layer);
            return new Judged(q, verdictPending);
        } catch (RowStore.Unqueued | SQLException e) {
            if (e instanceof SQLException x && store.isConcurrencyFailure(x)) {
                throw x;
            }
            // judged again on its own, which reports a failing read as that record's
            layer.setInserts(inserts);
            layer.setUpdates(updates);
            layer.setDeletes(deletes);
            return null;
        } finally {
            store.queue(null);
            queueing = false;
        }
    }

    /**
     * The records of a block waiting to be written together, in their order: plain records, and judged records whose writes
     * are queued (which counted what they did when judged).
     */
    private static final class Run {
        /**
         * A record of the run: its change (null: none), what a plain one counts as once the run is written (null: nothing, or
         * a judged record), whether a judged one's verdict is pending.
         */
        record Entry(ChangeRecord record, RowStore.Plain change, EditOperation counts, boolean verdict) {
        }

        final SyncLayerResult layer;
        final List<Entry> entries = new ArrayList<>();
        /** The layer's counts when the run began (judged records count as they are judged). */
        long inserts, updates, deletes;

        Run(SyncLayerResult layer) {
            this.layer = layer;
            clear();
        }

        void add(ChangeRecord r, RowStore.Plain change, EditOperation counts, boolean verdict) {
            entries.add(new Entry(r, change, counts, verdict));
        }

        boolean judged() {
            return entries.stream().anyMatch(e -> e.change() != null && e.change().judged() != null);
        }

        /** The entries with a change, in order (what {@link RowStore#applyPlain} writes). */
        List<Entry> changing() {
            return entries.stream().filter(e -> e.change() != null).toList();
        }

        /** Forgets what judged records counted (they are applied again, record by record). */
        void uncount() {
            layer.setInserts(inserts);
            layer.setUpdates(updates);
            layer.setDeletes(deletes);
        }

        void clear() {
            entries.clear();
            inserts = layer.getInserts();
            updates = layer.getUpdates();
            deletes = layer.getDeletes();
        }
    }

    /** Writes a run of records (see {@link Run}); a run that fails is rolled back and applied record by record. */
    private void applyRun(RowStore store, Run run) throws SQLException, GeodatabaseException {
        if (run.entries.isEmpty()) {
            return;
        }
        if (!run.judged() && run.entries.size() < RUN && testBlock == 0) {
            // between records that may conflict: a short run costs less record by record than as block statements
            store.forgetAhead();
            for (Run.Entry e : run.entries) {
                applyOne(e.record());
            }
            run.clear();
            return;
        }
        List<Run.Entry> changing = run.changing();
        Savepoint savepoint = c.setSavepoint();
        boolean applied = false;
        try {
            store.applyPlain(changing.stream().map(Run.Entry::change).toList(), sourceGuid,
                    (i, now) -> verdict(changing.get(i).record(), changing.get(i).verdict(), now));
            applied = true;
        } catch (SQLException e) {
            c.rollback(savepoint);
            if (store.isConcurrencyFailure(e)) {
                throw e; // an editor's row: the whole exchange runs again (see Geodatabase#inSnapshot), never record by record
            }
        }
        if (applied) {
            c.releaseSavepoint(savepoint);
            SyncLayerResult layer = run.layer;
            for (Run.Entry e : run.entries) { // (an update of no replicated field counts too, as on its own)
                if (e.counts() != null) {
                    switch (e.counts()) {
                        case INSERT -> layer.setInserts(layer.getInserts() + 1);
                        case UPDATE -> layer.setUpdates(layer.getUpdates() + 1);
                        case DELETE -> layer.setDeletes(layer.getDeletes() + 1);
                    }
                }
            }
        } else {
            run.uncount();
            store.forgetAhead();
            for (Run.Entry e : run.entries) {
                applyOne(e.record());
            }
        }
        run.clear();
    }

    /**
     * What a judged record whose writes were queued does once they are made, with its row as it is then ({@code now}): it is
     * what {@link #judge} and {@link #applyTo} do after judging. Returns whether its row goes whole to the relative.
     */
    private boolean verdict(ChangeRecord r, boolean pending, Map<String, Object> now) throws SQLException, GeodatabaseException {
        Outgoing scope = scope(r);
        if (scope != null && r.operation() != EditOperation.DELETE && now != null && holds(now, r)) {
            scope.noteOutside(r.globalId(), now, sourceGuid); // the relative holds this version, maybe outside its replica
        }
        return pending && !holds(now, r);
    }

    /** Applies one record on its own; a failure either propagates (rollbackOnFailure) or is recorded and skipped. */
    private void applyOne(ChangeRecord incoming) throws SQLException, GeodatabaseException {
        ChangeRecord r = keys == null || incoming.values() == null ? incoming
                : new ChangeRecord(incoming.dataset(), incoming.globalId(), incoming.operation(),
                        keys.toLocal(incoming.dataset(), incoming.values()), incoming.changedColumns(), incoming.generation());
        RowStore store = stores.get(r.dataset());
        SyncLayerResult layer = layer(r.dataset());
        if (store == null) {
            fail(r, layer, "the dataset " + r.dataset() + " is not part of this replica here", null);
            return;
        }
        KeyTranslator.Untranslated untranslated = keys == null ? null : keys.untranslated(incoming.dataset(), incoming.values());
        if (untranslated != null && untranslated.unknown() != null) {
            fail(r, layer, untranslated.unknown(), null); // never a silent NULL
            return;
        }
        Savepoint savepoint = rollbackOnFailure ? null : c.setSavepoint();
        try {
            applyTo(store, r, layer);
            if (keeper != null && r.operation() != EditOperation.DELETE && keeper.arrived(store, r.globalId(), r.values())
                    || untranslated != null && RelatedRows.voidedOnArrival(store, r.globalId(), untranslated.voided())) {
                voided.add(new RowRef(r.dataset(), r.globalId()));
            }
            if (savepoint != null) {
                c.releaseSavepoint(savepoint);
            }
        } catch (SQLException e) {
            if (savepoint == null) {
                throw new GeodatabaseException("Applying the " + r.operation().getLiteral() + " of row " + r.globalId() + " in "
                        + r.dataset() + " failed, so nothing was applied (rollbackOnFailure): " + message(e), e);
            }
            c.rollback(savepoint);
            if (store.isConcurrencyFailure(e)) {
                throw e; // not this record's fault: the whole exchange runs again (see Geodatabase#inSnapshot)
            }
            fail(r, layer, message(e), e);
        }
    }

    /**
     * Whether a record of this row may conflict: this side changed the row since what the relative is known to hold of it,
     * or the row has a conflict waiting for review.
     */
    private boolean mayConflict(RowStore store, String dataset, String gid, long boundary) throws SQLException, GeodatabaseException {
        return !decisions && store.changedSince(gid, sourceGuid, boundary) || openConflict(dataset, gid) != null;
    }

    /** The open conflict of this replica on the row, or null (looked up only for rows this side changed). */
    private Conflict openConflict(String dataset, String gid) throws SQLException, GeodatabaseException {
        if (openConflicts == null) {
            openConflicts = new java.util.HashMap<>();
            for (Conflict c : conflictStore.conflicts(replicaGuid, true)) {
                openConflicts.put(c.getDatasetName() + "|" + c.getGlobalId().trim(), c);
            }
        }
        return openConflicts.get(dataset + "|" + gid.trim());
    }

    /** The relative's replica of the record's dataset, when a row of it may lie outside (see {@link #scopes}); else null. */
    private Outgoing scope(ChangeRecord r) {
        Outgoing scope = scopes == null ? null : scopes.get(r.dataset());
        return scope != null && scope.mayLieOutside() ? scope : null;
    }

    private void applyTo(RowStore store, ChangeRecord r, SyncLayerResult layer) throws SQLException, GeodatabaseException {
        Outgoing scope = scope(r);
        judge(store, r, layer, scope);
        if (scope != null && r.operation() != EditOperation.DELETE && !queueing) { // (queued: see #verdict)
            Map<String, Object> now = store.current(r.globalId());
            if (now != null && holds(now, r)) {
                scope.noteOutside(r.globalId(), now, sourceGuid); // the relative holds this version, maybe outside its replica
            }
        }
    }

    private void judge(RowStore store, ChangeRecord r, SyncLayerResult layer, Outgoing scope) throws SQLException, GeodatabaseException {
        String gid = r.globalId();
        Map<String, Object> local = store.current(gid);
        if (decisions) {
            plain(store, r, local, layer);
            return;
        }
        long boundary = boundaries.getOrDefault(r.dataset(), 0L);
        Conflict open = openConflict(r.dataset(), gid);
        // a row outside the relative's replica: its edits made outside travelled neither way since the copy the relative holds
        Map<String, Object> copy = scope == null || local == null || open != null ? null : scope.outsideCopy(gid, boundary, sourceGuid);
        RowStore.Common common = copy != null ? new RowStore.Common(copy, differingFields(local, copy), false, false)
                : open != null || store.changedSince(gid, sourceGuid, boundary) ? store.common(gid, sourceGuid, resolvedFor, boundary) : null;
        if (queueing && copy != null) {
            throw new RowStore.Unqueued(); // (its row goes back with the replica: applied on its own)
        }
        if (common == null || (open == null && !common.editedHere())) {
            plain(store, r, local, layer);
            return;
        }
        if (open == null && judgedThere(store, r, boundary)) {
            return; // the relative judged this side's edits of the row itself; its verdict comes with its next exchange
        }
        storedForReview = false;
        meet(store, r, local, common, open, layer);
        if (open == null && !storedForReview && queueing) {
            verdictPending = true; // taken once the queued writes are made (see #verdict)
        } else if (open == null && !storedForReview && !holds(store.current(gid), r)) {
            // the relative does not hold this side's verdict on its edit (a merge, or this side's version kept)
            store.markVerdict(gid, sourceGuid);
            if (copy != null) {
                returned.add(new RowRef(r.dataset(), gid)); // this side's edits made outside the replica go back with it
            }
        }
    }

    /** Whether {@code row} (null: no row) is the row record {@code r} describes, every field it carries equal. */
    private static boolean holds(Map<String, Object> row, ChangeRecord r) {
        if (r.operation() == EditOperation.DELETE || r.values() == null) {
            return row == null;
        }
        if (row == null) {
            return false;
        }
        for (Map.Entry<String, Object> e : r.values().entrySet()) {
            if (row.containsKey(e.getKey()) && !Outgoing.same(row.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Whether a conflict was stored for review (or an open one refreshed) by the record {@link #meet} is judging. */
    private boolean storedForReview;

    /**
     * Judges the relative's record {@code r} of a row this side changed since the relative last had its version (or that
     * waits for review): takes the relative's changes, merges them by column, or settles a conflict by the policy.
     */
    private void meet(RowStore store, ChangeRecord r, Map<String, Object> local, RowStore.Common common, Conflict open, SyncLayerResult layer)
            throws SQLException, GeodatabaseException {
        String gid = r.globalId();
        Map<String, Object> ancestor = common.ancestor();
        if (r.operation() == EditOperation.DELETE) {
            if (local == null) {
                return; // deleted on both sides
            }
            if (open == null && ancestor != null && (!common.resolved() || common.decidedWith()) && differingFields(local, ancestor).isEmpty()) {
                // this side's edits of the row ended where the relative's copy began (an edit undone, or overtaken by one back
                // to that value): no update, so the relative's delete meets nothing and stands, as it does there. A resolution
                // is an edit of the row, unless it took the relative's version, which the relative then deleted knowing it (the
                // resolution recorded the relative's values, so the row here is as the relative had it)
                plain(store, r, local, layer);
                return;
            }
            conflict(store, r, ConflictKind.UPDATE_DELETE, local, ancestor, Set.of(), layer, open);
            if (open == null && policy == SidePolicy.KEEP) {
                store.decidedAgainstDelete(gid, sourceGuid);
            }
            return;
        }
        if (local == null) {
            if (open != null) {
                conflict(store, r, ConflictKind.DELETE_UPDATE, null, ancestor, Set.of(), layer, open); // refreshed, waits for review
            } else if (ancestor == null && !common.resolved() && store.insertedHereAfter(gid, boundaries.getOrDefault(r.dataset(), 0L))) {
                // this side inserted the row after what the relative holds, and deleted it: the relative has it from a copy of
                // this side, and changed it since (it sends nothing of a row as the copy held it) — an edit against the delete
                conflict(store, r, ConflictKind.DELETE_UPDATE, null, null, Set.of(), layer, open);
            } else if (ancestor == null && !common.resolved()) {
                plain(store, r, null, layer); // inserted and deleted here before it ever arrived
            } else if (ancestor == null) {
                // deleted here before what the relative holds, and a resolution here kept it deleted since: a decision the
                // relative's row meets as a conflict, not a row this side never had
                conflict(store, r, ConflictKind.DELETE_UPDATE, null, null, Set.of(), layer, open);
            } else if (unchanged(r, ancestor)) {
                // the relative sends the row as both sides had it (e.g. the version it took from this side in a conflict):
                // it changed nothing, so this side's later delete stands and goes to the relative
                return;
            } else {
                conflict(store, r, ConflictKind.DELETE_UPDATE, null, ancestor, Set.of(), layer, open);
            }
            return;
        }
        // the relative's changes: the fields it sends whose values differ from the ones both sides had in common (a field sent
        // again unchanged, because the message covers generations the relative has not seen acknowledged, is no change)
        Set<String> differing = new LinkedHashSet<>();
        for (String col : r.changedColumns()) {
            Object theirs = r.values().get(col);
            if ((ancestor == null || !Outgoing.same(theirs, ancestor.get(col))) && !Outgoing.same(theirs, local.get(col))) {
                differing.add(col);
            }
        }
        if (ancestor != null && open == null) {
            // a field both sides set to the same value is one edit made twice: the relative holds it too, so from now on it is
            // common (this side's edit of it is settled, and the relative's later edit of it is no conflict)
            Map<String, Object> twice = new LinkedHashMap<>();
            for (String col : r.changedColumns()) {
                Object theirs = r.values().get(col);
                if (common.edited().contains(col) && local.containsKey(col) && Outgoing.same(theirs, local.get(col))
                        && !Outgoing.same(theirs, ancestor.get(col))) {
                    twice.put(col, theirs);
                }
            }
            store.decided(gid, sourceGuid, twice);
        }
        if (differing.isEmpty()) {
            return; // both sides made the same edit, or the relative changed nothing this side does not have
        }
        Set<String> editedColumns = new LinkedHashSet<>(common.edited());
        if (ancestor == null) {
            editedColumns.addAll(store.columns());
            editedColumns.remove("GLOBALID");
        } else if (open == null && (!common.resolved() || !common.decidedWith())) {
            // a field changed here and back to the value both sides had in common (an edit undone, or a conflict lost to a
            // relative holding that value) counts as changed only when it differs from the common ancestor: it is no edit here.
            // So is a field a resolution of a conflict with another relative left as this relative held it. A resolution of a
            // conflict with this relative is an edit of the row, whatever values it took; of the fields it settled, those it left
            // as the relative had them are followed through the common state (RowStore#common)
            editedColumns.removeIf(col -> Outgoing.same(local.get(col), ancestor.get(col)));
        }
        // a field both sides set to the same value is one edit made twice: it conflicts with nothing
        editedColumns.removeIf(col -> r.values().containsKey(col) && Outgoing.same(local.get(col), r.values().get(col)));
        if (open != null) {
            // the fields waiting for review stay this side's until they are resolved
            for (ConflictFieldValue v : open.getFieldValues()) {
                if (v.isConflicting()) {
                    editedColumns.add(v.getFieldName());
                }
            }
        }
        Set<String> conflicting = new LinkedHashSet<>(differing);
        conflicting.retainAll(editedColumns);
        boolean inConflict = definition == ConflictDefinition.BY_COLUMN ? !conflicting.isEmpty() : !editedColumns.isEmpty();
        if (!inConflict) {
            store.update(gid, r.values(), differing);
            layer.setUpdates(layer.getUpdates() + 1);
            return;
        }
        if (definition == ConflictDefinition.BY_ROW) {
            // by row the row is the unit: every field in which the two rows differ is in conflict (taking either version
            // takes that row whole)
            conflicting = new LinkedHashSet<>();
            for (String col : store.columns()) {
                if (!col.equals("GLOBALID") && r.values().containsKey(col) && !Outgoing.same(r.values().get(col), local.get(col))) {
                    conflicting.add(col);
                }
            }
        }
        // the relative's changes this side would decide against by keeping its values
        Map<String, Object> theirs = new LinkedHashMap<>();
        for (String col : conflicting) {
            if (differing.contains(col)) {
                theirs.put(col, r.values().get(col));
            }
        }
        conflict(store, r, ConflictKind.UPDATE_UPDATE, local, ancestor, conflicting, layer, open);
        if (open == null && policy == SidePolicy.KEEP) {
            store.decided(gid, sourceGuid, theirs);
        }
        if (definition == ConflictDefinition.BY_COLUMN) {
            Set<String> merge = new LinkedHashSet<>(differing);
            merge.removeAll(conflicting);
            if (!merge.isEmpty()) {
                store.update(gid, r.values(), merge); // edits of other fields still merge
            }
        }
    }

    /** Whether every field the record carries holds the value both sides had in common. */
    private static boolean unchanged(ChangeRecord r, Map<String, Object> ancestor) {
        for (String col : r.changedColumns()) {
            if (!col.equals("GLOBALID") && !Outgoing.same(r.values().get(col), ancestor.get(col))) {
                return false;
            }
        }
        return true;
    }

    /** The fields (GLOBALID aside) in which {@code local} differs from {@code other}. */
    private static Set<String> differingFields(Map<String, Object> local, Map<String, Object> other) {
        Set<String> d = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : local.entrySet()) {
            if (!e.getKey().equals("GLOBALID") && !Outgoing.same(e.getValue(), other.get(e.getKey()))) {
                d.add(e.getKey());
            }
        }
        return d;
    }

    private void plain(RowStore store, ChangeRecord r, Map<String, Object> local, SyncLayerResult layer)
            throws SQLException, GeodatabaseException {
        if (r.operation() == EditOperation.DELETE) {
            if (local != null) {
                store.delete(r.globalId()); // the relationship triggers void its relationships here as on the sender
                layer.setDeletes(layer.getDeletes() + 1);
            }
            return;
        }
        if (local == null) {
            store.insert(r.values()); // an insert, or a row that moved into the replica
            layer.setInserts(layer.getInserts() + 1);
        } else {
            store.update(r.globalId(), r.values(), r.changedColumns());
            layer.setUpdates(layer.getUpdates() + 1);
        }
    }

    private void conflict(RowStore store, ChangeRecord r, ConflictKind kind, Map<String, Object> local, Map<String, Object> ancestor,
            Set<String> conflicting, SyncLayerResult layer, Conflict open) throws SQLException, GeodatabaseException {
        if (queueing) {
            throw new RowStore.Unqueued(); // settled on its own
        }
        conflicts++;
        layer.setConflicts(layer.getConflicts() + 1);
        if (open != null) {
            // already waiting for review, whatever this exchange's policy: the reviewer decides it. The reviewer sees the
            // newest imported values, and this side keeps its own until then.
            refresh(open, kind, r, conflicting);
            storedForReview = true;
            return;
        }
        switch (policy) {
            case TAKE -> {
                switch (kind) {
                    case UPDATE_DELETE -> store.delete(r.globalId());
                    case DELETE_UPDATE -> store.insert(r.values());
                    default -> store.update(r.globalId(), r.values(),
                            definition == ConflictDefinition.BY_ROW ? store.columns() : conflicting);
                }
            }
            case KEEP -> {
                // this database's values stay, and go to the relative whole at the next exchange
                store.markResolved(r.globalId(), sourceGuid);
                kept.add(new RowRef(r.dataset(), r.globalId()));
            }
            case MANUAL -> {
                Conflict conflict = GeosyncFactory.eINSTANCE.createConflict();
                conflict.setDatasetName(r.dataset());
                conflict.setGlobalId(r.globalId());
                conflict.setKind(kind);
                conflict.setStatus(ConflictStatus.OPEN);
                conflict.setResolution(ConflictResolution.NONE);
                conflict.setDetectedAt(new Date());
                for (String col : store.columns()) {
                    if (col.equals("GLOBALID")) {
                        continue;
                    }
                    ConflictFieldValue v = GeosyncFactory.eINSTANCE.createConflictFieldValue();
                    v.setFieldName(col);
                    v.setAncestorValue(Values.text(Outgoing.value(ancestor, col)));
                    v.setDatabaseValue(Values.text(Outgoing.value(local, col)));
                    v.setImportedValue(Values.text(Outgoing.value(r.values(), col)));
                    v.setConflicting(kind != ConflictKind.UPDATE_UPDATE || conflicting.contains(col));
                    conflict.getFieldValues().add(v);
                }
                conflictStore.addConflict(replicaGuid, conflict);
                storedForReview = true;
            }
        }
    }

    /** Brings an open conflict up to date with a newer incoming change of its row. */
    private void refresh(Conflict open, ConflictKind kind, ChangeRecord r, Set<String> conflicting) throws SQLException, GeodatabaseException {
        if (kind != ConflictKind.UPDATE_UPDATE || open.getKind() != ConflictKind.UPDATE_UPDATE) {
            open.setKind(kind == ConflictKind.UPDATE_UPDATE ? open.getKind() : kind);
        }
        for (ConflictFieldValue v : open.getFieldValues()) {
            String col = v.getFieldName();
            if (r.operation() == EditOperation.DELETE) {
                v.setImportedValue(null);
                v.setConflicting(true);
            } else if (r.changedColumns().contains(col)) {
                v.setImportedValue(Values.text(Outgoing.value(r.values(), col)));
                if (kind != ConflictKind.UPDATE_UPDATE || conflicting.contains(col)) {
                    v.setConflicting(true);
                }
            }
        }
        open.setDetectedAt(new Date());
        conflictStore.updateConflict(open);
    }

    private void fail(ChangeRecord r, SyncLayerResult layer, String why, Exception cause) throws GeodatabaseException {
        if (rollbackOnFailure) {
            throw new GeodatabaseException("Applying the " + r.operation().getLiteral() + " of row " + r.globalId() + " in " + r.dataset()
                    + " failed, so nothing was applied (rollbackOnFailure): " + why, cause);
        }
        layer.setSkipped(layer.getSkipped() + 1);
        SyncError e = GeosyncFactory.eINSTANCE.createSyncError();
        e.setDatasetName(r.dataset());
        e.setGlobalId(r.globalId());
        e.setOperation(r.operation());
        e.setMessage(why);
        errors.add(e);
    }

    private SyncLayerResult layer(String dataset) {
        return results.computeIfAbsent(dataset, n -> {
            SyncLayerResult l = GeosyncFactory.eINSTANCE.createSyncLayerResult();
            l.setDatasetName(n);
            return l;
        });
    }

    private static String message(SQLException e) {
        return String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
    }

    /** Per-dataset counts of what was applied. */
    public List<SyncLayerResult> results() {
        return new ArrayList<>(results.values());
    }

    /** The edits that were skipped, each with why (rollbackOnFailure false). */
    public List<SyncError> errors() {
        return errors;
    }

    /** Rows whose conflict was settled by keeping this database's values. */
    List<RowRef> kept() {
        return kept;
    }

    /**
     * Rows whose relationship this side voided on arrival, as its own edit, because they relate to a row deleted here: a side
     * that sends in the same synchronization sends them now.
     */
    List<RowRef> voided() {
        return voided;
    }

    /**
     * Rows that came back into the relative's replica holding edits this side made while they lay outside it: the relative
     * never had those edits, so a side that sends in the same synchronization sends the rows
     * whole now (otherwise its verdict mark sends them at the next exchange).
     */
    List<RowRef> returned() {
        return returned;
    }

    /** Conflicts met (stored for review under MANUAL, settled otherwise). */
    public long conflicts() {
        return conflicts;
    }
}
