package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message of many changes is exported and imported one record at a time (docs/sync-semantics.md, "Streaming") by JVMs whose
 * heap is far smaller than the message would need held whole ({@link ChildJvm}): a mix of inserts (a fifth of them parcels with
 * polygons), updates and deletes made by plain SQL (tracked like any other edit), a file of linear size, and a child that then
 * holds exactly the parent's rows. The heap is 256 MB per 1,000,000 changes (at least 64 MB): a process that kept even
 * about 300 bytes per change would run out. CI sends {@code geosync.streaming.changes} changes (root pom): 250,000 through
 * 64 MB, about 80 seconds on the 2-CPU development machine; {@code -Psoak} sends 1,000,000 through 256 MB.
 */
class MessageStreamingTest {

    static final int N = Integer.getInteger("geosync.streaming.changes", 250_000);
    /** The child JVMs' heap: 256 MB per million changes, at least 64 MB. */
    static final String HEAP = "-Xmx" + Math.max(64, 256L * N / 1_000_000) + "m";

    /** Counts 0..999,999 by cross-joining digits. */
    private static final String NUMBERS;

    static {
        String digit = "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)";
        NUMBERS = "(SELECT A.I + 10 * B.I + 100 * C.I + 1000 * D.I + 10000 * E.I + 100000 * F.I AS N FROM " + digit + " AS A(I), "
                + digit + " AS B(I), " + digit + " AS C(I), " + digit + " AS D(I), " + digit + " AS E(I), " + digit + " AS F(I)) X";
    }

    @TempDir
    Path tmp;

