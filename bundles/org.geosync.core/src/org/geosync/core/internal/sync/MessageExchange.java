package org.geosync.core.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageHeader;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.SyncOptions;
import org.geosync.core.internal.ReplicaStore;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.DatasetSchema;
import org.geosync.model.FeatureClassSchema;
import org.geosync.model.FieldSchema;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageOutcome;
import org.geosync.model.MessageRecord;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SchemaFieldType;
import org.geosync.model.SchemaGeometryType;
import org.geosync.model.SyncLayerResult;

/**
 * Disconnected synchronization by message files (docs/sync-semantics.md: "Message files"): exports data
 * change and acknowledgment messages and imports either. Change records stream from {@link Outgoing} into
 * the file and from the file into the shared {@link Applier}; nothing holds a whole message in memory.
 * <p>
 * Generation ranges: a data change message carries, per dataset, the sender's generations
 * (from, to] — in the header's replica datasets as {@code sibMyGeneration} (from) and {@code myGeneration}
 * (to) — and every record the generation of its row's last change. The importer accepts exactly the next
 * range against its {@code sibGeneration}: a range it already has is refused as already imported, a range
 * starting after it is refused naming the missing generation, and an overlapping re-export applies only
 * the records newer than what it received. An acknowledgment carries the importer's {@code sibGeneration}
 * per dataset.
 */
public final class MessageExchange {

    /** Message records kept per replica (the oldest are dropped). */
    static final int HISTORY = 200;

    private MessageExchange() {
    }

    /** The range one dataset's records cover in a message. */
    private record Range(String dataset, long from, long to) {
    }

    // ---- export ---------------------------------------------------------------------------------

    /** See {@link Messages#exportChanges}. */
    public static MessageResult exportChanges(Geodatabase gdb, String name, Path file, Messages.Content content, boolean switchToReceiver,
            boolean latestOnly, IProgressMonitor monitor) throws GeodatabaseException {
        return export(gdb, name, file, content, switchToReceiver, false, latestOnly, monitor);
    }

    /** See {@link Messages#reexport}. */
    public static MessageResult reexport(Geodatabase gdb, String name, Path file, boolean latestOnly, IProgressMonitor monitor)
            throws GeodatabaseException {
        return export(gdb, name, file, Messages.Content.UNACKNOWLEDGED_ONLY, false, true, latestOnly, monitor);
    }

