package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageHeader;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.Messages.Content;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncLocks;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageOutcome;
import org.geosync.model.MessageRecord;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disconnected synchronization by message files between two real Derby geodatabases (docs/sync-semantics.md: "Generations", "Atomic imports and crashes"). */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(Engine.class)
class MessageTest {

    /** The parent's engine (the child is a Derby directory). */
    @org.junit.jupiter.params.Parameter
    Engine engine;

    @TempDir
    Path tmp;
    Geodatabase parent;
    Geodatabase child;

    /** Replica pairs made once per type and copied for each test (Derby DDL is slow; a closed database is just files). */
    @TempDir
    static Path templates;
    private static final Map<String, Path> MADE = new HashMap<>();

    private void replica(ReplicaSpec spec) throws Exception {
        if (engine == Engine.POSTGRESQL) { // a schema is no set of files to copy: made for each test
            parent = engine.parent(tmp);
            Replicas.create(parent, tmp.resolve("child"), spec, null);
            child = Geodatabase.open(tmp.resolve("child"));
            return;
        }
        String key = spec.type().getLiteral() + "-" + spec.direction().getLiteral();
        Path template = MADE.get(key);
        if (template == null) {
            template = templates.resolve(key);
            try (Geodatabase p = ReplicaFixture.parent(template.resolve("parent"))) {
                Replicas.create(p, template.resolve("child"), spec, null);
            }
            MADE.put(key, template);
        }
        copy(template.resolve("parent"), tmp.resolve("parent"));
        copy(template.resolve("child"), tmp.resolve("child"));
        parent = Geodatabase.open(tmp.resolve("parent"));
        child = Geodatabase.open(tmp.resolve("child"));
        Replicas.relocate(child); // the template is never used again: the copy was moved there
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    @AfterEach
    void close() {
        if (child != null) {
            child.close();
        }
        if (parent != null) {
            parent.close();
        }
    }

    private MessageResult export(Geodatabase from, String file) throws GeodatabaseException {
        return Messages.exportChanges(from, "r", tmp.resolve(file), ExportOptions.defaults(), null);
    }

    private MessageResult importInto(Geodatabase into, String file) throws GeodatabaseException {
        return Messages.importMessage(into, tmp.resolve(file), ImportOptions.defaults(), null);
    }

    /** Everything an import could change: rows, the generation and the replica's counters and state. */
    static String snapshot(Geodatabase g) throws GeodatabaseException {
        Replica r = Replicas.get(g, "r");
        StringBuilder sb = new StringBuilder().append(ReplicaFixture.rows(g, "PARCELS")).append(ReplicaFixture.rows(g, "NOTES"))
                .append(" generation=").append(g.generation()).append(' ').append(r.getState()).append(" conflict=").append(r.isInConflict());
        r.getDatasets().forEach(d -> sb.append(' ').append(d.getDatasetName()).append(':').append(d.getMyGeneration()).append('/')
                .append(d.getSibGeneration()).append('/').append(d.getSibMyGeneration()));
        return sb.toString();
    }

    @Test
    void exportImportAcknowledgeAndTheNextExportCarriesOnlyNewChanges() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(1), Map.of("OWNER", "jones"), null);
        String added = parent.insert("parcels", Map.of("NAME", "new", "OWNER", "city", "AREA", 1.0), square(20, 20));
        parent.delete("notes", gid(1002));

        MessageResult sent = export(parent, "m1.zip");
        assertEquals(3, sent.records());
        assertTrue(Files.isRegularFile(tmp.resolve("m1.zip")));
        assertEquals(List.of(), Files.list(tmp).filter(p -> p.toString().endsWith(".part")).toList(), "no partial files left");
        MessageResult got = importInto(child, "m1.zip");
        assertEquals(MessageKind.DATA_CHANGES, got.kind());
        assertEquals(1, got.inserts());
        assertEquals(1, got.updates());
        assertEquals(1, got.deletes());
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
        assertEquals(ReplicaFixture.rows(parent, "NOTES"), ReplicaFixture.rows(child, "NOTES"));
        assertEquals("city", value(child, "parcels", added, "OWNER"));
        Replica p = Replicas.get(parent, "r");
        Replica c = Replicas.get(child, "r");
        assertEquals(p.getMyGeneration(), c.getSibGeneration(), "the child has received what the parent sent");
        assertTrue(p.getSibMyGeneration() < p.getMyGeneration(), "not acknowledged yet");

