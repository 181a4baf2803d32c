package org.geosync.core.internal.message;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.sync.ChangeRecord;
import org.geosync.model.EditOperation;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.util.GeosyncXmi;

/**
 * An opened message file ({@link MessageFile}): the entry names are checked on {@link #open}, the header is read by
 * {@link #header}, every entry is checked against the manifest and the manifest against its HMAC by
 * {@link #verify}, and the records are streamed by {@link #read}, which checks each entry's SHA-256
 * again as it reads (the file may not change between the two passes).
 * <p>
 * Reading never extracts anything to disk, refuses entry names that escape or are not one of the layout's,
 * caps sizes against zip bombs, and checks every byte against the manifest before the caller applies anything.
 * What the header says and whether the message may be imported is {@link MessageImport}'s; writing is {@link MessageWriter}.
 */
final class MessageReader implements Closeable {

    /** No entry may declare or inflate to more than this. */
    static final long MAX_ENTRY = 1L << 30;
    /** Nor inflate to more than this many times its compressed size (above 1 MiB). */
    static final long MAX_RATIO = 1000;
    private static final long MAX_SMALL_ENTRY = 16L << 20;
    private static final Pattern CHANGE_ENTRY = Pattern.compile("changes/[A-Z][A-Z0-9_]{0,127}\\.bin");

    /** Receives the records of one entry, one at a time. */
    @FunctionalInterface
    interface RecordSink {
        void accept(ChangeRecord record) throws SQLException, GeodatabaseException;
    }

    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();
    /** An entry as the manifest lists it: its size and SHA-256 (hex). */
    private record Listed(long size, String sha256) {
    }

    private final Map<String, Listed> manifest = new LinkedHashMap<>();
    private final Map<String, String> schemas = new LinkedHashMap<>();
    /** The header's bytes, read from the archive once: {@link #verify} authenticates exactly what {@link #header} parses. */
    private byte[] headerBytes;

