package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.geosync.core.GeodatabaseException;
import org.geosync.server.UsersFile;

/**
 * {@code geosync user add FILE NAME --role administrator|owner}: adds a user of the sync service and prints its new token on
 * the last line of stdout, once; the users file keeps only a salted hash of it.
 */
final class UserCommand implements CommandLine.Command {

    static final String USAGE = "user add FILE NAME --role administrator|owner";

    @Override
    public String name() {
        return "user";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.isEmpty() || !args.get(0).equals("add")) {
            throw new CommandLine.UsageException("expected '" + USAGE + "'");
        }
        Args a = Args.parse(args.subList(1, args.size()), Set.of("--role"), Set.of(), USAGE).expect(2, USAGE);
        String role = a.choice("--role", "administrator", "owner");
        if (role == null) {
            throw new CommandLine.UsageException("--role is required; expected '" + USAGE + "'");
        }
        Path file = Path.of(a.positional().get(0));
        String name = a.positional().get(1);
        String token = ServeCommand.refusing(() -> UsersFile.add(file, name, role));
        out.println("Added user " + name + " (" + role + ") to " + file + ". Its token, shown only this once (give it to the client"
                + " as GEOSYNC_TOKEN or in a --token-file):");
        out.println(token);
        return CommandLine.OK;
    }
}
