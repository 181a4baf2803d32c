package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.geosync.core.bench.Benchmark;
import org.geosync.core.GeodatabaseException;

/**
 * {@code geosync bench [--features N] [--edits M] [--json]}: the standard workload (see {@link Benchmark}), a table
 * and one JSON line. The baselines use ogr2ogr and sqldiff from PATH when they are installed.
 */
final class BenchCommand implements CommandLine.Command {

    static final String USAGE = "bench [--features N] [--edits M] [--json] [--dir DIR] [--parent postgresql://USER@HOST[:PORT]/DATABASE?schema=NEW]"
            + " | bench --service [--features N] [--edits M] [--clients C] [--json] [--dir DIR]";

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of("--features", "--edits", "--dir", "--parent", "--clients"), Set.of("--json", "--service"), USAGE)
                .expect(0, USAGE);
        if (a.has("--service")) {
            return service(a, out);
        }
        if (a.has("--clients")) {
            throw new CommandLine.UsageException("--clients is for 'bench --service'; expected '" + USAGE + "'");
        }
        int features = number(a, "--features", 100_000);
        int edits = number(a, "--edits", features / 10);
        Path dir = Path.of(a.value("--dir") == null ? System.getProperty("java.io.tmpdir") : a.value("--dir"));
        org.geosync.core.GeodatabaseLocation parent = a.value("--parent") == null ? null : org.geosync.core.GeodatabaseLocation.parse(a.value("--parent"));
        Benchmark.Result result = Benchmark.run(dir, parent, features, edits, Benchmark.systemPath(), ConsoleProgress.create());
        List<Benchmark.Step> steps = result.steps();
        List<Benchmark.Aim> aims = Benchmark.standardAims(parent != null);
        if (!a.has("--json")) {
            out.println("GeoSync benchmark" + (parent == null ? "" : " (parent in " + parent + ")") + ": " + features + " features with 10 attributes (" + result.points() + " points, " + result.polygons()
                    + " polygons), " + edits + " edits, message of " + result.changedRows() + " changed rows; Java " + Runtime.version()
                    + ", max heap " + Runtime.getRuntime().maxMemory() / 1048576 + " MB, " + Runtime.getRuntime().availableProcessors() + " CPUs");
            out.print(Benchmark.table(steps));
            out.print(Benchmark.aimsTable(steps, aims));
            result.tools().forEach((tool, version) -> out.println(tool + ": " + version));
            out.println("peak RSS: " + (result.peakRssBytes() < 0 ? "unknown" : result.peakRssBytes() / 1048576 + " MB"));
        }
        JsonWriter j = new JsonWriter().begin().field("engine", parent == null ? "derby" : "postgresql").field("features", features).field("edits", edits)
                .field("maxHeapBytes", Runtime.getRuntime().maxMemory()).beginArray("steps");
        for (Benchmark.Step s : steps) {
            j.begin().field("step", s.name()).field("unit", s.unit()).field("items", s.items())
                    .field("millis", Math.round(s.seconds() * 1000)).field("perSecond", Math.round(s.perSecond()))
                    .field("baseline", s.baseline().isEmpty() ? null : s.baseline())
                    .field("baselinePerSecond", Math.round(s.baselinePerSecond()))
                    .field("ratioPercent", Math.round(s.ratio() * 100)).field("peakHeapBytes", s.peakHeapBytes())
                    .field("baselineItems", s.against().items()).field("baselineMillis", Math.round(s.against().seconds() * 1000)).end();
        }
        j.endArray();
        aims(j, steps, aims);
        j.field("points", result.points()).field("polygons", result.polygons()).field("changedRows", result.changedRows())
                .beginObject("tools");
        result.tools().forEach(j::field);
        j.end().field("peakRssBytes", result.peakRssBytes()).field("java", Runtime.version().toString())
                .field("cpus", Runtime.getRuntime().availableProcessors());
        out.println(j.end());
        return CommandLine.OK;
    }

    /**
     * {@code bench --service}: the sync service on loopback against the direct path (see {@link org.geosync.server.ServiceBenchmark}),
     * a sample city of {@code --features} parcels (default 20,000), {@code --edits} each way (1,000), {@code --clients} (20).
     */
    private static int service(Args a, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (a.has("--parent")) {
            throw new CommandLine.UsageException("--parent is for the standard workload; 'bench --service' serves a Derby sample city of its own");
        }
        int parcels = number(a, "--features", 20_000), edits = number(a, "--edits", 1_000), clients = number(a, "--clients", 20);
        Path dir = Path.of(a.value("--dir") == null ? System.getProperty("java.io.tmpdir") : a.value("--dir"));
        List<Benchmark.Step> steps = org.geosync.server.ServiceBenchmark.run(dir, parcels, edits, clients, ConsoleProgress.create());
        // through the service within 1.5x of the direct path: the direct time over the service's at least 1/1.5
        List<Benchmark.Aim> aims = steps.stream().map(s -> new Benchmark.Aim(s.name(), 0.67, 0)).toList();
        if (!a.has("--json")) {
            out.println("GeoSync service benchmark: a sample city of " + parcels + " parcels served on loopback, " + edits + " edits each way, "
                    + clients + " clients; ratio = the direct path's time over the service's; Java " + Runtime.version() + ", max heap "
                    + Runtime.getRuntime().maxMemory() / 1048576 + " MB, " + Runtime.getRuntime().availableProcessors() + " CPUs");
            out.print(Benchmark.table(steps));
            out.print(Benchmark.aimsTable(steps, aims));
        }
        JsonWriter j = new JsonWriter().begin().field("benchmark", "service").field("parcels", parcels).field("edits", edits)
                .field("clients", clients).beginArray("steps");
        for (Benchmark.Step s : steps) {
            j.begin().field("step", s.name()).field("unit", s.unit()).field("items", s.items()).field("millis", Math.round(s.seconds() * 1000))
                    .field("baseline", s.baseline()).field("baselineItems", s.against().items())
                    .field("baselineMillis", Math.round(s.against().seconds() * 1000)).field("ratioPercent", Math.round(s.ratio() * 100))
                    .field("peakHeapBytes", s.peakHeapBytes()).end();
        }
        j.endArray();
        aims(j, steps, aims);
        out.println(j.field("cpus", Runtime.getRuntime().availableProcessors()).end());
        return CommandLine.OK;
    }

    /** The aims in the JSON line: each with its figure (null when not measured) and whether it is met. */
    private static void aims(JsonWriter j, List<Benchmark.Step> steps, List<Benchmark.Aim> aims) {
        j.beginArray("aims");
        for (Benchmark.Aim aim : aims) {
            double v = aim.value(steps);
            j.begin().field("step", aim.step()).field("aim", aim.says()).field("value", Double.isNaN(v) ? Double.NaN : Math.round(v * 100) / 100.0)
                    .field("met", aim.met(v)).end();
        }
        j.endArray();
    }

    private static int number(Args a, String option, int fallback) throws CommandLine.UsageException {
        String v = a.value(option);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException(option + " needs a whole number, not '" + v + "'");
        }
    }
}
