package org.geosync.core.internal.message;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.sync.ChangeRecord;
import org.geosync.model.EditOperation;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.util.GeosyncXmi;

/**
 * Writes a message file ({@link MessageFile}) entry by entry: the header, each dataset's change records (a {@link RecordWriter}
 * at a time, streamed, never held in memory), the schema fingerprints; {@link #finish} adds the manifest and the HMAC. It writes
 * what it is given: what a message carries is decided by {@link MessageExport} and {@link Acknowledgments}; reading is
 * {@link MessageReader}.
 */
final class MessageWriter implements Closeable {
    private final ZipOutputStream zip;
    private final StringBuilder manifest = new StringBuilder(MessageFile.MANIFEST_FIRST_LINE).append('\n');
    private final StringBuilder schemas = new StringBuilder();

    MessageWriter(Path file) throws IOException {
        zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        zip.setLevel(6);
    }

    void header(GeodatabaseSchema header) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GeosyncXmi.save(header, bytes);
        zip.putNextEntry(new ZipEntry(MessageFile.HEADER));
        zip.write(bytes.toByteArray());
        zip.closeEntry();
        manifest.append("entry ").append(MessageFile.HEADER).append(' ').append(bytes.size()).append(' ')
                .append(MessageDigests.hex(MessageDigests.sha256(bytes.toByteArray()))).append('\n');
    }

    void schema(String dataset, String fingerprint) {
        schemas.append("schema ").append(dataset).append(' ').append(fingerprint).append('\n');
    }

    /** Starts the change entry of {@code dataset}; close the returned writer before the next entry. */
    RecordWriter changes(String dataset, List<String> columns) throws IOException {
        String name = MessageFile.CHANGES + dataset + MessageFile.BIN;
        zip.putNextEntry(new ZipEntry(name));
        MessageDigest sha = MessageDigests.digest();
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
            manifest.append("entry ").append(name).append(' ').append(size[0]).append(' ').append(MessageDigests.hex(sha.digest())).append('\n');
        });
    }

    /** Writes the manifest and its HMAC and closes the archive. */
    void finish(byte[] key) throws IOException {
        byte[] m = (manifest.toString() + schemas).getBytes(StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry(MessageFile.MANIFEST));
        zip.write(m);
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(MessageFile.HMAC));
        zip.write(MessageDigests.hex(MessageDigests.hmac(key, m)).getBytes(StandardCharsets.US_ASCII));
        zip.closeEntry();
        zip.close();
    }

    @Override
    public void close() throws IOException {
        zip.close();
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
            out.writeInt(MessageFile.MAGIC);
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
            MessageValues.write(out, col, v);
        }

        @Override
        public void close() throws IOException {
            out.writeByte(0);
            out.writeLong(count);
            closer.close();
        }
    }
}
