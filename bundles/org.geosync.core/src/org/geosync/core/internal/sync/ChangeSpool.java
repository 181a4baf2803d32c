package org.geosync.core.internal.sync;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.message.MessageValues;
import org.geosync.model.EditOperation;

/**
 * The change records one side of a connected synchronization sends, collected before either side applies
 * anything: the first {@link #IN_MEMORY} in memory, the rest in a temporary file (with the encoding of
 * message files), so memory does not grow with the number of edits synchronized. Read back in the order
 * they were added; {@link #close()} deletes the file.
 */
public final class ChangeSpool implements Outgoing.Sink, Closeable {

    static final int IN_MEMORY = 2_000;

    private final List<ChangeRecord> head = new ArrayList<>();
    private final Map<String, Long> perDataset = new LinkedHashMap<>();
    private Path file;
    private DataOutputStream out;
    private long size;

    @Override
    public void accept(ChangeRecord r) throws GeodatabaseException {
        size++;
        perDataset.merge(r.dataset(), 1L, Long::sum);
        if (head.size() < IN_MEMORY) {
            head.add(r);
            return;
        }
        try {
            if (out == null) {
                file = Files.createTempFile("geosync-sync", ".changes");
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            }
            out.writeUTF(r.dataset());
            out.writeUTF(r.globalId());
            out.writeByte(r.operation().getValue());
            out.writeLong(r.generation());
            out.writeInt(r.changedColumns().size());
            for (String col : r.changedColumns()) {
                out.writeUTF(col);
            }
            out.writeInt(r.values() == null ? -1 : r.values().size());
            if (r.values() != null) {
                for (Map.Entry<String, Object> e : r.values().entrySet()) {
                    out.writeUTF(e.getKey());
                    MessageValues.write(out, e.getKey(), e.getValue());
                }
            }
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot keep the edits being synchronized in a temporary file (" + e.getMessage()
                    + "); free some space in " + System.getProperty("java.io.tmpdir") + ".", e);
        }
    }

    /** How many records were added for each dataset, in the order the datasets first came. */
    Map<String, Long> perDataset() {
        return perDataset;
    }

    /** How many records were added. */
    long size() {
        return size;
    }

    /** Receives the records one at a time. */
    @FunctionalInterface
    interface Visitor {
        void visit(ChangeRecord r) throws java.sql.SQLException, GeodatabaseException;
    }

    /** Gives every record, in the order added, to {@code visitor}. */
    void forEach(Visitor visitor) throws java.sql.SQLException, GeodatabaseException {
        for (ChangeRecord r : head) {
            visitor.visit(r);
        }
        if (out == null) {
            return;
        }
        try {
            out.flush();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                for (long i = head.size(); i < size; i++) {
                    String dataset = in.readUTF();
                    String gid = in.readUTF();
                    EditOperation op = EditOperation.get(in.readByte());
                    long generation = in.readLong();
                    int changed = in.readInt();
                    Set<String> columns = new LinkedHashSet<>();
                    for (int c = 0; c < changed; c++) {
                        columns.add(in.readUTF());
                    }
                    int n = in.readInt();
                    Map<String, Object> values = n < 0 ? null : new LinkedHashMap<>();
                    for (int v = 0; v < n; v++) {
                        values.put(in.readUTF(), MessageValues.read(in, Integer.MAX_VALUE));
                    }
                    visitor.visit(new ChangeRecord(dataset, gid, op, values, columns, generation));
                }
            }
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot read back the edits being synchronized from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file left behind is not worth failing the synchronization for
        }
    }
}
