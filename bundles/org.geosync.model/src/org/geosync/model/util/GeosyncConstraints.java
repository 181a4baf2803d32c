package org.geosync.model.util;

import java.util.Date;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.Platform;
import org.eclipse.emf.ecore.EObject;
import org.geosync.model.Cardinality;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictResolution;
import org.geosync.model.ConflictStatus;
import org.geosync.model.DatasetSchema;
import org.geosync.model.FeatureClassSchema;
import org.geosync.model.FieldSchema;
import org.geosync.model.MessageRecord;
import org.geosync.model.OneWayDirection;
import org.geosync.model.RelationshipClassSchema;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaFilter;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SyncJob;

/**
 * The hand-written rules behind the constraints declared in {@code model/geosync.ecore}. Each method
 * returns {@code null} when the object satisfies the rule, or a sentence an administrator can act on.
 * {@link GeosyncValidator} (generated, with {@code @generated NOT} constraint methods) turns these into
 * EMF diagnostics, so {@code Diagnostician.INSTANCE.validate(replica)} reports them.
 */
public final class GeosyncConstraints {

    /** A GUID with or without braces, as ArcGIS and GeoSync write them. */
    private static final Pattern GUID = Pattern
            .compile("\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?");
    /** A reference to a message key held elsewhere (the geodatabase's key store), never the key itself. */
    private static final Pattern KEY_REFERENCE = Pattern.compile("key:[A-Za-z0-9._-]{1,128}");

    /** Every constraint name, in a fixed order: a diagnostic's code is its position here plus one. */
    public static final java.util.List<String> CONSTRAINTS = java.util.List.of(
            "FeatureClassSchema_EpsgCodePositive",
            "FieldSchema_NameNotBlank",
            "FieldSchema_LengthNotNegative",
            "RelationshipClassSchema_KeysPresent",
            "RelationshipClassSchema_AttributedHasTable",
            "Replica_NameNotBlank",
            "Replica_GuidWellFormed",
            "Replica_OneWayHasDirection",
            "Replica_OneWayStateMatchesDirection",
            "Replica_DirectionOnlyForOneWay",
            "Replica_CheckoutSendsFromChild",
            "Replica_GenerationsNotNegative",
            "Replica_AcknowledgedNotAhead",
            "Replica_LastSyncNotBeforeCreation",
            "Replica_DatasetsUnique",
            "Replica_MessageKeyIsReference",
            "ReplicaDataset_NameNotBlank",
            "ReplicaDataset_GenerationsNotNegative",
            "ReplicaFilter_SchemaOnlyHasNoFilter",
            "ReplicaFilter_AreaHasEpsg",
            "ReplicaFilter_AreaWellFormed",
            "ReplicaFilter_DefinitionQueryWellFormed",
            "MessageRecord_GenerationRangeOrdered",
            "Conflict_StatusMatchesResolution",
            "SyncJob_CountsNotNegative");

    /** The diagnostic code of a constraint (stable as long as constraints are only appended). */
    public static int code(String constraint) {
        return CONSTRAINTS.indexOf(constraint) + 1;
    }

    private GeosyncConstraints() {
    }

    // ---- geodatabase schema ------------------------------------------------------------------

    public static String featureClassEpsgCodePositive(FeatureClassSchema fc) {
        if (fc.getEpsgCode() > 0) {
            return null;
        }
        return "Feature class " + quote(fc.getName()) + " has no coordinate system: set its EPSG code "
                + "(for example 4326 for WGS 84 or 3857 for Web Mercator).";
    }

    public static String fieldNameNotBlank(FieldSchema field) {
        if (!blank(field.getName())) {
            return null;
        }
        return "A field of dataset " + quote(datasetNameOf(field)) + " has no name: give every field a name.";
    }

    public static String fieldLengthNotNegative(FieldSchema field) {
        if (field.getLength() >= 0) {
            return null;
        }
        return "Field " + quote(field.getName()) + " of dataset " + quote(datasetNameOf(field))
                + " has the negative length " + field.getLength() + ": use 0 for no limit or a positive length.";
    }

    public static String relationshipClassKeysPresent(RelationshipClassSchema rc) {
        if (blank(rc.getOriginPrimaryKey()) || blank(rc.getOriginForeignKey())) {
            return "Relationship class " + quote(rc.getName()) + " needs both the origin key field (in "
                    + quote(name(rc.getOrigin())) + ") and the foreign key field that refers to it: set both.";
        }
        if (keepsRelationshipRows(rc) && (blank(rc.getDestinationPrimaryKey()) || blank(rc.getDestinationForeignKey()))) {
            return "Relationship class " + quote(rc.getName()) + " keeps its relationship rows in a table, so it "
                    + "also needs the destination key field (in " + quote(name(rc.getDestination()))
                    + ") and the foreign key field that refers to it: set both.";
        }
        return null;
    }

