package org.geosync.core.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.gpkg.SqliteFiles;
import org.geosync.model.ConflictDefinition;

/**
 * The standard workload ({@code geosync bench}): load N features with 10 attributes, half of them points
 * (POINTS) and half small square polygons (POLYGONS) on one grid, check out a replica holding ~10% of
 * them by area, change 1% of the rows and export them as a data change message, import it, make M
 * tracked edits, and synchronize them with M edits made on the child (1% of them conflicting, by
 * column). Edits are mixed: attribute updates, every tenth one also moves the shape, every twentieth is
 * an insert.
 * <p>
 * Each step prints its throughput and a baseline measured in the same run on the same data: the load and
 * the import against a raw JDBC batch of the same rows into the same Derby schema, the tracked edits
 * against the same kind of edits with change tracking off, the checkout against {@code ogr2ogr} copying
 * the same features (same {@code -spat} box) from a GeoPackage export of the parent into a new
 * GeoPackage, and the message export against {@code sqldiff} between GeoPackages of the parent before
 * and after the change. A tool that is not on the search path is reported as not installed, with no
 * ratio. Peak heap is measured per step, the process's peak RSS once. Numbers, no verdicts.
 */
public final class Benchmark {

    /** What a step is measured against: a description, how many items it handled, in how many seconds (0: none). */
    public record Baseline(String description, long items, double seconds) {

        static final Baseline NONE = new Baseline("", 0, 0);

        /** A baseline that could not be measured; {@code why} says so (e.g. "ogr2ogr not installed"). */
        static Baseline missing(String why) {
            return new Baseline(why, 0, 0);
        }

        public boolean measured() {
            return items > 0 && seconds > 0;
        }

        public double perSecond() {
            return measured() ? items / seconds : 0;
        }
    }

    /** One measured step: its name, how many items, seconds, its baseline and the peak heap while it ran. */
    public record Step(String name, String unit, long items, double seconds, Baseline against, long peakHeapBytes) {

        public double perSecond() {
            return seconds <= 0 ? 0 : items / seconds;
        }

        /** The baseline's items per second (0: none). */
        public double baselinePerSecond() {
            return against.perSecond();
        }

        /** The baseline's description, or why there is none. */
        public String baseline() {
            return against.description();
        }

        /** This step's throughput over the baseline's (0 without a baseline). */
        public double ratio() {
            return baselinePerSecond() <= 0 ? 0 : perSecond() / baselinePerSecond();
        }
    }

    /**
     * A whole run: the steps, how many point and polygon features, how many rows the message step changed
     * (1%), the external tools used (name to version, or "not installed") and the process's peak resident
     * set size in bytes (VmHWM; -1 where /proc is not available).
     */
    public record Result(List<Step> steps, int points, int polygons, int changedRows, Map<String, String> tools, long peakRssBytes) {
    }

    static final String POINTS = "POINTS";
    static final String POLYGONS = "POLYGONS";
    private static final int EPSG = 3857;
    private static final double SPACING = 10;
    private static final double SIDE = 6;
    private static final long TOOL_TIMEOUT_HOURS = 6;

    private Benchmark() {
    }

