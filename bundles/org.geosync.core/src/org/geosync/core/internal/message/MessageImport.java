package org.geosync.core.internal.message;

import java.nio.file.Path;
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
import org.geosync.core.MessageHeader;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.SyncOptions;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.sync.Applier;
import org.geosync.core.internal.sync.Generations;
import org.geosync.core.internal.sync.KeyTranslator;
import org.geosync.core.internal.sync.Outgoing;
import org.geosync.core.internal.sync.Registry;
import org.geosync.core.internal.sync.RelatedRows;
import org.geosync.core.internal.sync.ReplicaIntegrity;
import org.geosync.core.internal.sync.ReplicaRecords;
import org.geosync.core.internal.sync.RowStore;
import org.geosync.core.internal.sync.Snapshots;
import org.geosync.core.internal.sync.SidePolicy;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageRecord;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SyncLayerResult;

/**
 * Imports a message (docs/sync-semantics.md: "Message files") and reads a message's header. {@link #importMessage} opens the
 * file ({@link MessageReader}), finds the replica, authenticates the message with its key, checks addressee, sender and
 * schema ({@link MessageSchemas}), then in one transaction applies the next {@link MessageRange} of a data change message
 * through the shared {@link Applier}, streaming the records from the file, and advances the counters; an acknowledgment goes
 * to {@link Acknowledgments}. A refusal of an authenticated message is recorded in the {@link MessageHistory}. Not export
 * ({@link MessageExport}).
 */
public final class MessageImport {

