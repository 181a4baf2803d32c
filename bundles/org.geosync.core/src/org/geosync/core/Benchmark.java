package org.geosync.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.geosync.core.internal.Geometries;
import org.geosync.model.ConflictDefinition;

/**
 * The standard workload ({@code geosync bench}): load N point features with 10 attributes, check out a
 * replica holding ~10% of them by area, make M tracked edits, export them as a message, import it, and
 * synchronize M edits made on both sides (1% conflicting, by column). Each step prints its throughput
 * and, where one exists in the same process, a baseline on the same data: a raw JDBC batch into the
 * same Derby schema (no triggers, no generated columns) for the load and the import, and the same edits
 * with change tracking off for the tracked edits. Peak heap is measured per step. Numbers, no verdicts.
 */
public final class Benchmark {

    /** One measured step: its name, how many items, seconds, and the baseline's items per second (0: none). */
    public record Step(String name, String unit, long items, double seconds, double baselinePerSecond, String baseline, long peakHeapBytes) {

        public double perSecond() {
            return seconds <= 0 ? 0 : items / seconds;
        }

        /** This step's throughput over the baseline's (0 without a baseline). */
        public double ratio() {
            return baselinePerSecond <= 0 ? 0 : perSecond() / baselinePerSecond;
        }
    }

    private static final int EPSG = 3857;
    private static final double SPACING = 10;

    private Benchmark() {
    }

    /** Runs the workload in a temporary folder under {@code work} (deleted afterwards). */
    public static List<Step> run(Path work, int features, int edits, IProgressMonitor monitor) throws GeodatabaseException {
        if (features < 100 || edits < 10 || edits > features / 10) {
            throw new GeodatabaseException("The workload needs at least 100 features and 10 edits, and at most a tenth as many edits as"
                    + " features (the edits change rows of the 10% replica); got " + features + " features and " + edits + " edits.");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "GeoSync benchmark", 7);
        Path dir;
        try {
            dir = Files.createTempDirectory(work, "geosync-bench");
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot create a folder for the benchmark in " + work + ": " + e.getMessage(), e);
        }
        List<Step> steps = new ArrayList<>();
        int columns = (int) Math.ceil(Math.sqrt(features));
        int inArea = 0;
        try (Geodatabase parent = Geodatabase.create(dir.resolve("parent"))) {
            // 1. load, against a raw JDBC batch of the same rows into a plain table
            progress.subTask("Loading " + features + " features");
            resetPeaks();
            long t = System.nanoTime();
            parent.createAndLoad("POINTS", GeometryType.POINT, EPSG, fields(), d -> insert(parent, "POINTS", features, columns, true));
            double load = seconds(t);
            long loadHeap = peakHeap();
            parent.executeSql("CREATE TABLE RAW_POINTS (OBJECTID INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, GLOBALID CHAR(36),"
                    + " NAME VARCHAR(64), CATEGORY VARCHAR(32), A1 INTEGER, A2 INTEGER, A3 INTEGER, A4 INTEGER, D1 DOUBLE, D2 DOUBLE, D3 DOUBLE,"
                    + " D4 DOUBLE, SHAPE BLOB(2G))", null);
            t = System.nanoTime();
            parent.inTransaction(g -> insert(g, "RAW_POINTS", features, columns, false));
            double raw = seconds(t);
            steps.add(new Step("load features", "features", features, load, features / raw, "raw JDBC batch", loadHeap));
            progress.worked(1);

            // 2. checkout by area: the first tenth of the columns
            progress.subTask("Creating a replica of ~10%");
            double maxX = columns / 10.0 * SPACING;
            for (int i = 0; i < features; i++) {
                if ((i % columns) * SPACING < maxX) {
                    inArea++;
                }
            }
            resetPeaks();
            t = System.nanoTime();
            Replicas.create(parent, dir.resolve("child"), ReplicaSpec.twoWay("bench").withArea(
                    "POLYGON ((-1 -1, " + (maxX - 1) + " -1, " + (maxX - 1) + " " + (columns * SPACING) + ", -1 " + (columns * SPACING) + ", -1 -1))",
                    EPSG, org.geosync.model.SpatialRelation.INTERSECTS), progress.split(1));
            steps.add(new Step("checkout replica (area, ~10%)", "features", inArea, seconds(t), 0, "", peakHeap()));

            try (Geodatabase child = Geodatabase.open(dir.resolve("child"))) {
                // 3. tracked edits against the same edits untracked
                List<String> gids = areaGlobalIds(features, columns, maxX);
                progress.subTask("Editing");
                resetPeaks();
                t = System.nanoTime();
                edit(parent, gids, edits, "tracked", false);
                double tracked = seconds(t);
                long editHeap = peakHeap();
                t = System.nanoTime();
                edit(parent, gids.size() > edits ? gids.subList(edits, gids.size()) : gids, edits, "untracked", true);
                double untracked = seconds(t);
                steps.add(new Step("tracked edits", "edits", edits, tracked, edits / untracked, "same edits untracked", editHeap));
                progress.worked(1);

                // 4. export and 5. import, against a raw JDBC batch apply of the same rows
                Path message = dir.resolve("changes.zip");
                resetPeaks();
                t = System.nanoTime();
                MessageResult exported = Messages.exportChanges(parent, "bench", message, Messages.ExportOptions.defaults(), progress.split(1));
                steps.add(new Step("export data change message", "changes", exported.records(), seconds(t), 0, "", peakHeap()));
                resetPeaks();
                t = System.nanoTime();
                MessageResult imported = Messages.importMessage(child, message, Messages.ImportOptions.defaults(), progress.split(1));
                double importSeconds = seconds(t);
                long importHeap = peakHeap();
                t = System.nanoTime();
                rawApply(child, gids.subList(0, edits));
                double rawApply = seconds(t);
                steps.add(new Step("import data change message", "changes", imported.records(), importSeconds, edits / rawApply,
                        "raw JDBC batch apply", importHeap));

                // 6. two-way sync of M edits, 1% of them conflicting, by column
                progress.subTask("Two-way synchronization");
                int half = edits / 2;
                int conflicting = Math.max(1, edits / 100);
                edit(parent, gids, half, "p", false);
                List<String> childRows = new ArrayList<>(gids.subList(half - conflicting, gids.size()));
                edit(child, childRows, half, "c", false, conflicting);
                resetPeaks();
                t = System.nanoTime();
                var job = Replicas.synchronize(parent, child, "bench", SyncOptions.defaults().withConflicts(ConflictDefinition.BY_COLUMN),
                        progress.split(1));
                steps.add(new Step("two-way sync (1% conflicting, by column)", "edits", job.getInserts() + job.getUpdates() + job.getDeletes(),
                        seconds(t), 0, "", peakHeap()));
            }
        } finally {
            delete(dir);
            progress.done();
        }
        return steps;
    }

