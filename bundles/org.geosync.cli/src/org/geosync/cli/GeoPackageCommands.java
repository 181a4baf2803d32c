package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.Dataset;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;

/**
 * {@code gdb import DIR FILE.gpkg [--layer NAME]...} and
 * {@code gdb export DIR FILE.gpkg [--dataset NAME]... [--overwrite]}: one summary line per layer on stdout.
 */
final class GeoPackageCommands {

    private GeoPackageCommands() {
    }

    static void importLayers(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String synopsis = "expected 'gdb import DIR FILE.gpkg [--layer NAME]... [--make-valid]'";
        List<String> rest = new ArrayList<>(args);
        boolean makeValid = rest.remove("--make-valid");
        List<String> layers = values(rest, "--layer", synopsis);
        Path[] paths = positional(rest, synopsis);
        try (Geodatabase gdb = Geodatabase.open(rest.get(0))) {
            for (GeoPackages.Layer l : GeoPackages.importLayers(gdb, paths[1], layers, makeValid, new NullProgressMonitor())) {
                out.println("Imported layer " + l.layer() + " as " + l.dataset().name() + ": " + describe(l));
            }
        }
    }

    static void export(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String synopsis = "expected 'gdb export DIR FILE.gpkg [--dataset NAME]... [--overwrite]'";
        List<String> rest = new ArrayList<>(args);
        boolean overwrite = rest.remove("--overwrite");
        List<String> datasets = values(rest, "--dataset", synopsis);
        Path[] paths = positional(rest, synopsis);
        try (Geodatabase gdb = Geodatabase.open(rest.get(0))) {
            for (GeoPackages.Layer l : GeoPackages.export(gdb, paths[1], datasets, overwrite, new NullProgressMonitor())) {
                out.println("Exported " + l.dataset().name() + " as layer " + l.layer() + ": " + describe(l));
            }
        }
    }

    /** Removes every {@code option VALUE} pair from {@code rest} and returns the values. */
    private static List<String> values(List<String> rest, String option, String synopsis) throws CommandLine.UsageException {
        List<String> values = new ArrayList<>();
        for (int at = rest.indexOf(option); at >= 0; at = rest.indexOf(option)) {
            if (at + 1 >= rest.size() || rest.get(at + 1).startsWith("--")) {
                throw new CommandLine.UsageException(option + " needs a name: " + synopsis);
            }
            values.add(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        return values;
    }

    private static Path[] positional(List<String> rest, String synopsis) throws CommandLine.UsageException {
        for (String r : rest) {
            if (r.startsWith("--")) {
                throw new CommandLine.UsageException("unknown option '" + r + "': " + synopsis);
            }
        }
        if (rest.size() != 2) {
            throw new CommandLine.UsageException(synopsis);
        }
        return new Path[] { Path.of(rest.get(0)), Path.of(rest.get(1)) };
    }

    private static String describe(GeoPackages.Layer l) {
        Dataset d = l.dataset();
        return d.isFeatureClass()
                ? l.rows() + (l.rows() == 1 ? " feature" : " features") + " (" + d.geometryType().name().toLowerCase(Locale.ROOT)
                        + ", EPSG:" + d.epsg() + ")"
                : l.rows() + (l.rows() == 1 ? " row" : " rows") + " (table)";
    }
}