    public static String relationshipClassAttributedHasTable(RelationshipClassSchema rc) {
        if (!keepsRelationshipRows(rc) || rc.getAttributeTable() != null) {
            return null;
        }
        String why = rc.isAttributed() ? "is attributed" : "is many-to-many (M:N)";
        return "Relationship class " + quote(rc.getName()) + " " + why
                + ", so its relationship rows live in a table of their own: name that table.";
    }

    private static boolean keepsRelationshipRows(RelationshipClassSchema rc) {
        return rc.isAttributed() || rc.getCardinality() == Cardinality.MANY_TO_MANY;
    }

    // ---- replica -----------------------------------------------------------------------------

    public static String replicaNameNotBlank(Replica replica) {
        if (!blank(replica.getName())) {
            return null;
        }
        return "A replica has no name: give it a name that is unique in its geodatabase.";
    }

    public static String replicaGuidWellFormed(Replica replica) {
        String problem = guidProblem("its GUID", replica.getGuid(), true);
        if (problem == null) {
            problem = guidProblem("the GUID of its relative replica", replica.getRelativeReplicaGuid(), false);
        }
        if (problem == null) {
            problem = guidProblem("the GUID of the replica it was registered from", replica.getRegisteredFromGuid(), false);
        }
        return problem == null ? null : "Replica " + quote(replica.getName()) + ": " + problem;
    }

    private static String guidProblem(String what, String value, boolean required) {
        if (blank(value)) {
            return required ? what + " is missing; every replica needs a GUID such as "
                    + "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}." : null;
        }
        if (GUID.matcher(value).matches()) {
            return null;
        }
        return what + " " + quote(value) + " is not a GUID; write it as 32 hex digits in groups "
                + "8-4-4-4-12, such as {3F2504E0-4F89-11D3-9A0C-0305E82C3301}.";
    }

    public static String replicaOneWayHasDirection(Replica replica) {
        if (replica.getType() != ReplicaType.ONE_WAY || replica.getOneWayDirection() != OneWayDirection.NONE) {
            return null;
        }
        return "One-way replica " + quote(replica.getName())
                + " has no direction: choose parent-to-child or child-to-parent.";
    }

    public static String replicaDirectionOnlyForOneWay(Replica replica) {
        if (replica.getType() == ReplicaType.ONE_WAY || replica.getOneWayDirection() == OneWayDirection.NONE) {
            return null;
        }
        return "Replica " + quote(replica.getName()) + " is a " + replica.getType().getLiteral()
                + " replica but has the one-way direction " + replica.getOneWayDirection().getLiteral()
                + ": clear the direction, or make it a one-way replica.";
    }

    public static String replicaOneWayStateMatchesDirection(Replica replica) {
        if (replica.getType() != ReplicaType.ONE_WAY || replica.getOneWayDirection() == OneWayDirection.NONE) {
            return null;
        }
        ReplicaRole sendingRole = replica.getOneWayDirection() == OneWayDirection.PARENT_TO_CHILD
                ? ReplicaRole.PARENT : ReplicaRole.CHILD;
        ReplicaState expected = replica.getRole() == sendingRole ? ReplicaState.SENDER : ReplicaState.RECEIVER;
        if (replica.getState() == expected) {
            return null;
        }
        return "One-way replica " + quote(replica.getName()) + " flows " + replica.getOneWayDirection().getLiteral()
                + ", so its " + replica.getRole().getLiteral() + " side is always the " + expected.getLiteral()
                + ", but it is marked " + replica.getState().getLiteral() + ": set its state to "
                + expected.getLiteral() + ".";
    }

    public static String replicaCheckoutSendsFromChild(Replica replica) {
        if (replica.getType() != ReplicaType.CHECKOUT) {
            return null;
        }
        ReplicaState expected = replica.getRole() == ReplicaRole.CHILD ? ReplicaState.SENDER : ReplicaState.RECEIVER;
        if (replica.getState() == expected) {
            return null;
        }
        return "Checkout replica " + quote(replica.getName()) + " only ever sends its edits from the child back to "
                + "the parent, so its " + replica.getRole().getLiteral() + " side must be the " + expected.getLiteral()
                + ", but it is marked " + replica.getState().getLiteral() + ": set its state to "
                + expected.getLiteral() + ".";
    }

