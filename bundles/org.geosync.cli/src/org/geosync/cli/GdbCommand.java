package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;

/** {@code geosync gdb ...}: create and inspect geodatabases. */
final class GdbCommand implements CommandLine.Command {

    @Override
    public String name() {
        return "gdb";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.size() < 2) {
            throw new CommandLine.UsageException("expected 'gdb create|import|export|info|relate DIR ...'");
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        switch (args.get(0)) {
            case "create" -> {
                for (String option : rest.subList(1, rest.size())) {
                    if (option.equals("--sample") || option.equals("--features")) {
                        throw new GeodatabaseException("The sample city generator is not available in this build yet; create an empty geodatabase without --sample.");
                    }
                    throw new CommandLine.UsageException("unknown argument '" + option + "' for gdb create DIR");
                }
                if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                    throw new CommandLine.UsageException("expected 'gdb create DIR [--sample [--features N]]'");
                }
                try (Geodatabase gdb = Geodatabase.create(Path.of(rest.get(0)))) {
                    out.println("Created geodatabase " + gdb.directory() + " (" + gdb.guid() + ")");
                }
            }
            case "info" -> {
                boolean json = rest.remove("--json");
                if (rest.size() != 1 || rest.get(0).startsWith("--")) {
                    throw new CommandLine.UsageException("expected 'gdb info DIR [--json]'");
                }
                try (Geodatabase gdb = Geodatabase.open(Path.of(rest.get(0)))) {
                    GdbInfo.print(gdb, json, out);
                }
            }
            case "import", "export", "relate" ->
                throw new GeodatabaseException("geosync gdb " + args.get(0) + " is not available in this build yet.");
            default -> throw new CommandLine.UsageException("unknown subcommand '" + args.get(0)
                    + "': use gdb create|import|export|info|relate DIR ...");
        }
        return CommandLine.OK;
    }
}