    private static List<Field> fields() {
        return List.of(Field.of("NAME", FieldType.TEXT), Field.of("CATEGORY", FieldType.TEXT), Field.of("A1", FieldType.INTEGER),
                Field.of("A2", FieldType.INTEGER), Field.of("A3", FieldType.INTEGER), Field.of("A4", FieldType.INTEGER),
                Field.of("D1", FieldType.DOUBLE), Field.of("D2", FieldType.DOUBLE), Field.of("D3", FieldType.DOUBLE), Field.of("D4", FieldType.DOUBLE));
    }

    private static long insert(Geodatabase g, String table, int n, int columns, boolean dataset) throws SQLException {
        try (PreparedStatement p = g.connection().prepareStatement("INSERT INTO " + table
                + " (GLOBALID, NAME, CATEGORY, A1, A2, A3, A4, D1, D2, D3, D4, SHAPE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                p.setString(1, gid(i));
                p.setString(2, "feature " + i);
                p.setString(3, "category " + (i % 7));
                for (int a = 0; a < 4; a++) {
                    p.setInt(4 + a, i * (a + 1));
                    p.setDouble(8 + a, i / (a + 1.5));
                }
                p.setBytes(12, Geometries.toWkb(Geometries.parseWkt("POINT (" + (i % columns) * SPACING + " " + (i / columns) * SPACING + ")")));
                p.addBatch();
                if (i % 1000 == 999) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
        return n;
    }

    private static String gid(int i) {
        return new UUID(0x4000L | ((long) i << 16), 0x8000000000000000L | i).toString();
    }

    private static List<String> areaGlobalIds(int features, int columns, double maxX) {
        List<String> gids = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            if ((i % columns) * SPACING < maxX) {
                gids.add(gid(i));
            }
        }
        java.util.Collections.shuffle(gids, new Random(1));
        return gids;
    }

    private static void edit(Geodatabase gdb, List<String> gids, int n, String tag, boolean untracked) throws GeodatabaseException {
        edit(gdb, gids, n, tag, untracked, 0);
    }

    private static void edit(Geodatabase gdb, List<String> gids, int n, String tag, boolean untracked, int conflicting)
            throws GeodatabaseException {
        Geodatabase.Work<Void> work = g -> {
            for (int i = 0; i < n; i++) {
                Map<String, Object> values = new LinkedHashMap<>();
                if (tag.startsWith("c") && i >= conflicting) {
                    values.put("D1", (double) i); // another field than the parent's edits: merges
                } else {
                    values.put("NAME", tag + " " + i); // the parent's field: the first rows conflict
                }
                g.update("POINTS", gids.get(i % gids.size()), values, null);
            }
            return null;
        };
        if (untracked) {
            gdb.applyWithoutTracking(work);
        } else {
            gdb.inTransaction(work);
        }
    }

    private static void rawApply(Geodatabase child, List<String> gids) throws GeodatabaseException {
        child.applyWithoutTracking(g -> {
            try (PreparedStatement p = g.connection().prepareStatement("UPDATE POINTS SET NAME = ? WHERE GLOBALID = ?")) {
                int i = 0;
                for (String gid : gids) {
                    p.setString(1, "raw " + i++);
                    p.setString(2, gid);
                    p.addBatch();
                    if (i % 1000 == 0) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            return null;
        });
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder left behind is not worth failing the report for
        }
    }

    /** The steps as a table. */
    public static String table(List<Step> steps) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-42s %10s %9s %12s %12s %7s %9s  %s%n", "step", "items", "seconds",
                "per second", "baseline/s", "ratio", "peak MB", "baseline"));
        for (Step s : steps) {
            b.append(String.format(Locale.ROOT, "%-42s %10d %9.2f %12.0f %12s %7s %9.1f  %s%n", s.name(), s.items(), s.seconds(), s.perSecond(),
                    s.baselinePerSecond() > 0 ? String.format(Locale.ROOT, "%.0f", s.baselinePerSecond()) : "-",
                    s.baselinePerSecond() > 0 ? String.format(Locale.ROOT, "%.2f", s.ratio()) : "-", s.peakHeapBytes() / 1048576.0, s.baseline()));
        }
        return b.toString();
    }

}
