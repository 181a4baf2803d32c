package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.geosync.core.Benchmark;
import org.geosync.core.GeodatabaseException;

/** {@code geosync bench [--features N] [--edits M] [--json]}: the standard workload, a table and one JSON line. */
final class BenchCommand implements CommandLine.Command {

    static final String USAGE = "bench [--features N] [--edits M] [--json] [--dir DIR]";

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of("--features", "--edits", "--dir"), Set.of("--json"), USAGE).expect(0, USAGE);
        int features = number(a, "--features", 100_000);
        int edits = number(a, "--edits", features / 10);
        Path dir = Path.of(a.value("--dir") == null ? System.getProperty("java.io.tmpdir") : a.value("--dir"));
        List<Benchmark.Step> steps = Benchmark.run(dir, features, edits, ConsoleProgress.create());
        if (!a.has("--json")) {
            out.println("GeoSync benchmark: " + features + " point features with 10 attributes, " + edits + " edits; Java "
                    + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / 1048576 + " MB, "
                    + Runtime.getRuntime().availableProcessors() + " CPUs");
            out.print(Benchmark.table(steps));
        }
        JsonWriter j = new JsonWriter().begin().field("features", features).field("edits", edits)
                .field("maxHeapBytes", Runtime.getRuntime().maxMemory()).beginArray("steps");
        for (Benchmark.Step s : steps) {
            j.begin().field("step", s.name()).field("unit", s.unit()).field("items", s.items())
                    .field("millis", Math.round(s.seconds() * 1000)).field("perSecond", Math.round(s.perSecond()))
                    .field("baseline", s.baseline().isEmpty() ? null : s.baseline())
                    .field("baselinePerSecond", Math.round(s.baselinePerSecond()))
                    .field("ratioPercent", Math.round(s.ratio() * 100)).field("peakHeapBytes", s.peakHeapBytes()).end();
        }
        out.println(j.endArray().end());
        return CommandLine.OK;
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
