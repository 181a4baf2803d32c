package org.geosync.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.geosync.model.Cardinality;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictResolution;
import org.geosync.model.ConflictStatus;
import org.geosync.model.FeatureClassSchema;
import org.geosync.model.FieldSchema;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.OneWayDirection;
import org.geosync.model.RelationshipClassSchema;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaFilter;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SchemaFieldType;
import org.geosync.model.SchemaGeometryType;
import org.geosync.model.SqlDialect;
import org.geosync.model.TableSchema;
import org.geosync.core.ReplicaRules;
import org.geosync.model.util.GeosyncConstraints;
import org.geosync.model.util.GeosyncValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule, run through EMF's Diagnostician: a valid geodatabase passes; breaking one rule
 * yields exactly one error, from that rule, on the broken object, with a sentence an administrator can act on.
 */
class ValidationTest {

    static GeodatabaseSchema valid() {
        GeodatabaseSchema g = Replicas.F.createGeodatabaseSchema();
        g.setGuid("{0F2504E0-4F89-11D3-9A0C-0305E82C3301}");
        g.setName("City");
        g.setLocation("/data/city");
        g.setDialect(SqlDialect.DERBY);
        FeatureClassSchema roads = Replicas.F.createFeatureClassSchema();
        roads.setName("ROADS");
        roads.setGeometryType(SchemaGeometryType.LINE_STRING);
        roads.setEpsgCode(3857);
        roads.getFields().add(field("OBJECTID", SchemaFieldType.OBJECT_ID, 0, false));
        roads.getFields().add(field("GLOBALID", SchemaFieldType.GLOBAL_ID, 38, false));
        roads.getFields().add(field("OWNER_ID", SchemaFieldType.INTEGER, 0, true));
        roads.getFields().add(field("NAME", SchemaFieldType.STRING, 40, true));
        g.getDatasets().add(roads);
        TableSchema owners = Replicas.F.createTableSchema();
        owners.setName("OWNERS");
        owners.getFields().add(field("OWNER_ID", SchemaFieldType.INTEGER, 0, false));
        g.getDatasets().add(owners);
        TableSchema ownership = Replicas.F.createTableSchema();
        ownership.setName("OWNERSHIP");
        g.getDatasets().add(ownership);
        RelationshipClassSchema rc = Replicas.F.createRelationshipClassSchema();
        rc.setName("OwnerOfRoad");
        rc.setOrigin(owners);
        rc.setDestination(roads);
        rc.setOriginPrimaryKey("OWNER_ID");
        rc.setOriginForeignKey("OWNER_ID");
        rc.setCardinality(Cardinality.ONE_TO_MANY);
        g.getRelationshipClasses().add(rc);
        g.getReplicas().add(Replicas.full());
        return g;
    }

    private static FieldSchema field(String name, SchemaFieldType type, int length, boolean nullable) {
        FieldSchema f = Replicas.F.createFieldSchema();
        f.setName(name);
        f.setType(type);
        f.setLength(length);
        f.setNullable(nullable);
        return f;
    }

    private static Replica replica(GeodatabaseSchema g) {
        return g.getReplicas().get(0);
    }

    private static ReplicaDataset roads(GeodatabaseSchema g) {
        return replica(g).getDatasets().get(0);
    }

    private static ReplicaFilter roadsFilter(GeodatabaseSchema g) {
        return roads(g).getFilter();
    }

    private static List<Diagnostic> errors(EObject root) {
        List<Diagnostic> out = new ArrayList<>();
        collect(Diagnostician.INSTANCE.validate(root), out);
        return out;
    }

    private static void collect(Diagnostic d, List<Diagnostic> out) {
        if (d.getChildren().isEmpty()) {
            if (d.getSeverity() >= Diagnostic.WARNING) {
                out.add(d);
            }
            return;
        }
        d.getChildren().forEach(c -> collect(c, out));
    }

    @Test
    void validGeodatabaseWithAFullReplicaHasNoDiagnostics() {
        assertEquals(List.of(), errors(valid()).stream().map(Diagnostic::getMessage).toList());
    }

    @Test
    void validatorIsRegisteredForThePackage() {
        assertSame(GeosyncValidator.INSTANCE,
                org.eclipse.emf.ecore.EValidator.Registry.INSTANCE.getEValidator(org.geosync.model.GeosyncPackage.eINSTANCE));
    }

