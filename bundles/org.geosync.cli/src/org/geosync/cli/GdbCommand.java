package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
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
        Path dir = Path.of(args.get(1));
        switch (args.get(0)) {
            case "create" -> {
                for (String option : args.subList(2, args.size())) {
                    if (option.equals("--sample") || option.equals("--features")) {
                        throw new GeodatabaseException("The sample city generator is not available in this build yet; create an empty geodatabase without --sample.");
                    }
                    if (option.startsWith("--")) {
                        throw new CommandLine.UsageException("unknown option '" + option + "' for gdb create");
                    }
                }
                try (Geodatabase gdb = Geodatabase.create(dir)) {
                    out.println("Created geodatabase " + gdb.directory() + " (" + gdb.guid() + ")");
                }
            }
            case "info" -> {
                try (Geodatabase gdb = Geodatabase.open(dir)) {
                    out.println("Geodatabase " + gdb.directory());
                    out.println("GUID: " + gdb.guid());
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
