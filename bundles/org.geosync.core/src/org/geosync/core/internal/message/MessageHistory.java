package org.geosync.core.internal.message;

import java.nio.file.Path;
import java.util.Date;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageOutcome;
import org.geosync.model.MessageRecord;
import org.geosync.model.Replica;

/**
 * A replica's message history: the record of one export or import ({@link #record}), kept to the last {@link #HISTORY}
 * ({@link #remember}), the latest export a re-export starts from, and the record of a refused import, written in a
 * transaction of its own. What each record says is decided by {@link MessageExport}, {@link Acknowledgments} and
 * {@link MessageImport}.
 */
final class MessageHistory {

    /** Message records kept per replica (the oldest are dropped). */
    static final int HISTORY = 200;

    private MessageHistory() {
    }

    /** A new record of a message that succeeded (the caller sets the checksum, the detail, or another outcome). */
    static MessageRecord record(MessageKind kind, MessageDirection direction, Path file, long from, long to) {
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

    /** Adds {@code m} to the history of {@code r}, dropping the oldest beyond {@link #HISTORY}. */
    static void remember(Replica r, MessageRecord m) {
        r.getMessages().add(m);
        while (r.getMessages().size() > HISTORY) {
            r.getMessages().remove(0);
        }
    }

    /** The latest data change message {@code r} exported, which a re-export of the latest export starts from. */
    static MessageRecord latestExport(Replica r) throws GeodatabaseException {
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

    /**
     * Records that importing {@code source}, an authenticated message carrying {@code carried}, was refused or failed with
     * {@code e}: in a transaction of its own, after the import's rolled back; a failure to record it is ignored.
     */
    static void recordRefusal(Geodatabase gdb, String replicaGuid, MessageRecord carried, Path source, String checksum, Exception e) {
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
}
