package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.SchemaFieldType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every damaged, forged or misdirected message is refused, each with its own sentence, before anything is
 * applied (docs/sync-semantics.md: "Atomic imports and crashes", "Message files"): the child's rows, generation and replica counters are the same afterwards,
 * and the genuine message still imports at the end. One replica pair serves every case (Derby DDL is slow).
 */
class MessageTamperTest {

    @TempDir
    static Path tmp;
    static Geodatabase parent;
    static Geodatabase child;
    static Path genuine;
    static byte[] key;
    static String before;

    @BeforeAll
    static void exportOne() throws Exception {
        parent = ReplicaFixture.parent(tmp.resolve("parent"));
        Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
        child = Geodatabase.open(tmp.resolve("child"));
        parent.update("parcels", gid(1), Map.of("OWNER", "jones"), null);
        parent.delete("notes", gid(1003));
        genuine = tmp.resolve("genuine.zip");
        Messages.exportChanges(parent, "r", genuine, ExportOptions.defaults(), null);
        key = MessageZip.key(parent, "r");
        before = MessageTest.snapshot(child);
    }

    @AfterAll
    static void close() {
        if (child != null) {
            child.close();
        }
        if (parent != null) {
            parent.close();
        }
    }

    /** Imports {@code file} into the child, expects a refusal containing {@code expected} and no change at all. */
    private void refused(Path file, String expected) throws Exception {
        GeodatabaseException e = assertThrows(GeodatabaseException.class,
                () -> Messages.importMessage(child, file, ImportOptions.defaults(), null));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one sentence, one line");
        assertEquals(before, MessageTest.snapshot(child), "nothing applied");
    }

    private Path tampered(String name, Consumer<Map<String, byte[]>> edit, boolean sign, byte[] signKey) throws Exception {
        Map<String, byte[]> entries = MessageZip.read(genuine);
        edit.accept(entries);
        if (sign) {
            MessageZip.sign(entries, signKey);
        }
        Path file = tmp.resolve(name);
        MessageZip.write(file, entries);
        return file;
    }

