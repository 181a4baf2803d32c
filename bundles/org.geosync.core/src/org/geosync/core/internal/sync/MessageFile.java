package org.geosync.core.internal.sync;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.geosync.core.GeodatabaseException;
import org.geosync.model.EditOperation;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.util.GeosyncXmi;

/**
 * The message file (docs/sync-semantics.md, "Message files"): one zip archive a person can carry on a USB stick.
 * <ul>
 * <li>{@code header.xmi}: XMI of a model {@link GeodatabaseSchema} — the sender geodatabase (its GUID), the
 * schema of the datasets carried, and one {@link org.geosync.model.Replica} (replica GUID and name, the
 * receiver's geodatabase GUID as relative, the datasets with their generations, the state after export:
 * {@code receiver} means "switch to receiver", so the importer becomes the sender) holding one
 * {@link org.geosync.model.MessageRecord} with the kind and generation range;</li>
 * <li>{@code changes/DATASET.bin}: the change records of one dataset, written with a
 * {@link DataOutputStream} one record at a time (see {@link RecordWriter});</li>
 * <li>{@code manifest}: the SHA-256 and size of every entry above and the schema fingerprint of every
 * dataset;</li>
 * <li>{@code hmac}: HMAC-SHA256 of the manifest keyed by the secret the replica pair agreed at creation.</li>
 * </ul>
 * Reading never extracts anything to disk, refuses entry names that escape or are not one of the above,
 * caps sizes against zip bombs, and checks every byte against the manifest before the caller applies anything.
 */
final class MessageFile {

    static final String HEADER = "header.xmi";
    static final String MANIFEST = "manifest";
    static final String HMAC = "hmac";
    static final String CHANGES = "changes/";
    static final String BIN = ".bin";
    private static final String MANIFEST_FIRST_LINE = "geosync-message 1";
    private static final int MAGIC = 0x47534331; // "GSC1"
    /** No entry may declare or inflate to more than this. */
    static final long MAX_ENTRY = 1L << 30;
    /** Nor inflate to more than this many times its compressed size (above 1 MiB). */
    static final long MAX_RATIO = 1000;
    private static final long MAX_SMALL_ENTRY = 16L << 20;
    private static final Pattern CHANGE_ENTRY = Pattern.compile("changes/[A-Z][A-Z0-9_]{0,127}\\.bin");

    private MessageFile() {
    }

    // ---- writing --------------------------------------------------------------------------------

    /** Writes a message file entry by entry; {@link #finish} adds the manifest and the HMAC. */
    static final class Writer implements Closeable {
        private final ZipOutputStream zip;
        private final StringBuilder manifest = new StringBuilder(MANIFEST_FIRST_LINE).append('\n');
        private final StringBuilder schemas = new StringBuilder();

        Writer(Path file) throws IOException {
            zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            zip.setLevel(6);
        }

        void header(GeodatabaseSchema header) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            GeosyncXmi.save(header, bytes);
            zip.putNextEntry(new ZipEntry(HEADER));
            zip.write(bytes.toByteArray());
            zip.closeEntry();
            manifest.append("entry ").append(HEADER).append(' ').append(bytes.size()).append(' ').append(hex(sha256(bytes.toByteArray())))
                    .append('\n');
        }

        void schema(String dataset, String fingerprint) {
            schemas.append("schema ").append(dataset).append(' ').append(fingerprint).append('\n');
        }