    public static String replicaGenerationsNotNegative(Replica replica) {
        String negative = negativeGeneration(replica.getMyGeneration(), replica.getSibGeneration(),
                replica.getSibMyGeneration());
        if (negative == null) {
            return null;
        }
        return "Replica " + quote(replica.getName()) + " has its " + negative
                + ": generations count up from 0; restore the replica's metadata from a backup or re-register it.";
    }

    public static String replicaAcknowledgedNotAhead(Replica replica) {
        if (replica.getSibMyGeneration() <= replica.getMyGeneration()) {
            return null;
        }
        return "Replica " + quote(replica.getName()) + " records that its relative acknowledged generation "
                + replica.getSibMyGeneration() + ", but this side has only reached generation "
                + replica.getMyGeneration() + ": its metadata was copied from elsewhere or is damaged; "
                + "re-register the replica.";
    }

    public static String replicaLastSyncNotBeforeCreation(Replica replica) {
        Date created = replica.getCreated();
        Date last = replica.getLastSync();
        if (created == null || last == null || !last.before(created)) {
            return null;
        }
        return "Replica " + quote(replica.getName()) + " was last synchronized (" + last.toInstant()
                + ") before it was created (" + created.toInstant() + "): check the clock of the machine "
                + "that synchronized it.";
    }

    public static String replicaDatasetsUnique(Replica replica) {
        Set<String> seen = new HashSet<>();
        for (ReplicaDataset d : replica.getDatasets()) {
            String key = d.getDatasetName() == null ? null : d.getDatasetName().toUpperCase(Locale.ROOT);
            if (key != null && !seen.add(key)) {
                return "Replica " + quote(replica.getName()) + " lists dataset " + quote(d.getDatasetName())
                        + " more than once: remove the duplicate.";
            }
        }
        return null;
    }

    public static String replicaMessageKeyIsReference(Replica replica) {
        String ref = replica.getMessageKeyRef();
        if (blank(ref) || KEY_REFERENCE.matcher(ref).matches()) {
            return null;
        }
        // never echo the value: it may be the secret itself
        return "Replica " + quote(replica.getName()) + " stores something other than a key reference as its "
                + "message key: keep the secret in the geodatabase's key store and store only its reference "
                + "(key:NAME) in the replica, so exported files never carry the secret.";
    }

    // ---- replica datasets and filters ---------------------------------------------------------

    public static String replicaDatasetNameNotBlank(ReplicaDataset dataset) {
        if (!blank(dataset.getDatasetName())) {
            return null;
        }
        return "A dataset of replica " + quote(replicaNameOf(dataset)) + " has no name: name the table it replicates.";
    }

    public static String replicaDatasetGenerationsNotNegative(ReplicaDataset dataset) {
        String negative = negativeGeneration(dataset.getMyGeneration(), dataset.getSibGeneration(),
                dataset.getSibMyGeneration());
        if (negative == null) {
            return null;
        }
        return "Dataset " + quote(dataset.getDatasetName()) + " of replica " + quote(replicaNameOf(dataset))
                + " has its " + negative + ": generations count up from 0; restore the replica's metadata "
                + "from a backup or re-register it.";
    }

    public static String replicaFilterSchemaOnlyHasNoFilter(ReplicaFilter filter) {
        if (!filter.isSchemaOnly()) {
            return null;
        }
        String what = !blank(filter.getAreaWkt()) ? "a replica area"
                : !blank(filter.getDefinitionQuery()) ? "a definition query"
                : !filter.getSelectionOids().isEmpty() ? "a selection set" : null;
        if (what == null) {
            return null;
        }
        return filterSubject(filter) + " is schema-only, so it carries no rows of its own, but it also has "
                + what + ": remove the " + what.substring(2) + " or clear schema-only.";
    }

    public static String replicaFilterAreaHasEpsg(ReplicaFilter filter) {
        if (blank(filter.getAreaWkt()) || filter.getAreaEpsg() > 0) {
            return null;
        }
        return "The replica area of " + lower(filterSubject(filter))
                + " has no coordinate system: give the EPSG code its coordinates are in (for example 4326).";
    }

    /** The replica area is one the engine accepts ({@link FilterRules#areaProblem}): its sentence, else null. */
    public static String replicaFilterAreaWellFormed(ReplicaFilter filter) {
        String wkt = filter.getAreaWkt();
        FilterRules rules = blank(wkt) ? null : engineRules();
        return rules == null ? null : ofReplica(filter, rules.areaProblem(wkt));
    }

    /** The definition query is one the engine accepts ({@link FilterRules#definitionQueryProblem}): its sentence, else null. */
    public static String replicaFilterDefinitionQueryWellFormed(ReplicaFilter filter) {
        String query = filter.getDefinitionQuery();
        FilterRules rules = blank(query) ? null : engineRules();
        if (rules == null) {
            return null;
        }
        EObject container = filter.eContainer();
        String dataset = container instanceof ReplicaDataset d && d.getDatasetName() != null ? d.getDatasetName() : "the dataset";
        return ofReplica(filter, rules.definitionQueryProblem(dataset, query));
    }