    private MessageReader(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    /** Opens the archive and checks its entries' names and sizes. */
    static MessageReader open(Path file) throws GeodatabaseException {
        if (!Files.isRegularFile(file)) {
            throw new GeodatabaseException("There is no message file " + file + ".");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new GeodatabaseException(file + " is not a complete GeoSync message: it is not a zip archive or it is truncated ("
                    + e.getMessage() + ").", e);
        }
        MessageReader r = new MessageReader(file, zip);
        try {
            r.checkEntries();
        } catch (GeodatabaseException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void checkEntries() throws GeodatabaseException {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        long total = 0;
        Enumeration<? extends ZipEntry> all;
        try {
            all = zip.entries();
        } catch (IllegalStateException e) {
            throw corrupt(e);
        }
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            String name = e.getName();
            if (escapes(name)) {
                throw new GeodatabaseException(file + " is refused: its entry '" + name + "' has a path that escapes the archive.");
            }
            if (!name.equals(MessageFile.HEADER) && !name.equals(MessageFile.MANIFEST) && !name.equals(MessageFile.HMAC)
                    && !CHANGE_ENTRY.matcher(name).matches()) {
                throw new GeodatabaseException(file + " is refused: '" + name + "' is not an entry of a GeoSync message.");
            }
            if (entries.put(name, e) != null) {
                throw new GeodatabaseException(file + " is refused: it holds the entry '" + name + "' twice.");
            }
            long size = e.getSize(), compressed = e.getCompressedSize();
            long cap = name.startsWith(MessageFile.CHANGES) ? MAX_ENTRY : MAX_SMALL_ENTRY;
            if (size < 0 || size > cap || compressed < 0 || (size > (1 << 20) && size > compressed * MAX_RATIO)) {
                throw new GeodatabaseException(file + " is refused: its entry '" + name + "' declares " + size + " bytes from " + compressed
                        + " compressed, more than a message may hold (a zip bomb?).");
            }
            total += size;
        }
        if (total > Math.max(MAX_ENTRY, fileSize * MAX_RATIO)) {
            throw new GeodatabaseException(file + " is refused: its entries declare " + total + " bytes in all, far more than its "
                    + fileSize + " bytes can hold (a zip bomb?).");
        }
        for (String required : new String[] { MessageFile.HEADER, MessageFile.MANIFEST, MessageFile.HMAC }) {
            if (!entries.containsKey(required)) {
                throw new GeodatabaseException(file + " is not a GeoSync message: it has no entry '" + required + "'.");
            }
        }
    }

    private static boolean escapes(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':')) {
            return true;
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..") || part.equals(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The header (XMI read with DOCTYPE and external entities refused). Before {@link #verify} it is what the
     * message claims (enough to find the replica and its key); the bytes are read from the archive once, so
     * after a successful {@link #verify} the same bytes are the authenticated header.
     */
    GeodatabaseSchema header() throws GeodatabaseException {
        if (headerBytes == null) {
            headerBytes = small(MessageFile.HEADER);
        }
        byte[] bytes = headerBytes;
        try {
            return GeosyncXmi.load(new ByteArrayInputStream(bytes), GeodatabaseSchema.class);
        } catch (IOException e) {
            throw new GeodatabaseException(file + " is refused: its header is not a valid GeoSync message header ("
                    + e.getMessage().replace('\n', ' ') + ").", e);
        }
    }

    /**
     * Checks the manifest's HMAC with {@code key}, then that every entry matches its SHA-256 and size in
     * the manifest (reading each entry once, in a streaming pass) and that the manifest names every entry.
     */
    void verify(byte[] key) throws GeodatabaseException {
        byte[] m = small(MessageFile.MANIFEST);
        byte[] tag = small(MessageFile.HMAC);
        byte[] expected = MessageDigests.hex(MessageDigests.hmac(key, m)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, new String(tag, StandardCharsets.US_ASCII).trim().getBytes(StandardCharsets.US_ASCII))) {
            throw new GeodatabaseException(file + " is refused: its authentication code (HMAC) does not match the key of this replica"
                    + " pair, so it was tampered with or forged.");
        }
        String[] lines = new String(m, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MessageFile.MANIFEST_FIRST_LINE)) {
            throw new GeodatabaseException(file + " is refused: its manifest is not one this version of GeoSync reads.");
        }
        for (int i = 1; i < lines.length; i++) {
            String[] p = lines[i].split(" ");
            if (p.length == 4 && p[0].equals("entry") && p[2].matches("[0-9]{1,18}")) {
                manifest.put(p[1], new Listed(Long.parseLong(p[2]), p[3]));
            } else if (p.length == 3 && p[0].equals("schema")) {
                schemas.put(p[1], p[2]);
            } else if (!lines[i].isEmpty()) {
                throw new GeodatabaseException(file + " is refused: line " + (i + 1) + " of its manifest is not understood.");
            }
        }
        for (String name : entries.keySet()) {
            if (!name.equals(MessageFile.MANIFEST) && !name.equals(MessageFile.HMAC) && !manifest.containsKey(name)) {
                throw new GeodatabaseException(file + " is refused: its entry '" + name + "' is not in its manifest.");
            }
        }
        for (Map.Entry<String, Listed> e : manifest.entrySet()) {
            if (!entries.containsKey(e.getKey())) {
                throw new GeodatabaseException(file + " is refused: the entry '" + e.getKey() + "' named in its manifest is missing.");
            }
            if (e.getKey().equals(MessageFile.HEADER)) {
                // the header is checked as it was read (and parsed), never read again
                if (headerBytes == null) {
                    headerBytes = small(MessageFile.HEADER);
                }
                if (headerBytes.length != e.getValue().size()
                        || !MessageDigests.hex(MessageDigests.sha256(headerBytes)).equals(e.getValue().sha256())) {
                    throw new GeodatabaseException(file + " is refused: the checksum of its entry '" + MessageFile.HEADER
                            + "' does not match its manifest (the file was damaged or altered).");
                }
                continue;
            }
            try (CheckedInput in = open(e.getKey())) {
                in.transferTo(OutputStream.nullOutputStream());
                in.check();
            } catch (IOException x) {
                throw corrupt(x);
            }
        }
    }

    /** Schema fingerprints by dataset, from the verified manifest. */
    Map<String, String> schemas() {
        return schemas;
    }

    /** Names of the datasets with a change entry. */
    List<String> changeDatasets() {
        List<String> names = new ArrayList<>();
        for (String n : entries.keySet()) {
            if (n.startsWith(MessageFile.CHANGES)) {
                names.add(n.substring(MessageFile.CHANGES.length(), n.length() - MessageFile.BIN.length()));
            }
        }
        return names;
    }

    /** Streams the records of {@code dataset} to {@code sink}; returns their number. */
    long read(String dataset, RecordSink sink) throws GeodatabaseException, SQLException {
        String name = MessageFile.CHANGES + dataset + MessageFile.BIN;
        if (!entries.containsKey(name)) {
            return 0;
        }
        try (CheckedInput checked = open(name); DataInputStream in = new DataInputStream(new BufferedInputStream(checked, 1 << 16))) {
            long limit = entries.get(name).getSize();
            if (in.readInt() != MessageFile.MAGIC) {
                throw new IOException("the change entry of " + dataset + " does not start like one");
            }
            int n = in.readUnsignedShort();
            List<String> columns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                columns.add(in.readUTF());
            }
            long count = 0;
            while (true) {
                int op = in.readUnsignedByte();
                if (op == 0) {
                    long declared = in.readLong();
                    if (declared != count || in.read() != -1) {
                        throw new IOException("the change entry of " + dataset + " ends wrongly");
                    }
                    break;
                }
                if (op > 3) {
                    throw new IOException("unknown operation " + op + " in the change entry of " + dataset);
                }
                EditOperation operation = op == 1 ? EditOperation.INSERT : op == 2 ? EditOperation.UPDATE : EditOperation.DELETE;
                String gid = in.readUTF();
                long generation = in.readLong();
                int changed = in.readUnsignedShort();
                Set<String> changedColumns = new LinkedHashSet<>();
                for (int i = 0; i < changed; i++) {
                    changedColumns.add(column(columns, in.readUnsignedShort()));
                }
                Map<String, Object> values = null;
                if (operation != EditOperation.DELETE) {
                    int nv = in.readUnsignedShort();
                    values = new LinkedHashMap<>();
                    for (int i = 0; i < nv; i++) {
                        String col = column(columns, in.readUnsignedShort());
                        values.put(col, MessageValues.read(in, limit));
                    }
                }
                sink.accept(new ChangeRecord(dataset, gid, operation, values, changedColumns, generation));
                count++;
            }
            checked.check();
            return count;
        } catch (EOFException e) {
            throw new GeodatabaseException(file + " is refused: the change entry of " + dataset + " ends early.", e);
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    private static String column(List<String> columns, int i) throws IOException {
        if (i >= columns.size()) {
            throw new IOException("column index " + i + " out of range");
        }
        return columns.get(i);
    }

    private byte[] small(String name) throws GeodatabaseException {
        try (InputStream in = new Bounded(zip.getInputStream(entries.get(name)), entries.get(name).getSize(), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    private CheckedInput open(String name) throws IOException {
        Listed expected = manifest.get(name);
        if (expected == null) {
            throw new IOException("the entry " + name + " is not in the manifest");
        }
        return new CheckedInput(new Bounded(zip.getInputStream(entries.get(name)), entries.get(name).getSize(), name), name,
                expected.size(), expected.sha256());
    }

    private GeodatabaseException corrupt(Exception e) {
        if (e instanceof ChecksumMismatch) {
            return new GeodatabaseException(file + " is refused: " + e.getMessage(), e);
        }
        return new GeodatabaseException(file + " is refused: the archive is corrupt (" + e.getMessage() + ").", e);
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was written
        }
    }

    /** An entry's bytes, refusing to inflate past the size it declared. */
    private static final class Bounded extends java.io.FilterInputStream {
        private final long limit;
        private final String name;
        private long read;

        Bounded(InputStream in, long limit, String name) {
            super(in);
            this.limit = limit;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > limit) {
                throw new ZipException("the entry " + name + " inflates to more than it declares");
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (read += n) > limit) {
                throw new ZipException("the entry " + name + " inflates to more than it declares");
            }
            return n;
        }
    }

    /** An entry's bytes with their SHA-256 and count, compared with the manifest by {@link #check}. */
    private static final class CheckedInput extends java.io.FilterInputStream {
        private final MessageDigest sha = MessageDigests.digest();
        private final String name;
        private final long size;
        private final String hash;
        private long read;

        CheckedInput(InputStream in, String name, long size, String hash) {
            super(in);
            this.name = name;
            this.size = size;
            this.hash = hash;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sha.update((byte) b);
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                sha.update(b, off, n);
                read += n;
            }
            return n;
        }

        void check() throws IOException {
            transferTo(OutputStream.nullOutputStream());
            if (read != size || !MessageDigests.hex(sha.digest()).equals(hash)) {
                throw new ChecksumMismatch("the checksum of its entry '" + name + "' does not match its manifest (the file was"
                        + " damaged or altered).");
            }
        }
    }

    /** An entry whose bytes differ from the manifest. */
    private static final class ChecksumMismatch extends IOException {
        private static final long serialVersionUID = 1L;

        ChecksumMismatch(String message) {
            super(message);
        }
    }
}
