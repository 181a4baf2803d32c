package org.geosync.model.tests;

import java.util.Date;

import org.geosync.model.ConflictDefinition;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictKind;
import org.geosync.model.ConflictResolution;
import org.geosync.model.ConflictStatus;
import org.geosync.model.EditOperation;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageOutcome;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReconcilePolicy;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaAccessType;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaFilter;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SpatialRelation;
import org.geosync.model.SyncDirection;
import org.geosync.model.SyncError;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncLayerResult;
import org.geosync.model.SyncModel;
import org.geosync.model.SyncOutcome;
import org.geosync.model.Conflict;
import org.geosync.model.MessageRecord;

/** A valid, fully populated replica (every attribute and every contained kind of object set), and a conflict of it. */
final class Replicas {

    static final GeosyncFactory F = GeosyncFactory.eINSTANCE;

    private Replicas() {
    }

    static Replica full() {
        Replica r = F.createReplica();
        r.setName("FieldCrew");
        r.setGuid("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}");
        r.setType(ReplicaType.TWO_WAY);
        r.setOneWayDirection(OneWayDirection.NONE);
        r.setRole(ReplicaRole.PARENT);
        r.setSyncModel(SyncModel.PER_LAYER);
        r.setState(ReplicaState.SENDER);
        r.setInConflict(true);
        r.setAccessType(ReplicaAccessType.FULL);
        r.setCreated(new Date(1_700_000_000_123L));
        r.setLastSync(new Date(1_700_000_900_456L));
        r.setMyGeneration(7);
        r.setSibGeneration(5);
        r.setSibMyGeneration(6);
        r.setRelativeReplicaGuid("a1b2c3d4-0000-4000-8000-00000000abcd");
        r.setRelativeReplicaName("FieldCrew");
        r.setRelativeReplicaLocation("/data/child gdb");
        r.setDefaultReconcilePolicy(ReconcilePolicy.MANUAL);
        r.setDefaultConflictDefinition(ConflictDefinition.BY_COLUMN);
        r.setRegisteredFromGuid("{11111111-2222-3333-4444-555555555555}");
        r.setRegisteredFromName("Office");
        r.setUnregistered(false);
        r.setMessageKeyRef("key:FieldCrew-2026");

        ReplicaDataset roads = F.createReplicaDataset();
        roads.setDatasetName("ROADS");
        roads.setMyGeneration(3);
        roads.setSibGeneration(2);
        roads.setSibMyGeneration(3);
        ReplicaFilter f = F.createReplicaFilter();
        f.setAreaWkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))");
        f.setAreaEpsg(3857);
        f.setSpatialRelation(SpatialRelation.WITHIN);
        f.setDefinitionQuery("STATUS = 'OPEN' AND (LANES > 2 OR NAME = 'O''Brien St')");
        f.getSelectionOids().add(12L);
        f.getSelectionOids().add(40L);
        f.setRelatedData(true);
        roads.setFilter(f);
        r.getDatasets().add(roads);

        ReplicaDataset owners = F.createReplicaDataset();
        owners.setDatasetName("OWNERS");
        ReplicaFilter schemaOnly = F.createReplicaFilter();
        schemaOnly.setSchemaOnly(true);
        schemaOnly.setRelatedData(true);
        owners.setFilter(schemaOnly);
        r.getDatasets().add(owners);

        MessageRecord m = F.createMessageRecord();
        m.setKind(MessageKind.DATA_CHANGES);
        m.setDirection(MessageDirection.EXPORTED);
        m.setFromGeneration(6);
        m.setToGeneration(7);
        m.setFileName("FieldCrew-6-7.gsm");
        m.setChecksum("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        m.setTime(new Date(1_700_000_500_000L));
        m.setOutcome(MessageOutcome.SUCCEEDED);
        m.setDetail("2 datasets, 14 changes");
        r.getMessages().add(m);

        SyncJob job = F.createSyncJob();
        job.setDirection(SyncDirection.BOTH);
        job.setPolicy(ReconcilePolicy.FAVOR_PARENT);
        job.setConflictDefinition(ConflictDefinition.BY_ROW);
        job.setRollbackOnFailure(false);
        job.setStarted(new Date(1_700_000_700_000L));
        job.setFinished(new Date(1_700_000_701_000L));
        job.setInserts(3);
        job.setUpdates(2);
        job.setDeletes(1);
        job.setConflicts(1);
        job.setOutcome(SyncOutcome.PARTIAL);
        SyncLayerResult layer = F.createSyncLayerResult();
        layer.setDatasetName("ROADS");
        layer.setInserts(3);
        layer.setUpdates(2);
        layer.setDeletes(1);
        layer.setConflicts(1);
        layer.setSkipped(1);
        job.getLayerResults().add(layer);
        SyncError error = F.createSyncError();
        error.setDatasetName("ROADS");
        error.setGlobalId("{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEF}");
        error.setOperation(EditOperation.UPDATE);
        error.setMessage("value too long for NAME (40 characters)");
        job.getErrors().add(error);
        r.getSyncJobs().add(job);
        return r;
    }

    /** A valid, fully populated conflict of the replica {@link #full}, as the engine stores it (on its own). */
    static Conflict conflict() {
        Conflict c = F.createConflict();
        c.setId(1);
        c.setDatasetName("ROADS");
        c.setGlobalId("{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}");
        c.setKind(ConflictKind.UPDATE_UPDATE);
        c.setStatus(ConflictStatus.OPEN);
        c.setResolution(ConflictResolution.NONE);
        c.setDetectedAt(new Date(1_700_000_600_000L));
        ConflictFieldValue v = F.createConflictFieldValue();
        v.setFieldName("NAME");
        v.setAncestorValue("Main St");
        v.setDatabaseValue("Main Street");
        v.setImportedValue(null);
        v.setConflicting(true);
        c.getFieldValues().add(v);
        return c;
    }
}
