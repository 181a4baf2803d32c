package org.geosync.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.model.Conflict;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.RelationshipClassSchema;
import org.geosync.model.Replica;
import org.geosync.model.TableSchema;
import org.geosync.model.util.GeosyncXmi;
import org.geosync.model.util.ReplicaXmi;
import org.junit.jupiter.api.Test;

/** Replica metadata survives a trip through XMI unchanged; hostile or foreign documents are refused. */
class ReplicaXmiTest {

    private static byte[] save(Replica replica) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplicaXmi.save(replica, out);
        return out.toByteArray();
    }

    private static Replica load(String xml) throws IOException {
        return ReplicaXmi.load(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fullReplicaRoundTripsEqual() throws Exception {
        Replica original = Replicas.full();
        byte[] xmi = save(original);
        Replica loaded = ReplicaXmi.load(new ByteArrayInputStream(xmi));
        assertNotSame(original, loaded);
        assertTrue(EcoreUtil.equals(original, loaded), () -> "round trip changed the replica:\n" + new String(xmi, StandardCharsets.UTF_8));
        assertEquals(original.getCreated(), loaded.getCreated(), "dates keep their milliseconds");
        assertEquals(null, loaded.eResource(), "the loaded replica is detached from the temporary resource");
        // saving the loaded copy gives the same document: the format is stable
        assertEquals(new String(xmi, StandardCharsets.UTF_8), new String(save(loaded), StandardCharsets.UTF_8));
    }

    @Test
    void aConflictRoundTripsEqualOnItsOwn() throws Exception {
        Conflict original = Replicas.conflict();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GeosyncXmi.save(original, out);
        Conflict loaded = GeosyncXmi.load(new ByteArrayInputStream(out.toByteArray()), Conflict.class);
        assertTrue(EcoreUtil.equals(original, loaded), out::toString);
        assertEquals(null, loaded.getFieldValues().get(0).getImportedValue(), "NULL stays NULL");
    }

    @Test
    void savedDocumentIsReadableAndKeepsOnlyTheKeyReference() throws Exception {
        String xml = new String(save(Replicas.full()), StandardCharsets.UTF_8);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), xml);
        assertTrue(xml.contains("name=\"FieldCrew\""), xml);
        assertTrue(xml.contains("type=\"two-way\""), "enums are written as their readable literals: " + xml);
        assertTrue(xml.contains("messageKeyRef=\"key:FieldCrew-2026\""), xml);
    }

    @Test
    void savingDoesNotDetachTheReplicaFromItsGeodatabase() throws Exception {
        GeodatabaseSchema gdb = Replicas.F.createGeodatabaseSchema();
        Replica replica = Replicas.full();
        gdb.getReplicas().add(replica);
        save(replica);
        assertSame(gdb, replica.eContainer());
        assertEquals(1, gdb.getReplicas().size());
    }

    @Test
    void defaultsSurviveTheRoundTrip() throws Exception {
        Replica bare = Replicas.F.createReplica();
        bare.setName("bare");
        Replica loaded = ReplicaXmi.load(new ByteArrayInputStream(save(bare)));
        assertTrue(EcoreUtil.equals(bare, loaded));
        assertEquals("favor-parent", loaded.getDefaultReconcilePolicy().getLiteral(), "the default favours the parent");
    }

    @Test
    void externalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<geosync:Replica xmlns:xmi=\"http://www.omg.org/XMI\" xmi:version=\"2.0\""
                + " xmlns:geosync=\"http://www.geosync.org/model/1.0\" name=\"&x;\"/>";
        IOException e = assertThrows(IOException.class, () -> load(xxe));
        assertTrue(e.getMessage().startsWith("The replica description is not valid GeoSync XMI: "), e.getMessage());
        assertFalse(e.getMessage().contains("root:"), "nothing of /etc/passwd leaks into the message");
    }

    @Test
    void unknownAttributesAndForeignRootsAreRefused() {
        String unknown = "<?xml version=\"1.0\"?><geosync:Replica xmlns:xmi=\"http://www.omg.org/XMI\" xmi:version=\"2.0\""
                + " xmlns:geosync=\"http://www.geosync.org/model/1.0\" name=\"r\" secret=\"s3cr3t\"/>";
        assertThrows(IOException.class, () -> load(unknown));
        String geodatabase = "<?xml version=\"1.0\"?><geosync:Geodatabase xmlns:xmi=\"http://www.omg.org/XMI\" xmi:version=\"2.0\""
                + " xmlns:geosync=\"http://www.geosync.org/model/1.0\" name=\"g\"/>";
        IOException e = assertThrows(IOException.class, () -> load(geodatabase));
        assertEquals("The replica description must hold exactly one replica, but holds GeodatabaseSchema.", e.getMessage());
        assertThrows(IOException.class, () -> load("not xml at all"));
        assertThrows(IOException.class, () -> load(""));
    }

    @Test
    void wholeGeodatabaseMetadataRoundTripsWithItsInternalReferences() throws Exception {
        GeodatabaseSchema gdb = ValidationTest.valid();
        RelationshipClassSchema rc = gdb.getRelationshipClasses().get(0);
        rc.setAttributeTable((TableSchema) gdb.getDatasets().get(2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GeosyncXmi.save(gdb, out);
        GeodatabaseSchema loaded = GeosyncXmi.load(new ByteArrayInputStream(out.toByteArray()), GeodatabaseSchema.class);
        assertTrue(EcoreUtil.equals(gdb, loaded), out::toString);
        RelationshipClassSchema loadedRc = loaded.getRelationshipClasses().get(0);
        assertSame(loaded.getDatasets().get(1), loadedRc.getOrigin(), "references resolve inside the loaded tree");
        assertSame(loaded.getDatasets().get(2), loadedRc.getAttributeTable());
        IOException e = assertThrows(IOException.class,
                () -> GeosyncXmi.load(new ByteArrayInputStream(out.toByteArray()), Replica.class));
        assertEquals("The replica description must hold exactly one replica, but holds GeodatabaseSchema.", e.getMessage());
    }

    @Test
    void aReferenceLeavingTheSavedTreeIsRefused() {
        GeodatabaseSchema gdb = ValidationTest.valid();
        RelationshipClassSchema rc = gdb.getRelationshipClasses().get(0);
        IOException e = assertThrows(IOException.class, () -> GeosyncXmi.save(rc, new ByteArrayOutputStream()));
        assertTrue(e.getMessage().startsWith("Cannot write the RelationshipClassSchema as XMI: "), e.getMessage());
    }
}
