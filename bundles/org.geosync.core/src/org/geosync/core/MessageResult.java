package org.geosync.core;

import java.nio.file.Path;

import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;

/**
 * What a message export or import did: the kind of message, whether it was exported or imported, the replica, the generation range of the
 * sender it carries, how many change records it held and, for an import, what became of them
 * ({@code alreadyReceived}: records of an overlapping re-export skipped because they had arrived before),
 * whether the sender switched to receiver (so the importer is now the sender), the SHA-256 of the file,
 * and the acknowledgment file written in the same step (or null).
 */
public record MessageResult(MessageKind kind, MessageDirection direction, String replica, Path file, long fromGeneration, long toGeneration, long records,
        long inserts, long updates, long deletes, long conflicts, long alreadyReceived, boolean switched, String checksum,
        Path acknowledgment) {

    /** The same result with the acknowledgment file written after it. */
    public MessageResult withAcknowledgment(Path ack) {
        return new MessageResult(kind, direction, replica, file, fromGeneration, toGeneration, records, inserts, updates, deletes, conflicts,
                alreadyReceived, switched, checksum, ack);
    }
}