        // importing the same message again changes nothing and says so
        String before = snapshot(child);
        GeodatabaseException again = assertThrows(GeodatabaseException.class, () -> importInto(child, "m1.zip"));
        assertTrue(again.getMessage().contains("already imported"), again.getMessage());
        assertEquals(before, snapshot(child));

        // acknowledge: the parent learns the child has everything
        MessageResult ack = Messages.exportAcknowledgment(child, "r", tmp.resolve("a1.zip"), null);
        assertEquals(MessageKind.ACKNOWLEDGMENT, ack.kind());
        MessageResult acked = importInto(parent, "a1.zip");
        assertEquals(MessageKind.ACKNOWLEDGMENT, acked.kind());
        p = Replicas.get(parent, "r");
        assertEquals(p.getMyGeneration(), p.getSibMyGeneration());
        assertThrows(GeodatabaseException.class, () -> importInto(parent, "a1.zip"), "an acknowledgment imported twice is refused");

        // the next export carries only the edit made since
        parent.update("parcels", gid(2), Map.of("OWNER", "smith"), null);
        MessageResult next = export(parent, "m2.zip");
        assertEquals(1, next.records());
        assertEquals(1, importInto(child, "m2.zip").updates());
        assertEquals("smith", value(child, "parcels", gid(2), "OWNER"));
        // received changes are never sent back, and the child is the receiver of this two-way replica
        GeodatabaseException receiver = assertThrows(GeodatabaseException.class, () -> export(child, "back.zip"));
        assertTrue(receiver.getMessage().contains("is the receiver"), receiver.getMessage());

