package org.geosync.core.internal.message;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.IProgressMonitor;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageResult;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.sync.Generations;
import org.geosync.core.internal.sync.Registry;
import org.geosync.core.internal.sync.ReplicaIntegrity;
import org.geosync.core.internal.sync.ReplicaRecords;
import org.geosync.core.internal.sync.RowStore;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageRecord;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;

/**
 * Acknowledgment messages: an acknowledgment carries the importer's {@code sibGeneration} per dataset (what it has received),
 * {@link #exportAcknowledgment} writes one (with {@link MessageExport}'s steps) and {@link #importAck} moves the sender's
 * {@code sibMyGeneration} up to it, nothing else. Opening, authenticating and checking the message before that is
 * {@link MessageImport}'s.
 */
public final class Acknowledgments {

    private Acknowledgments() {
    }

    /** See {@link org.geosync.core.Messages#exportAcknowledgment}. */
    public static MessageResult exportAcknowledgment(Geodatabase gdb, String name, Path file, IProgressMonitor monitor)
            throws GeodatabaseException {
        Path target = MessageExport.target(file);
        Path part = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            MessageResult result = gdb.inTransaction(g -> {
                Replica r = ReplicaRecords.replica(g, name);
                if (r.isUnregistered()) {
                    throw new GeodatabaseException("Replica " + r.getName() + " in " + g.location()
                            + " was unregistered and can no longer exchange messages.");
                }
                ReplicaIntegrity.checkIntact(g, r);
                Registry.catchUp(new ReplicaStore(g.connection()), r); // what a registered copy holds through its original
                long low = Long.MAX_VALUE, high = 0;
                for (ReplicaDataset rd : r.getDatasets()) {
                    low = Math.min(low, rd.getSibGeneration());
                    high = Math.max(high, rd.getSibGeneration());
                }
                MessageRecord record = MessageHistory.record(MessageKind.ACKNOWLEDGMENT, MessageDirection.EXPORTED, target,
                        low == Long.MAX_VALUE ? 0 : low, high);
                Replica headerReplica = MessageExport.headerReplica(r, record);
                Map<String, RowStore> stores = RowStore.forReplica(g, r, null);
                try (MessageWriter writer = new MessageWriter(part)) {
                    writer.header(MessageExport.header(g, r, headerReplica, stores));
                    for (RowStore s : stores.values()) {
                        writer.schema(s.dataset().name(), MessageSchemas.fingerprint(MessageSchemas.schema(g, s.dataset().name())));
                    }
                    writer.finish(MessageDigests.key(g, r));
                } catch (IOException e) {
                    throw MessageExport.writeFailed(target, e);
                }
                String checksum = MessageDigests.checksum(part);
                record.setChecksum(checksum);
                record.setDetail("acknowledges generations up to " + high);
                MessageHistory.remember(r, record);
                new ReplicaStore(g.connection()).save(r);
                return new MessageResult(MessageKind.ACKNOWLEDGMENT, MessageDirection.EXPORTED, r.getName(), target, record.getFromGeneration(), high, 0, 0, 0, 0, 0, 0,
                        false, checksum, null);
            });
            MessageExport.move(part, target);
            return result;
        } finally {
            MessageExport.deleteQuietly(part);
        }
    }

    /** Imports an authenticated and checked acknowledgment {@code sent} from {@code source} into replica {@code r}. */
    static MessageResult importAck(Geodatabase g, Replica r, Replica sent, Path source, String checksum)
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
            throw new GeodatabaseException(GeodatabaseException.Reason.ALREADY_IMPORTED, source.getFileName() + " was already imported: replica " + r.getName() + " in " + g.location()
                    + " already knows every acknowledgment it carries; nothing was changed.", null);
        }
        Generations.rollUp(r);
        MessageRecord record = MessageHistory.record(MessageKind.ACKNOWLEDGMENT, MessageDirection.IMPORTED, source, 0, high);
        record.setChecksum(checksum);
        record.setDetail("relative acknowledged generations up to " + r.getSibMyGeneration());
        MessageHistory.remember(r, record);
        new ReplicaStore(g.connection()).save(r);
        Generations.prune(g);
        return new MessageResult(MessageKind.ACKNOWLEDGMENT, MessageDirection.IMPORTED, r.getName(), source, 0, high, 0, 0, 0, 0, 0, 0, false, checksum, null);
    }
}
