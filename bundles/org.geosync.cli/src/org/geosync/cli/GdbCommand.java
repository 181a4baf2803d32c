package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.Geodatabase;
import org.geosync.core.SampleCity;
import org.geosync.core.GeodatabaseException;

/** {@code geosync gdb ...}: create and inspect geodatabases, import and export GeoPackages. */
final class GdbCommand implements CommandLine.Command {

    @Override
    public String name() {
        return "gdb";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.size() < 2) {
            throw new CommandLine.UsageException("expected 'gdb create|import|export|info|relate|alter|add-dataset|repair DIR ...'");
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        switch (args.get(0)) {
            case "create" -> {
                boolean sample = rest.remove("--sample");
                int features = SampleCity.DEFAULT_PARCELS;
                int at = rest.indexOf("--features");
                if (at >= 0) {
                    if (!sample || at + 1 >= rest.size()) {
                        throw new CommandLine.UsageException("--features N goes with --sample: 'gdb create DIR --sample --features N'");
                    }
                    try {
                        features = Integer.parseInt(rest.get(at + 1));
                    } catch (NumberFormatException e) {
                        throw new CommandLine.UsageException("--features needs a whole number, not '" + rest.get(at + 1) + "'");
                    }
                    rest.subList(at, at + 2).clear();
                }
                if (rest.size() != 1 || rest.get(0).startsWith("--")) {
                    throw new CommandLine.UsageException("expected 'gdb create DIR [--sample [--features N]]'");
                }
                if (features < 1) {
                    throw new GeodatabaseException("--features must be at least 1; got " + features + ".");
                }
                try (Geodatabase gdb = Geodatabase.create(rest.get(0))) {
                    if (sample) {
                        SampleCity.populate(gdb, features, new NullProgressMonitor());
                    }
                    out.println("Created geodatabase " + gdb.location() + " (" + gdb.guid() + ")");
                }
            }
            case "info" -> {
                boolean json = rest.remove("--json");
                if (rest.size() != 1 || rest.get(0).startsWith("--")) {
                    throw new CommandLine.UsageException("expected 'gdb info DIR [--json]'");
                }
                try (Geodatabase gdb = Geodatabase.open(rest.get(0))) {
                    GdbInfo.print(gdb, json, out);
                }
            }
            case "relate" -> GdbRelate.run(rest, out);
            case "alter" -> GdbSchema.alter(rest, out);
            case "add-dataset" -> GdbSchema.addDataset(rest, out);
            case "repair" -> {
                return GdbSchema.repair(rest, out);
            }
            case "import" -> GeoPackageCommands.importLayers(rest, out);
            case "export" -> GeoPackageCommands.export(rest, out);
            default -> throw new CommandLine.UsageException("unknown subcommand '" + args.get(0)
                    + "': use gdb create|import|export|info|relate|alter|add-dataset|repair DIR ...");
        }
        return CommandLine.OK;
    }
}