    @Test
    void aMessageOfManyChangesTravelsThroughJvmsOf256Megabytes() throws Exception {
        int existing = N / 2, inserts = N / 2, parcels = inserts / 5, updates = N / 4, deletes = N - inserts - updates;
        Path log = tmp.resolve("children.log");
        Path file = tmp.resolve("big.zip");
        String prepared, edited;
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            long t = System.nanoTime();
            parent.applyWithoutTracking(g -> g.executeSql("INSERT INTO NOTES (GLOBALID, TEXT, PRIORITY) SELECT " + gid("2", "X.N")
                    + ", 'existing note ' || TRIM(CHAR(X.N)), MOD(X.N, 7) FROM " + NUMBERS + " WHERE X.N < " + existing, null));
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            prepared = seconds(t);
            t = System.nanoTime();
            // the changes, tracked: notes and parcels inserted, existing notes updated and deleted
            assertEquals(inserts - parcels, parent.executeSql("INSERT INTO NOTES (GLOBALID, TEXT, PRIORITY) SELECT " + gid("1", "X.N")
                    + ", 'streamed note ' || TRIM(CHAR(X.N)), MOD(X.N, 5) FROM " + NUMBERS + " WHERE X.N < " + (inserts - parcels), null));
            String x = "TRIM(CHAR(MOD(X.N, 1000) * 100))", y = "TRIM(CHAR(X.N / 1000 * 100 + 1000))";
            String x2 = "TRIM(CHAR(MOD(X.N, 1000) * 100 + 90))", y2 = "TRIM(CHAR(X.N / 1000 * 100 + 1090))";
            assertEquals(parcels, parent.executeSql("INSERT INTO PARCELS (GLOBALID, NAME, OWNER, AREA, SHAPE) SELECT " + gid("3", "X.N")
                    + ", 'streamed parcel ' || TRIM(CHAR(X.N)), 'stream', 8100, ST_GeomFromText('POLYGON ((' || " + x + " || ' ' || " + y
                    + " || ', ' || " + x2 + " || ' ' || " + y + " || ', ' || " + x2 + " || ' ' || " + y2 + " || ', ' || " + x + " || ' ' || "
                    + y2 + " || ', ' || " + x + " || ' ' || " + y + " || '))', 3857) FROM " + NUMBERS + " WHERE X.N < " + parcels, null));
            assertEquals(updates, parent.executeSql("UPDATE NOTES SET TEXT = TEXT || ' (edited)', PRIORITY = PRIORITY + 10 WHERE GLOBALID >= "
                    + gid("2", "0") + " AND GLOBALID < " + gid("2", Integer.toString(updates)), null));
            assertEquals(deletes, parent.executeSql("DELETE FROM NOTES WHERE GLOBALID >= " + gid("2", Integer.toString(existing - deletes))
                    + " AND GLOBALID < " + gid("2", Integer.toString(existing)), null));
            edited = seconds(t);
        }
        // each step in a JVM of its own limited to 256 MB (the databases are closed here: embedded Derby, one process each)
        String records = "RECORDS " + N + " " + inserts + " " + updates + " " + deletes;
        // (the heap option given last wins over ChildJvm's -Xmx256m)
        long exported, imported;
        try (ChildJvm export = ChildJvm.start(log, List.of("-XX:+UseSerialGC", HEAP), "export", tmp.resolve("parent").toString(), "r",
                file.toString(), "-1")) {
            export.await("START");
            assertEquals("RECORDS " + N, export.await("RECORDS"));
            exported = Long.parseLong(export.await("DONE").split(" ")[2]);
            assertEquals(0, export.exitCode(), "see " + log);
        }
        assertTrue(Files.size(file) < N * 100L, "about a hundred bytes or less per change: " + Files.size(file));
        try (ChildJvm importer = ChildJvm.start(log, List.of("-XX:+UseSerialGC", HEAP), "import", tmp.resolve("child").toString(), file.toString(),
                "-1")) {
            importer.await("START");
            assertEquals(records, importer.await("RECORDS"));
            imported = Long.parseLong(importer.await("DONE").split(" ")[2]);
            assertEquals(0, importer.exitCode(), "see " + log);
        }
        System.out.println(String.format(Locale.ROOT, "MessageStreamingTest: %,d changes (%,d bytes): data and replica %s s, tracked edits %s s,"
                + " export %,d changes/s, import %,d changes/s, each at %s", N, Files.size(file), prepared, edited,
                N * 1000L / Math.max(1, exported), N * 1000L / Math.max(1, imported), HEAP));
        try (Geodatabase parent = Geodatabase.open(tmp.resolve("parent")); Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
            assertSameRows(parent, child, "SELECT GLOBALID, TEXT, PRIORITY FROM NOTES ORDER BY GLOBALID", existing + inserts - parcels - deletes + 10);
            assertSameRows(parent, child, "SELECT GLOBALID, NAME, OWNER, AREA, ST_AsText(SHAPE) FROM PARCELS ORDER BY GLOBALID", parcels + 100);
        }
    }

    /** A GlobalID whose first digit is {@code kind} and last twelve the number {@code n} (a SQL expression). */
    private static String gid(String kind, String n) {
        return "'" + kind + "0000000-0000-4000-8000-' || SUBSTR(TRIM(CHAR(1000000000000 + " + n + ")), 2, 12)";
    }

    /** Both databases return the same rows for {@code sql}, compared one by one as they stream. */
    private static void assertSameRows(Geodatabase a, Geodatabase b, String sql, long expected) throws SQLException {
        try (Statement s = a.connection().createStatement(); Statement t = b.connection().createStatement();
                ResultSet x = s.executeQuery(sql); ResultSet y = t.executeQuery(sql)) {
            int columns = x.getMetaData().getColumnCount();
            long n = 0;
            while (x.next()) {
                assertTrue(y.next(), "the child lacks rows from " + x.getString(1));
                for (int i = 1; i <= columns; i++) {
                    assertEquals(x.getString(i), y.getString(i), "row " + x.getString(1) + ", column " + i);
                }
                n++;
            }
            if (y.next()) {
                throw new AssertionError("the child has rows the parent does not, from " + y.getString(1));
            }
            assertEquals(expected, n, sql);
        }
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
    }
}
