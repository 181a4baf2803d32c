package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.geosync.core.GeodatabaseException;
import org.geosync.server.UsersFile;

/**
 * {@code geosync user add FILE NAME --role administrator|owner}: adds a user of the sync service and prints its new token on
 * the last line of stdout, once; the users file keeps only a salted hash of it. {@code user rotate FILE NAME} gives the user a
 * new token the same way (the old one stops working at once), {@code user remove FILE NAME} removes the user.
 */
final class UserCommand implements CommandLine.Command {

    static final String USAGE = "user add FILE NAME --role administrator|owner | user rotate FILE NAME | user remove FILE NAME";

    @Override
    public String name() {
        return "user";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.isEmpty() || !Set.of("add", "rotate", "remove").contains(args.get(0))) {
            throw new CommandLine.UsageException("expected '" + USAGE + "'");
        }
        String sub = args.get(0);
        String usage = sub.equals("add") ? "user add FILE NAME --role administrator|owner" : "user " + sub + " FILE NAME";
        Args a = Args.parse(args.subList(1, args.size()), sub.equals("add") ? Set.of("--role") : Set.of(), Set.of(), usage).expect(2, usage);
        Path file = Path.of(a.positional().get(0));
        String name = a.positional().get(1);
        switch (sub) {
            case "add" -> {
                String role = a.choice("--role", "administrator", "owner");
                if (role == null) {
                    throw new CommandLine.UsageException("--role is required; expected '" + usage + "'");
                }
                String token = ServeCommand.refusing(() -> UsersFile.add(file, name, role));
                out.println("Added user " + name + " (" + role + ") to " + file + ". Its token, shown only this once (give it to the client"
                        + " as GEOSYNC_TOKEN or in a --token-file):");
                out.println(token);
            }
            case "rotate" -> {
                String token = ServeCommand.refusing(() -> UsersFile.rotate(file, name));
                out.println("User " + name + " in " + file + " has a new token; the old one no longer works. The new one, shown only this"
                        + " once:");
                out.println(token);
            }
            default -> {
                String role = ServeCommand.refusing(() -> UsersFile.remove(file, name).literal());
                out.println("Removed user " + name + " (" + role + ") from " + file + "; its token no longer works. The replicas it owns"
                        + " stay; an administrator works them.");
            }
        }
        return CommandLine.OK;
    }
}
