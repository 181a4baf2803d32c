package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.geosync.core.Geodatabase;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message of many changes is exported and imported one record at a time (invariant 9): the file grows
 * linearly with the changes and the whole of it arrives. CI uses 1,000 changes because applying a change
 * costs tens of milliseconds in Derby here (row triggers of change tracking); the 20,000 run with
 * {@code -Dgeosync.streaming.changes=20000} in {@code geosync.test.vmargs}. {@link MessageBenchmark}
 * measures throughput at larger sizes.
 */
class MessageStreamingTest {

    static final int N = Integer.getInteger("geosync.streaming.changes", 1_000);

    @TempDir
    Path tmp;

    @Test
    void manyChangesTravelInOneMessage() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            // one statement makes all N edits (tracked like any other); digits 0-9 cross-joined count to 99,999
            String digit = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)";
            assertEquals(N, parent.executeSql("INSERT INTO NOTES (GLOBALID, TEXT, PRIORITY) SELECT '10000000-0000-4000-8000-'"
                    + " || SUBSTR(TRIM(CHAR(1000000000000 + X.N)), 2, 12), 'streamed note ' || TRIM(CHAR(X.N)), MOD(X.N, 5) FROM"
                    + " (SELECT A.I + 10 * B.I + 100 * C.I + 1000 * D.I + 10000 * E.I AS N FROM " + digit + " AS A(I), " + digit + " AS B(I), "
                    + digit + " AS C(I), " + digit + " AS D(I), " + digit + " AS E(I)) X WHERE X.N < " + N, null));
            Path file = tmp.resolve("big.zip");
            MessageResult sent = Messages.exportChanges(parent, "r", file, ExportOptions.defaults(), null);
            assertEquals(N, sent.records());
            assertTrue(Files.size(file) < N * 100L, "about a hundred bytes or less per change: " + Files.size(file));
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                MessageResult got = Messages.importMessage(child, file, ImportOptions.defaults(), null);
                assertEquals(N, got.records());
                assertEquals(N, got.inserts());
                assertEquals(parent.rowCount("notes"), child.rowCount("notes"));
                assertEquals(Sql.rows(parent, "SELECT COUNT(*), SUM(PRIORITY), MAX(TEXT) FROM NOTES"),
                        Sql.rows(child, "SELECT COUNT(*), SUM(PRIORITY), MAX(TEXT) FROM NOTES"));
            }
        }
    }
}
