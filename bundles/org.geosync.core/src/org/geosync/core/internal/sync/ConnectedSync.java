package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SyncOptions;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SyncDirection;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncLayerResult;
import org.geosync.model.SyncModel;
import org.geosync.model.SyncOutcome;

/**
 * Synchronizes the two geodatabases of a replica when both are reachable: each side's new edits (by
 * the filter rules) go to the other through the shared {@link Applier}, in one transaction per side;
 * the generations of both records advance together.
 */
public final class ConnectedSync {

    private static final int HISTORY = 50;

    /** The commits of a synchronization that are followed by another: the second geodatabase's data, then the first's. */
    public enum Commit {
        /** the second geodatabase has committed its rows (its counters wait), the first has not committed yet */
        SECOND,
        /** the first geodatabase has committed too; the second's counters are not written yet */
        FIRST
    }

    /**
     * For tests of the commit order only (null otherwise): called right after each of those commits; a failure it throws ends the
     * synchronization there, as a failed commit or a crash at that point would.
     */
    public static volatile java.util.function.Consumer<Commit> afterCommit;

    private static void committed(Commit c) {
        call(afterCommit, c);
    }

    /** Calls a test's hook when one is set. */
    private static <T> void call(java.util.function.Consumer<T> hook, T point) {
        if (hook != null) {
            hook.accept(point);
        }
    }

    private ConnectedSync() {
    }

    /** Points inside a synchronization's transactions (for tests of concurrent editors). */
    public enum Phase {
        /** both sides' generations are read, nothing is collected yet */
        COLLECTING,
        /** everything is collected, nothing applied yet */
        APPLYING
    }

    /** For tests only (null otherwise): called at each {@link Phase} of every attempt, inside both sides' transactions. */
    public static volatile java.util.function.Consumer<Phase> during;

    private static void duringSync(Phase p) {
        call(during, p);
    }

    /** The key (no dataset's name) under which the second's new judge floor waits with its counters (see ReplicaStore#judgeFloor). */
    private static final String JUDGE_FLOOR = "";

