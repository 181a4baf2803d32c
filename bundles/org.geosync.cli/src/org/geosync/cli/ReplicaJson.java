package org.geosync.cli;

import java.time.Instant;
import java.util.Date;

import org.geosync.model.Conflict;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.MessageRecord;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaFilter;
import org.geosync.model.SyncError;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncLayerResult;

/** JSON of the replica model for {@code --json} output. */
final class ReplicaJson {

    private ReplicaJson() {
    }

    static void replica(JsonWriter j, Replica r, long openConflicts) {
        j.begin().field("name", r.getName()).field("guid", r.getGuid()).field("type", r.getType().getLiteral())
                .field("direction", r.getOneWayDirection().getLiteral()).field("role", r.getRole().getLiteral())
                .field("syncModel", r.getSyncModel().getLiteral()).field("schemaPolicy", r.getSchemaPolicy().getLiteral())
                .field("state", r.getState().getLiteral())
                .field("inConflict", r.isInConflict()).field("openConflicts", openConflicts)
                .field("created", time(r.getCreated())).field("lastSync", time(r.getLastSync()))
                .field("myGeneration", r.getMyGeneration()).field("sibGeneration", r.getSibGeneration())
                .field("sibMyGeneration", r.getSibMyGeneration()).field("relativeGuid", r.getRelativeReplicaGuid())
                .field("relativeLocation", r.getRelativeReplicaLocation()).field("registeredFrom", r.getRegisteredFromName())
                .field("unregistered", r.isUnregistered()).field("defaultPolicy", r.getDefaultReconcilePolicy().getLiteral())
                .field("defaultConflicts", r.getDefaultConflictDefinition().getLiteral());
        j.beginArray("datasets");
        for (ReplicaDataset d : r.getDatasets()) {
            j.begin().field("name", d.getDatasetName()).field("myGeneration", d.getMyGeneration())
                    .field("sibGeneration", d.getSibGeneration()).field("sibMyGeneration", d.getSibMyGeneration());
            ReplicaFilter f = d.getFilter();
            if (f != null) {
                j.field("schemaOnly", f.isSchemaOnly()).field("where", f.getDefinitionQuery()).field("area", f.getAreaWkt())
                        .field("areaEpsg", f.getAreaEpsg()).field("relation", f.getAreaWkt() == null ? null : f.getSpatialRelation().getLiteral())
                        .field("selection", f.getSelectionOids().size()).field("related", f.isRelatedData());
            }
            j.end();
        }
        j.endArray();
        j.beginArray("messages");
        for (MessageRecord m : r.getMessages()) {
            j.begin().field("kind", m.getKind().getLiteral()).field("direction", m.getDirection().getLiteral())
                    .field("fromGeneration", m.getFromGeneration()).field("toGeneration", m.getToGeneration())
                    .field("file", m.getFileName()).field("checksum", m.getChecksum()).field("time", time(m.getTime()))
                    .field("outcome", m.getOutcome().getLiteral()).field("detail", m.getDetail()).end();
        }
        j.endArray();
        j.end();
    }

    /** A synchronization's result; {@code exit} is the command's exit code (see {@link CommandLine#done}). */
    static void syncJob(JsonWriter j, SyncJob job, int exit) {
        j.begin().field("outcome", job.getOutcome().getLiteral()).field("direction", job.getDirection().getLiteral())
                .field("policy", job.getPolicy().getLiteral()).field("conflictDefinition", job.getConflictDefinition().getLiteral())
                .field("rollbackOnFailure", job.isRollbackOnFailure()).field("inserts", job.getInserts())
                .field("updates", job.getUpdates()).field("deletes", job.getDeletes()).field("conflicts", job.getConflicts())
                .field("sent", job.getSent()).field("received", job.getReceived());
        j.beginArray("layers");
        for (SyncLayerResult l : job.getLayerResults()) {
            j.begin().field("dataset", l.getDatasetName()).field("inserts", l.getInserts()).field("updates", l.getUpdates())
                    .field("deletes", l.getDeletes()).field("conflicts", l.getConflicts()).field("skipped", l.getSkipped())
                    .field("sent", l.getSent()).field("received", l.getReceived()).end();
        }
        j.endArray().beginArray("skipped");
        for (SyncError e : job.getErrors()) {
            j.begin().field("dataset", e.getDatasetName()).field("globalId", e.getGlobalId())
                    .field("operation", e.getOperation().getLiteral()).field("reason", e.getMessage()).end();
        }
        j.endArray().field("exitCode", exit).end();
    }

    static void conflict(JsonWriter j, String replica, Conflict c) {
        j.begin().field("id", c.getId()).field("replica", replica).field("dataset", c.getDatasetName()).field("globalId", c.getGlobalId())
                .field("kind", c.getKind().getLiteral()).field("status", c.getStatus().getLiteral())
                .field("resolution", c.getResolution().getLiteral()).field("detected", time(c.getDetectedAt()));
        j.beginArray("fields");
        for (ConflictFieldValue v : c.getFieldValues()) {
            j.begin().field("name", v.getFieldName()).field("conflicting", v.isConflicting()).field("ancestor", v.getAncestorValue())
                    .field("database", v.getDatabaseValue()).field("imported", v.getImportedValue()).end();
        }
        j.endArray().end();
    }

    static String time(Date d) {
        return d == null ? null : Instant.ofEpochMilli(d.getTime()).toString();
    }
}