        // history on both sides, for the Message History view and 'replica list --json'
        List<String> parentHistory = Replicas.get(parent, "r").getMessages().stream()
                .map(m -> m.getDirection().getLiteral() + " " + m.getKind().getLiteral() + " " + m.getOutcome().getLiteral()).toList();
        assertEquals(List.of("exported data-changes succeeded", "imported acknowledgment succeeded", "imported acknowledgment refused",
                "exported data-changes succeeded"), parentHistory);
        MessageRecord first = Replicas.get(child, "r").getMessages().get(0);
        assertEquals(MessageDirection.IMPORTED, first.getDirection());
        assertEquals("m1.zip", first.getFileName());
        assertEquals(sent.checksum(), first.getChecksum());
        assertEquals(sent.toGeneration(), first.getToGeneration());
        assertEquals(MessageOutcome.REFUSED, Replicas.get(child, "r").getMessages().get(1).getOutcome());
    }

    @Test
    void lostMessageIsRecoveredByReexportAndGapsAreRefused() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(1), Map.of("OWNER", "a"), null);
        export(parent, "lost.zip");
        parent.update("parcels", gid(2), Map.of("OWNER", "b"), null);
        MessageResult newOnly = Messages.exportChanges(parent, "r", tmp.resolve("m2.zip"), ExportOptions.defaults().withContent(Content.NEW_ONLY),
                null);
        assertEquals(1, newOnly.records());
        long have = Replicas.get(child, "r").getSibGeneration();
        String before = snapshot(child);
        GeodatabaseException gap = assertThrows(GeodatabaseException.class, () -> importInto(child, "m2.zip"));
        assertTrue(gap.getMessage().startsWith("Message for generation " + (have + 1) + " missing"), gap.getMessage());
        assertEquals(before, snapshot(child));

        // an edit after the exports must not travel in the re-export
        parent.update("parcels", gid(3), Map.of("OWNER", "later"), null);
        MessageResult again = Messages.reexport(parent, "r", tmp.resolve("re.zip"), false, null);
        assertEquals(2, again.records());
        importInto(child, "re.zip");
        assertEquals("a", value(child, "parcels", gid(1), "OWNER"));
        assertEquals("b", value(child, "parcels", gid(2), "OWNER"));
        assertEquals("city", value(child, "parcels", gid(3), "OWNER"), "re-export never includes edits made after the export");
        assertThrows(GeodatabaseException.class, () -> importInto(child, "m2.zip"), "m2 arrived inside the re-export");

        // still unacknowledged: the next export overlaps what the child has and only the new part is applied
        MessageResult overlap = export(parent, "m3.zip");
        assertEquals(3, overlap.records());
        MessageResult applied = importInto(child, "m3.zip");
        assertEquals(1, applied.updates());
        assertEquals(2, applied.alreadyReceived());
        assertEquals("later", value(child, "parcels", gid(3), "OWNER"));
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
    }

    @Test
    void reexportOfTheLatestExportOnly() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(1), Map.of("OWNER", "a"), null);
        MessageResult m1 = export(parent, "m1.zip");
        parent.update("parcels", gid(2), Map.of("OWNER", "b"), null);
        MessageResult m2 = Messages.exportChanges(parent, "r", tmp.resolve("m2.zip"), ExportOptions.defaults().withContent(Content.NEW_ONLY),
                null);
        parent.update("parcels", gid(3), Map.of("OWNER", "not exported"), null);

        MessageResult latest = Messages.reexport(parent, "r", tmp.resolve("latest.zip"), true, null);
        assertEquals(m2.toGeneration(), latest.toGeneration());
        assertEquals(m1.toGeneration(), latest.fromGeneration(), "only the range of the most recent export");
        assertEquals(1, latest.records());
        importInto(child, "m1.zip");
        MessageResult got = importInto(child, "latest.zip");
        assertEquals(1, got.updates());
        assertEquals("b", value(child, "parcels", gid(2), "OWNER"));
        assertEquals("city", value(child, "parcels", gid(3), "OWNER"));

        MessageResult all = Messages.reexport(parent, "r", tmp.resolve("all.zip"), false, null);
        assertEquals(2, all.records(), "every unacknowledged change, none made after the last export");
        // once everything is acknowledged there is nothing to re-export
        Messages.exportAcknowledgment(child, "r", tmp.resolve("ack.zip"), null);
        importInto(parent, "ack.zip");
        GeodatabaseException nothing = assertThrows(GeodatabaseException.class,
                () -> Messages.reexport(parent, "r", tmp.resolve("none.zip"), false, null));
        assertTrue(nothing.getMessage().contains("no unacknowledged changes"), nothing.getMessage());
        assertFalse(Files.exists(tmp.resolve("none.zip")));
    }

    @Test
    void switchToReceiverFlipsRolesOnBothSides() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        assertEquals(ReplicaState.SENDER, Replicas.get(parent, "r").getState());
        assertEquals(ReplicaState.RECEIVER, Replicas.get(child, "r").getState());
        parent.update("parcels", gid(1), Map.of("OWNER", "a"), null);
        MessageResult sent = Messages.exportChanges(parent, "r", tmp.resolve("m1.zip"), ExportOptions.defaults().withSwitchToReceiver(true),
                null);
        assertTrue(sent.switched());
        assertEquals(ReplicaState.RECEIVER, Replicas.get(parent, "r").getState());
        parent.update("parcels", gid(2), Map.of("OWNER", "waits"), null);
        GeodatabaseException refused = assertThrows(GeodatabaseException.class, () -> export(parent, "no.zip"));
        assertTrue(refused.getMessage().contains("is the receiver"), refused.getMessage());

        MessageResult got = importInto(child, "m1.zip");
        assertTrue(got.switched());
        assertEquals(ReplicaState.SENDER, Replicas.get(child, "r").getState());
        String crew = child.insert("parcels", Map.of("NAME", "crew", "OWNER", "crew", "AREA", 2.0), square(30, 30));
        export(child, "back.zip");
        MessageResult back = importInto(parent, "back.zip");
        assertEquals(1, back.inserts());
        assertEquals("crew", value(parent, "parcels", crew, "OWNER"));
        assertEquals("a", value(child, "parcels", gid(1), "OWNER"));
        assertEquals("city", value(child, "parcels", gid(2), "OWNER"), "the parent's edit waits until it is the sender again");
    }

    @Test
    void theHeaderIsReadWithoutApplyingAnything() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(1), Map.of("OWNER", "a"), null);
        MessageResult sent = Messages.exportChanges(parent, "r", tmp.resolve("m1.zip"), ExportOptions.defaults().withSwitchToReceiver(true),
                null);
        String before = snapshot(child);
        MessageHeader h = Messages.readHeader(tmp.resolve("m1.zip"));
        assertEquals(MessageKind.DATA_CHANGES, h.kind());
        assertEquals(Replicas.get(child, "r").getGuid(), h.replicaGuid());
        assertEquals("r", h.replicaName());
        assertEquals(parent.guid(), h.senderGeodatabaseGuid());
        assertEquals(ReplicaRole.PARENT, h.senderRole());
        assertEquals(sent.fromGeneration(), h.fromGeneration());
        assertEquals(sent.toGeneration(), h.toGeneration());
        assertTrue(h.datasets().contains("PARCELS"), h.datasets().toString());
        assertTrue(h.switchToReceiver());
        assertEquals(before, snapshot(child), "reading the header applies nothing");

        Messages.exportAcknowledgment(child, "r", tmp.resolve("a1.zip"), null);
        MessageHeader ack = Messages.readHeader(tmp.resolve("a1.zip"));
        assertEquals(MessageKind.ACKNOWLEDGMENT, ack.kind());
        assertEquals(ReplicaRole.CHILD, ack.senderRole());
        assertFalse(ack.switchToReceiver());

        Files.writeString(tmp.resolve("not.zip"), "not a message");
        GeodatabaseException bad = assertThrows(GeodatabaseException.class, () -> Messages.readHeader(tmp.resolve("not.zip")));
        assertTrue(bad.getMessage().contains("is not a complete GeoSync message"), bad.getMessage());
        GeodatabaseException none = assertThrows(GeodatabaseException.class, () -> Messages.readHeader(tmp.resolve("none.zip")));
        assertTrue(none.getMessage().startsWith("There is no message file"), none.getMessage());
    }

    @Test
    void aSecondSynchronizationOfOneReplicaIsRefusedUntilTheFirstEnds() throws Exception {
        SyncLocks.Lock first = SyncLocks.acquire("guid-1", "r", "a scheduled synchronization");
        GeodatabaseException refused = assertThrows(GeodatabaseException.class, () -> SyncLocks.acquire("guid-1", "r", "the wizard"));
        assertTrue(refused.getMessage().startsWith("Replica r is already being synchronized (a scheduled synchronization, requested at "),
                refused.getMessage());
        try (SyncLocks.Lock other = SyncLocks.acquire("guid-2", "s", "the wizard")) {
            assertTrue(SyncLocks.isHeld("guid-2"), "another replica is not held back");
        }
        assertFalse(SyncLocks.isHeld("guid-2"));
        first.close();
        first.close(); // twice is harmless and does not free a later holder
        try (SyncLocks.Lock again = SyncLocks.acquire("guid-1", "r", "the wizard")) {
            first.close();
            assertTrue(SyncLocks.isHeld("guid-1"), "an old lock's close does not free the new holder");
        }
        assertFalse(SyncLocks.isHeld("guid-1"));
    }

    @Test
    void aReplicaInConflictRefusesToSendButStillReceives() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        // make the child the sender, then let both sides edit the same row
        Messages.exportChanges(parent, "r", tmp.resolve("switch.zip"), ExportOptions.defaults().withSwitchToReceiver(true), null);
        importInto(child, "switch.zip");
        child.update("parcels", gid(5), Map.of("OWNER", "child"), null);
        export(child, "c1.zip");
        parent.update("parcels", gid(5), Map.of("OWNER", "parent"), null);
        MessageResult got = Messages.importMessage(parent, tmp.resolve("c1.zip"), ImportOptions.defaults().withPolicy(Winner.MANUAL),
                null);
        assertEquals(1, got.conflicts());
        assertTrue(Replicas.get(parent, "r").isInConflict());
        assertEquals("parent", value(parent, "parcels", gid(5), "OWNER"), "manual: this database's values stay until reviewed");
        assertEquals(1, Replicas.conflicts(parent, "r", true).size());

        // the child sends again (receive still works on the parent in conflict)
        child.update("parcels", gid(6), Map.of("OWNER", "child 6"), null);
        export(child, "c2.zip");
        assertEquals(1, importInto(parent, "c2.zip").updates());
        assertEquals("child 6", value(parent, "parcels", gid(6), "OWNER"));
        // the parent in conflict cannot send, even after it became the sender
        Messages.exportChanges(child, "r", tmp.resolve("c3.zip"), ExportOptions.defaults().withSwitchToReceiver(true), null);
        importInto(parent, "c3.zip");
        GeodatabaseException refused = assertThrows(GeodatabaseException.class, () -> export(parent, "p.zip"));
        assertTrue(refused.getMessage().contains("is in conflict"), refused.getMessage());
        assertFalse(Files.exists(tmp.resolve("p.zip")));
    }

    @Test
    void oneWayAndCheckoutSidesThatOnlyReceiveRefuseToSend() throws Exception {
        replica(ReplicaSpec.twoWay("r").withType(ReplicaType.ONE_WAY, OneWayDirection.PARENT_TO_CHILD));
        GeodatabaseException refused = assertThrows(GeodatabaseException.class, () -> export(child, "c.zip"));
        assertTrue(refused.getMessage().contains("only receives changes"), refused.getMessage());
        GeodatabaseException noSwitch = assertThrows(GeodatabaseException.class, () -> Messages.exportChanges(parent, "r",
                tmp.resolve("s.zip"), ExportOptions.defaults().withSwitchToReceiver(true), null));
        assertTrue(noSwitch.getMessage().contains("only two-way replicas switch"), noSwitch.getMessage());
        parent.update("parcels", gid(7), Map.of("OWNER", "one way"), null);
        export(parent, "p.zip");
        importInto(child, "p.zip");
        assertEquals("one way", value(child, "parcels", gid(7), "OWNER"));

        // a checkout's child sends, but cannot re-export (the message rules): it exports again instead
        Replicas.create(parent, tmp.resolve("checkout"), ReplicaSpec.twoWay("k").withType(ReplicaType.CHECKOUT, OneWayDirection.NONE), null);
        try (Geodatabase checkout = Geodatabase.open(tmp.resolve("checkout"))) {
            checkout.update("parcels", gid(8), Map.of("OWNER", "field crew"), null);
            Messages.exportChanges(checkout, "k", tmp.resolve("k1.zip"), ExportOptions.defaults(), null);
            GeodatabaseException noReexport = assertThrows(GeodatabaseException.class,
                    () -> Messages.reexport(checkout, "k", tmp.resolve("k2.zip"), false, null));
            assertTrue(noReexport.getMessage().contains("run 'geosync message export-changes' again"), noReexport.getMessage());
            assertEquals(1, Messages.exportChanges(checkout, "k", tmp.resolve("k2.zip"), ExportOptions.defaults(), null).records(),
                    "exporting again carries the unacknowledged edit");
            Messages.importMessage(parent, tmp.resolve("k2.zip"), ImportOptions.defaults().withReconcileWithParent(true), null);
            assertEquals("field crew", value(parent, "parcels", gid(8), "OWNER"));
        }
    }
}
