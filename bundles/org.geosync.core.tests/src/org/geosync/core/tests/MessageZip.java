package org.geosync.core.tests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.geosync.core.Geodatabase;
import org.geosync.core.internal.message.MessageSchemas;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.sync.ReplicaRecords;
import org.geosync.model.DatasetSchema;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.util.GeosyncXmi;

/** Takes message files apart and puts them together again, so tests can tamper with them like an attacker would. */
final class MessageZip {

    private MessageZip() {
    }

    /** Every entry of a zip, in order. */
    static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static void write(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    static GeodatabaseSchema header(Map<String, byte[]> entries) throws IOException {
        return GeosyncXmi.load(new ByteArrayInputStream(entries.get("header.xmi")), GeodatabaseSchema.class);
    }

    static void header(Map<String, byte[]> entries, GeodatabaseSchema header) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GeosyncXmi.save(header, bytes);
        entries.put("header.xmi", bytes.toByteArray());
    }

    /** Writes a fresh manifest (checksums, schema fingerprints from the header) and its HMAC with {@code key}. */
    static void sign(Map<String, byte[]> entries, byte[] key) throws Exception {
        entries.remove("manifest");
        entries.remove("hmac");
        StringBuilder m = new StringBuilder("geosync-message 1\n");
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            m.append("entry ").append(e.getKey()).append(' ').append(e.getValue().length).append(' ')
                    .append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue()))).append('\n');
        }
        for (DatasetSchema d : header(entries).getDatasets()) {
            m.append("schema ").append(d.getName()).append(' ').append(MessageSchemas.fingerprint(d)).append('\n');
        }
        byte[] manifest = m.toString().getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        entries.put("manifest", manifest);
        entries.put("hmac", HexFormat.of().formatHex(mac.doFinal(manifest)).getBytes(StandardCharsets.US_ASCII));
    }

    /** The message secret of replica {@code name} in {@code gdb}. */
    static byte[] key(Geodatabase gdb, String name) throws Exception {
        return gdb.inTransaction(g -> new ReplicaStore(g.connection()).key(ReplicaRecords.replica(g, name).getMessageKeyRef()).orElseThrow());
    }

    /** Replaces the first occurrence of {@code from} by {@code to} (same length) in {@code bytes}. */
    static byte[] replace(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8), t = to.getBytes(StandardCharsets.UTF_8);
        outer: for (int i = 0; i + f.length <= bytes.length; i++) {
            for (int j = 0; j < f.length; j++) {
                if (bytes[i + j] != f[j]) {
                    continue outer;
                }
            }
            byte[] copy = bytes.clone();
            System.arraycopy(t, 0, copy, i, t.length);
            return copy;
        }
        throw new AssertionError("'" + from + "' not found");
    }
}