    private MessageImport() {
    }

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
            String checksum = MessageDigests.checksum(source);
            if (carried.getKind() == MessageKind.DATA_CHANGES) {
                MessageSchemas.makeAdditiveChanges(gdb, header, sent, reader);
            }
            try {
                // a snapshot transaction where the engine has them: editors go on while the message is applied (Snapshots)
                result = Snapshots.retrying(() -> gdb.inSnapshot(g -> {
                    ReplicaStore store = new ReplicaStore(g.connection());
                    Replica r = store.findByGuid(sent.getGuid()).orElseThrow(() -> new GeodatabaseException(source
                            + " is a message for another replica (" + sent.getName() + ", GUID " + sent.getGuid() + "), which " + g.location()
                            + " does not hold."));
                    reader.verify(MessageDigests.key(g, r));
                    known[0] = r.getGuid(); // refusals are recorded in the history only for authenticated messages
                    if (r.isUnregistered()) {
                        throw new GeodatabaseException("Replica " + r.getName() + " in " + g.location()
                                + " was unregistered and can no longer exchange messages.");
                    }
                    if (!header.getGuid().equals(r.getRelativeReplicaGuid())) {
                        throw new GeodatabaseException(source + " comes from geodatabase " + header.getGuid() + ", which is not the relative of"
                                + " replica " + r.getName() + " in " + g.location() + " (" + r.getRelativeReplicaGuid() + ").");
                    }
                    if (sent.getRelativeReplicaGuid() != null && !sent.getRelativeReplicaGuid().equals(g.guid())) {
                        throw new GeodatabaseException(source + " is addressed to geodatabase " + sent.getRelativeReplicaGuid() + ", not to "
                                + g.location() + " (" + g.guid() + ").");
                    }
                    if (sent.getRole() == r.getRole()) {
                        throw new GeodatabaseException(source + " comes from the " + sent.getRole().getLiteral() + " side of replica "
                                + r.getName() + ", which is this side too.");
                    }
                    MessageSchemas.checkSchema(g, r, sent, reader, source);
                    ReplicaIntegrity.checkIntact(g, r);
                    return carried.getKind() == MessageKind.ACKNOWLEDGMENT
                            ? Acknowledgments.importAck(g, r, sent, source, checksum)
                            : importChanges(g, r, header, sent, reader, source, checksum, options, progress.split(95));
                }), gdb);
            } catch (GeodatabaseException | RuntimeException e) {
                if (known[0] != null && !(e instanceof OperationCanceledException)) {
                    MessageHistory.recordRefusal(gdb, known[0], carried, source, checksum, e);
                }
                throw e;
            }
        }
        if (options.acknowledgment() != null && result.kind() == MessageKind.DATA_CHANGES) {
            try {
                result = result.withAcknowledgment(
                        Acknowledgments.exportAcknowledgment(gdb, result.replica(), options.acknowledgment(), null).file());
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
        List<MessageRange> apply = new ArrayList<>();
        for (ReplicaDataset hd : sent.getDatasets()) {
            String n = hd.getDatasetName().toUpperCase(Locale.ROOT);
            ReplicaDataset rd = ReplicaRecords.dataset(r, n);
            long from = hd.getSibMyGeneration(), to = hd.getMyGeneration(), have = rd.getSibGeneration();
            if (from > have) {
                throw new GeodatabaseException("Message for generation " + (have + 1) + " missing: replica " + r.getName() + " in "
                        + g.location() + " has received its relative's " + n + " changes up to generation " + have + ", but " + source.getFileName()
                        + " starts after generation " + from + "; import the earlier message first, or ask the relative to re-export"
                        + " ('geosync message reexport').");
            }
            received.put(n, have);
            if (to > have) {
                apply.add(new MessageRange(n, from, to));
            }
        }
        if (apply.isEmpty()) {
            throw new GeodatabaseException(GeodatabaseException.Reason.ALREADY_IMPORTED, source.getFileName() + " was already imported: replica " + r.getName() + " in " + g.location()
                    + " has received every generation it carries; nothing was changed.", null);
        }
        MessageRange.inApplyOrder(g, apply); // origins before destinations, whatever order the sender wrote
        ReplicaStore store = new ReplicaStore(g.connection());
        g.markSynchronized();
        Map<String, RowStore> stores = RowStore.forReplica(g, r, apply.stream().map(MessageRange::dataset).toList());
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
        SidePolicy policy = SidePolicy.of(options.policy() != null ? options.policy() : SyncOptions.defaultWinner(r), true);
        ConflictDefinition definition = options.conflicts() != null ? options.conflicts() : SyncOptions.defaultConflicts(r);
        String senderGuid = header.getGuid();
        Applier applier = new Applier(g.connection(), stores, boundaries, senderGuid, policy, definition, true, store, r.getGuid(),
                RelatedRows.keeper(g), KeyTranslator.of(g, stores.keySet())).resolvedFor(ReplicaRecords.peers(g, r)).delivered(heldNow)
                .scopes(Outgoing.forReplica(g, r, stores));
        Map<String, Long> upTo = new LinkedHashMap<>();
        apply.forEach(range -> upTo.put(range.dataset(), range.to()));
        applier.receiving(upTo);
        long[] counts = new long[2]; // records, already received
        SubMonitor work = progress.setWorkRemaining(apply.size());
        g.applyFrom(senderGuid, x -> {
            for (MessageRange range : apply) {
                long have = received.get(range.dataset());
                reader.read(range.dataset(), rec -> {
                    counts[0]++;
                    if (rec.generation() > have) {
                        applier.apply(rec);
                    } else {
                        counts[1]++; // an overlapping re-export: this part arrived before
                    }
                    if ((counts[0] & 1023) == 0) {
                        MessageExport.checkCancel(work);
                    }
                });
                work.worked(1);
            }
            applier.finish();
            return null;
        });
        g.markSynchronized();
        for (MessageRange range : apply) {
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
        long from = apply.stream().mapToLong(MessageRange::from).min().orElse(0),
                to = apply.stream().mapToLong(MessageRange::to).max().orElse(0);
        MessageRecord record = MessageHistory.record(MessageKind.DATA_CHANGES, MessageDirection.IMPORTED, source, from, to);
        record.setChecksum(checksum);
        record.setDetail(inserts + " inserted, " + updates + " updated, " + deletes + " deleted, " + applier.conflicts() + " conflict(s)"
                + (counts[1] > 0 ? ", " + counts[1] + " already received" : "") + (switched ? "; this side is now the sender" : ""));
        MessageHistory.remember(r, record);
        store.save(r);
        return new MessageResult(MessageKind.DATA_CHANGES, MessageDirection.IMPORTED, r.getName(), source, from, to, counts[0], inserts, updates, deletes,
                applier.conflicts(), counts[1], switched, checksum, null);
    }

}