    private static Arguments rule(String constraint, Consumer<GeodatabaseSchema> breakIt, java.util.function.Function<GeodatabaseSchema, EObject> culprit, String message) {
        return Arguments.of(constraint, breakIt, culprit, message);
    }

    static Stream<Arguments> rules() {
        Date created = Replicas.full().getCreated();
        Date before = new Date(created.getTime() - 1000);
        return Stream.of(
                rule("FeatureClassSchema_EpsgCodePositive", g -> ((FeatureClassSchema) g.getDatasets().get(0)).setEpsgCode(0), g -> g.getDatasets().get(0),
                        "Feature class 'ROADS' has no coordinate system: set its EPSG code (for example 4326 for WGS 84 or 3857 for Web Mercator)."),
                rule("FieldSchema_NameNotBlank", g -> g.getDatasets().get(0).getFields().get(3).setName(" "), g -> g.getDatasets().get(0).getFields().get(3),
                        "A field of dataset 'ROADS' has no name: give every field a name."),
                rule("FieldSchema_LengthNotNegative", g -> g.getDatasets().get(0).getFields().get(3).setLength(-1), g -> g.getDatasets().get(0).getFields().get(3),
                        "Field 'NAME' of dataset 'ROADS' has the negative length -1: use 0 for no limit or a positive length."),
                rule("RelationshipClassSchema_KeysPresent", g -> g.getRelationshipClasses().get(0).setOriginForeignKey(null), g -> g.getRelationshipClasses().get(0),
                        "Relationship class 'OwnerOfRoad' needs both the origin key field (in 'OWNERS') and the foreign key field that refers to it: set both."),
                rule("RelationshipClassSchema_AttributedHasTable", g -> {
                    RelationshipClassSchema rc = g.getRelationshipClasses().get(0);
                    rc.setAttributed(true);
                    rc.setDestinationPrimaryKey("OBJECTID");
                    rc.setDestinationForeignKey("ROAD_ID");
                }, g -> g.getRelationshipClasses().get(0),
                        "Relationship class 'OwnerOfRoad' is attributed, so its relationship rows live in a table of their own: name that table."),
                rule("Replica_NameNotBlank", g -> replica(g).setName(""), ValidationTest::replica,
                        "A replica has no name: give it a name that is unique in its geodatabase."),
                rule("Replica_GuidWellFormed", g -> replica(g).setGuid("not-a-guid"), ValidationTest::replica,
                        "Replica 'FieldCrew': its GUID 'not-a-guid' is not a GUID; write it as 32 hex digits in groups 8-4-4-4-12, such as {3F2504E0-4F89-11D3-9A0C-0305E82C3301}."),
                rule("Replica_OneWayHasDirection", g -> replica(g).setType(ReplicaType.ONE_WAY), ValidationTest::replica,
                        "One-way replica 'FieldCrew' has no direction: choose parent-to-child or child-to-parent."),
                rule("Replica_OneWayStateMatchesDirection", g -> {
                    replica(g).setType(ReplicaType.ONE_WAY);
                    replica(g).setOneWayDirection(OneWayDirection.PARENT_TO_CHILD);
                    replica(g).setState(ReplicaState.RECEIVER);
                }, ValidationTest::replica,
                        "One-way replica 'FieldCrew' flows parent-to-child, so its parent side is always the sender, but it is marked receiver: set its state to sender."),
                rule("Replica_DirectionOnlyForOneWay", g -> replica(g).setOneWayDirection(OneWayDirection.CHILD_TO_PARENT), ValidationTest::replica,
                        "Replica 'FieldCrew' is a two-way replica but has the one-way direction child-to-parent: clear the direction, or make it a one-way replica."),
                rule("Replica_CheckoutSendsFromChild", g -> replica(g).setType(ReplicaType.CHECKOUT), ValidationTest::replica,
                        "Checkout replica 'FieldCrew' only ever sends its edits from the child back to the parent, so its parent side must be the receiver, but it is marked sender: set its state to receiver."),
                rule("Replica_GenerationsNotNegative", g -> replica(g).setSibGeneration(-1), ValidationTest::replica,
                        "Replica 'FieldCrew' has its relative's generation at -1: generations count up from 0; restore the replica's metadata from a backup or re-register it."),
                rule("Replica_AcknowledgedNotAhead", g -> replica(g).setSibMyGeneration(9), ValidationTest::replica,
                        "Replica 'FieldCrew' records that its relative acknowledged generation 9, but this side has only reached generation 7: its metadata was copied from elsewhere or is damaged; re-register the replica."),
                rule("Replica_LastSyncNotBeforeCreation", g -> replica(g).setLastSync(before), ValidationTest::replica,
                        "Replica 'FieldCrew' was last synchronized (" + before.toInstant() + ") before it was created (" + created.toInstant()
                                + "): check the clock of the machine that synchronized it."),
                rule("Replica_DatasetsUnique", g -> {
                    ReplicaDataset again = Replicas.F.createReplicaDataset();
                    again.setDatasetName("roads");
                    replica(g).getDatasets().add(again);
                }, ValidationTest::replica,
                        "Replica 'FieldCrew' lists dataset 'roads' more than once: remove the duplicate."),
                rule("Replica_MessageKeyIsReference", g -> replica(g).setMessageKeyRef("c2VjcmV0LWtleQ=="), ValidationTest::replica,
                        "Replica 'FieldCrew' stores something other than a key reference as its message key: keep the secret in the geodatabase's key store and store only its reference (key:NAME) in the replica, so exported files never carry the secret."),
                rule("ReplicaDataset_NameNotBlank", g -> replica(g).getDatasets().get(1).setDatasetName(" "), g -> replica(g).getDatasets().get(1),
                        "A dataset of replica 'FieldCrew' has no name: name the table it replicates."),
                rule("ReplicaDataset_GenerationsNotNegative", g -> roads(g).setMyGeneration(-2), ValidationTest::roads,
                        "Dataset 'ROADS' of replica 'FieldCrew' has its generation at -2: generations count up from 0; restore the replica's metadata from a backup or re-register it."),
                rule("ReplicaFilter_SchemaOnlyHasNoFilter", g -> replica(g).getDatasets().get(1).getFilter().setDefinitionQuery("OWNER_ID > 0"),
                        g -> replica(g).getDatasets().get(1).getFilter(),
                        "Dataset 'OWNERS' of replica 'FieldCrew' is schema-only, so it carries no rows of its own, but it also has a definition query: remove the definition query or clear schema-only."),
                rule("ReplicaFilter_AreaHasEpsg", g -> roadsFilter(g).setAreaEpsg(0), ValidationTest::roadsFilter,
                        "The replica area of dataset 'ROADS' of replica 'FieldCrew' has no coordinate system: give the EPSG code its coordinates are in (for example 4326)."),
                rule("ReplicaFilter_AreaWellFormed", g -> roadsFilter(g).setAreaWkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0)"), ValidationTest::roadsFilter,
                        "Replica 'FieldCrew': " + ReplicaRules.areaProblem("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0)")),
                rule("ReplicaFilter_AreaWellFormed", g -> roadsFilter(g).setAreaWkt("LINESTRING(0 0, 10 10)"), ValidationTest::roadsFilter,
                        "Replica 'FieldCrew': The replica area must be a polygon or multipolygon, not a LineString."),
                rule("ReplicaFilter_DefinitionQueryWellFormed", g -> roadsFilter(g).setDefinitionQuery("STATUS = 'OPEN"), ValidationTest::roadsFilter,
                        "Replica 'FieldCrew': The definition query \"STATUS = 'OPEN\" for ROADS is refused: a quoted text is not closed with '; write one condition over its fields such as STATUS = 'OPEN' AND LANES > 2."),
                rule("ReplicaFilter_DefinitionQueryWellFormed", g -> roadsFilter(g).setDefinitionQuery("1=1; DROP TABLE ROADS"), ValidationTest::roadsFilter,
                        "Replica 'FieldCrew': The definition query \"1=1; DROP TABLE ROADS\" for ROADS is refused: it contains ';', but a definition query is one condition, not statements; write one condition over its fields such as STATUS = 'OPEN' AND LANES > 2."),
                rule("MessageRecord_GenerationRangeOrdered", g -> replica(g).getMessages().get(0).setFromGeneration(8), g -> replica(g).getMessages().get(0),
                        "Message 'FieldCrew-6-7.gsm' of replica 'FieldCrew' records generations 8 to 7: a generation range starts at 0 or above and does not end before it starts."),
                rule("SyncJob_CountsNotNegative", g -> replica(g).getSyncJobs().get(0).setDeletes(-1), g -> replica(g).getSyncJobs().get(0),
                        "A synchronization record of replica 'FieldCrew' has a negative count of inserts, updates, deletes, conflicts, sent or received changes: the record is damaged; delete it from the history."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleReportsOneActionableError(String constraint, Consumer<GeodatabaseSchema> breakIt,
            java.util.function.Function<GeodatabaseSchema, EObject> culprit, String message) {
        GeodatabaseSchema g = valid();
        breakIt.accept(g);
        List<Diagnostic> errors = errors(g);
        assertEquals(List.of(message), errors.stream().map(Diagnostic::getMessage).toList());
        Diagnostic d = errors.get(0);
        assertEquals(Diagnostic.ERROR, d.getSeverity());
        assertEquals(GeosyncValidator.DIAGNOSTIC_SOURCE, d.getSource());
        assertEquals(GeosyncConstraints.code(constraint), d.getCode());
        assertTrue(d.getCode() > 0);
        assertSame(culprit.apply(g), d.getData().get(0), "the diagnostic points at the broken object");
        assertEquals(constraint, d.getData().get(1));
    }

    /** A conflict is stored on its own, so it is validated on its own. */
    @Test
    void conflictStatusMatchesResolution() {
        Conflict c = Replicas.conflict();
        assertEquals(List.of(), errors(c).stream().map(Diagnostic::getMessage).toList());
        c.setStatus(ConflictStatus.RESOLVED);
        List<Diagnostic> errors = errors(c);
        assertEquals(List.of("Conflict 1 on row {AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE} of 'ROADS' is marked resolved but records no resolution: "
                + "record whether the database, imported or ancestor version was kept."), errors.stream().map(Diagnostic::getMessage).toList());
        assertEquals(GeosyncConstraints.code(CONFLICT_RULE), errors.get(0).getCode());
        assertSame(c, errors.get(0).getData().get(0));
        assertEquals(CONFLICT_RULE, errors.get(0).getData().get(1));
        c.setResolution(ConflictResolution.TAKE_IMPORTED);
        assertEquals(List.of(), errors(c).stream().map(Diagnostic::getMessage).toList());
    }

    private static final String CONFLICT_RULE = "Conflict_StatusMatchesResolution";

    @Test
    void everyDeclaredConstraintIsCoveredByARuleTest() {
        List<String> tested = Stream.concat(rules().map(a -> (String) a.get()[0]), Stream.of(CONFLICT_RULE)).distinct().sorted().toList();
        assertEquals(GeosyncConstraints.CONSTRAINTS.stream().sorted().toList(), tested);
    }

    @Test
    void oneWayAndCheckoutStatesThatAreRightPass() {
        GeodatabaseSchema g = valid();
        Replica r = replica(g);
        r.setType(ReplicaType.ONE_WAY);
        r.setOneWayDirection(OneWayDirection.CHILD_TO_PARENT);
        r.setRole(ReplicaRole.CHILD);
        r.setState(ReplicaState.SENDER);
        assertEquals(List.of(), errors(g).stream().map(Diagnostic::getMessage).toList());
        r.setType(ReplicaType.CHECKOUT);
        r.setOneWayDirection(OneWayDirection.NONE);
        assertEquals(List.of(), errors(g).stream().map(Diagnostic::getMessage).toList());
    }

    @Test
    void manyToManyNeedsItsTableToo() {
        GeodatabaseSchema g = valid();
        RelationshipClassSchema rc = g.getRelationshipClasses().get(0);
        rc.setCardinality(Cardinality.MANY_TO_MANY);
        List<String> messages = errors(g).stream().map(Diagnostic::getMessage).toList();
        assertTrue(messages.contains("Relationship class 'OwnerOfRoad' keeps its relationship rows in a table, so it also needs the destination key field (in 'ROADS') and the foreign key field that refers to it: set both."), messages.toString());
        assertTrue(messages.contains("Relationship class 'OwnerOfRoad' is many-to-many (M:N), so its relationship rows live in a table of their own: name that table."), messages.toString());
        rc.setDestinationPrimaryKey("OBJECTID");
        rc.setDestinationForeignKey("ROAD_ID");
        rc.setAttributeTable((TableSchema) g.getDatasets().get(2));
        assertEquals(List.of(), errors(g).stream().map(Diagnostic::getMessage).toList());
    }

    @Test
    void replicaTypeParsesCommandLineNames() {
        assertEquals(ReplicaType.ONE_WAY, ReplicaType.fromCliName("One-Way"));
        assertEquals("two-way", ReplicaType.TWO_WAY.cliName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplicaType.fromCliName("sideways"));
        assertEquals("Unknown replica type 'sideways': use checkout, one-way or two-way.", e.getMessage());
    }
}
