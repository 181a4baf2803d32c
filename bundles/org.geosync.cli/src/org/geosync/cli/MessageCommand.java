package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;

/** {@code geosync message export-changes|reexport|export-ack|import}: disconnected synchronization by message files. */
final class MessageCommand implements CommandLine.Command {

    static final String USAGE = "message export-changes DIR REPLICA FILE [--new-only | --unacknowledged-only] [--switch-to-receiver] [--json]"
            + " | message reexport DIR REPLICA FILE [--latest-only] [--json] | message export-ack DIR REPLICA FILE [--json]"
            + " | message import DIR FILE [--policy manual|favor-database|favor-imported] [--conflicts by-row|by-column] [--ack FILE]"
            + " [--reconcile-with-parent] [--json]";

    @Override
    public String name() {
        return "message";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.isEmpty()) {
            throw new CommandLine.UsageException("expected '" + USAGE + "'");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (sub) {
            case "export-changes" -> exportChanges(rest, out);
            case "reexport" -> reexport(rest, out);
            case "export-ack" -> exportAck(rest, out);
            case "import" -> importMessage(rest, out);
            default -> throw new CommandLine.UsageException("unknown message command '" + sub + "'; expected '" + USAGE + "'");
        };
    }

    private static int exportChanges(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String usage = "message export-changes DIR REPLICA FILE [--new-only | --unacknowledged-only] [--switch-to-receiver] [--json]";
        Args a = Args.parse(args, Set.of(), Set.of("--new-only", "--unacknowledged-only", "--switch-to-receiver", "--json"), usage)
                .expect(3, usage);
        if (a.has("--new-only") && a.has("--unacknowledged-only")) {
            throw new CommandLine.UsageException("--new-only and --unacknowledged-only exclude each other; expected '" + usage + "'");
        }
        Messages.ExportOptions o = Messages.ExportOptions.defaults().withSwitchToReceiver(a.has("--switch-to-receiver"))
                .withContent(a.has("--new-only") ? Messages.Content.NEW_ONLY
                        : a.has("--unacknowledged-only") ? Messages.Content.UNACKNOWLEDGED_ONLY : Messages.Content.NEW_AND_UNACKNOWLEDGED);
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            print(out, Messages.exportChanges(gdb, a.positional().get(1), Path.of(a.positional().get(2)), o, ConsoleProgress.create()),
                    a.has("--json"));
        }
        return CommandLine.OK;
    }

    private static int reexport(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String usage = "message reexport DIR REPLICA FILE [--latest-only] [--json]";
        Args a = Args.parse(args, Set.of(), Set.of("--latest-only", "--json"), usage).expect(3, usage);
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            print(out, Messages.reexport(gdb, a.positional().get(1), Path.of(a.positional().get(2)), a.has("--latest-only"),
                    ConsoleProgress.create()), a.has("--json"));
        }
        return CommandLine.OK;
    }

    private static int exportAck(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String usage = "message export-ack DIR REPLICA FILE [--json]";
        Args a = Args.parse(args, Set.of(), Set.of("--json"), usage).expect(3, usage);
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            print(out, Messages.exportAcknowledgment(gdb, a.positional().get(1), Path.of(a.positional().get(2)), ConsoleProgress.create()),
                    a.has("--json"));
        }
        return CommandLine.OK;
    }

    private static int importMessage(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String usage = "message import DIR FILE [--policy manual|favor-database|favor-imported] [--conflicts by-row|by-column] [--ack FILE]"
                + " [--reconcile-with-parent] [--json]";
        Args a = Args.parse(args, Set.of("--policy", "--conflicts", "--ack"), Set.of("--reconcile-with-parent", "--json"), usage)
                .expect(2, usage);
        Messages.ImportOptions o = Messages.ImportOptions.defaults().withReconcileWithParent(a.has("--reconcile-with-parent"));
        String policy = a.choice("--policy", "manual", "favor-database", "favor-imported");
        if (policy != null) {
            o = o.withPolicy(switch (policy) {
                case "manual" -> SyncOptions.Winner.MANUAL;
                case "favor-database" -> SyncOptions.Winner.FIRST; // the importing geodatabase is the first
                default -> SyncOptions.Winner.SECOND;
            });
        }
        String conflicts = a.choice("--conflicts", "by-row", "by-column");
        if (conflicts != null) {
            o = o.withConflicts("by-column".equals(conflicts) ? ConflictDefinition.BY_COLUMN : ConflictDefinition.BY_ROW);
        }
        if (a.has("--ack")) {
            o = o.withAcknowledgment(Path.of(a.value("--ack")));
        }
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            MessageResult r = Messages.importMessage(gdb, Path.of(a.positional().get(1)), o, ConsoleProgress.create());
            // an import applies all or nothing; under the manual policy its conflicts stay open here for review
            boolean left = r.kind() == MessageKind.DATA_CHANGES && r.conflicts() > 0
                    && org.geosync.core.Replicas.get(gdb, r.replica()).isInConflict();
            int exit = CommandLine.done(0, left);
            print(out, r, a.has("--json"), exit);
            return exit;
        }
    }

    private static void print(PrintStream out, MessageResult r, boolean json) {
        print(out, r, json, CommandLine.OK);
    }

    private static void print(PrintStream out, MessageResult r, boolean json, int exit) {
        boolean imported = r.direction() == MessageDirection.IMPORTED;
        if (json) {
            JsonWriter j = new JsonWriter();
            j.begin().field("kind", r.kind().getLiteral()).field("replica", r.replica()).field("file", r.file().toString())
                    .field("fromGeneration", r.fromGeneration()).field("toGeneration", r.toGeneration()).field("records", r.records())
                    .field("inserts", r.inserts()).field("updates", r.updates()).field("deletes", r.deletes()).field("conflicts", r.conflicts())
                    .field("alreadyReceived", r.alreadyReceived()).field("switched", r.switched()).field("checksum", r.checksum())
                    .field("acknowledgment", r.acknowledgment() == null ? null : r.acknowledgment().toString()).field("exitCode", exit).end();
            out.println(j);
            return;
        }
        String range = "generations " + (r.fromGeneration() + 1) + ".." + r.toGeneration();
        if (r.kind() == MessageKind.ACKNOWLEDGMENT) {
            out.println((imported ? "Imported" : "Exported") + " acknowledgment of replica " + r.replica() + " (generations up to "
                    + r.toGeneration() + ") " + (imported ? "from " : "to ") + r.file());
        } else if (imported) {
            out.println("Imported data changes of replica " + r.replica() + " (" + range + ") from " + r.file() + ": " + r.inserts() + " inserted, "
                    + r.updates() + " updated, " + r.deletes() + " deleted, " + r.conflicts() + " conflict(s)"
                    + (r.alreadyReceived() > 0 ? ", " + r.alreadyReceived() + " already received" : "")
                    + (r.switched() ? "; this side is now the sender" : "")
                    + (r.acknowledgment() != null ? "; acknowledgment written to " + r.acknowledgment() : ""));
        } else {
            out.println("Exported " + r.records() + " change(s) of replica " + r.replica() + " (" + range + ") to " + r.file()
                    + (r.switched() ? "; this side is now the receiver" : "") + "  sha256 " + r.checksum());
        }
    }
}