    /** The judge floor a side that received the relative's changes in this synchronization gets: all it sent is held there. */
    private static long floorAfter(Replica r) {
        long min = Long.MAX_VALUE;
        for (ReplicaDataset rd : r.getDatasets()) {
            min = Math.min(min, rd.getSibMyGeneration());
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** One side of the synchronization. */
    private record Side(Geodatabase gdb, Replica replica, Map<String, RowStore> stores) {
    }

    /** Synchronizes replica {@code name} between {@code first} and {@code second}; returns what happened. */
    public static SyncJob run(Geodatabase first, Geodatabase second, String name, SyncOptions options, IProgressMonitor monitor)
            throws GeodatabaseException {
        SubMonitor progress = SubMonitor.convert(monitor, "Synchronizing " + name, 100);
        SyncOptions o = options == null ? SyncOptions.defaults() : options;
        if (first.guid().equals(second.guid())) {
            throw new GeodatabaseException(first.location() + " and " + second.location()
                    + " are the same geodatabase (or copies of it); synchronize a replica with its relative.");
        }
        Registry.learnUnregistration(first, second, name);
        DatasetJoin.beforeSync(first, second, name); // a dataset that joined the replica on one side joins it on the other
        SchemaTravel.beforeSync(first, second, name, o); // additive schema changes go first
        try {
            // The second geodatabase commits first, then the first. What the second records of this synchronization (what it
            // received, what it sent and what the first acknowledged) is written only once the first has committed (a third,
            // small transaction): a crash in between leaves the second's counters as they were, so the next synchronization
            // sends the first's changes and the second's again (applying a row twice changes nothing) instead of the second
            // counting as received generations the first, having rolled back, will hand out again to new edits.
            // The first closes its current generation first, in a transaction of its own: the edits it sends lie in a closed
            // generation whatever happens next, so the second can record at once, with its rows, that it holds the first's
            // generations up to the closed one (a first that rolls back hands out only later generations to new edits). When the
            // synchronization fails before the second has committed, the first's generation is opened again (nothing changed).
            // Each side's transaction is a snapshot transaction where the engine has them (PostgreSQL): editors of that side go
            // on meanwhile, and an edit of theirs that meets a row the synchronization writes makes it run again (Snapshots).
            Map<String, long[]> pending = new LinkedHashMap<>();
            SyncJob job = Snapshots.retrying(() -> {
                pending.clear();
                long closed = first.markSynchronized() - 1;
                boolean[] secondCommitted = { false };
                try {
                    return first.inSnapshot(g1 -> {
                        SyncJob j = second.inSnapshot(g2 -> sync(g1, g2, name, o, progress, pending));
                        secondCommitted[0] = true;
                        committed(Commit.SECOND);
                        return j;
                    });
                } catch (GeodatabaseException | RuntimeException | Error e) {
                    if (!secondCommitted[0]) {
                        first.reopenGeneration(closed);
                    }
                    throw e;
                }
            }, first, second);
            committed(Commit.FIRST);
            if (!pending.isEmpty()) {
                second.inTransaction(g2 -> {
                    ReplicaStore store = new ReplicaStore(g2.connection());
                    Replica r2 = store.findByGuid(ReplicaRecords.replica(first, name).getGuid()).orElseThrow();
                    long[] floor = pending.remove(JUDGE_FLOOR);
                    if (floor != null) {
                        store.raiseJudgeFloor(r2.getGuid(), floor[0]);
                    }
                    pending.forEach((n, counters) -> {
                        ReplicaDataset rd = ReplicaRecords.dataset(r2, n);
                        rd.setMyGeneration(Math.max(rd.getMyGeneration(), counters[0]));
                        rd.setSibGeneration(Math.max(rd.getSibGeneration(), counters[1]));
                        rd.setSibMyGeneration(Math.max(rd.getSibMyGeneration(), counters[2]));
                    });
                    Generations.rollUp(r2);
                    store.save(r2);
                    return null;
                });
            }
            return job;
        } finally {
            progress.done();
        }
    }

    private static SyncJob sync(Geodatabase g1, Geodatabase g2, String name, SyncOptions o, SubMonitor progress, Map<String, long[]> pendingAcks)
            throws GeodatabaseException, SQLException {
        Replica r1 = ReplicaRecords.replica(g1, name);
        Replica r2 = new ReplicaStore(g2.connection()).findByGuid(r1.getGuid()).orElseThrow(() -> new GeodatabaseException(g2.location()
                + " holds no replica " + name + " with GUID " + r1.getGuid() + "; synchronize " + g1.location() + " with "
                + r1.getRelativeReplicaLocation() + "."));
        check(g1, r1, g2, r2);
        // the additive schema changes made on the relatives just before (SchemaTravel.beforeSync) are no longer pending: the
        // schema check refuses only what does not travel
        boolean both = o.direction() == null || o.direction() == SyncOptions.Direction.BOTH;
        if (ReplicaRecords.typeAllowsSending(r1) && (both || o.direction() == SyncOptions.Direction.FIRST_TO_SECOND)) {
            SchemaTravel.settle(g1, r1, g2, r2);
        }
        if (ReplicaRecords.typeAllowsSending(r2) && (both || o.direction() == SyncOptions.Direction.SECOND_TO_FIRST)) {
            SchemaTravel.settle(g2, r2, g1, r1);
        }
        ReplicaIntegrity.checkIntact(g1, r1); ReplicaIntegrity.checkIntact(g2, r2);
        Registry.catchUp(new ReplicaStore(g1.connection()), r1);
        Registry.catchUp(new ReplicaStore(g2.connection()), r2);
        recover(g1, r1, r2);
        recover(g2, r2, r1);
        boolean oneSends = o.direction() != SyncOptions.Direction.SECOND_TO_FIRST;
        boolean twoSends = o.direction() != SyncOptions.Direction.FIRST_TO_SECOND;
        if (o.direction() == null || o.direction() == SyncOptions.Direction.BOTH) {
            // "both" means every direction the replica type allows
            oneSends = ReplicaRecords.typeAllowsSending(r1);
            twoSends = ReplicaRecords.typeAllowsSending(r2);
        } else {
            Replica sender = oneSends ? r1 : r2;
            if (!ReplicaRecords.typeAllowsSending(sender)) {
                throw new GeodatabaseException("Replica " + name + " is " + describeType(r1) + ", so its " + sender.getRole().getLiteral()
                        + " (" + (oneSends ? g1 : g2).location() + ") cannot send changes; synchronize in the other direction.");
            }
        }
        for (Side s : new Side[] { new Side(g1, r1, null), new Side(g2, r2, null) }) {
            boolean sends = s.replica() == r1 ? oneSends : twoSends;
            if (sends && s.replica().isInConflict()) {
                throw new GeodatabaseException("Replica " + name + " in " + s.gdb().location() + " is in conflict: it can receive changes"
                        + " but not send them until its conflicts are resolved ('geosync conflicts list " + s.gdb().location()
                        + " --replica " + name + "'); synchronize in the direction towards it only.");
            }
        }
        List<String> layers = layers(r1, o.layers());
        boolean rollback = o.rollbackOnFailure() != null ? o.rollbackOnFailure() : SyncOptions.defaultRollbackOnFailure(r1);
        ConflictDefinition definition = o.conflicts() != null ? o.conflicts() : SyncOptions.defaultConflicts(r1);
        SyncOptions.Winner winner = o.policy() != null ? o.policy() : SyncOptions.defaultWinner(r1);

        Replica before2 = org.eclipse.emf.ecore.util.EcoreUtil.copy(r2);
        Side one = new Side(g1, r1, RowStore.forReplica(g1, r1, layers));
        Side two = new Side(g2, r2, RowStore.forReplica(g2, r2, layers));
        long gen1 = g1.generation(), gen2 = g2.generation();
        progress.subTask("Collecting edits");
        duringSync(Phase.COLLECTING);
        try (ChangeSpool from1 = new ChangeSpool(); ChangeSpool from2 = new ChangeSpool()) {
            if (oneSends) {
                collect(one, two, r2, gen1, g2.guid(), from1);
            }
            if (twoSends) {
                collect(two, one, r1, gen2, g1.guid(), from2);
            }
            return exchange(g1, g2, r1, r2, winner, definition, rollback, oneSends, twoSends, before2, one, two, gen1, gen2,
                    from1, from2, progress, pendingAcks);
        }
    }

    /** Applies what each side collected on the other and records the synchronization on both. */
    private static SyncJob exchange(Geodatabase g1, Geodatabase g2, Replica r1, Replica r2, SyncOptions.Winner winner,
            ConflictDefinition definition, boolean rollback, boolean oneSends, boolean twoSends, Replica before2, Side one, Side two,
            long gen1, long gen2, ChangeSpool from1, ChangeSpool from2, SubMonitor progress, Map<String, long[]> pendingAcks)
            throws SQLException, GeodatabaseException {
        progress.worked(20);
        checkCancel(progress);
        g1.markSynchronized();
        g2.markSynchronized();
        duringSync(Phase.APPLYING);

        SyncJob job = GeosyncFactory.eINSTANCE.createSyncJob();
        job.setStarted(new Date());
        job.setDirection(oneSends && twoSends ? SyncDirection.BOTH
                : (oneSends ? r1 : r2).getRole() == ReplicaRole.PARENT ? SyncDirection.PARENT_TO_CHILD : SyncDirection.CHILD_TO_PARENT);
        job.setPolicy(SyncOptions.policyOf(winner, r1));
        job.setConflictDefinition(definition);
        job.setRollbackOnFailure(rollback);

        // the first side keeps conflicts for review under the manual policy; the second keeps its values
        SidePolicy policyOn1 = SidePolicy.of(winner, true), policyOn2 = SidePolicy.of(winner, false);
        SubMonitor apply = progress.split(70).setWorkRemaining((int) Math.min(Integer.MAX_VALUE - 1, from1.size() + from2.size()) + 1);
        Applier on2 = applyAll(two, one, from1, policyOn2, definition, rollback, apply, oneSends);
        Applier on1 = applyAll(one, two, from2, policyOn1, definition, rollback, apply, twoSends);
        if (oneSends && twoSends && winner != SyncOptions.Winner.MANUAL) {
            // the winner of a conflict may not have sent that row (it was outside its filter there): its
            // row goes to the other side now, whole
            if (winner == SyncOptions.Winner.FIRST) {
                push(one, two, on1.kept(), g1.guid(), rollback);
            } else {
                push(two, one, on2.kept(), g2.guid(), rollback);
            }
        }
        // relationships voided on arrival (they named a row deleted here) are that side's edits, made after what it sent:
        // a side that sends now sends them now, or they would count as sent
        if (twoSends) {
            push(two, one, on2.voided(), g2.guid(), rollback);
        }
        if (oneSends) {
            push(one, two, on1.voided(), g1.guid(), rollback);
        }
        // rows the relative moved back into its replica that hold edits made here while they lay outside it: the relative never
        // had those edits, so a side that sends now sends them now
        if (twoSends) {
            push(two, one, on2.returned(), g2.guid(), rollback);
        }
        if (oneSends) {
            push(one, two, on1.returned(), g1.guid(), rollback);
        }

        g1.markSynchronized();
        g2.markSynchronized();
        // a skipped edit is not acknowledged away: its sender sends the row whole at the next exchange, so once the cause is
        // put right (e.g. the geometry corrected) the relative gets every field of it, not only the ones corrected
        resend(one, two, on2.errors());
        resend(two, one, on1.errors());
        Date now = new Date();
        advance(r1, one.stores().keySet(), gen1 + 1, gen2 + 1, oneSends, twoSends);
        advance(r2, two.stores().keySet(), gen2 + 1, gen1 + 1, twoSends, oneSends);
        // a side that received the relative's changes now: every message the relative exported before is covered by them, and
        // its later ones hold what this side sent, so older boundaries will not come any more
        if (twoSends) {
            new ReplicaStore(g1.connection()).raiseJudgeFloor(r1.getGuid(), floorAfter(r1));
        }
        if (oneSends) {
            pendingAcks.put(JUDGE_FLOOR, new long[] { floorAfter(r2) });
        }
        // the second's counters advance after the first geodatabase has committed (see run), except its record of what it
        // received of the first's closed generations (closed before this synchronization, in a transaction of their own), when it
        // took every edit the first sent: a conflict it settled by keeping its values, or an edit it skipped, the first learns of
        // only by its own commit, so until then such a row must meet the first's edit again
        boolean receivedAll = oneSends && on2.kept().isEmpty() && on2.errors().isEmpty();
        for (String n : two.stores().keySet()) {
            ReplicaDataset rd = ReplicaRecords.dataset(r2, n), was = ReplicaRecords.dataset(before2, n);
            pendingAcks.put(n, new long[] { rd.getMyGeneration(), rd.getSibGeneration(), rd.getSibMyGeneration() });
            rd.setMyGeneration(was.getMyGeneration());
            rd.setSibGeneration(receivedAll ? Math.max(was.getSibGeneration(), gen1 - 1) : was.getSibGeneration());
            rd.setSibMyGeneration(was.getSibMyGeneration());
        }
        r2.setMyGeneration(before2.getMyGeneration());
        r2.setSibGeneration(before2.getSibGeneration());
        r2.setSibMyGeneration(before2.getSibMyGeneration());
        Generations.rollUp(r2);
        if (oneSends && twoSends && r1.getType() == ReplicaType.TWO_WAY && r1.getState() == ReplicaState.RECEIVER
                && r2.getState() == ReplicaState.RECEIVER) {
            // a switch to receiver was exported but not imported: this synchronization made that message obsolete (it is now refused
            // as already imported), so without this neither side could ever send a data change message again; the parent sends
            (r1.getRole() == ReplicaRole.PARENT ? r1 : r2).setState(ReplicaState.SENDER);
        }
        r1.setLastSync(now);
        r2.setLastSync(now);
        ReplicaStore store1 = new ReplicaStore(g1.connection());
        if (store1.openConflicts(r1.getGuid()) > 0) {
            r1.setInConflict(true);
        }
        r1.setRelativeReplicaLocation(g2.location().toString());
        r2.setRelativeReplicaLocation(g1.location().toString());
        job.setFinished(now);
        // a row edited on both sides is met by both appliers: count it where it is decided
        fill(job, from1, from2, twoSends ? on1 : on2, on1, on2);
        if (job.getErrors().isEmpty()) {
            job.setOutcome(SyncOutcome.SUCCEEDED);
        } else {
            job.setOutcome(SyncOutcome.PARTIAL);
        }
        remember(r1, job);
        remember(r2, seenFromTheOtherSide(job));
        store1.save(r1);
        new ReplicaStore(g2.connection()).save(r2);
        Generations.prune(g1);
        Generations.prune(g2);
        progress.worked(10);
        return job;
    }

    /** Collects what side {@code s} sends: its changes after what the relative (whose record is {@code relative}) holds of them. */
    private static void collect(Side s, Side other, Replica relative, long upTo, String relativeGuid, ChangeSpool records)
            throws SQLException, GeodatabaseException {
        Peers peers = ReplicaRecords.peers(s.gdb(), s.replica());
        String me = s.gdb().guid();
        for (Map.Entry<String, Outgoing> e : Outgoing.forReplica(s.gdb(), s.replica(), s.stores()).entrySet()) {
            ReplicaDataset rd = ReplicaRecords.dataset(s.replica(), e.getKey());
            RowStore there = other.stores().get(e.getKey());
            if (there != null && there.heldByCopiesOfAny(me)) {
                // the relative may hold rows as registered copies of this side had them when copied (see Outgoing#heldThroughCopies)
                e.getValue().heldThroughCopies(gid -> there.heldByCopiesOf(gid, me).values().stream()
                        .map(h -> new RowStore.RowState(h.values(), -2)).toList());
            }
            e.getValue().collect(Generations.held(s.replica(), relative, e.getKey()), upTo, rd.getMyGeneration(), relativeGuid, peers, records);
        }
    }

    /**
     * Applies what {@code source} sent on {@code target}. Conflicts are judged from what the source holds of the target's
     * generations: what it acknowledged, or what it has received (a row it edited after receiving the target's edit of it is a
     * later edit, not a conflicting one). {@code sent}: the source sent its changes in this synchronization (all of them).
     */
    private static Applier applyAll(Side target, Side source, ChangeSpool records, SidePolicy policy, ConflictDefinition definition,
            boolean rollback, SubMonitor monitor, boolean sent) throws GeodatabaseException {
        Applier applier = applier(target, source, policy, definition, rollback, false);
        if (sent) {
            // the source sent every change it made: up to its current generation, of every dataset
            Map<String, Long> upTo = new LinkedHashMap<>();
            target.stores().keySet().forEach(d -> upTo.put(d, Long.MAX_VALUE));
            applier.receiving(upTo);
        }
        return apply(target, source, records, applier, monitor);
    }

    /** Applies rows the source kept in a conflict: every record is taken whole (see {@link Applier#decisions()}). */
    private static Applier applyDecisions(Side target, Side source, ChangeSpool records, boolean rollback) throws GeodatabaseException {
        return apply(target, source, records, applier(target, source, SidePolicy.TAKE, ConflictDefinition.BY_ROW, rollback, true),
                SubMonitor.convert(null));
    }

    private static Applier applier(Side target, Side source, SidePolicy policy, ConflictDefinition definition, boolean rollback,
            boolean decisions) throws GeodatabaseException {
        String sourceGuid = source.gdb().guid();
        Map<String, Long> boundaries = new LinkedHashMap<>();
        for (ReplicaDataset rd : target.replica().getDatasets()) {
            boundaries.put(rd.getDatasetName().toUpperCase(Locale.ROOT), Generations.held(target.replica(), source.replica(), rd.getDatasetName()));
        }
        Applier applier = new Applier(target.gdb().connection(), target.stores(), boundaries, sourceGuid, policy, definition, rollback,
                new ReplicaStore(target.gdb().connection()), target.replica().getGuid(), RelatedRows.keeper(target.gdb()),
                KeyTranslator.of(target.gdb(), target.stores().keySet())).resolvedFor(ReplicaRecords.peers(target.gdb(), target.replica()))
                .scopes(Outgoing.forReplica(target.gdb(), target.replica(), target.stores()));
        if (decisions) {
            applier.decisions();
        }
        return applier;
    }

    private static Applier apply(Side target, Side source, ChangeSpool records, Applier applier, SubMonitor monitor) throws GeodatabaseException {
        target.gdb().applyFrom(source.gdb().guid(), g -> {
            records.forEach(r -> {
                applier.apply(r);
                monitor.worked(1);
                checkCancel(monitor);
            });
            applier.finish();
            return null;
        });
        return applier;
    }

    /** Marks the rows of {@code skipped} edits on their sender {@code from} to travel whole at its next exchange with {@code to}. */
    private static void resend(Side from, Side to, List<org.geosync.model.SyncError> skipped) throws SQLException {
        for (org.geosync.model.SyncError e : skipped) {
            RowStore store = from.stores().get(e.getDatasetName());
            if (store != null && e.getGlobalId() != null) {
                store.markResolved(e.getGlobalId(), to.gdb().guid());
            }
        }
    }

    private static void push(Side from, Side to, List<RowRef> rows, String fromGuid, boolean rollback)
            throws SQLException, GeodatabaseException {
        if (rows.isEmpty()) {
            return;
        }
        KeyTranslator keys = KeyTranslator.of(from.gdb(), from.stores().keySet());
        try (ChangeSpool records = new ChangeSpool()) {
            for (RowRef row : rows) {
                RowStore store = from.stores().get(row.dataset());
                java.util.Map<String, Object> values = store.current(row.globalId());
                if (values != null && keys != null) {
                    values = keys.toPortable(row.dataset(), values);
                }
                java.util.Set<String> all = new java.util.LinkedHashSet<>(store.columns());
                all.remove("GLOBALID");
                records.accept(new ChangeRecord(row.dataset(), row.globalId(), values == null ? org.geosync.model.EditOperation.DELETE
                        : org.geosync.model.EditOperation.UPDATE, values, values == null ? java.util.Set.of() : all, 0));
            }
            applyDecisions(to, from, records, rollback);
        }
    }

    /** After the exchange: what each side sent is acknowledged, what it received is recorded. */
    private static void advance(Replica r, Iterable<String> datasets, long myClosed, long sibClosed, boolean sent, boolean received) {
        for (String n : datasets) {
            ReplicaDataset rd = ReplicaRecords.dataset(r, n);
            if (sent) {
                rd.setMyGeneration(Math.max(rd.getMyGeneration(), myClosed));
                rd.setSibMyGeneration(Math.max(rd.getSibMyGeneration(), myClosed));
            }
            if (received) {
                rd.setSibGeneration(Math.max(rd.getSibGeneration(), sibClosed));
            }
        }
        Generations.rollUp(r);
    }

    /**
     * Brings the counters of {@code mine} up to what its relative's committed record says: a synchronization that failed between
     * the two commits left one side's record of it unwritten (the second's, after the first's commit; the first's, which rolled
     * back, after the second's). What the relative holds of this side's generations it received (so this side sent it and it
     * counts as acknowledged), and what the relative says this side acknowledged of its own, this side received. Only a record
     * that does not run ahead of this geodatabase's generations is taken.
     */
    private static void recover(Geodatabase g, Replica mine, Replica relative) throws GeodatabaseException {
        long open = g.generation();
        for (ReplicaDataset rd : mine.getDatasets()) {
            ReplicaDataset theirs = ReplicaRecords.dataset(relative, rd.getDatasetName());
            if (theirs == null) {
                continue;
            }
            if (theirs.getSibGeneration() < open) {
                rd.setMyGeneration(Math.max(rd.getMyGeneration(), theirs.getSibGeneration()));
                rd.setSibMyGeneration(Math.max(rd.getSibMyGeneration(), theirs.getSibGeneration()));
            }
            rd.setSibGeneration(Math.max(rd.getSibGeneration(), theirs.getSibMyGeneration()));
        }
        Generations.rollUp(mine);
    }

    private static void check(Geodatabase g1, Replica r1, Geodatabase g2, Replica r2) throws GeodatabaseException {
        if (r1.isUnregistered() || r2.isUnregistered()) {
            throw new GeodatabaseException("Replica " + r1.getName() + " was unregistered and can no longer be synchronized.");
        }
        if (r1.getRole() == r2.getRole()) {
            throw new GeodatabaseException("Both geodatabases hold the " + r1.getRole().getLiteral() + " side of replica " + r1.getName()
                    + "; one of them is a copy: register it first ('geosync replica register PARENT_DIR COPY_DIR --name NAME').");
        }
        if (!g2.guid().equals(r1.getRelativeReplicaGuid()) || !g1.guid().equals(r2.getRelativeReplicaGuid())) {
            throw new GeodatabaseException(g2.location() + " is not the relative of replica " + r1.getName() + " in " + g1.location()
                    + " (it is a copy or another geodatabase); register a copy with 'geosync replica register' before synchronizing it.");
        }
    }

    private static List<String> layers(Replica r, List<String> wanted) throws GeodatabaseException {
        if (wanted == null || wanted.isEmpty()) {
            return null;
        }
        if (r.getSyncModel() != SyncModel.PER_LAYER) {
            throw new GeodatabaseException("Replica " + r.getName() + " uses the per-replica sync model: all its datasets synchronize together;"
                    + " leave out --layers, or create a per-layer replica.");
        }
        List<String> result = new ArrayList<>();
        for (String l : wanted) {
            String n = l.trim().toUpperCase(Locale.ROOT);
            if (ReplicaRecords.dataset(r, n) == null) {
                throw new GeodatabaseException("Replica " + r.getName() + " has no dataset " + n + "; its datasets are "
                        + String.join(", ", r.getDatasets().stream().map(ReplicaDataset::getDatasetName).toList()) + ".");
            }
            result.add(n);
        }
        return result;
    }

    private static String describeType(Replica r) {
        return switch (r.getType()) {
            case CHECKOUT -> "a checkout replica (edits go from the child back to the parent)";
            case ONE_WAY -> "a one-way replica (" + r.getOneWayDirection().getLiteral() + ")";
            case TWO_WAY -> "a two-way replica";
        };
    }

    /**
     * Fills the job's counts from the first geodatabase's point of view: {@code sent} its records, {@code received} the
     * second's, and what the appliers did with them.
     */
    private static void fill(SyncJob job, ChangeSpool sent, ChangeSpool received, Applier decider, Applier... appliers) {
        Map<String, SyncLayerResult> merged = new LinkedHashMap<>();
        for (Applier a : appliers) {
            for (SyncLayerResult l : a.results()) {
                SyncLayerResult m = layer(merged, l.getDatasetName());
                m.setInserts(m.getInserts() + l.getInserts());
                m.setUpdates(m.getUpdates() + l.getUpdates());
                m.setDeletes(m.getDeletes() + l.getDeletes());
                if (a == decider) {
                    m.setConflicts(m.getConflicts() + l.getConflicts());
                }
                m.setSkipped(m.getSkipped() + l.getSkipped());
            }
            job.getErrors().addAll(a.errors());
        }
        sent.perDataset().forEach((dataset, n) -> layer(merged, dataset).setSent(n));
        received.perDataset().forEach((dataset, n) -> layer(merged, dataset).setReceived(n));
        for (SyncLayerResult l : merged.values()) {
            job.setSent(job.getSent() + l.getSent());
            job.setReceived(job.getReceived() + l.getReceived());
            job.setInserts(job.getInserts() + l.getInserts());
            job.setUpdates(job.getUpdates() + l.getUpdates());
            job.setDeletes(job.getDeletes() + l.getDeletes());
            job.setConflicts(job.getConflicts() + l.getConflicts());
            job.getLayerResults().add(l);
        }
    }

    private static SyncLayerResult layer(Map<String, SyncLayerResult> merged, String dataset) {
        return merged.computeIfAbsent(dataset, n -> {
            SyncLayerResult x = GeosyncFactory.eINSTANCE.createSyncLayerResult();
            x.setDatasetName(n);
            return x;
        });
    }

    /** The record of the job as the second geodatabase keeps it: what the first sent, it received, and the other way round. */
    private static SyncJob seenFromTheOtherSide(SyncJob job) {
        SyncJob copy = org.eclipse.emf.ecore.util.EcoreUtil.copy(job);
        copy.setSent(job.getReceived());
        copy.setReceived(job.getSent());
        for (SyncLayerResult l : copy.getLayerResults()) {
            long sent = l.getSent();
            l.setSent(l.getReceived());
            l.setReceived(sent);
        }
        return copy;
    }

    private static void remember(Replica r, SyncJob job) {
        r.getSyncJobs().add(job);
        while (r.getSyncJobs().size() > HISTORY) {
            r.getSyncJobs().remove(0);
        }
    }

    private static void checkCancel(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
