package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values are compared and carried exactly: an edit that changes a BIGINT beyond 2^53 by one, a TIMESTAMP below a
 * millisecond, a DOUBLE in its last bit, or text by one character (supplementary characters, a lone surrogate, values whose
 * UTF-8 exceeds 64 KB) is an edit, sent by connected synchronization and by a message, and arrives with every digit.
 */
class ExactValuesTest {

    private static final long BIG = 1L << 53;
    private static final Timestamp AT = Timestamp.valueOf("2024-05-06 07:08:09.123456789");

    @TempDir
    Path tmp;
    Geodatabase parent;
    Geodatabase connected;
    Geodatabase messaged;
    String row;

    @BeforeEach
    void replicas() throws Exception {
        parent = Geodatabase.create(tmp.resolve("parent"));
        parent.createTable("measures", List.of(Field.of("BIG", FieldType.BIGINT), Field.of("SEEN_AT", FieldType.TIMESTAMP),
                Field.of("X", FieldType.DOUBLE), new Field("LABEL", FieldType.TEXT, 32000)));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("BIG", BIG);
        v.put("SEEN_AT", AT);
        v.put("X", 0.1);
        v.put("LABEL", "a");
        row = parent.insert("measures", v, null);
        Replicas.create(parent, tmp.resolve("connected"), ReplicaSpec.twoWay("c"), null);
        Replicas.create(parent, tmp.resolve("messaged"), ReplicaSpec.twoWay("m"), null);
        connected = Geodatabase.open(tmp.resolve("connected"));
        messaged = Geodatabase.open(tmp.resolve("messaged"));
    }

    @AfterEach
    void close() {
        for (Geodatabase g : new Geodatabase[] { messaged, connected, parent }) {
            if (g != null) {
                g.close();
            }
        }
    }

    /** The row's values as JDBC reads them (text compared char by char, timestamps with their nanoseconds). */
    private List<Object> values(Geodatabase g) throws GeodatabaseException {
        return g.inTransaction(x -> {
            try (PreparedStatement p = x.connection().prepareStatement("SELECT BIG, SEEN_AT, X, LABEL FROM MEASURES WHERE GLOBALID = ?")) {
                p.setString(1, row);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    List<Object> result = new ArrayList<>();
                    result.add(rs.getObject(1));
                    result.add(rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toString());
                    result.add(rs.getObject(3) == null ? null : Double.doubleToRawLongBits(rs.getDouble(3)));
                    result.add(rs.getString(4));
                    return result;
                }
            }
        });
    }

    /** Edits the row on the parent and checks that both replicas receive exactly those values. */
    private void edit(Map<String, Object> v, int round) throws Exception {
        parent.update("measures", row, v, null);
        List<Object> expected = values(parent);
        Replicas.synchronize(parent, connected, "c", SyncOptions.defaults(), null);
        assertEquals(expected, values(connected), "by connected synchronization: " + v.keySet());
        Path file = tmp.resolve("m" + round + ".zip");
        Messages.exportChanges(parent, "m", file, ExportOptions.defaults(), null);
        Messages.importMessage(messaged, file, ImportOptions.defaults(), null);
        assertEquals(expected, values(messaged), "by a message: " + v.keySet());
    }

    @Test
    void aBigintChangedBeyondTwoToTheFiftyThirdIsSent() throws Exception {
        edit(Map.of("BIG", BIG + 1), 1);
        assertEquals(BIG + 1, values(connected).get(0));
    }

    @Test
    void aTimestampChangedBelowAMillisecondIsSent() throws Exception {
        Timestamp t = new Timestamp(AT.getTime());
        t.setNanos(AT.getNanos() + 1);
        edit(Map.of("SEEN_AT", t), 1);
        assertEquals("2024-05-06 07:08:09.12345679", values(connected).get(1));
    }

    @Test
    void aDoubleChangedInItsLastBitIsSent() throws Exception {
        edit(Map.of("X", Math.nextUp(0.1)), 1);
    }

    @Test
    void textOfAnyUnicodeAndLengthArrivesExactly() throws Exception {
        edit(Map.of("LABEL", "b \uD83D\uDE00 \u00E9\u0301 \u202E"), 1); // an emoji (a surrogate pair), a combining accent, a bidi override
        edit(Map.of("LABEL", "\u20AC".repeat(32000)), 2); // 96,000 bytes of UTF-8
        edit(Map.of("LABEL", "lone \uD800 surrogate"), 3);
    }
}
