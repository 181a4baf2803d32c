package org.geosync.core.internal.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.sync.Generations;
import org.geosync.core.internal.sync.Outgoing;
import org.geosync.core.internal.sync.Registry;
import org.geosync.core.internal.sync.ReplicaIntegrity;
import org.geosync.core.internal.sync.ReplicaRecords;
import org.geosync.core.internal.sync.RowStore;
import org.geosync.core.internal.sync.Snapshots;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageRecord;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;

/**
 * Exports data change messages (docs/sync-semantics.md: "Message files"): {@link #exportChanges} and {@link #reexport} check
 * that the replica may send, choose each dataset's {@link MessageRange}, stream the {@link Outgoing} records into a
 * {@link MessageWriter} (nothing holds a whole message in memory) and advance the replica's counters. It also holds the steps
 * every export shares (the header, a {@code .part} file moved into place when complete), which {@link Acknowledgments} uses
 * for an acknowledgment. Not what an acknowledgment carries ({@link Acknowledgments}), not the file's layout
 * ({@link MessageFile}), not import ({@link MessageImport}).
 */
public final class MessageExport {

    private MessageExport() {
    }

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
            // a snapshot transaction where the engine has them: editors go on while the message is written (Snapshots)
            MessageResult result = Snapshots.retrying(() -> gdb.inSnapshot(g -> {
                Replica r = ReplicaRecords.replica(g, name);
                ReplicaIntegrity.checkIntact(g, r, r.getSchemaPolicy() == org.geosync.model.SchemaPolicy.ALL);
                Registry.catchUp(new ReplicaStore(g.connection()), r); // what a registered copy holds through its original
                checkCanSend(g, r, reexport, switchToReceiver);
                long current = g.generation();
                boolean advances = content != Messages.Content.UNACKNOWLEDGED_ONLY;
                List<MessageRange> ranges = new ArrayList<>();
                MessageRecord latest = latestOnly ? MessageHistory.latestExport(r) : null;
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
                    ranges.add(new MessageRange(n, Math.min(from, to), to));
                }
                MessageRange.inApplyOrder(g, ranges);
                if (!advances && ranges.stream().allMatch(x -> x.from() >= x.to())) {
                    throw new GeodatabaseException(GeodatabaseException.Reason.NOTHING_UNACKNOWLEDGED, "Replica " + r.getName() + " in "
                            + g.location() + " has no unacknowledged changes: its relative has acknowledged everything exported so far;"
                            + " export the new changes with 'geosync message export-changes'.", null);
                }
                if (switchToReceiver) {
                    r.setState(ReplicaState.RECEIVER);
                }
                MessageRecord record = MessageHistory.record(MessageKind.DATA_CHANGES, MessageDirection.EXPORTED, target,
                        ranges.stream().mapToLong(MessageRange::from).min().orElse(0),
                        ranges.stream().mapToLong(MessageRange::to).max().orElse(0));
                Replica headerReplica = headerReplica(r, record);
                ReplicaStore exported = new ReplicaStore(g.connection());
                for (MessageRange x : ranges) {
                    ReplicaDataset hd = ReplicaRecords.dataset(headerReplica, x.dataset());
                    hd.setSibMyGeneration(x.from());
                    hd.setMyGeneration(x.to());
                    if (advances) {
                        exported.noteExported(r.getGuid(), x.dataset(), x.to(), hd.getSibGeneration());
                    } else {
                        // a re-export sends the rows as they were at the end of the range, so it says what this side had received
                        // then: a verdict made since on what it received later is not in those rows (it goes with the next export)
                        exported.receivedAtExport(r.getGuid(), x.dataset(), x.to()).ifPresent(hd::setSibGeneration);
                    }
                }
                Map<String, RowStore> stores = RowStore.forReplica(g, r, null);
                long records = 0;
                progress.subTask("Writing " + target.getFileName());
                SubMonitor work = progress.split(80).setWorkRemaining(ranges.size());
                try (MessageWriter writer = new MessageWriter(part)) {
                    writer.header(header(g, r, headerReplica, stores));
                    Map<String, Outgoing> outgoing = Outgoing.forReplica(g, r, stores);
                    org.geosync.core.internal.sync.Peers peers = ReplicaRecords.peers(g, r);
                    for (MessageRange x : ranges) {
                        RowStore store = stores.get(x.dataset());
                        writer.schema(x.dataset(), MessageSchemas.fingerprint(MessageSchemas.schema(g, store.dataset().name())));
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
                    writer.finish(MessageDigests.key(g, r));
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
                String checksum = MessageDigests.checksum(part);
                record.setChecksum(checksum);
                record.setDetail(records + " change(s)" + (switchToReceiver ? "; switched to receiver" : "")
                        + (reexport ? latestOnly ? "; re-export of the latest export" : "; re-export" : ""));
                MessageHistory.remember(r, record);
                new ReplicaStore(g.connection()).save(r);
                return new MessageResult(MessageKind.DATA_CHANGES, MessageDirection.EXPORTED, r.getName(), target, record.getFromGeneration(), record.getToGeneration(),
                        records, 0, 0, 0, 0, 0, switchToReceiver, checksum, null);
            }), gdb);
            move(part, target);
            return result;
        } finally {
            deleteQuietly(part);
            progress.done();
        }
    }

    private static void checkCanSend(Geodatabase g, Replica r, boolean reexport, boolean switchToReceiver) throws GeodatabaseException {
        String where = "Replica " + r.getName() + " in " + g.location();
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
                    + " resolved ('geosync conflicts list " + g.location() + " --replica " + r.getName() + "').");
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

    // ---- what every export shares ---------------------------------------------------------------

    /** The header of a message: the sender geodatabase, the schema of every dataset of the replica, and {@code headerReplica}. */
    static GeodatabaseSchema header(Geodatabase g, Replica r, Replica headerReplica, Map<String, RowStore> stores) throws GeodatabaseException {
        GeodatabaseSchema h = GeosyncFactory.eINSTANCE.createGeodatabaseSchema();
        h.setGuid(g.guid());
        h.setName(g.displayName());
        for (RowStore s : stores.values()) {
            org.geosync.model.DatasetSchema d = MessageSchemas.schema(g, s.dataset().name());
            if (r.getSchemaPolicy() == org.geosync.model.SchemaPolicy.ALL) {
                // the fields dropped and renamed here go too: the receiver makes them if its schema policy takes them
                d.getFieldChanges().addAll(org.geosync.core.internal.sync.SchemaTravel.pendingMoves(g, r, s.dataset().name()));
            }
            h.getDatasets().add(d);
        }
        try {
            // the relative's schema changes made here: the relative no longer counts them as pending
            headerReplica.getSchemaChangesMade().addAll(new org.geosync.core.internal.storage.SchemaChanges(g.connection(), null, null)
                    .madeFrom(r.getGuid()));
        } catch (java.sql.SQLException e) {
            throw new GeodatabaseException("Could not read the schema changes made in " + g.location() + ": " + e.getMessage(), e);
        }
        h.getReplicas().add(headerReplica);
        return h;
    }

    /** A copy of the sender's replica record for the header: no history, one record of this message. */
    static Replica headerReplica(Replica r, MessageRecord record) {
        Replica copy = EcoreUtil.copy(r);
        copy.getMessages().clear();
        copy.getSyncJobs().clear();
        copy.setRelativeReplicaLocation(null);
        copy.getMessages().add(EcoreUtil.copy(record));
        return copy;
    }

    /** Where the message goes: {@code file} made absolute, refused when its directory is missing or it is a directory. */
    static Path target(Path file) throws GeodatabaseException {
        Path target = file.toAbsolutePath().normalize();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new GeodatabaseException("Cannot write " + target + ": the directory " + target.getParent() + " does not exist.");
        }
        if (Files.isDirectory(target)) {
            throw new GeodatabaseException("Cannot write the message to " + target + ": it is a directory; name a file.");
        }
        return target;
    }

    static GeodatabaseException writeFailed(Path target, IOException e) {
        return new GeodatabaseException("Cannot write the message " + target + ": " + e.getMessage(), e);
    }

    /** Moves the complete {@code .part} file into place (atomically where the file system can). */
    static void move(Path part, Path target) throws GeodatabaseException {
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

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover .part file is harmless
        }
    }

    /** Stops an export, or an import ({@link MessageImport}), the user cancelled. */
    static void checkCancel(IProgressMonitor monitor) {
        if (monitor != null && monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