    private static MessageResult export(Geodatabase gdb, String name, Path file, Messages.Content content, boolean switchToReceiver,
            boolean reexport, boolean latestOnly, IProgressMonitor monitor) throws GeodatabaseException {
        SubMonitor progress = SubMonitor.convert(monitor, "Exporting data changes of " + name, 100);
        Path target = target(file);
        Path part = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            MessageResult result = gdb.inTransaction(g -> {
                Replica r = ReplicaRecords.replica(g, name);
                ReplicaIntegrity.checkIntact(g, r);
                checkCanSend(g, r, reexport, switchToReceiver);
                long current = g.generation();
                boolean advances = content != Messages.Content.UNACKNOWLEDGED_ONLY;
                List<Range> ranges = new ArrayList<>();
                MessageRecord latest = latestOnly ? latestExport(r) : null;
                for (ReplicaDataset rd : r.getDatasets()) {
                    String n = rd.getDatasetName().toUpperCase(Locale.ROOT);
                    long from = switch (content) {
                        case NEW_ONLY -> rd.getMyGeneration();
                        default -> rd.getSibMyGeneration();
                    };
                    long to = advances ? current : rd.getMyGeneration();
                    if (latest != null) {
                        from = Math.max(from, latest.getFromGeneration());
                    }
                    ranges.add(new Range(n, Math.min(from, to), to));
                }
                inApplyOrder(g, ranges);
                if (!advances && ranges.stream().allMatch(x -> x.from() >= x.to())) {
                    throw new GeodatabaseException("Replica " + r.getName() + " in " + g.directory() + " has no unacknowledged changes: its relative"
                            + " has acknowledged everything exported so far; export the new changes with 'geosync message export-changes'.");
                }
                if (switchToReceiver) {
                    r.setState(ReplicaState.RECEIVER);
                }
                MessageRecord record = record(MessageKind.DATA_CHANGES, MessageDirection.EXPORTED, target,
                        ranges.stream().mapToLong(Range::from).min().orElse(0), ranges.stream().mapToLong(Range::to).max().orElse(0));
                Replica headerReplica = headerReplica(r, record);
                for (Range x : ranges) {
                    ReplicaDataset hd = ReplicaRecords.dataset(headerReplica, x.dataset());
                    hd.setSibMyGeneration(x.from());
                    hd.setMyGeneration(x.to());
                }
                Map<String, RowStore> stores = RowStore.forReplica(g, r, null);
                long records = 0;
                progress.subTask("Writing " + target.getFileName());
                SubMonitor work = progress.split(80).setWorkRemaining(ranges.size());
                try (MessageWriter writer = new MessageWriter(part)) {
                    writer.header(header(g, r, headerReplica, stores));
                    Map<String, Outgoing> outgoing = Outgoing.forReplica(g, r, stores);
                    java.util.Set<String> peers = ReplicaRecords.peers(g, r);
                    for (Range x : ranges) {
                        RowStore store = stores.get(x.dataset());
                        writer.schema(x.dataset(), fingerprint(schema(store.dataset())));
                        ReplicaDataset rd = ReplicaRecords.dataset(r, x.dataset());
                        try (MessageWriter.RecordWriter out = writer.changes(x.dataset(), store.columns())) {
                            outgoing.get(x.dataset()).collect(x.from(), x.to(),
                                    rd.getMyGeneration(), r.getRelativeReplicaGuid(), peers, rec -> {
                                        try {
                                            out.write(rec);
                                        } catch (IOException e) {
                                            throw writeFailed(target, e);
                                        }
                                        checkCancel(work);
                                    });
                            records += out.count();
                        }
                        work.worked(1);
                    }
                    writer.finish(key(g, r));
                } catch (IOException e) {
                    throw writeFailed(target, e);
                }
                if (advances) {
                    g.markSynchronized();
                    for (ReplicaDataset rd : r.getDatasets()) {
                        rd.setMyGeneration(Math.max(rd.getMyGeneration(), current));
                    }
                    Generations.rollUp(r);
                }
                String checksum = checksum(part);
                record.setChecksum(checksum);
                record.setDetail(records + " change(s)" + (switchToReceiver ? "; switched to receiver" : "")
                        + (reexport ? latestOnly ? "; re-export of the latest export" : "; re-export" : ""));
                remember(r, record);
                new ReplicaStore(g.connection()).save(r);
                return new MessageResult(MessageKind.DATA_CHANGES, MessageDirection.EXPORTED, r.getName(), target, record.getFromGeneration(), record.getToGeneration(),
                        records, 0, 0, 0, 0, 0, switchToReceiver, checksum, null);
            });
            move(part, target);
            return result;
        } finally {
            deleteQuietly(part);
            progress.done();
        }
    }

    private static void checkCanSend(Geodatabase g, Replica r, boolean reexport, boolean switchToReceiver) throws GeodatabaseException {
        String where = "Replica " + r.getName() + " in " + g.directory();
        if (r.isUnregistered()) {
            throw new GeodatabaseException(where + " was unregistered and can no longer exchange messages.");
        }
        if (reexport && r.getType() == ReplicaType.CHECKOUT) {
            throw new GeodatabaseException(where + " is a checkout replica, which cannot re-export (only one-way and two-way replicas re-export); run"
                    + " 'geosync message export-changes' again to send its changes.");
        }
        if (!ReplicaRecords.typeAllowsSending(r)) {
            throw new GeodatabaseException(where + " is the " + r.getRole().getLiteral() + " side of a " + r.getType().getLiteral()
                    + " replica, which only receives changes: it can export acknowledgments, not data changes.");
        }
        if (r.isInConflict()) {
            throw new GeodatabaseException(where + " is in conflict: it can receive changes but not send them until its conflicts are"
                    + " resolved ('geosync conflicts list " + g.directory() + " --replica " + r.getName() + "').");
        }
        if (!reexport && r.getState() == ReplicaState.RECEIVER) {
            throw new GeodatabaseException(where + " is the receiver: it can export acknowledgments but not data changes until its relative"
                    + " switches to receiver and this side imports that message.");
        }
        if (switchToReceiver && r.getType() != ReplicaType.TWO_WAY) {
            throw new GeodatabaseException(where + " is a " + r.getType().getLiteral() + " replica; only two-way replicas switch between"
                    + " sender and receiver.");
        }
    }

    private static MessageRecord latestExport(Replica r) throws GeodatabaseException {
        for (int i = r.getMessages().size() - 1; i >= 0; i--) {
            MessageRecord m = r.getMessages().get(i);
            if (m.getKind() == MessageKind.DATA_CHANGES && m.getDirection() == MessageDirection.EXPORTED
                    && m.getOutcome() == MessageOutcome.SUCCEEDED) {
                return m;
            }
        }
        throw new GeodatabaseException("Replica " + r.getName() + " has exported no data change message yet, so there is no latest export"
                + " to re-export.");
    }

    /** See {@link Messages#exportAcknowledgment}. */
    public static MessageResult exportAcknowledgment(Geodatabase gdb, String name, Path file, IProgressMonitor monitor)
            throws GeodatabaseException {
        Path target = target(file);
        Path part = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            MessageResult result = gdb.inTransaction(g -> {
                Replica r = ReplicaRecords.replica(g, name);
                if (r.isUnregistered()) {
                    throw new GeodatabaseException("Replica " + r.getName() + " in " + g.directory()
                            + " was unregistered and can no longer exchange messages.");
                }
                ReplicaIntegrity.checkIntact(g, r);
                long low = Long.MAX_VALUE, high = 0;
                for (ReplicaDataset rd : r.getDatasets()) {
                    low = Math.min(low, rd.getSibGeneration());
                    high = Math.max(high, rd.getSibGeneration());
                }
                MessageRecord record = record(MessageKind.ACKNOWLEDGMENT, MessageDirection.EXPORTED, target, low == Long.MAX_VALUE ? 0 : low, high);
                Replica headerReplica = headerReplica(r, record);
                Map<String, RowStore> stores = RowStore.forReplica(g, r, null);
                try (MessageWriter writer = new MessageWriter(part)) {
                    writer.header(header(g, r, headerReplica, stores));
                    for (RowStore s : stores.values()) {
                        writer.schema(s.dataset().name(), fingerprint(schema(s.dataset())));
                    }
                    writer.finish(key(g, r));
                } catch (IOException e) {
                    throw writeFailed(target, e);
                }
                String checksum = checksum(part);
                record.setChecksum(checksum);
                record.setDetail("acknowledges generations up to " + high);
                remember(r, record);
                new ReplicaStore(g.connection()).save(r);
                return new MessageResult(MessageKind.ACKNOWLEDGMENT, MessageDirection.EXPORTED, r.getName(), target, record.getFromGeneration(), high, 0, 0, 0, 0, 0, 0,
                        false, checksum, null);
            });
            move(part, target);
            return result;
        } finally {
            deleteQuietly(part);
        }
    }

    // ---- header ---------------------------------------------------------------------------------

    /** See {@link Messages#readHeader}. */
    public static MessageHeader readHeader(Path file) throws GeodatabaseException {
        Path source = file.toAbsolutePath().normalize();
        try (MessageReader reader = MessageReader.open(source)) {
            GeodatabaseSchema header = reader.header();
            Replica sent = sentReplica(header, source);
            MessageRecord carried = sent.getMessages().get(0);
            List<String> datasets = sent.getDatasets().stream().map(d -> d.getDatasetName().toUpperCase(Locale.ROOT)).toList();
            boolean switched = carried.getKind() == MessageKind.DATA_CHANGES && sent.getState() == ReplicaState.RECEIVER
                    && sent.getType() == ReplicaType.TWO_WAY;
            return new MessageHeader(source, carried.getKind(), sent.getGuid(), sent.getName(), header.getGuid(), header.getName(),
                    sent.getRole(), carried.getFromGeneration(), carried.getToGeneration(), datasets, switched);
        }
    }

    /** The one replica a header describes, holding the one record of its message. */
    private static Replica sentReplica(GeodatabaseSchema header, Path source) throws GeodatabaseException {
        if (header.getReplicas().size() != 1 || header.getReplicas().get(0).getMessages().size() != 1 || header.getGuid() == null
                || header.getReplicas().get(0).getGuid() == null) {
            throw new GeodatabaseException(source + " is refused: its header does not describe one message of one replica.");
        }
        return header.getReplicas().get(0);
    }

    // ---- import ---------------------------------------------------------------------------------

    /** See {@link Messages#importMessage}. */
    public static MessageResult importMessage(Geodatabase gdb, Path file, Messages.ImportOptions options, IProgressMonitor monitor)
            throws GeodatabaseException {
        SubMonitor progress = SubMonitor.convert(monitor, "Importing " + file.getFileName(), 100);
        Path source = file.toAbsolutePath().normalize();
        String[] known = new String[1];
        MessageResult result;
        try (MessageReader reader = MessageReader.open(source)) {
            GeodatabaseSchema header = reader.header();
            Replica sent = sentReplica(header, source);
            MessageRecord carried = sent.getMessages().get(0);
            String checksum = checksum(source);
            if (carried.getKind() == MessageKind.DATA_CHANGES) {
                makeAdditiveChanges(gdb, header, sent, reader);
            }
            try {
                result = gdb.inTransaction(g -> {
                    ReplicaStore store = new ReplicaStore(g.connection());
                    Replica r = store.findByGuid(sent.getGuid()).orElseThrow(() -> new GeodatabaseException(source
                            + " is a message for another replica (" + sent.getName() + ", GUID " + sent.getGuid() + "), which " + g.directory()
                            + " does not hold."));
                    reader.verify(key(g, r));
                    known[0] = r.getGuid(); // refusals are recorded in the history only for authenticated messages
                    if (r.isUnregistered()) {
                        throw new GeodatabaseException("Replica " + r.getName() + " in " + g.directory()
                                + " was unregistered and can no longer exchange messages.");
                    }
                    if (!header.getGuid().equals(r.getRelativeReplicaGuid())) {
                        throw new GeodatabaseException(source + " comes from geodatabase " + header.getGuid() + ", which is not the relative of"
                                + " replica " + r.getName() + " in " + g.directory() + " (" + r.getRelativeReplicaGuid() + ").");
                    }
                    if (sent.getRelativeReplicaGuid() != null && !sent.getRelativeReplicaGuid().equals(g.guid())) {
                        throw new GeodatabaseException(source + " is addressed to geodatabase " + sent.getRelativeReplicaGuid() + ", not to "
                                + g.directory() + " (" + g.guid() + ").");
                    }
                    if (sent.getRole() == r.getRole()) {
                        throw new GeodatabaseException(source + " comes from the " + sent.getRole().getLiteral() + " side of replica "
                                + r.getName() + ", which is this side too.");
                    }
                    checkSchema(g, r, sent, reader, source);
                    ReplicaIntegrity.checkIntact(g, r);
                    return carried.getKind() == MessageKind.ACKNOWLEDGMENT ? importAck(g, r, sent, source, checksum)
                            : importChanges(g, r, header, sent, reader, source, checksum, options, progress.split(95));
                });
            } catch (GeodatabaseException | RuntimeException e) {
                if (known[0] != null && !(e instanceof OperationCanceledException)) {
                    recordRefusal(gdb, known[0], carried, source, checksum, e);
                }
                throw e;
            }
        }
        if (options.acknowledgment() != null && result.kind() == MessageKind.DATA_CHANGES) {
            try {
                result = result.withAcknowledgment(exportAcknowledgment(gdb, result.replica(), options.acknowledgment(), null).file());
            } catch (GeodatabaseException e) {
                throw new GeodatabaseException(source.getFileName() + " was imported, but the acknowledgment could not be written ("
                        + e.getMessage() + "); export it with 'geosync message export-ack'.", e);
            }
        }
        progress.done();
        return result;
    }

    private static MessageResult importChanges(Geodatabase g, Replica r, GeodatabaseSchema header, Replica sent,
            MessageReader reader, Path source, String checksum, Messages.ImportOptions options, SubMonitor progress)
            throws GeodatabaseException, SQLException {
        Registry.catchUp(new ReplicaStore(g.connection()), r);
        Map<String, Long> received = new LinkedHashMap<>();
        List<Range> apply = new ArrayList<>();
        for (ReplicaDataset hd : sent.getDatasets()) {
            String n = hd.getDatasetName().toUpperCase(Locale.ROOT);
            ReplicaDataset rd = ReplicaRecords.dataset(r, n);
            long from = hd.getSibMyGeneration(), to = hd.getMyGeneration(), have = rd.getSibGeneration();
            if (from > have) {
                throw new GeodatabaseException("Message for generation " + (have + 1) + " missing: replica " + r.getName() + " in "
                        + g.directory() + " has received its relative's " + n + " changes up to generation " + have + ", but " + source.getFileName()
                        + " starts after generation " + from + "; import the earlier message first, or ask the relative to re-export"
                        + " ('geosync message reexport').");
            }
            received.put(n, have);
            if (to > have) {
                apply.add(new Range(n, from, to));
            }
        }
        if (apply.isEmpty()) {
            throw new GeodatabaseException(source.getFileName() + " was already imported: replica " + r.getName() + " in " + g.directory()
                    + " has received every generation it carries; nothing was changed.");
        }
        inApplyOrder(g, apply); // origins before destinations, whatever order the sender wrote
        ReplicaStore store = new ReplicaStore(g.connection());
        g.markSynchronized();
        Map<String, RowStore> stores = RowStore.forReplica(g, r, apply.stream().map(Range::dataset).toList());
        // the message's records are the sender's rows as it exported them, so conflicts are judged from what it held of this side
        // then, as its header says (an edit it made after receiving this side's edit of the row is a later edit, not a conflicting
        // one; an acknowledgment that arrived since, by a later synchronization, says nothing of these records)
        Map<String, Long> boundaries = new LinkedHashMap<>(), heldNow = new LinkedHashMap<>();
        long floor = Long.MAX_VALUE;
        for (ReplicaDataset rd : r.getDatasets()) {
            ReplicaDataset hd = ReplicaRecords.dataset(sent, rd.getDatasetName());
            long heldThen = hd == null ? rd.getSibMyGeneration() : Math.min(hd.getSibGeneration(), rd.getMyGeneration());
            boundaries.put(rd.getDatasetName().toUpperCase(Locale.ROOT), heldThen);
            heldNow.put(rd.getDatasetName().toUpperCase(Locale.ROOT), rd.getSibMyGeneration());
            floor = Math.min(floor, heldThen);
        }
        // the relative's later messages hold at least this much of this side (see ReplicaStore#judgeFloor)
        store.raiseJudgeFloor(r.getGuid(), floor == Long.MAX_VALUE ? 0 : floor);
        Messages.ImportPolicy policy = policy(r, options.policy());
        ConflictDefinition definition = options.conflicts() != null ? options.conflicts() : SyncOptions.defaultConflicts(r);
        String senderGuid = header.getGuid();
        Applier applier = new Applier(g.connection(), stores, boundaries, senderGuid, policy, definition, true, store, r.getGuid(),
                RelatedRows.keeper(g), KeyTranslator.of(g, stores.keySet())).resolvedFor(ReplicaRecords.peers(g, r)).delivered(heldNow)
                .scopes(Outgoing.forReplica(g, r, stores));
        long[] counts = new long[2]; // records, already received
        SubMonitor work = progress.setWorkRemaining(apply.size());
        g.applyFrom(senderGuid, x -> {
            for (Range range : apply) {
                long have = received.get(range.dataset());
                reader.read(range.dataset(), rec -> {
                    counts[0]++;
                    if (rec.generation() > have) {
                        applier.apply(rec);
                    } else {
                        counts[1]++; // an overlapping re-export: this part arrived before
                    }
                    if ((counts[0] & 1023) == 0) {
                        checkCancel(work);
                    }
                });
                work.worked(1);
            }
            applier.finish();
            return null;
        });
        g.markSynchronized();
        for (Range range : apply) {
            ReplicaDataset rd = ReplicaRecords.dataset(r, range.dataset());
            rd.setSibGeneration(Math.max(rd.getSibGeneration(), range.to()));
        }
        Generations.rollUp(r);
        boolean switched = sent.getState() == ReplicaState.RECEIVER && r.getType() == ReplicaType.TWO_WAY;
        if (switched) {
            r.setState(ReplicaState.SENDER);
        }
        if (store.openConflicts(r.getGuid()) > 0) {
            r.setInConflict(true);
        }
        Date now = new Date();
        r.setLastSync(now);
        long inserts = 0, updates = 0, deletes = 0;
        for (SyncLayerResult l : applier.results()) {
            inserts += l.getInserts();
            updates += l.getUpdates();
            deletes += l.getDeletes();
        }
        long from = apply.stream().mapToLong(Range::from).min().orElse(0), to = apply.stream().mapToLong(Range::to).max().orElse(0);
        MessageRecord record = record(MessageKind.DATA_CHANGES, MessageDirection.IMPORTED, source, from, to);
        record.setChecksum(checksum);
        record.setDetail(inserts + " inserted, " + updates + " updated, " + deletes + " deleted, " + applier.conflicts() + " conflict(s)"
                + (counts[1] > 0 ? ", " + counts[1] + " already received" : "") + (switched ? "; this side is now the sender" : ""));
        remember(r, record);
        store.save(r);
        return new MessageResult(MessageKind.DATA_CHANGES, MessageDirection.IMPORTED, r.getName(), source, from, to, counts[0], inserts, updates, deletes,
                applier.conflicts(), counts[1], switched, checksum, null);
    }

    /** Puts the ranges in {@link ApplyOrder}: origins before destinations, relationship tables last. */
    private static void inApplyOrder(Geodatabase g, List<Range> ranges) throws GeodatabaseException {
        Map<String, Range> byDataset = new LinkedHashMap<>();
        ranges.forEach(x -> byDataset.put(x.dataset(), x));
        ranges.clear();
        ranges.addAll(ApplyOrder.sorted(g, byDataset).values());
    }

    private static MessageResult importAck(Geodatabase g, Replica r, Replica sent, Path source, String checksum)
            throws GeodatabaseException, SQLException {
        boolean advanced = false;
        long high = 0;
        for (ReplicaDataset hd : sent.getDatasets()) {
            ReplicaDataset rd = ReplicaRecords.dataset(r, hd.getDatasetName());
            long acked = Math.min(Math.max(rd.getSibMyGeneration(), hd.getSibGeneration()), rd.getMyGeneration());
            high = Math.max(high, hd.getSibGeneration());
            if (acked > rd.getSibMyGeneration()) {
                rd.setSibMyGeneration(acked);
                advanced = true;
            }
        }
        if (!advanced) {
            throw new GeodatabaseException(source.getFileName() + " was already imported: replica " + r.getName() + " in " + g.directory()
                    + " already knows every acknowledgment it carries; nothing was changed.");
        }
        Generations.rollUp(r);
        MessageRecord record = record(MessageKind.ACKNOWLEDGMENT, MessageDirection.IMPORTED, source, 0, high);
        record.setChecksum(checksum);
        record.setDetail("relative acknowledged generations up to " + r.getSibMyGeneration());
        remember(r, record);
        new ReplicaStore(g.connection()).save(r);
        Generations.prune(g);
        return new MessageResult(MessageKind.ACKNOWLEDGMENT, MessageDirection.IMPORTED, r.getName(), source, 0, high, 0, 0, 0, 0, 0, 0, false, checksum, null);
    }

    private static void recordRefusal(Geodatabase gdb, String replicaGuid, MessageRecord carried, Path source, String checksum, Exception e) {
        try {
            gdb.inTransaction(g -> {
                ReplicaStore store = new ReplicaStore(g.connection());
                Replica r = store.findByGuid(replicaGuid).orElse(null);
                if (r != null) {
                    long from = Math.max(0, carried.getFromGeneration());
                    MessageRecord record = record(carried.getKind(), MessageDirection.IMPORTED, source, from,
                            Math.max(from, carried.getToGeneration()));
                    record.setChecksum(checksum);
                    record.setOutcome(e instanceof GeodatabaseException ? MessageOutcome.REFUSED : MessageOutcome.FAILED);
                    record.setDetail(String.valueOf(e.getMessage()));
                    remember(r, record);
                    store.save(r);
                }
                return null;
            });
        } catch (GeodatabaseException | RuntimeException ignored) {
            // the refusal itself is what the caller must see
        }
    }

    private static Messages.ImportPolicy policy(Replica r, Messages.ImportPolicy asked) {
        return asked != null ? asked : Messages.ImportPolicy.defaultFor(r);
    }

    // ---- schema ---------------------------------------------------------------------------------

    /**
     * Additive schema changes travel in data change messages: the header carries the sender's schema of each dataset, and
     * where the receiver's differs from it only by fields the sender added (at the end) or text fields it made longer, those
     * changes are made here first, as {@code geosync gdb alter} makes them, once the message is authenticated. They are made
     * in a transaction of their own, committed just before the import's (Derby numbers the change log in a nested transaction
     * that cannot run while the writing one holds the catalog locks of a schema change); an import that fails afterwards
     * leaves the new, empty fields. Any other difference (a field of another type, a field the sender lacks, another order)
     * changes nothing here and is refused by the schema check with a sentence naming the dataset and the field.
     */
    private static void makeAdditiveChanges(Geodatabase gdb, GeodatabaseSchema header, Replica sent, MessageReader reader)
            throws GeodatabaseException {
        gdb.inTransaction(g -> {
            Replica r = new ReplicaStore(g.connection()).findByGuid(sent.getGuid()).orElse(null);
            if (r == null || !header.getGuid().equals(r.getRelativeReplicaGuid()) || sent.getRole() == r.getRole()) {
                return null; // the import refuses it
            }
            Map<String, List<org.geosync.core.SchemaChange>> changes = new LinkedHashMap<>();
            for (DatasetSchema theirs : header.getDatasets()) {
                String n = theirs.getName().toUpperCase(Locale.ROOT);
                if (ReplicaRecords.dataset(r, n) == null || ReplicaRecords.dataset(sent, n) == null) {
                    continue;
                }
                DatasetSchema mine = schema(g.dataset(n));
                List<org.geosync.core.SchemaChange> steps = additive(mine, theirs);
                if (!steps.isEmpty()) {
                    changes.put(n, steps);
                }
            }
            if (changes.isEmpty()) {
                return null;
            }
            reader.verify(key(g, r));
            for (Map.Entry<String, List<org.geosync.core.SchemaChange>> e : changes.entrySet()) {
                for (org.geosync.core.SchemaChange c : e.getValue()) {
                    g.alter(e.getKey(), c);
                    try (java.sql.PreparedStatement p = g.connection().prepareStatement("DELETE FROM "
                            + org.geosync.core.internal.SchemaChanges.PENDING + " WHERE REPLICA_GUID = ? AND CHANGE_ID = (SELECT MAX(CHANGE_ID)"
                            + " FROM " + org.geosync.core.internal.SchemaChanges.LOG + ")")) {
                        p.setString(1, r.getGuid()); // the relative has it
                        p.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /** The changes that make {@code mine} equal to {@code theirs} by adding and widening fields only; none when others are needed. */
    private static List<org.geosync.core.SchemaChange> additive(DatasetSchema mine, DatasetSchema theirs) {
        List<org.geosync.core.SchemaChange> steps = new ArrayList<>();
        List<FieldSchema> have = mine.getFields(), want = theirs.getFields();
        if (have.size() > want.size() || !geometry(mine).equals(geometry(theirs))) {
            return List.of();
        }
        for (int i = 0; i < want.size(); i++) {
            FieldSchema w = want.get(i);
            FieldType type = FieldType.of(w.getType());
            if (type == null) {
                return List.of();
            }
            if (i >= have.size()) {
                if (mine.getFields().stream().anyMatch(f -> f.getName().equalsIgnoreCase(w.getName()))) {
                    return List.of();
                }
                steps.add(org.geosync.core.SchemaChange.addField(w.getName(), type, type == FieldType.TEXT ? w.getLength() : 0));
                continue;
            }
            FieldSchema h = have.get(i);
            if (!h.getName().equalsIgnoreCase(w.getName()) || h.getType() != w.getType()) {
                return List.of();
            }
            if (h.getLength() < w.getLength() && type == FieldType.TEXT) {
                steps.add(org.geosync.core.SchemaChange.widenField(w.getName(), w.getLength()));
            } else if (h.getLength() != w.getLength()) {
                return List.of();
            }
        }
        return steps;
    }

    private static void checkSchema(Geodatabase g, Replica r, Replica sent, MessageReader reader, Path source)
            throws GeodatabaseException {
        GeodatabaseSchema header = (GeodatabaseSchema) sent.eContainer();
        Map<String, String> fingerprints = reader.schemas();
        for (ReplicaDataset hd : sent.getDatasets()) {
            String n = hd.getDatasetName().toUpperCase(Locale.ROOT);
            if (ReplicaRecords.dataset(r, n) == null) {
                throw new GeodatabaseException(source + " carries dataset " + n + ", which replica " + r.getName() + " does not hold in "
                        + g.directory() + ".");
            }
            DatasetSchema theirs = null;
            for (DatasetSchema d : header.getDatasets()) {
                if (n.equalsIgnoreCase(d.getName())) {
                    theirs = d;
                }
            }
            String fp = fingerprints.get(n);
            if (theirs == null || fp == null || !fp.equals(fingerprint(theirs))) {
                throw new GeodatabaseException(source + " is refused: its header and manifest disagree on the schema of " + n + ".");
            }
            DatasetSchema mine = schema(g.dataset(n));
            if (!fp.equals(fingerprint(mine))) {
                throw new GeodatabaseException("Schema mismatch in dataset " + n + ": " + difference(theirs, mine) + "; " + source.getFileName()
                        + " cannot be imported into " + g.directory() + ".");
            }
        }
        for (String n : reader.changeDatasets()) {
            if (ReplicaRecords.dataset(sent, n) == null) {
                throw new GeodatabaseException(source + " is refused: it holds changes of " + n + ", which its header does not list.");
            }
        }
    }

    private static String difference(DatasetSchema theirs, DatasetSchema mine) {
        Map<String, FieldSchema> here = new LinkedHashMap<>();
        mine.getFields().forEach(f -> here.put(f.getName(), f));
        for (FieldSchema f : theirs.getFields()) {
            FieldSchema h = here.remove(f.getName());
            if (h == null) {
                return "the message has field " + f.getName() + " (" + f.getType().getLiteral() + "), which is missing here";
            }
            if (h.getType() != f.getType() || h.getLength() != f.getLength()) {
                return "field " + f.getName() + " is " + describe(f) + " in the message but " + describe(h) + " here";
            }
        }
        if (!here.isEmpty()) {
            String f = here.keySet().iterator().next();
            return "field " + f + " exists here but not in the message";
        }
        return "the geometry differs (" + geometry(theirs) + " in the message, " + geometry(mine) + " here)";
    }

    private static String describe(FieldSchema f) {
        return f.getType().getLiteral() + (f.getType() == SchemaFieldType.STRING ? "(" + f.getLength() + ")" : "");
    }

    private static String geometry(DatasetSchema d) {
        return d instanceof FeatureClassSchema fc ? fc.getGeometryType().getLiteral() + " in EPSG:" + fc.getEpsgCode() : "no geometry";
    }

    /** The schema of a dataset as the model describes it (what a message header carries). */
    public static DatasetSchema schema(Dataset d) {
        DatasetSchema m;
        if (d.isFeatureClass()) {
            FeatureClassSchema fc = GeosyncFactory.eINSTANCE.createFeatureClassSchema();
            fc.setGeometryType(switch (d.geometryType()) {
                case POINT -> SchemaGeometryType.POINT;
                case MULTIPOINT -> SchemaGeometryType.MULTI_POINT;
                case LINE -> SchemaGeometryType.LINE_STRING;
                case MULTILINE -> SchemaGeometryType.MULTI_LINE_STRING;
                case POLYGON -> SchemaGeometryType.POLYGON;
                case MULTIPOLYGON -> SchemaGeometryType.MULTI_POLYGON;
            });
            fc.setEpsgCode(d.epsg());
            m = fc;
        } else {
            m = GeosyncFactory.eINSTANCE.createTableSchema();
        }
        m.setName(d.name());
        for (Field f : d.fields()) {
            FieldSchema mf = GeosyncFactory.eINSTANCE.createFieldSchema();
            mf.setName(f.name());
            mf.setType(f.type().schemaType());
            mf.setLength(f.length());
            m.getFields().add(mf);
        }
        return m;
    }

    /** SHA-256 of a dataset's name, geometry and fields (names, types, lengths), in hex: the schema fingerprint of a message. */
    public static String fingerprint(DatasetSchema d) {
        StringBuilder sb = new StringBuilder(d.getName().toUpperCase(Locale.ROOT)).append('|').append(geometry(d));
        for (FieldSchema f : d.getFields()) {
            sb.append('|').append(f.getName()).append(':').append(f.getType().getLiteral()).append(':').append(f.getLength());
        }
        return MessageDigests.hex(MessageDigests.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static GeodatabaseSchema header(Geodatabase g, Replica r, Replica headerReplica, Map<String, RowStore> stores) {
        GeodatabaseSchema h = GeosyncFactory.eINSTANCE.createGeodatabaseSchema();
        h.setGuid(g.guid());
        h.setName(g.directory().getFileName() == null ? null : g.directory().getFileName().toString());
        for (RowStore s : stores.values()) {
            h.getDatasets().add(schema(s.dataset()));
        }
        h.getReplicas().add(headerReplica);
        return h;
    }

    /** A copy of the sender's replica record for the header: no history, one record of this message. */
    private static Replica headerReplica(Replica r, MessageRecord record) {
        Replica copy = EcoreUtil.copy(r);
        copy.getMessages().clear();
        copy.getSyncJobs().clear();
        copy.setRelativeReplicaLocation(null);
        copy.getMessages().add(EcoreUtil.copy(record));
        return copy;
    }

    private static MessageRecord record(MessageKind kind, MessageDirection direction, Path file, long from, long to) {
        MessageRecord m = GeosyncFactory.eINSTANCE.createMessageRecord();
        m.setKind(kind);
        m.setDirection(direction);
        m.setFromGeneration(from);
        m.setToGeneration(Math.max(from, to));
        m.setFileName(file.getFileName().toString());
        m.setTime(new Date());
        m.setOutcome(MessageOutcome.SUCCEEDED);
        return m;
    }

    private static void remember(Replica r, MessageRecord m) {
        r.getMessages().add(m);
        while (r.getMessages().size() > HISTORY) {
            r.getMessages().remove(0);
        }
    }

    private static byte[] key(Geodatabase g, Replica r) throws GeodatabaseException, SQLException {
        if (r.getMessageKeyRef() == null) {
            throw new GeodatabaseException("Replica " + r.getName() + " in " + g.directory() + " has no message key, so it cannot exchange messages.");
        }
        return new ReplicaStore(g.connection()).key(r.getMessageKeyRef()).orElseThrow(() -> new GeodatabaseException("The message key of replica "
                + r.getName() + " is missing from " + g.directory() + ", so its messages cannot be authenticated."));
    }

    private static Path target(Path file) throws GeodatabaseException {
        Path target = file.toAbsolutePath().normalize();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new GeodatabaseException("Cannot write " + target + ": the directory " + target.getParent() + " does not exist.");
        }
        if (Files.isDirectory(target)) {
            throw new GeodatabaseException("Cannot write the message to " + target + ": it is a directory; name a file.");
        }
        return target;
    }

    private static String checksum(Path file) throws GeodatabaseException {
        try {
            return MessageDigests.sha256(file);
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static GeodatabaseException writeFailed(Path target, IOException e) {
        return new GeodatabaseException("Cannot write the message " + target + ": " + e.getMessage(), e);
    }

    private static void move(Path part, Path target) throws GeodatabaseException {
        try {
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new GeodatabaseException("The message was exported but could not be moved to " + target + " (" + e.getMessage()
                    + "); re-export it with 'geosync message reexport'.", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover .part file is harmless
        }
    }

    private static void checkCancel(IProgressMonitor monitor) {
        if (monitor != null && monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