    private static volatile FilterRules engineRules;

    /**
     * The engine's filter rules, found once through the extension point {@value FilterRules#EXTENSION_POINT}; null when no
     * engine is installed (the model on a plain class path, without Eclipse's registry): then a definition query and an
     * area are checked where the engine uses them, not here.
     */
    private static FilterRules engineRules() {
        FilterRules found = engineRules;
        if (found != null) {
            return found;
        }
        IExtensionRegistry registry;
        try {
            registry = Platform.getExtensionRegistry();
        } catch (LinkageError | RuntimeException noPlatform) {
            return null;
        }
        if (registry == null) {
            return null;
        }
        for (IConfigurationElement e : registry.getConfigurationElementsFor(FilterRules.EXTENSION_POINT)) {
            try {
                if (e.createExecutableExtension("class") instanceof FilterRules rules) {
                    engineRules = rules;
                    return rules;
                }
            } catch (CoreException ignored) {
                // a broken contribution is as if none were there
            }
        }
        return null;
    }

    /** The engine's sentence about a filter, saying which replica it belongs to. */
    private static String ofReplica(ReplicaFilter filter, String sentence) {
        String replica = replicaNameOf(filter);
        return sentence == null || replica == null ? sentence : "Replica " + quote(replica) + ": " + sentence;
    }

    // ---- history -----------------------------------------------------------------------------

    public static String messageRecordGenerationRangeOrdered(MessageRecord message) {
        if (message.getFromGeneration() >= 0 && message.getToGeneration() >= message.getFromGeneration()) {
            return null;
        }
        return "Message " + quote(message.getFileName()) + " of replica " + quote(replicaNameOf(message))
                + " records generations " + message.getFromGeneration() + " to " + message.getToGeneration()
                + ": a generation range starts at 0 or above and does not end before it starts.";
    }

    public static String conflictStatusMatchesResolution(Conflict conflict) {
        String subject = "Conflict " + conflict.getId() + " on row " + conflict.getGlobalId() + " of "
                + quote(conflict.getDatasetName());
        if (conflict.getStatus() == ConflictStatus.RESOLVED && conflict.getResolution() == ConflictResolution.NONE) {
            return subject + " is marked resolved but records no resolution: record whether the database, "
                    + "imported or ancestor version was kept.";
        }
        if (conflict.getStatus() == ConflictStatus.OPEN && conflict.getResolution() != ConflictResolution.NONE) {
            return subject + " is still open but records the resolution " + quote(conflict.getResolution().getLiteral())
                    + ": mark it resolved or clear the resolution.";
        }
        return null;
    }

    public static String syncJobCountsNotNegative(SyncJob job) {
        if (job.getInserts() >= 0 && job.getUpdates() >= 0 && job.getDeletes() >= 0 && job.getConflicts() >= 0
                && job.getSent() >= 0 && job.getReceived() >= 0) {
            return null;
        }
        return "A synchronization record of replica " + quote(replicaNameOf(job))
                + " has a negative count of inserts, updates, deletes, conflicts, sent or received changes: the record is damaged; "
                + "delete it from the history.";
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String negativeGeneration(long my, long sib, long sibMy) {
        if (my < 0) {
            return "generation at " + my;
        }
        if (sib < 0) {
            return "relative's generation at " + sib;
        }
        if (sibMy < 0) {
            return "acknowledged generation at " + sibMy;
        }
        return null;
    }

    private static String filterSubject(ReplicaFilter filter) {
        EObject container = filter.eContainer();
        if (container instanceof ReplicaDataset dataset) {
            return "Dataset " + quote(dataset.getDatasetName()) + " of replica " + quote(replicaNameOf(dataset));
        }
        return "The filter";
    }

    private static String lower(String subject) {
        return subject.isEmpty() ? subject : Character.toLowerCase(subject.charAt(0)) + subject.substring(1);
    }

    private static String datasetNameOf(FieldSchema field) {
        return field.eContainer() instanceof DatasetSchema d ? d.getName() : null;
    }

    private static String replicaNameOf(EObject object) {
        for (EObject o = object.eContainer(); o != null; o = o.eContainer()) {
            if (o instanceof Replica r) {
                return r.getName();
            }
        }
        return null;
    }

    private static String name(DatasetSchema dataset) {
        return dataset == null ? null : dataset.getName();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String quote(String s) {
        return s == null ? "(unnamed)" : "'" + s + "'";
    }
}
