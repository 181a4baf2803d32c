package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictResolution;
import org.geosync.model.Replica;

/** {@code geosync conflicts list|resolve}. */
final class ConflictsCommand implements CommandLine.Command {

    static final String LIST = "conflicts list DIR [--replica NAME] [--all] [--json]";
    static final String RESOLVE = "conflicts resolve DIR --replica NAME (--all | --id ID...) --take database|imported|ancestor [--field F | --whole-row]";

    @Override
    public String name() {
        return "conflicts";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.isEmpty()) {
            throw new CommandLine.UsageException("expected 'conflicts list|resolve DIR ...'");
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "list" -> {
                // --all lists resolved conflicts too (see docs/cli.md)
                Args a = Args.parse(rest, Set.of("--replica"), Set.of("--json", "--all"), LIST).expect(1, LIST);
                try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
                    List<Replica> replicas = a.has("--replica") ? List.of(Replicas.get(gdb, a.value("--replica"))) : Replicas.list(gdb);
                    JsonWriter j = new JsonWriter().begin().beginArray("conflicts");
                    int n = 0;
                    for (Replica r : replicas) {
                        for (Conflict c : Replicas.conflicts(gdb, r.getName(), !a.has("--all"))) {
                            n++;
                            if (a.has("--json")) {
                                ReplicaJson.conflict(j, r.getName(), c);
                            } else {
                                out.println(c.getId() + "  " + r.getName() + "  " + c.getDatasetName() + "  " + c.getGlobalId() + "  "
                                        + c.getKind().getLiteral() + "  " + c.getStatus().getLiteral() + "  fields: " + fields(c));
                            }
                        }
                    }
                    if (a.has("--json")) {
                        out.println(j.endArray().field("count", n).end());
                    } else if (n == 0) {
                        out.println("No open conflicts.");
                    }
                }
            }
            case "resolve" -> {
                Args a = Args.parse(rest, Set.of("--replica", "--id", "--take", "--field"), Set.of("--all", "--whole-row"), RESOLVE).expect(1, RESOLVE);
                String replica = a.required("--replica", RESOLVE);
                if (a.has("--all") == a.has("--id")) {
                    throw new CommandLine.UsageException("give either --all or --id ID...; expected '" + RESOLVE + "'");
                }
                String take = a.choice("--take", "database", "imported", "ancestor");
                if (take == null) {
                    throw new CommandLine.UsageException("--take is required; expected '" + RESOLVE + "'");
                }
                if (a.has("--whole-row") && a.value("--field") != null) {
                    throw new CommandLine.UsageException("give --field F or --whole-row, not both; expected '" + RESOLVE + "'");
                }
                List<Long> ids = null;
                if (a.has("--id")) {
                    ids = new ArrayList<>();
                    for (String v : a.all("--id")) {
                        for (String id : v.split(",")) {
                            try {
                                ids.add(Long.parseLong(id.trim()));
                            } catch (NumberFormatException e) {
                                throw new CommandLine.UsageException("--id takes conflict numbers from 'conflicts list', not '" + id + "'");
                            }
                        }
                    }
                }
                try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
                    int n = Replicas.resolve(gdb, replica, ids, ConflictResolution.get(take), a.value("--field"),
                            a.has("--whole-row"));
                    long open = Replicas.conflicts(gdb, replica, true).size();
                    out.println("Resolved " + n + " conflict(s) of replica " + replica + " taking the " + take + " values; " + open
                            + " open conflict(s) left" + (open == 0 ? "; the replica is no longer in conflict" : ""));
                }
            }
            default -> throw new CommandLine.UsageException("unknown subcommand '" + args.get(0) + "': use conflicts list|resolve");
        }
        return CommandLine.OK;
    }

    private static String fields(Conflict c) {
        List<String> names = new ArrayList<>();
        for (ConflictFieldValue v : c.getFieldValues()) {
            if (v.isConflicting()) {
                names.add(v.getFieldName() + " [" + v.getDatabaseValue() + " | " + v.getImportedValue() + "]");
            }
        }
        return String.join(", ", names);
    }
}
