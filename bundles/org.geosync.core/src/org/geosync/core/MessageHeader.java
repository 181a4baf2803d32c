package org.geosync.core;

import java.nio.file.Path;
import java.util.List;

import org.geosync.model.MessageKind;
import org.geosync.model.ReplicaRole;

/**
 * What a message file's header says, read without applying (nor authenticating) anything: the kind of
 * message, the replica it is for, the sender geodatabase and its role, the sender's generation range, the
 * datasets carried and whether the sender switched to receiver (the importer then becomes the sender).
 */
public record MessageHeader(Path file, MessageKind kind, String replicaGuid, String replicaName, String senderGeodatabaseGuid,
        String senderGeodatabaseName, ReplicaRole senderRole, long fromGeneration, long toGeneration, List<String> datasets,
        boolean switchToReceiver) {
}
