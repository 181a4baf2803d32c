package org.geosync.ui.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the workbench's benchmarks share: the line each prints against its aim, and the geodatabases they make once
 * and keep between runs (under {@code geosync.bench.dir}, by default {@code geosync-workbench-bench} in the temporary folder).
 */
final class WorkbenchBenchmarks {

    private WorkbenchBenchmarks() {
    }

    /** Makes a geodatabase's content in a directory. */
    @FunctionalInterface
    interface Maker {
        void make(Path geodatabase) throws Exception;
    }

    /**
     * Prints {@code BENCHMARK <what>: <value> ms (aim < N ms): met|not met}, the line every workbench benchmark ends
     * with, and returns whether the aim was met.
     */
    static boolean report(String what, double millis, long aimMillis) {
        boolean met = millis < aimMillis;
        System.out.printf(Locale.ROOT, "BENCHMARK %s: %.1f ms (aim < %d ms, ratio %.2f): %s%n", what, millis, aimMillis,
                millis / aimMillis, met ? "met" : "not met");
        return met;
    }

    /**
     * The geodatabase called {@code name} under the benchmarks' folder, made by {@code maker} the first time (the time
     * that took printed) and reused afterwards. It is made in a folder of its own and moved to its name once made, so a
     * run interrupted while making it leaves no half-made geodatabase under that name.
     */
    static Path geodatabase(String name, Maker maker) throws Exception {
        Path root = Path.of(System.getProperty("geosync.bench.dir", Path.of(System.getProperty("java.io.tmpdir"), "geosync-workbench-bench").toString()));
        Path dir = root.resolve(name);
        if (Files.isDirectory(dir)) {
            System.out.println("Reusing " + dir + " (delete it to make it again)");
            return dir;
        }
        Files.createDirectories(root);
        Path making = Files.createTempDirectory(root, name + "-making-").resolve(name);
        long start = System.nanoTime();
        maker.make(making);
        Files.move(making, dir);
        System.out.printf(Locale.ROOT, "Made %s in %.1f s (once: later runs reuse it)%n", dir, (System.nanoTime() - start) / 1e9);
        return dir;
    }
}