        /** Starts the change entry of {@code dataset}; close the returned writer before the next entry. */
        RecordWriter changes(String dataset, List<String> columns) throws IOException {
            String name = CHANGES + dataset + BIN;
            zip.putNextEntry(new ZipEntry(name));
            MessageDigest sha = digest();
            long[] size = new long[1];
            OutputStream counted = new FilterOutputStream(zip) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    sha.update((byte) b);
                    size[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    sha.update(b, off, len);
                    size[0] += len;
                }

                @Override
                public void close() throws IOException {
                    flush(); // the zip stays open
                }
            };
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(counted, 1 << 16));
            return new RecordWriter(data, columns, () -> {
                data.close();
                zip.closeEntry();
                manifest.append("entry ").append(name).append(' ').append(size[0]).append(' ').append(hex(sha.digest())).append('\n');
            });
        }

        /** Writes the manifest and its HMAC and closes the archive. */
        void finish(byte[] key) throws IOException {
            byte[] m = (manifest.toString() + schemas).getBytes(StandardCharsets.UTF_8);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(m);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(HMAC));
            zip.write(hex(hmac(key, m)).getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.close();
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** Action run when a record writer is closed. */
    @FunctionalInterface
    interface Closer {
        void close() throws IOException;
    }

    /**
     * The change records of one dataset: a magic number, the dataset name, its column names; then per
     * record the operation (1 insert, 2 update, 3 delete), GlobalID, generation, the indexes of the changed
     * columns and (unless a delete) the typed values; 0 and the number of records end the entry.
     */
    static final class RecordWriter implements Closeable {
        private final DataOutputStream out;
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private final Closer closer;
        private long count;

        RecordWriter(DataOutputStream out, List<String> columns, Closer closer) throws IOException {
            this.out = out;
            this.closer = closer;
            out.writeInt(MAGIC);
            out.writeShort(columns.size());
            for (String col : columns) {
                index.put(col, index.size());
                out.writeUTF(col);
            }
        }

        void write(ChangeRecord r) throws IOException, GeodatabaseException {
            out.writeByte(switch (r.operation()) {
                case INSERT -> 1;
                case UPDATE -> 2;
                case DELETE -> 3;
            });
            out.writeUTF(r.globalId());
            out.writeLong(r.generation());
            out.writeShort(r.changedColumns().size());
            for (String col : r.changedColumns()) {
                out.writeShort(column(col));
            }
            if (r.operation() != EditOperation.DELETE) {
                out.writeShort(r.values().size());
                for (Map.Entry<String, Object> e : r.values().entrySet()) {
                    out.writeShort(column(e.getKey()));
                    value(e.getKey(), e.getValue());
                }
            }
            count++;
        }

        long count() {
            return count;
        }

        private int column(String col) throws GeodatabaseException {
            Integer i = index.get(col);
            if (i == null) {
                throw new GeodatabaseException("Column " + col + " is not a replicated column of the dataset being exported.");
            }
            return i;
        }

        private void value(String col, Object v) throws IOException, GeodatabaseException {
            writeValue(out, col, v);
        }

        @Override
        public void close() throws IOException {
            out.writeByte(0);
            out.writeLong(count);
            closer.close();
        }
    }

    /** Writes one value with its type tag ({@link Reader#value} reads it back). */
    static void writeValue(DataOutputStream out, String col, Object v) throws IOException, GeodatabaseException {
        switch (v) {
            case null -> out.writeByte(0);
            case String s when wellFormed(s) -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeByte(1);
                out.writeInt(b.length);
                out.write(b);
            }
            case String s -> {
                // a lone surrogate has no UTF-8 form (it would become '?'): such text goes as its UTF-16 code units
                out.writeByte(12);
                out.writeInt(s.length());
                out.writeChars(s);
            }
            case Integer i -> {
                out.writeByte(2);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(3);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(4);
                out.writeDouble(d);
            }
            case java.sql.Date d -> {
                out.writeByte(5);
                out.writeUTF(d.toLocalDate().toString());
            }
            case java.sql.Timestamp t -> {
                out.writeByte(6);
                out.writeUTF(t.toLocalDateTime().toString());
            }
            case byte[] b -> {
                out.writeByte(7);
                out.writeInt(b.length);
                out.write(b);
            }
            case Short s -> {
                out.writeByte(8);
                out.writeShort(s);
            }
            case Float f -> {
                out.writeByte(9);
                out.writeFloat(f);
            }
            case java.math.BigDecimal d -> {
                out.writeByte(10);
                out.writeUTF(d.toString());
            }
            case Boolean b -> {
                out.writeByte(11);
                out.writeBoolean(b);
            }
            default -> throw new GeodatabaseException("Cannot write the value of column " + col + " (a " + v.getClass().getSimpleName()
                    + ") to a message.");
        }
    }

    /** Whether every surrogate of {@code s} is part of a pair (then UTF-8 carries it exactly). */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Receives the records of one entry, one at a time. */
    @FunctionalInterface
    interface RecordSink {
        void accept(ChangeRecord record) throws SQLException, GeodatabaseException;
    }

    /**
     * An opened message: the entry names are checked on {@link #open}, the header is read by
     * {@link #header}, every entry is checked against the manifest and the manifest against its HMAC by
     * {@link #verify}, and the records are streamed by {@link #read}, which checks each entry's SHA-256
     * again as it reads (the file may not change between the two passes).
     */
    static final class Reader implements Closeable {
        private final Path file;
        private final ZipFile zip;
        private final Map<String, ZipEntry> entries = new LinkedHashMap<>();
        private final Map<String, String[]> manifest = new LinkedHashMap<>();
        private final Map<String, String> schemas = new LinkedHashMap<>();
        /** The header's bytes, read from the archive once: {@link #verify} authenticates exactly what {@link #header} parses. */
        private byte[] headerBytes;

        private Reader(Path file, ZipFile zip) {
            this.file = file;
            this.zip = zip;
        }

        /** Opens the archive and checks its entries' names and sizes. */
        static Reader open(Path file) throws GeodatabaseException {
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
            Reader r = new Reader(file, zip);
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
                if (!name.equals(HEADER) && !name.equals(MANIFEST) && !name.equals(HMAC) && !CHANGE_ENTRY.matcher(name).matches()) {
                    throw new GeodatabaseException(file + " is refused: '" + name + "' is not an entry of a GeoSync message.");
                }
                if (entries.put(name, e) != null) {
                    throw new GeodatabaseException(file + " is refused: it holds the entry '" + name + "' twice.");
                }
                long size = e.getSize(), compressed = e.getCompressedSize();
                long cap = name.startsWith(CHANGES) ? MAX_ENTRY : MAX_SMALL_ENTRY;
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
            for (String required : new String[] { HEADER, MANIFEST, HMAC }) {
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
                headerBytes = small(HEADER);
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
            byte[] m = small(MANIFEST);
            byte[] tag = small(HMAC);
            byte[] expected = hex(hmac(key, m)).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, new String(tag, StandardCharsets.US_ASCII).trim().getBytes(StandardCharsets.US_ASCII))) {
                throw new GeodatabaseException(file + " is refused: its authentication code (HMAC) does not match the key of this replica"
                        + " pair, so it was tampered with or forged.");
            }
            String[] lines = new String(m, StandardCharsets.UTF_8).split("\n");
            if (lines.length == 0 || !lines[0].equals(MANIFEST_FIRST_LINE)) {
                throw new GeodatabaseException(file + " is refused: its manifest is not one this version of GeoSync reads.");
            }
            for (int i = 1; i < lines.length; i++) {
                String[] p = lines[i].split(" ");
                if (p.length == 4 && p[0].equals("entry")) {
                    manifest.put(p[1], new String[] { p[2], p[3] });
                } else if (p.length == 3 && p[0].equals("schema")) {
                    schemas.put(p[1], p[2]);
                } else if (!lines[i].isEmpty()) {
                    throw new GeodatabaseException(file + " is refused: line " + (i + 1) + " of its manifest is not understood.");
                }
            }
            for (String name : entries.keySet()) {
                if (!name.equals(MANIFEST) && !name.equals(HMAC) && !manifest.containsKey(name)) {
                    throw new GeodatabaseException(file + " is refused: its entry '" + name + "' is not in its manifest.");
                }
            }
            for (Map.Entry<String, String[]> e : manifest.entrySet()) {
                if (!entries.containsKey(e.getKey())) {
                    throw new GeodatabaseException(file + " is refused: the entry '" + e.getKey() + "' named in its manifest is missing.");
                }
                if (e.getKey().equals(HEADER)) {
                    // the header is checked as it was read (and parsed), never read again
                    if (headerBytes == null) {
                        headerBytes = small(HEADER);
                    }
                    if (headerBytes.length != Long.parseLong(e.getValue()[0]) || !hex(sha256(headerBytes)).equals(e.getValue()[1])) {
                        throw new GeodatabaseException(file + " is refused: the checksum of its entry '" + HEADER
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
                if (n.startsWith(CHANGES)) {
                    names.add(n.substring(CHANGES.length(), n.length() - BIN.length()));
                }
            }
            return names;
        }

        /** Streams the records of {@code dataset} to {@code sink}; returns their number. */
        long read(String dataset, RecordSink sink) throws GeodatabaseException, SQLException {
            String name = CHANGES + dataset + BIN;
            if (!entries.containsKey(name)) {
                return 0;
            }
            try (CheckedInput checked = open(name); DataInputStream in = new DataInputStream(new BufferedInputStream(checked, 1 << 16))) {
                long limit = entries.get(name).getSize();
                if (in.readInt() != MAGIC) {
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
                            values.put(col, value(in, limit));
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

        static Object value(DataInputStream in, long limit) throws IOException {
            int tag = in.readUnsignedByte();
            return switch (tag) {
                case 0 -> null;
                case 1 -> new String(bytes(in, limit), StandardCharsets.UTF_8);
                case 2 -> in.readInt();
                case 3 -> in.readLong();
                case 4 -> in.readDouble();
                case 5 -> java.sql.Date.valueOf(LocalDate.parse(in.readUTF()));
                case 6 -> java.sql.Timestamp.valueOf(LocalDateTime.parse(in.readUTF()));
                case 7 -> bytes(in, limit);
                case 8 -> in.readShort();
                case 9 -> in.readFloat();
                case 10 -> new java.math.BigDecimal(in.readUTF());
                case 11 -> in.readBoolean();
                case 12 -> chars(in, limit);
                default -> throw new IOException("unknown value type " + tag);
            };
        }

        private static String chars(DataInputStream in, long limit) throws IOException {
            int n = in.readInt();
            if (n < 0 || 2L * n > limit) {
                throw new IOException("a text of " + n + " characters in an entry of " + limit + " bytes");
            }
            char[] text = new char[n];
            for (int i = 0; i < n; i++) {
                text[i] = in.readChar();
            }
            return new String(text);
        }

        private static byte[] bytes(DataInputStream in, long limit) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > limit) {
                throw new IOException("a value of " + n + " bytes in an entry of " + limit);
            }
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        private byte[] small(String name) throws GeodatabaseException {
            try (InputStream in = new Bounded(zip.getInputStream(entries.get(name)), entries.get(name).getSize(), name)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        private CheckedInput open(String name) throws IOException {
            String[] expected = manifest.get(name);
            if (expected == null) {
                throw new IOException("the entry " + name + " is not in the manifest");
            }
            return new CheckedInput(new Bounded(zip.getInputStream(entries.get(name)), entries.get(name).getSize(), name), name,
                    Long.parseLong(expected[0]), expected[1]);
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
            private final MessageDigest sha = digest();
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
                if (read != size || !hex(sha.digest()).equals(hash)) {
                    throw new ChecksumMismatch("the checksum of its entry '" + name + "' does not match its manifest (the file was"
                            + " damaged or altered).");
                }
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

    // ---- helpers --------------------------------------------------------------------------------

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    /** The SHA-256 of a whole file, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return hex(sha.digest());
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
