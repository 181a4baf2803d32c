package org.geosync.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SampleCity;
import org.geosync.core.SyncOptions;
import org.geosync.core.bench.Benchmark;
import org.geosync.core.bench.Benchmark.Baseline;
import org.geosync.core.bench.Benchmark.Step;
import org.geosync.model.SpatialRelation;

/**
 * The sync service measured against the direct path ({@code geosync bench --service}): a sample city of N parcels is served
 * on loopback by this process, and each step runs once through the service (HTTP, messages) and once directly (the engine on
 * the same parent: a local replica creation, a connected synchronization), in the same run, on two equal parts of the city
 * (the first and the second tenth of its blocks' columns), so neither path carries the other's edits. Steps: creating a
 * two-way replica of ~10% of the city; synchronizing M edits each way (M parcels of the replica changed on the parent and M
 * others on the child); and C clients at once, each with its own replica of the parcels of one column of blocks and its
 * own rows to edit there, against the same synchronizations of as many local replicas one after another. The ratio is the direct path's
 * time over the service's (1.0: as fast; within 1.5x is 0.67 or more). Numbers, no verdicts.
 */
public final class ServiceBenchmark {

    private ServiceBenchmark() {
    }

    /** Runs the steps in a temporary folder under {@code work} (deleted afterwards). */
    public static List<Step> run(Path work, int parcels, int edits, int clients, IProgressMonitor monitor) throws GeodatabaseException {
        int columns = (int) Math.ceil(Math.sqrt(parcels));
        if (clients < 1 || edits < 1 || columns < 20 || columns < 2 * clients + 1) {
            throw new GeodatabaseException("The service benchmark needs at least 1 client, 1 edit, 400 parcels and (2 x clients + 1)^2"
                    + " parcels (each client edits rows of its own in one column of blocks); got " + parcels + " parcels, " + edits
                    + " edits and " + clients + " clients.");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "GeoSync service benchmark", 5);
        Path dir = null;
        List<Step> steps = new ArrayList<>();
        try {
            dir = Files.createTempDirectory(work, "geosync-service-bench");
            Path users = dir.resolve("users");
            String token = UsersFile.add(users, "bench", "administrator");
            Geodatabase parent = Geodatabase.create(dir.resolve("city"));
            progress.subTask("Making a sample city of " + parcels + " parcels");
            SampleCity.populate(parent, parcels, progress.split(1));
            int epsg = parent.dataset("PARCELS").epsg();
            int tenth = columns / 10;
            int rowsOfBlocks = (parcels + columns - 1) / columns;
            // part 0 (direct) and part 1 (service): a tenth of the columns each; their first columns for the clients
            int[][] part = { rows(parcels, columns, 0, tenth), rows(parcels, columns, tenth, 2 * tenth) };
            int[][] strip = { rows(parcels, columns, 0, 1), rows(parcels, columns, tenth, tenth + 1) };
            String[] area = { box(0, tenth, rowsOfBlocks), box(tenth, 2 * tenth, rowsOfBlocks) };
            String[] stripArea = { box(0, 1, rowsOfBlocks), box(tenth, tenth + 1, rowsOfBlocks) };
            try (SyncService service = SyncService.start(new SyncService.Options().port(0), UsersFile.load(users), Map.of("city", parent))) {
                ServiceClient client = ServiceClient.connect("http://127.0.0.1:" + service.port() + "/city", token);
                SyncOptions direct = SyncOptions.defaults();

                // 1. a two-way replica of ~10%, directly and through the service
                progress.subTask("Creating a replica of ~10%");
                long t = System.nanoTime();
                Replicas.create(parent, dir.resolve("direct"), spec("direct", area[0], epsg), null);
                double directCreate = Benchmark.seconds(t);
                Benchmark.resetPeaks();
                t = System.nanoTime();
                client.createReplica(spec("served", area[1], epsg), dir.resolve("served"));
                steps.add(new Step("create replica (~10%) through the service", "parcels", part[1].length, Benchmark.seconds(t),
                        new Baseline("the same creation directly", part[0].length, directCreate), Benchmark.peakHeap()));
                progress.worked(1);

                // 2. M edits each way
                int m = Math.min(edits, Math.min(part[0].length, part[1].length) / 2);
                progress.subTask("Synchronizing " + m + " edits each way");
                try (Geodatabase directChild = Geodatabase.open(dir.resolve("direct")); Geodatabase servedChild = Geodatabase.open(dir.resolve("served"))) {
                    Replicas.synchronize(parent, directChild, "direct", direct, null); // both even, the right to send (not timed)
                    RemoteSync.synchronize(servedChild, client, "served", true, true, null, null, null);
                    edit(parent, part[0], 0, m, "parent");
                    edit(parent, part[1], 0, m, "parent");
                    edit(directChild, part[0], m, m, "child");
                    edit(servedChild, part[1], m, m, "child");
                    t = System.nanoTime();
                    Replicas.synchronize(parent, directChild, "direct", direct, null);
                    double directSync = Benchmark.seconds(t);
                    Benchmark.resetPeaks();
                    t = System.nanoTime();
                    RemoteSync.synchronize(servedChild, client, "served", true, true, null, null, null);
                    steps.add(new Step("synchronize " + m + " edits each way through the service", "edits", 2L * m, Benchmark.seconds(t),
                            new Baseline("the same connected synchronization directly", 2L * m, directSync), Benchmark.peakHeap()));
                }
                progress.worked(1);

                // 3. C clients at once, each with its own replica of a column of blocks and its own rows to edit there; against
                //    the same synchronizations of as many local replicas, one after another
                progress.subTask(clients + " clients synchronizing at once");
                int each = Math.min(strip[0].length, strip[1].length) / (clients + 1);
                List<Path> children = new ArrayList<>(), directChildren = new ArrayList<>();
                SubMonitor making = progress.split(1).setWorkRemaining(clients);
                for (int c = 0; c < clients; c++) {
                    Path child = dir.resolve("client" + c), local = dir.resolve("direct" + c);
                    // (parcels alone: the sample's tables are not filtered by area, and each client would copy them whole)
                    client.createReplica(spec("client" + c, stripArea[1], epsg).withDatasets(PARCELS_ONLY), child);
                    Replicas.create(parent, local, spec("direct" + c, stripArea[0], epsg).withDatasets(PARCELS_ONLY), null);
                    children.add(child);
                    directChildren.add(local);
                    try (Geodatabase g = Geodatabase.open(child)) {
                        RemoteSync.synchronize(g, client, "client" + c, true, true, null, null, null); // the right to send (not timed)
                        edit(g, strip[1], c * each, each, "client " + c);
                    }
                    try (Geodatabase g = Geodatabase.open(local)) {
                        Replicas.synchronize(parent, g, "direct" + c, direct, null);
                        edit(g, strip[0], c * each, each, "client " + c);
                    }
                    making.worked(1);
                }
                // what every client receives
                edit(parent, strip[0], clients * each, each, "every client");
                edit(parent, strip[1], clients * each, each, "every client");
                t = System.nanoTime();
                for (int c = 0; c < clients; c++) {
                    try (Geodatabase g = Geodatabase.open(directChildren.get(c))) {
                        Replicas.synchronize(parent, g, "direct" + c, direct, null);
                    }
                }
                double directMany = Benchmark.seconds(t);
                List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                Benchmark.resetPeaks();
                t = System.nanoTime();
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        int k = c;
                        running.add(pool.submit(() -> {
                            long s = System.nanoTime();
                            try (Geodatabase g = Geodatabase.open(children.get(k))) {
                                RemoteSync.synchronize(g, client, "client" + k, true, true, null, null, null);
                            }
                            latencies.add(Benchmark.seconds(s));
                            return null;
                        }));
                    }
                    for (Future<?> f : running) {
                        f.get();
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof GeodatabaseException g ? g
                            : new GeodatabaseException("A client's synchronization failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GeodatabaseException("Interrupted.", e);
                } finally {
                    pool.shutdownNow();
                }
                double serviceMany = Benchmark.seconds(t);
                Collections.sort(latencies);
                double p95 = latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.95) - 1));
                steps.add(new Step(clients + " clients at once through the service (p95 " + String.format(java.util.Locale.ROOT, "%.2f", p95)
                        + " s)", "syncs", clients, serviceMany, new Baseline("the same synchronizations one by one directly", clients, directMany),
                        Benchmark.peakHeap()));
                progress.worked(1);
            }
            return steps;
        } catch (IOException | ServiceException e) {
            throw new GeodatabaseException("The service benchmark could not run: " + e.getMessage(), e);
        } finally {
            Api.deleteTree(dir);
            progress.done();
        }
    }

    private static final List<ReplicaSpec.DatasetSpec> PARCELS_ONLY = List.of(ReplicaSpec.DatasetSpec.all("PARCELS"));

    private static ReplicaSpec spec(String name, String area, int epsg) {
        return ReplicaSpec.twoWay(name).withArea(area, epsg, SpatialRelation.INTERSECTS);
    }

    /** The PARCEL_NO of the sample's parcels in the block columns [{@code from}, {@code to}). */
    private static int[] rows(int parcels, int columns, int from, int to) {
        return java.util.stream.IntStream.range(0, parcels).filter(i -> i % columns >= from && i % columns < to).map(i -> i + 1).toArray();
    }

    /** The box around the block columns [{@code from}, {@code to}) of the sample (blocks 100 m apart from (1,000,000, 6,000,000)). */
    private static String box(int from, int to, int rows) {
        double x0 = 1_000_000 + from * 100 - 5, x1 = 1_000_000 + to * 100 - 15, y0 = 5_999_995, y1 = 6_000_000 + rows * 100;
        return "POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1 + ", " + x0 + " " + y0 + "))";
    }

    /** Sets LAND_USE of {@code count} parcels of {@code rows} from index {@code from} (a tracked edit each). */
    private static void edit(Geodatabase g, int[] rows, int from, int count, String value) throws GeodatabaseException {
        StringBuilder in = new StringBuilder();
        for (int i = from; i < from + count && i < rows.length; i++) {
            in.append(in.isEmpty() ? "" : ",").append(rows[i]);
        }
        if (!in.isEmpty()) {
            g.executeUserSql("UPDATE PARCELS SET LAND_USE = '" + value + "' WHERE PARCEL_NO IN (" + in + ")", null);
        }
    }
}