    private static void editHeader(Map<String, byte[]> entries, Consumer<GeodatabaseSchema> edit) {
        try {
            GeodatabaseSchema h = MessageZip.header(entries);
            edit.accept(h);
            MessageZip.header(entries, h);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void damagedForgedAndMisdirectedMessagesAreRefusedBeforeAnythingIsApplied() throws Exception {
        // truncated: half of the file
        byte[] all = Files.readAllBytes(genuine);
        Path truncated = tmp.resolve("truncated.zip");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        refused(truncated, "not a complete GeoSync message");
        Path notZip = tmp.resolve("text.zip");
        Files.writeString(notZip, "hello");
        refused(notZip, "not a complete GeoSync message");

        // a flipped byte inside the compressed change records
        Path flipped = tmp.resolve("flipped.zip");
        byte[] copy = all.clone();
        int at = indexOf(copy, "changes/PARCELS.bin".getBytes(StandardCharsets.US_ASCII));
        int nameLength = (copy[at - 4] & 0xff) | (copy[at - 3] & 0xff) << 8;
        int extraLength = (copy[at - 2] & 0xff) | (copy[at - 1] & 0xff) << 8;
        copy[at + nameLength + extraLength + 12] ^= 0x10;
        Files.write(flipped, copy);
        refused(flipped, "is refused: the");

        // an entry changed after signing: its checksum no longer matches the manifest
        refused(tampered("checksum.zip", e -> e.put("changes/PARCELS.bin", MessageZip.replace(e.get("changes/PARCELS.bin"), "jones", "jonez")),
                false, null), "the checksum of its entry 'changes/PARCELS.bin' does not match its manifest");

        // a consistent forgery signed with another key
        byte[] wrongKey = new byte[32];
        refused(tampered("forged.zip", e -> e.put("changes/PARCELS.bin", MessageZip.replace(e.get("changes/PARCELS.bin"), "jones", "evilx")),
                true, wrongKey), "authentication code (HMAC) does not match");

        // a message for another replica, one from a geodatabase that is not the relative, one for another geodatabase
        refused(tampered("other-replica.zip", e -> editHeader(e, h -> h.getReplicas().get(0).setGuid(UUID.randomUUID().toString())), true, key),
                "is a message for another replica");
        refused(tampered("stranger.zip", e -> editHeader(e, h -> h.setGuid(UUID.randomUUID().toString())), true, key),
                "which is not the relative of replica r");
        refused(tampered("elsewhere.zip", e -> editHeader(e, h -> h.getReplicas().get(0).setRelativeReplicaGuid(UUID.randomUUID().toString())),
                true, key), "is addressed to geodatabase");

        // schema mismatch, named by dataset and field
        refused(tampered("schema.zip", e -> editHeader(e, h -> h.getDatasets().stream().filter(d -> d.getName().equals("PARCELS")).findFirst()
                .orElseThrow().getFields().stream().filter(f -> f.getName().equals("OWNER")).findFirst().orElseThrow().setType(SchemaFieldType.INTEGER)),
                true, key), "Schema mismatch in dataset PARCELS: field OWNER is integer in the message but string(255) here");

        // entries that escape, or are not part of a message
        refused(tampered("escape.zip", e -> e.put("../../evil.sh", "rm -rf /".getBytes(StandardCharsets.US_ASCII)), false, null),
                "has a path that escapes the archive");
        refused(tampered("absolute.zip", e -> e.put("/etc/cron.d/evil", "x".getBytes(StandardCharsets.US_ASCII)), false, null),
                "has a path that escapes the archive");
        refused(tampered("extra.zip", e -> e.put("readme.txt", "x".getBytes(StandardCharsets.US_ASCII)), false, null),
                "is not an entry of a GeoSync message");

        // XML with a DOCTYPE and an external entity
        refused(tampered("xxe.zip", e -> e.put("header.xmi", ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<geosync:Geodatabase xmlns:geosync=\"http://www.geosync.org/model/1.0\" name=\"&e;\"/>").getBytes(StandardCharsets.UTF_8)), false,
                null), "its header is not a valid GeoSync message header");

        // zip bombs: an entry inflating a thousandfold, and an entry declaring more than 1 GiB
        Path bomb = tmp.resolve("bomb.zip");
        Map<String, byte[]> entries = new LinkedHashMap<>(MessageZip.read(genuine));
        try (OutputStream file = Files.newOutputStream(bomb); ZipOutputStream out = new ZipOutputStream(file)) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals("changes/NOTES.bin")) {
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 64; i++) {
                        out.write(zeros);
                    }
                } else {
                    out.write(e.getValue());
                }
                out.closeEntry();
            }
        }
        refused(bomb, "a zip bomb?");
        Path huge = tmp.resolve("huge.zip");
        byte[] h = Files.readAllBytes(genuine);
        int central = lastIndexOf(h, new byte[] { 'P', 'K', 1, 2 }, "changes/PARCELS.bin");
        h[central + 24] = 0;
        h[central + 25] = 0;
        h[central + 26] = 0;
        h[central + 27] = 0x50; // 1.25 GiB uncompressed, declared
        Files.write(huge, h);
        refused(huge, "a zip bomb?");

        // and the genuine message still imports
        Messages.importMessage(child, genuine, ImportOptions.defaults(), null);
        assertEquals("jones", value(child, "parcels", gid(1), "OWNER"));
        assertTrue(child.row("notes", gid(1003)).isEmpty());
    }

    @Test
    void onlyAuthenticatedMessagesLeaveARecordInTheMessageHistory() throws Exception {
        int before = Replicas.get(child, "r").getMessages().size();
        String state = MessageTest.snapshot(child);
        byte[] wrongKey = new byte[32];
        for (int i = 0; i < 3; i++) {
            // a forgery, and a genuine manifest whose entry was changed after signing: neither is authenticated
            refusedHere(tampered("forged-" + i + ".zip", e -> e.put("changes/PARCELS.bin", MessageZip.replace(e.get("changes/PARCELS.bin"), "jones",
                    "evilx")), true, wrongKey), "authentication code (HMAC) does not match", state);
            refusedHere(tampered("altered-" + i + ".zip", e -> e.put("header.xmi", MessageZip.replace(e.get("header.xmi"), "PARCELS", "PARCELZ")),
                    false, null), "does not match its manifest", state);
        }
        assertEquals(before, Replicas.get(child, "r").getMessages().size(), "a refused forgery writes nothing into the message history");
        // a message that is authentic but refused is recorded as refused
        refusedHere(tampered("stranger-again.zip", e -> editHeader(e, h -> h.setGuid(UUID.randomUUID().toString())), true, key),
                "which is not the relative of replica r", state);
        assertEquals(before + 1, Replicas.get(child, "r").getMessages().size());
        assertEquals(org.geosync.model.MessageOutcome.REFUSED, Replicas.get(child, "r").getMessages().get(before).getOutcome());
    }

    private static void refusedHere(Path file, String expected, String state) throws Exception {
        GeodatabaseException e = assertThrows(GeodatabaseException.class,
                () -> Messages.importMessage(child, file, ImportOptions.defaults(), null));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(state, MessageTest.snapshot(child), "nothing applied");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** The offset of the central directory header of entry {@code name}. */
    private static int lastIndexOf(byte[] zip, byte[] signature, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = zip.length - signature.length; i >= 0; i--) {
            if (zip[i] == signature[0] && zip[i + 1] == signature[1] && zip[i + 2] == signature[2] && zip[i + 3] == signature[3]) {
                boolean match = i + 46 + n.length <= zip.length;
                for (int j = 0; match && j < n.length; j++) {
                    match = zip[i + 46 + j] == n[j];
                }
                if (match) {
                    return i;
                }
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }
}
