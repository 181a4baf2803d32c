package org.geosync.core.tests;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.internal.geometry.Geometries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message benchmark (not part of CI): N mixed changes with polygon geometry (half inserts,
 * 30% updates, 20% deletes) are made on a parent, exported to a message and imported into a child; the same
 * changes are then applied to a second child by raw JDBC batches into the same Derby schema. Prints the
 * export and import throughput and the ratio of import to raw apply throughput.
 * <p>
 * Run it as a program ({@code main [N]}), or inside the test runtime with the JVM limited like the issue asks:
 * {@code ./mvnw -o verify -pl bundles/org.geosync.core.tests -am -Dtest=MessageBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false "-Dgeosync.test.vmargs=-Xmx256m -Dgeosync.bench=100000"}.
 */
public final class MessageBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("geosync-bench");
        try {
            run(dir, n, System.out);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void benchmark(@TempDir Path tmp) throws Exception {
        Integer n = Integer.getInteger("geosync.bench");
        if (n == null) {
            System.out.println("MessageBenchmark runs only when asked: -Dgeosync.bench=N in geosync.test.vmargs");
            return;
        }
        run(tmp, n, System.out);
    }

    static void run(Path dir, int n, PrintStream out) throws Exception {
        int base = n / 2, updates = 3 * n / 10, deletes = n / 2 - updates, inserts = n - updates - deletes;
        out.printf(Locale.ROOT, "message benchmark: %d changes (%d inserts, %d updates, %d deletes) with polygon geometry; max heap %d MiB%n", n,
                inserts, updates, deletes, Runtime.getRuntime().maxMemory() >> 20);
        long t0 = System.nanoTime();
        try (Geodatabase parent = Geodatabase.create(dir.resolve("parent"))) {
            parent.createFeatureClass("bench", GeometryType.POLYGON, 3857, List.of(Field.of("NAME", FieldType.TEXT),
                    Field.of("VAL", FieldType.DOUBLE), Field.of("N", FieldType.INTEGER), Field.of("T", FieldType.TIMESTAMP)));
            parent.applyWithoutTracking(g -> {
                insert(g.connection(), 0, base, 0);
                return null;
            });
            Replicas.create(parent, dir.resolve("child"), ReplicaSpec.twoWay("b"), null);
            Replicas.create(parent, dir.resolve("raw"), ReplicaSpec.twoWay("raw"), null);
            out.printf(Locale.ROOT, "setup (%d rows, two replicas): %.1f s%n", base, seconds(t0));

            long t1 = System.nanoTime();
            parent.inTransaction(g -> {
                apply(g.connection(), base, inserts, updates, deletes);
                return null;
            });
            out.printf(Locale.ROOT, "edits on the parent (tracked, JDBC batches): %.1f s%n", seconds(t1));

            Path file = dir.resolve("bench.zip");
            long t2 = System.nanoTime();
            MessageResult sent = Messages.exportChanges(parent, "b", file, Messages.ExportOptions.defaults(), null);
            double export = seconds(t2);
            out.printf(Locale.ROOT, "export: %d records in %.1f s = %.0f changes/s, file %.1f MiB, heap in use %d MiB%n", sent.records(), export,
                    sent.records() / export, Files.size(file) / 1048576.0, used());

            double imported;
            try (Geodatabase child = Geodatabase.open(dir.resolve("child"))) {
                long t3 = System.nanoTime();
                MessageResult got = Messages.importMessage(child, file, Messages.ImportOptions.defaults(), null);
                imported = seconds(t3);
                out.printf(Locale.ROOT, "import: %d inserted, %d updated, %d deleted in %.1f s = %.0f changes/s, heap in use %d MiB%n",
                        got.inserts(), got.updates(), got.deletes(), imported, got.records() / imported, used());
                check(parent.rowCount("bench") == child.rowCount("bench"), "the child has as many rows as the parent");
            }

            double raw;
            try (Geodatabase copy = Geodatabase.open(dir.resolve("raw"))) {
                long t4 = System.nanoTime();
                copy.inTransaction(g -> {
                    apply(g.connection(), base, inserts, updates, deletes);
                    return null;
                });
                raw = seconds(t4);
                out.printf(Locale.ROOT, "raw JDBC batch apply of the same rows (same schema, tracking on): %.1f s = %.0f changes/s%n", raw,
                        n / raw);
                check(parent.rowCount("bench") == copy.rowCount("bench"), "the raw copy has as many rows as the parent");
            }
            out.printf(Locale.ROOT, "ratio import/raw throughput: %.2f (aim >= 0.5)%n", (n / imported) / (n / raw));
        }
    }

    private static void apply(Connection c, int base, int inserts, int updates, int deletes) throws SQLException {
        insert(c, base, inserts, 1);
        try (PreparedStatement p = c.prepareStatement("UPDATE BENCH SET NAME = ?, VAL = ?, N = ?, T = ?, SHAPE = ? WHERE GLOBALID = ?")) {
            for (int i = 0; i < updates; i++) {
                p.setString(1, "updated " + i);
                p.setDouble(2, i * 0.5);
                p.setInt(3, -i);
                p.setTimestamp(4, new Timestamp(1_700_000_000_000L + i * 1000L));
                p.setBytes(5, square(i, 1));
                p.setString(6, gid(i));
                p.addBatch();
                if (i % 1000 == 999) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM BENCH WHERE GLOBALID = ?")) {
            for (int i = updates; i < updates + deletes; i++) {
                p.setString(1, gid(i));
                p.addBatch();
                if (i % 1000 == 999) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
    }

    private static void insert(Connection c, int first, int count, int version) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO BENCH (GLOBALID, NAME, VAL, N, T, SHAPE) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = first; i < first + count; i++) {
                p.setString(1, gid(i));
                p.setString(2, "feature " + i + " v" + version);
                p.setDouble(3, i * 1.25);
                p.setInt(4, i);
                p.setTimestamp(5, new Timestamp(1_600_000_000_000L + i * 1000L));
                p.setBytes(6, square(i, version));
                p.addBatch();
                if (i % 1000 == 999) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
    }

    private static String gid(int i) {
        return String.format(Locale.ROOT, "20000000-0000-4000-8000-%012d", i);
    }

    private static byte[] square(int i, int version) {
        double x = (i % 1000) * 100 + version, y = (i / 1000) * 100;
        return Geometries.toWkb(Geometries.parseWkt(String.format(Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))", x, y, x + 90, y,
                x + 90, y + 90, x, y + 90, x, y)));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }

    private static void check(boolean ok, String what) throws GeodatabaseException {
        if (!ok) {
            throw new GeodatabaseException("benchmark check failed: " + what);
        }
    }
}
