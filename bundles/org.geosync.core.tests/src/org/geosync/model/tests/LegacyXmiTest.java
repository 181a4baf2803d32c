package org.geosync.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.core.Schemas;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictStatus;
import org.geosync.model.FeatureClassSchema;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.SchemaFieldType;
import org.geosync.model.SchemaGeometryType;
import org.geosync.model.TableSchema;
import org.geosync.model.util.GeosyncXmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XMI that earlier versions of GeoSync wrote stays readable: the documents in {@code legacy-xmi/} were written by the
 * version before the model's schema types were renamed and its replica stopped declaring conflicts (a message header and
 * a schema export whose root element and dataset types carry the earlier type names, a replica record and a conflict as
 * stored in a geodatabase, the whole metadata of {@link ValidationTest#valid()}, and replicas holding conflicts, which a
 * replica no longer declares: they are skipped).
 */
class LegacyXmiTest {

    @TempDir
    Path tmp;

    private static <T extends EObject> T load(String name, Class<T> type) throws IOException {
        try (InputStream in = LegacyXmiTest.class.getResourceAsStream("legacy-xmi/" + name)) {
            assertTrue(in != null, "fixture legacy-xmi/" + name);
            return GeosyncXmi.load(in, type);
        }
    }

    private static String text(String name) throws IOException {
        try (InputStream in = LegacyXmiTest.class.getResourceAsStream("legacy-xmi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMessageHeaderLoadsWithItsDatasetsAndReplica() throws Exception {
        GeodatabaseSchema header = load("message-header.xmi", GeodatabaseSchema.class);
        assertEquals("d7686b11-4c53-468e-ac2c-8f6ee050eb38", header.getGuid());
        assertEquals("parent", header.getName());
        assertEquals(2, header.getDatasets().size());
        TableSchema notes = assertInstanceOf(TableSchema.class, header.getDatasets().get(0));
        assertEquals("NOTES", notes.getName());
        assertEquals(SchemaFieldType.STRING, notes.getFields().get(0).getType());
        assertEquals(255, notes.getFields().get(0).getLength());
        assertEquals(SchemaFieldType.INTEGER, notes.getFields().get(1).getType());
        FeatureClassSchema parcels = assertInstanceOf(FeatureClassSchema.class, header.getDatasets().get(1));
        assertEquals("PARCELS", parcels.getName());
        assertEquals(SchemaGeometryType.POLYGON, parcels.getGeometryType());
        assertEquals(3857, parcels.getEpsgCode());
        assertEquals(SchemaFieldType.DOUBLE, parcels.getFields().get(2).getType());
        Replica sent = header.getReplicas().get(0);
        assertEquals("crew", sent.getName());
        assertEquals(2, sent.getMessages().get(0).getToGeneration());
        assertEquals(2, sent.getDatasets().size());
    }

    @Test
    void aSchemaExportIsReadByTheEngine() throws Exception {
        Path file = tmp.resolve("schema.xmi");
        Files.writeString(file, text("replica-schema.xmi"));
        GeodatabaseSchema schema = Schemas.read(file);
        assertEquals(2, schema.getDatasets().size());
        assertInstanceOf(FeatureClassSchema.class, schema.getDatasets().get(1));
        assertEquals("crew", schema.getReplicas().get(0).getName());
    }

    @Test
    void wholeMetadataLoadsEqualToWhatWasSaved() throws Exception {
        GeodatabaseSchema loaded = load("geodatabase.xmi", GeodatabaseSchema.class);
        GeodatabaseSchema expected = ValidationTest.valid();
        expected.getRelationshipClasses().get(0).setAttributeTable((TableSchema) expected.getDatasets().get(2));
        assertTrue(EcoreUtil.equals(expected, loaded));
        assertEquals(loaded.getDatasets().get(2), loaded.getRelationshipClasses().get(0).getAttributeTable());
    }

    @Test
    void aStoredReplicaRecordAndConflictLoad() throws Exception {
        Replica record = load("replica-record.xmi", Replica.class);
        assertEquals("crew", record.getName());
        assertTrue(record.isInConflict());
        assertEquals(1, record.getSyncJobs().get(0).getConflicts());
        Conflict conflict = load("conflict-record.xmi", Conflict.class);
        assertEquals("PARCELS", conflict.getDatasetName());
        assertEquals(ConflictStatus.OPEN, conflict.getStatus());
        assertEquals("child", conflict.getFieldValues().get(0).getImportedValue());
    }

    @Test
    void replicasHoldingConflictsLoadWithoutThem() throws Exception {
        String xml = text("replica-with-conflicts.xmi");
        assertTrue(xml.contains("<conflicts id=\"1\"") && xml.contains("<fieldValues fieldName=\"NAME\""), xml);
        Replica full = load("replica-with-conflicts.xmi", Replica.class);
        assertTrue(EcoreUtil.equals(Replicas.full(), full), "everything but the conflicts is read");
        assertTrue(text("replica-with-empty-conflict.xmi").contains("<conflicts/>"));
        Replica bare = load("replica-with-empty-conflict.xmi", Replica.class);
        assertEquals("bare", bare.getName());
    }

    private static Replica parse(String body) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><geosync:Replica xmi:version=\"2.0\" xmlns:xmi=\"http://www.omg.org/XMI\""
                + " xmlns:geosync=\"http://www.geosync.org/model/1.0\" name=\"r\">" + body + "</geosync:Replica>";
        return GeosyncXmi.load(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), Replica.class);
    }

    @Test
    void onlyAReplicasConflictsAreSkippedOtherUnknownElementsAreStillRefused() throws Exception {
        Replica r = parse("<datasets datasetName=\"A\"/><conflicts id=\"1\"><fieldValues fieldName=\"N\"/><anything x=\"y\">text</anything>"
                + "<!-- a comment --></conflicts><conflicts/><datasets datasetName=\"B\"/>");
        assertEquals("r", r.getName());
        assertEquals(List.of("A", "B"), r.getDatasets().stream().map(ReplicaDataset::getDatasetName).toList());
        IOException unknown = assertThrows(IOException.class, () -> parse("<bogus/>"));
        assertTrue(unknown.getMessage().startsWith("The replica description is not valid GeoSync XMI: "), unknown.getMessage());
        assertThrows(IOException.class, () -> parse("<datasets datasetName=\"A\"><conflicts/></datasets>"),
                "a dataset never had conflicts");
        assertThrows(IOException.class, () -> parse("<conflicts>"), "not well-formed");
    }
}