    /** The directories of the PATH environment variable, where {@link #run} looks for ogr2ogr and sqldiff by default. */
    public static List<Path> systemPath() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        return dirs;
    }

    /** The executable {@code name} in the first of {@code searchPath}'s directories that has it, or null. */
    public static Path findTool(String name, List<Path> searchPath) {
        for (Path dir : searchPath) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs the workload in a temporary folder under {@code work} (deleted afterwards), with the tools on PATH. */
    public static Result run(Path work, int features, int edits, IProgressMonitor monitor) throws GeodatabaseException {
        return run(work, features, edits, systemPath(), monitor);
    }

    /** Runs the workload in a temporary folder under {@code work}, looking for ogr2ogr and sqldiff in {@code toolPath}. */
    public static Result run(Path work, int features, int edits, List<Path> toolPath, IProgressMonitor monitor) throws GeodatabaseException {
        return run(work, null, features, edits, toolPath, monitor);
    }

    /**
     * Runs the workload with the parent in {@code parentLocation}: null for a Derby directory in the temporary folder, or a
     * new PostgreSQL schema (dropped at the end; one that exists is refused). With a PostgreSQL parent the checkout's baseline
     * is ogr2ogr from PostGIS to a GeoPackage, with the same box (libpq finds the password as usual: PGPASSWORD, ~/.pgpass).
     */
    public static Result run(Path work, org.geosync.core.GeodatabaseLocation parentLocation, int features, int edits, List<Path> toolPath,
            IProgressMonitor monitor) throws GeodatabaseException {
        if (parentLocation != null && !parentLocation.isPostgresql()) {
            parentLocation = null; // a directory: the temporary folder's own parent
        }
        if (features < 100 || edits < 10 || edits > features / 10) {
            throw new GeodatabaseException("The workload needs at least 100 features and 10 edits, and at most a tenth as many edits as"
                    + " features (the edits change rows of the 10% replica); got " + features + " features and " + edits + " edits.");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "GeoSync benchmark", 10);
        Path dir;
        try {
            dir = Files.createTempDirectory(work, "geosync-bench");
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot create a folder for the benchmark in " + work + ": " + e.getMessage(), e);
        }
        Path ogr2ogr = findTool("ogr2ogr", toolPath);
        Path sqldiff = findTool("sqldiff", toolPath);
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("ogr2ogr", ogr2ogr == null ? "not installed" : version(dir, ogr2ogr));
        tools.put("sqldiff", sqldiff == null ? "not installed" : sqldiff.toString());
        List<Step> steps = new ArrayList<>();
        Grid grid = new Grid(features);
        int changed = Math.max(1, features / 100);
        org.geosync.core.GeodatabaseLocation pgParent = parentLocation;
        try (Geodatabase parent = pgParent == null ? Geodatabase.create(dir.resolve("parent"))
                : org.geosync.core.internal.postgres.PostgresSchemas.createNew(pgParent, null)) {
            // 1. load, against a raw JDBC batch of the same rows into plain tables
            progress.subTask("Loading " + features + " features");
            resetPeaks();
            long t = System.nanoTime();
            parent.createAndLoad(POINTS, GeometryType.POINT, EPSG, fields(), d -> load(parent, POINTS, grid));
            parent.createAndLoad(POLYGONS, GeometryType.POLYGON, EPSG, fields(), d -> load(parent, POLYGONS, grid));
            double load = seconds(t);
            long loadHeap = peakHeap();
            t = System.nanoTime();
            for (String ds : List.of(POINTS, POLYGONS)) {
                String dbl = parent.dialect().doubleType();
                parent.executeSql("CREATE TABLE RAW_" + ds + " (OBJECTID INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, GLOBALID CHAR(36),"
                        + " NAME VARCHAR(64), CATEGORY VARCHAR(32), A1 INTEGER, A2 INTEGER, A3 INTEGER, A4 INTEGER, D1 " + dbl + ", D2 " + dbl + ","
                        + " D3 " + dbl + ", D4 " + dbl + ", SHAPE " + parent.dialect().blobType() + ")", null);
                parent.inTransaction(g -> insert(g, "RAW_" + ds, grid));
            }
            double raw = seconds(t);
            for (String ds : List.of(POINTS, POLYGONS)) {
                parent.executeSql("DROP TABLE RAW_" + ds, null);
            }
            steps.add(new Step("load features", "features", features, load, new Baseline("raw JDBC batch", features, raw), loadHeap));
            progress.worked(1);

            // 2. checkout by area (the first tenth of the grid's columns), against ogr2ogr -spat between GeoPackages
            progress.subTask("Exporting the parent to a GeoPackage for the baselines");
            Path before = dir.resolve("before.gpkg");
            GeoPackages.export(parent, before, List.of(), progress.split(1));
            progress.subTask("Creating a replica of ~10%");
            resetPeaks();
            t = System.nanoTime();
            Replicas.create(parent, dir.resolve("child"), ReplicaSpec.twoWay("bench").withArea(grid.areaWkt(), EPSG,
                    org.geosync.model.SpatialRelation.INTERSECTS), progress.split(1));
            double checkout = seconds(t);
            long checkoutHeap = peakHeap();
            steps.add(new Step("checkout replica (area, ~10%)", "features", grid.inArea.length, checkout,
                    ogr2ogr == null ? Baseline.missing("ogr2ogr not installed")
                            : extract(dir, ogr2ogr, pgParent == null ? before.toString() : gdalSource(pgParent),
                                    pgParent == null ? "GeoPackage" : "PostGIS", grid), checkoutHeap));

            try (Geodatabase child = Geodatabase.open(dir.resolve("child"))) {
                // 3. export a message for 1% changed rows, against sqldiff between the before and after GeoPackages
                progress.subTask("Changing 1% of the rows");
                List<Edit> change = plan(grid.inArea, 0, changed, "m", 0, Kind.NAME);
                parent.inTransaction(g -> apply(g, change, grid));
                Path after = dir.resolve("after.gpkg");
                GeoPackages.export(parent, after, List.of(), progress.split(1));
                Path message = dir.resolve("changes.zip");
                resetPeaks();
                t = System.nanoTime();
                MessageResult exported = Messages.exportChanges(parent, "bench", message, Messages.ExportOptions.defaults(), progress.split(1));
                double export = seconds(t);
                long exportHeap = peakHeap();
                steps.add(new Step("export data change message (1% of rows)", "changes", exported.records(), export,
                        sqldiff == null ? Baseline.missing("sqldiff not installed") : diff(dir, sqldiff, before, after, changed), exportHeap));
                delete(before);
                delete(after);

                // 4. import it, against a raw JDBC batch apply of the same rows into the same schema
                resetPeaks();
                t = System.nanoTime();
                MessageResult imported = Messages.importMessage(child, message, Messages.ImportOptions.defaults(), progress.split(1));
                double importSeconds = seconds(t);
                long importHeap = peakHeap();
                t = System.nanoTime();
                child.applyWithoutTracking(g -> rawApply(g, change, grid));
                steps.add(new Step("import data change message", "changes", imported.records(), importSeconds,
                        new Baseline("raw JDBC batch apply", change.size(), seconds(t)), importHeap));

                // 5. M tracked edits on the parent, against the same kind of edits untracked (outside the area)
                progress.subTask("Editing");
                List<Edit> parentEdits = plan(grid.inArea, changed, edits, "p", 0, Kind.NAME);
                resetPeaks();
                t = System.nanoTime();
                parent.inTransaction(g -> apply(g, parentEdits, grid));
                double tracked = seconds(t);
                long editHeap = peakHeap();
                List<Edit> untrackedEdits = plan(grid.outside, 0, edits, "u", 0, Kind.NAME);
                t = System.nanoTime();
                parent.applyWithoutTracking(g -> apply(g, untrackedEdits, grid));
                steps.add(new Step("tracked edits", "edits", edits, tracked, new Baseline("same edits untracked", edits, seconds(t)), editHeap));
                progress.worked(1);

                // 6. two-way sync of M edits on each side, 1% of them conflicting, by column
                progress.subTask("Two-way synchronization");
                int conflicting = Math.max(1, edits / 100);
                int[] childRows = parentEdits.stream().filter(e -> e.kind() != Kind.INSERT).mapToInt(Edit::row).limit(conflicting).toArray();
                // (rows whose NAME the parent changed: the child's first edits change NAME too, and conflict)
                List<Edit> childEdits = new ArrayList<>(plan(childRows, 0, conflicting, "c", 0, Kind.CONFLICT));
                childEdits.addAll(plan(grid.inArea, changed + edits, edits - conflicting, "c", conflicting, Kind.MERGE));
                child.inTransaction(g -> apply(g, childEdits, grid));
                resetPeaks();
                t = System.nanoTime();
                var job = Replicas.synchronize(parent, child, "bench", SyncOptions.defaults().withConflicts(ConflictDefinition.BY_COLUMN),
                        progress.split(1));
                steps.add(new Step("two-way sync (1% conflicting, by column)", "edits", job.getInserts() + job.getUpdates() + job.getDeletes(),
                        seconds(t), Baseline.NONE, peakHeap()));

                // 7. (PostgreSQL) synchronizations while 4 connections edit, against the same connections editing alone
                if (pgParent != null) {
                    progress.subTask("Synchronizing while " + EDITORS + " connections edit");
                    steps.add(syncWhileEditing(parent, child, pgParent, grid));
                }
            }
        } finally {
            delete(dir);
            if (pgParent != null) {
                org.geosync.core.internal.postgres.PostgresSchemas.dropQuietly(pgParent, null);
            }
            progress.done();
        }
        return new Result(steps, grid.count(POINTS), grid.count(POLYGONS), changed, tools, peakRss());
    }

    /** How many connections edit the PostgreSQL parent at once in step 7, and for how long each phase runs at least. */
    private static final int EDITORS = 4;
    private static final long PHASE_MILLIS = 3000;

    /**
     * Four connections edit rows of the replica's area as a desktop GIS would (a plain UPDATE each, committed at once,
     * tracked by the parent's triggers): first alone for a while (the baseline), then while the parent synchronizes with the
     * child again and again. The step's rate is the editors' edits per second while synchronizations run; each edit that
     * waits for an exchange's generation cut lowers it. Afterwards one more synchronization runs, and every edited row must
     * hold in the child what its last committed edit wrote in the parent; a lost edit ends the benchmark with a sentence.
     */
    private static Step syncWhileEditing(Geodatabase parent, Geodatabase child, org.geosync.core.GeodatabaseLocation location, Grid grid)
            throws GeodatabaseException {
        Replicas.synchronize(parent, child, "bench", SyncOptions.defaults(), null); // both sides even before the editors start
        Phase alone = editConcurrently(location, grid, "a", null);
        resetPeaks();
        int[] syncs = { 0 };
        Phase during = editConcurrently(location, grid, "s", () -> {
            Replicas.synchronize(parent, child, "bench", SyncOptions.defaults(), null);
            syncs[0]++;
        });
        Replicas.synchronize(parent, child, "bench", SyncOptions.defaults(), null);
        for (String ds : List.of(POINTS, POLYGONS)) {
            Map<String, String> there = names(child, ds);
            for (Map.Entry<String, String> e : names(parent, ds).entrySet()) {
                String value = e.getValue();
                if (value != null && (value.startsWith("s") || value.startsWith("a")) && value.contains("-") && there.containsKey(e.getKey())
                        && !value.equals(there.get(e.getKey()))) {
                    throw new GeodatabaseException("The benchmark found an edit that did not reach the replica: " + ds + " row " + e.getKey()
                            + " holds '" + value + "' in the parent but '" + there.get(e.getKey()) + "' in the child after "
                            + syncs[0] + " synchronizations during concurrent edits; please report this.");
                }
            }
        }
        return new Step("sync while " + EDITORS + " connections edit", "edits", during.edits(), during.seconds(),
                new Baseline(EDITORS + " connections editing alone", alone.edits(), alone.seconds()), peakHeap());
    }

    /** How many edits the connections committed in a phase, and how long it ran. */
    private record Phase(long edits, double seconds) {
    }

    /** Work the main thread repeats while the editors run. */
    @FunctionalInterface
    private interface Meanwhile {
        void run() throws GeodatabaseException;
    }

    /**
     * Runs {@link #EDITORS} connections that update NAME of rows of the area (each its own rows), one committed UPDATE at a
     * time, while the main thread repeats {@code meanwhile} (at least twice, for at least {@link #PHASE_MILLIS}); returns how
     * many edits the connections committed and how long the phase ran. With {@code meanwhile} null the main thread only waits.
     */
    private static Phase editConcurrently(org.geosync.core.GeodatabaseLocation location, Grid grid, String tag, Meanwhile meanwhile)
            throws GeodatabaseException {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong edits = new java.util.concurrent.atomic.AtomicLong();
        List<Geodatabase> editors = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        double seconds;
        try {
            for (int k = 0; k < EDITORS; k++) {
                editors.add(Geodatabase.open(location, null));
            }
            for (int k = 0; k < EDITORS; k++) {
                int editor = k;
                Connection c = editors.get(k).connection();
                threads.add(new Thread(() -> {
                    try (PreparedStatement points = c.prepareStatement("UPDATE " + POINTS + " SET NAME = ? WHERE GLOBALID = ?");
                            PreparedStatement polygons = c.prepareStatement("UPDATE " + POLYGONS + " SET NAME = ? WHERE GLOBALID = ?")) {
                        for (int n = 0; !stop.get(); n++) {
                            int row = grid.inArea[(n * EDITORS + editor) % grid.inArea.length];
                            PreparedStatement p = dataset(row).equals(POINTS) ? points : polygons;
                            p.setString(1, tag + editor + "-" + n);
                            p.setString(2, gid(row));
                            p.executeUpdate();
                            c.commit();
                            edits.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        failed.compareAndSet(null, e);
                    }
                }, "benchmark editor " + k));
            }
            long t = System.nanoTime();
            threads.forEach(Thread::start);
            int rounds = 0;
            do {
                if (meanwhile == null) {
                    Thread.sleep(50); // the editors alone: the main thread only waits
                } else {
                    meanwhile.run();
                }
                rounds++;
            } while ((rounds < 2 || System.nanoTime() - t < PHASE_MILLIS * 1_000_000) && failed.get() == null);
            stop.set(true);
            for (Thread th : threads) {
                th.join();
            }
            seconds = seconds(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GeodatabaseException("The benchmark was interrupted while connections edited.", e);
        } finally {
            stop.set(true);
            editors.forEach(Geodatabase::close);
        }
        if (failed.get() != null) {
            throw new GeodatabaseException("An editing connection of the benchmark failed: " + failed.get().getMessage(), failed.get());
        }
        return new Phase(edits.get(), seconds);
    }

    /** GLOBALID to NAME of every row of {@code ds}. */
    private static Map<String, String> names(Geodatabase g, String ds) throws GeodatabaseException {
        Map<String, String> out = new java.util.HashMap<>();
        g.inTransaction(x -> {
            try (Statement s = x.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT GLOBALID, NAME FROM " + ds)) {
                while (rs.next()) {
                    out.put(rs.getString(1).trim(), rs.getString(2));
                }
            }
            return null;
        });
        return out;
    }

    /**
     * The grid: feature i sits in column i % columns and row i / columns, 10 units apart; even features are
     * points, odd ones 6×6 squares. The replica's area is the first tenth of the columns.
     */
    private static final class Grid {
        final int features;
        final int columns;
        final double maxX;
        /** The features inside the area and outside it, each in a fixed random order (int arrays: the heap stays small). */
        final int[] inArea;
        final int[] outside;

        Grid(int features) {
            this.features = features;
            columns = (int) Math.ceil(Math.sqrt(features));
            maxX = columns / 10.0 * SPACING;
            int n = 0;
            for (int i = 0; i < features; i++) {
                n += x(i) < maxX ? 1 : 0;
            }
            inArea = new int[n];
            outside = new int[features - n];
            int a = 0;
            int o = 0;
            for (int i = 0; i < features; i++) {
                if (x(i) < maxX) {
                    inArea[a++] = i;
                } else {
                    outside[o++] = i;
                }
            }
            shuffle(inArea, new Random(1));
            shuffle(outside, new Random(2));
        }

        private static void shuffle(int[] a, Random random) {
            for (int i = a.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }

        double x(int i) {
            return (i % columns) * SPACING;
        }

        double y(int i) {
            return (i / columns) * SPACING;
        }

        int count(String dataset) {
            return POINTS.equals(dataset) ? (features + 1) / 2 : features / 2;
        }

        /** The area as a rectangle: minX, minY, maxX, maxY (what ogr2ogr -spat takes). */
        double[] box() {
            return new double[] { -1, -1, maxX - 1, columns * SPACING };
        }

        String areaWkt() {
            double[] b = box();
            return String.format(Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))", b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3],
                    b[0], b[1]);
        }

        /** Feature i's shape, moved up by dy (moves stay inside the area: the box is taller than the grid). */
        String wkt(int i, double dy) {
            double x = x(i);
            double y = y(i) + dy;
            if (i % 2 == 0) {
                return String.format(Locale.ROOT, "POINT (%s %s)", x, y);
            }
            return String.format(Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))", x, y, x + SIDE, y, x + SIDE, y + SIDE, x, y + SIDE,
                    x, y);
        }
    }

    static String dataset(int i) {
        return i % 2 == 0 ? POINTS : POLYGONS;
    }

    private static List<Field> fields() {
        return List.of(Field.of("NAME", FieldType.TEXT), Field.of("CATEGORY", FieldType.TEXT), Field.of("A1", FieldType.INTEGER),
                Field.of("A2", FieldType.INTEGER), Field.of("A3", FieldType.INTEGER), Field.of("A4", FieldType.INTEGER),
                Field.of("D1", FieldType.DOUBLE), Field.of("D2", FieldType.DOUBLE), Field.of("D3", FieldType.DOUBLE), Field.of("D4", FieldType.DOUBLE));
    }

    /** Loads the grid's points or polygons into a new dataset as GeoSync loads a layer (a bulk insert, as a GeoPackage import does). */
    private static long load(Geodatabase g, String table, Grid grid) throws SQLException, GeodatabaseException {
        int[] i = { table.endsWith(POINTS) ? 0 : 1 };
        return org.geosync.core.internal.storage.BulkInsert.into(g.connection(), table,
                List.of("GLOBALID", "NAME", "CATEGORY", "A1", "A2", "A3", "A4", "D1", "D2", "D3", "D4", "SHAPE"), row -> {
                    if (i[0] >= grid.features) {
                        return false;
                    }
                    int f = i[0];
                    row[0] = gid(f);
                    row[1] = "feature " + f;
                    row[2] = "category " + (f % 7);
                    for (int a = 0; a < 4; a++) {
                        row[3 + a] = f * (a + 1);
                        row[7 + a] = f / (a + 1.5);
                    }
                    row[11] = Geometries.toWkb(Geometries.parseWkt(grid.wkt(f, 0)));
                    i[0] += 2;
                    return true;
                });
    }

    /** Inserts the grid's points (table RAW_POINTS) or polygons (RAW_POLYGONS) with a JDBC batch: the baseline of a load. */
    private static long insert(Geodatabase g, String table, Grid grid) throws SQLException {
        int first = table.endsWith(POINTS) ? 0 : 1;
        long n = 0;
        try (PreparedStatement p = g.connection().prepareStatement("INSERT INTO " + table
                + " (GLOBALID, NAME, CATEGORY, A1, A2, A3, A4, D1, D2, D3, D4, SHAPE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = first; i < grid.features; i += 2) {
                p.setString(1, gid(i));
                p.setString(2, "feature " + i);
                p.setString(3, "category " + (i % 7));
                for (int a = 0; a < 4; a++) {
                    p.setInt(4 + a, i * (a + 1));
                    p.setDouble(8 + a, i / (a + 1.5));
                }
                p.setBytes(12, Geometries.toWkb(Geometries.parseWkt(grid.wkt(i, 0))));
                p.addBatch();
                if (++n % 1000 == 0) {
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

    /** What an edit changes: NAME (and maybe SHAPE), a new row, NAME on a row the other side changed too, or D1 only. */
    private enum Kind {
        NAME, MOVE, INSERT, CONFLICT, MERGE
    }

    /** One planned edit of feature {@code row} (for an insert: the new feature goes beside it). */
    private record Edit(int row, Kind kind, String value, double dy) {
    }

    /**
     * Plans {@code n} edits of the rows {@code rows[offset..]} (wrapping): every twentieth an insert beside the
     * row; the others change NAME ({@code kind} NAME; every tenth also moves the shape), or NAME on rows the
     * other side changed ({@code CONFLICT}, no inserts), or D1 ({@code MERGE}, no moves: the other side's
     * edits of the same rows merge by column). {@code k0} numbers the edits.
     */
    private static List<Edit> plan(int[] rows, int offset, int n, String tag, int k0, Kind kind) {
        List<Edit> plan = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int k = k0 + j;
            int row = rows[(offset + j) % rows.length];
            String value = tag + " " + k;
            if (kind == Kind.CONFLICT) {
                plan.add(new Edit(row, Kind.CONFLICT, value, 0));
            } else if (k % 20 == 19) {
                plan.add(new Edit(row, Kind.INSERT, value, 3));
            } else if (k % 10 == 4 && kind != Kind.MERGE) {
                plan.add(new Edit(row, Kind.MOVE, value, 1 + k % 3));
            } else {
                plan.add(new Edit(row, kind, value, 0));
            }
        }
        return plan;
    }

    /** Applies the edits through the geodatabase's API (tracked or not, as the caller's transaction says). */
    private static Void apply(Geodatabase g, List<Edit> edits, Grid grid) throws GeodatabaseException {
        for (Edit e : edits) {
            String ds = dataset(e.row());
            Map<String, Object> values = new LinkedHashMap<>();
            switch (e.kind()) {
                case INSERT -> {
                    values.put("NAME", e.value());
                    values.put("CATEGORY", "inserted");
                    values.put("A1", e.row());
                    values.put("D1", (double) e.row());
                    g.insert(ds, values, grid.wkt(e.row(), e.dy()));
                }
                case MOVE -> {
                    values.put("NAME", e.value());
                    g.update(ds, gid(e.row()), values, grid.wkt(e.row(), e.dy()));
                }
                case MERGE -> {
                    values.put("D1", (double) e.value().hashCode());
                    g.update(ds, gid(e.row()), values, null);
                }
                default -> {
                    values.put("NAME", e.value());
                    g.update(ds, gid(e.row()), values, null);
                }
            }
        }
        return null;
    }

    /** The same edits as JDBC batches straight into the dataset tables (inserts get new GlobalIDs). */
    private static Void rawApply(Geodatabase g, List<Edit> edits, Grid grid) throws SQLException {
        Connection c = g.connection();
        Map<String, PreparedStatement> statements = new LinkedHashMap<>();
        try {
            int n = 0;
            for (Edit e : edits) {
                String ds = dataset(e.row());
                PreparedStatement p;
                switch (e.kind()) {
                    case INSERT -> {
                        p = statement(c, statements, ds + " I", "INSERT INTO " + ds + " (GLOBALID, NAME, CATEGORY, A1, D1, SHAPE) VALUES (?, ?, ?, ?, ?, ?)");
                        p.setString(1, UUID.randomUUID().toString());
                        p.setString(2, e.value());
                        p.setString(3, "inserted");
                        p.setInt(4, e.row());
                        p.setDouble(5, e.row());
                        p.setBytes(6, Geometries.toWkb(Geometries.parseWkt(grid.wkt(e.row(), e.dy()))));
                    }
                    case MOVE -> {
                        p = statement(c, statements, ds + " M", "UPDATE " + ds + " SET NAME = ?, SHAPE = ? WHERE GLOBALID = ?");
                        p.setString(1, e.value());
                        p.setBytes(2, Geometries.toWkb(Geometries.parseWkt(grid.wkt(e.row(), e.dy()))));
                        p.setString(3, gid(e.row()));
                    }
                    case MERGE -> {
                        p = statement(c, statements, ds + " D", "UPDATE " + ds + " SET D1 = ? WHERE GLOBALID = ?");
                        p.setDouble(1, e.value().hashCode());
                        p.setString(2, gid(e.row()));
                    }
                    default -> {
                        p = statement(c, statements, ds + " N", "UPDATE " + ds + " SET NAME = ? WHERE GLOBALID = ?");
                        p.setString(1, e.value());
                        p.setString(2, gid(e.row()));
                    }
                }
                p.addBatch();
                if (++n % 1000 == 0) {
                    for (PreparedStatement s : statements.values()) {
                        s.executeBatch();
                    }
                }
            }
            for (PreparedStatement s : statements.values()) {
                s.executeBatch();
            }
        } finally {
            for (PreparedStatement s : statements.values()) {
                s.close();
            }
        }
        return null;
    }

    private static PreparedStatement statement(Connection c, Map<String, PreparedStatement> statements, String key, String sql) throws SQLException {
        PreparedStatement p = statements.get(key);
        if (p == null) {
            p = c.prepareStatement(sql);
            statements.put(key, p);
        }
        return p;
    }

    /** ogr2ogr copying the features inside the area's box from the parent's GeoPackage into a new one. */
    /** GDAL's name of a PostgreSQL schema, naming the benchmark's two tables (no password: libpq's own sources). */
    private static String gdalSource(org.geosync.core.GeodatabaseLocation l) {
        return "PG:host=" + l.host() + " port=" + l.port() + " dbname=" + l.database() + (l.user() == null ? "" : " user=" + l.user())
                + " schemas=" + l.schema() + " tables=" + POINTS.toLowerCase(Locale.ROOT) + "," + POLYGONS.toLowerCase(Locale.ROOT);
    }

    private static Baseline extract(Path dir, Path ogr2ogr, String source, String sourceKind, Grid grid) {
        Path out = dir.resolve("extract.gpkg");
        double[] b = grid.box();
        List<String> command = new ArrayList<>(List.of(ogr2ogr.toString(), "-f", "GPKG", out.toString(), source, "-spat"));
        for (double v : b) {
            command.add(String.format(Locale.ROOT, "%s", v));
        }
        String name = "ogr2ogr -spat, " + sourceKind + " to GeoPackage";
        try {
            double seconds = runTool(dir, command, null);
            long features = 0;
            try (Connection c = SqliteFiles.openReadOnly(out); Statement s = c.createStatement()) {
                for (String ds : List.of(POINTS, POLYGONS)) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + ds.toLowerCase(Locale.ROOT))) {
                        rs.next();
                        features += rs.getLong(1);
                    }
                }
            }
            if (features != grid.inArea.length) {
                name += " (" + features + " features)";
            }
            return new Baseline(name, features, seconds);
        } catch (IOException | SQLException e) {
            return Baseline.missing("ogr2ogr failed: " + e.getMessage());
        } finally {
            delete(out);
        }
    }

    /** sqldiff between the parent's GeoPackages before and after the change: what a user without change tracking does. */
    private static Baseline diff(Path dir, Path sqldiff, Path before, Path after, int changed) {
        Path out = dir.resolve("diff.sql");
        try {
            double seconds = runTool(dir, List.of(sqldiff.toString(), before.toString(), after.toString()), out);
            return new Baseline("sqldiff of the GeoPackages before and after", changed, seconds);
        } catch (IOException e) {
            return Baseline.missing("sqldiff failed: " + e.getMessage());
        } finally {
            delete(out);
        }
    }

    /** Runs a tool to completion, its output to {@code stdout} (or discarded); returns the seconds it took. */
    private static double runTool(Path dir, List<String> command, Path stdout) throws IOException {
        Path err = dir.resolve("tool.err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()))
                .redirectError(err.toFile());
        long t = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(TOOL_TIMEOUT_HOURS, TimeUnit.HOURS)) {
                p.destroyForcibly();
                throw new IOException("no result after " + TOOL_TIMEOUT_HOURS + " hours");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        double seconds = seconds(t);
        if (p.exitValue() != 0) {
            String message = Files.readString(err, StandardCharsets.UTF_8).strip();
            throw new IOException("exit code " + p.exitValue() + (message.isEmpty() ? "" : ": " + message.lines().findFirst().orElse("")));
        }
        return seconds;
    }

    /** The first line of {@code tool --version}, or the tool's path when it does not say. */
    private static String version(Path dir, Path tool) {
        Path out = dir.resolve("version.txt");
        try {
            runTool(dir, List.of(tool.toString(), "--version"), out);
            String v = Files.readString(out, StandardCharsets.UTF_8).strip();
            return v.isEmpty() ? tool.toString() : v.lines().findFirst().orElse(v);
        } catch (IOException e) {
            return tool.toString();
        } finally {
            delete(out);
        }
    }

    /** Seconds since {@code start} (a {@link System#nanoTime}). */
    public static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Starts a step's peak heap measurement (see {@link #peakHeap}). */
    public static void resetPeaks() {
        HeapPeak.reset();
    }

    /**
     * The most heap in use at one moment since {@link #resetPeaks}: the heap just before each collection (when it is fullest),
     * and now. Adding up each pool's own peak instead would count pools at their fullest at different moments.
     */
    public static long peakHeap() {
        return HeapPeak.peak();
    }

    /** This process's peak resident set size (VmHWM in /proc/self/status), or -1 where there is no /proc. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no number rather than a wrong one
        }
        return -1;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary file left behind is not worth failing the report for
        }
    }

    /**
     * What a step aims at: its ratio to its baseline at least {@code minRatio}, or, for a step without a baseline, at least
     * {@code minPerSecond} items a second.
     */
    public record Aim(String step, double minRatio, double minPerSecond) {

        /** The step's figure this aim is about, or NaN when the step did not run or its baseline was not measured. */
        public double value(List<Step> steps) {
            for (Step s : steps) {
                if (s.name().equals(step) || s.name().startsWith(step + " (")) {
                    if (minPerSecond > 0) {
                        return s.perSecond();
                    }
                    return s.baselinePerSecond() > 0 ? s.ratio() : Double.NaN;
                }
            }
            return Double.NaN;
        }

        /** Whether {@code value} (see {@link #value}) meets it. */
        public boolean met(double value) {
            return !Double.isNaN(value) && (minPerSecond > 0 ? value >= minPerSecond : value >= minRatio);
        }

        /** The aim in words: "ratio >= 0.67" or ">= 10000 edits/s". */
        public String says() {
            return minPerSecond > 0 ? String.format(Locale.ROOT, ">= %.0f/s", minPerSecond) : String.format(Locale.ROOT, "ratio >= %.2f", minRatio);
        }
    }

    /**
     * The aims of the standard workload: with a Derby parent, those of GeoSync against the tools an administrator would use
     * instead (a bulk load as fast as a raw batch, a checkout as fast as ogr2ogr, an export ten times sqldiff, an import at 0.6
     * of a raw apply, change capture costing at most 1.5 times, 10,000 synchronized edits a second); with a PostgreSQL parent,
     * those of the enterprise engine (a checkout as fast as ogr2ogr from PostGIS, an import at half a raw batch, change capture
     * costing at most 1.5 times).
     */
    public static List<Aim> standardAims(boolean postgresqlParent) {
        if (postgresqlParent) {
            return List.of(new Aim("checkout replica", 1.0, 0), new Aim("import data change message", 0.5, 0), new Aim("tracked edits", 0.67, 0));
        }
        return List.of(new Aim("load features", 1.0, 0), new Aim("checkout replica", 1.0, 0), new Aim("export data change message", 10, 0),
                new Aim("import data change message", 0.6, 0), new Aim("tracked edits", 0.67, 0), new Aim("two-way sync", 0, 10_000));
    }

    /** Each aim with the figure measured and whether it is met, then one line naming those met. */
    public static String aimsTable(List<Step> steps, List<Aim> aims) {
        StringBuilder b = new StringBuilder("aims:\n");
        List<String> met = new ArrayList<>();
        for (Aim aim : aims) {
            double v = aim.value(steps);
            String figure = Double.isNaN(v) ? "not measured" : aim.minPerSecond() > 0 ? String.format(Locale.ROOT, "%.0f/s", v)
                    : String.format(Locale.ROOT, "ratio %.2f", v);
            b.append(String.format(Locale.ROOT, "  %-40s %-14s aim %-14s %s%n", aim.step(), figure, aim.says(),
                    Double.isNaN(v) ? "not measured" : aim.met(v) ? "met" : "not met"));
            if (aim.met(v)) {
                met.add(aim.step());
            }
        }
        b.append(String.format(Locale.ROOT, "aims met: %d of %d%s%n", met.size(), aims.size(), met.isEmpty() ? "" : " (" + String.join(", ", met) + ")"));
        return b.toString();
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
