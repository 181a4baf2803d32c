package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Locale;

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
 * A message of 20,000 changes is exported and imported one record at a time (invariant 9): the file grows
 * linearly with the changes and the whole of it arrives. {@link MessageBenchmark} measures throughput and
 * memory at larger sizes.
 */
class MessageStreamingTest {

    static final int N = 20_000;

    @TempDir
    Path tmp;

    @Test
    void twentyThousandChangesTravelInOneMessage() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            parent.inTransaction(g -> {
                try (PreparedStatement p = g.connection().prepareStatement("INSERT INTO NOTES (GLOBALID, TEXT, PRIORITY) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < N; i++) {
                        p.setString(1, String.format(Locale.ROOT, "10000000-0000-4000-8000-%012d", i));
                        p.setString(2, "streamed note " + i);
                        p.setInt(3, i % 5);
                        p.addBatch();
                        if (i % 1000 == 999) {
                            p.executeBatch();
                        }
                    }
                    p.executeBatch();
                }
                return null;
            });
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
