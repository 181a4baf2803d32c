package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageHeader;
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
        Args a = Args.parse(args, Set.of("--token-file"), Set.of("--new-only", "--unacknowledged-only", "--switch-to-receiver", "--json"),
                usage).expect(3, usage);
        if (Remote.is(a.positional().get(0))) {
            if (a.has("--new-only") || a.has("--unacknowledged-only") || a.has("--switch-to-receiver")) {
                throw new CommandLine.UsageException("a served geodatabase decides what its message holds (its new and unacknowledged"
                        + " changes; a two-way replica's side there switches to receiver): leave out --new-only, --unacknowledged-only"
                        + " and --switch-to-receiver");
            }
            return download(a, "changes", out);
        }
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
        if (Remote.is(a.positional().get(0))) {
            throw new CommandLine.UsageException("reexport works on a geodatabase of this machine; a served geodatabase sends its latest"
                    + " message again by itself ('message export-changes URL REPLICA FILE') until your next message shows it arrived");
        }
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            print(out, Messages.reexport(gdb, a.positional().get(1), Path.of(a.positional().get(2)), a.has("--latest-only"),
                    ConsoleProgress.create()), a.has("--json"));
        }
        return CommandLine.OK;
    }

    private static int exportAck(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String usage = "message export-ack DIR REPLICA FILE [--json]";
        Args a = Args.parse(args, Set.of("--token-file"), Set.of("--json"), usage).expect(3, usage);
        if (Remote.is(a.positional().get(0))) {
            return download(a, "acknowledgment", out);
        }
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            print(out, Messages.exportAcknowledgment(gdb, a.positional().get(1), Path.of(a.positional().get(2)), ConsoleProgress.create()),
                    a.has("--json"));
        }
        return CommandLine.OK;
    }

    private static int importMessage(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        String usage = "message import DIR FILE [--policy manual|favor-database|favor-imported] [--conflicts by-row|by-column] [--ack FILE]"
                + " [--reconcile-with-parent] [--json]";
        Args a = Args.parse(args, Set.of("--policy", "--conflicts", "--ack", "--token-file"), Set.of("--reconcile-with-parent", "--json"),
                usage).expect(2, usage);
        if (Remote.is(a.positional().get(0))) {
            if (a.has("--ack") || a.has("--reconcile-with-parent")) {
                throw new CommandLine.UsageException("--ack and --reconcile-with-parent are for a geodatabase of this machine; a served"
                        + " geodatabase's acknowledgment comes with 'message export-ack URL REPLICA FILE'");
            }
            return upload(a, a.choice("--policy", "manual", "favor-database", "favor-imported"), a.choice("--conflicts", "by-row", "by-column"),
                    out);
        }
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

    /** The served geodatabase's data change message or acknowledgment for the replica, into FILE. */
    private static int download(Args a, String kind, PrintStream out) throws GeodatabaseException {
        org.geosync.server.ServiceClient service = Remote.connect(a.positional().get(0), a);
        Path file = Path.of(a.positional().get(2));
        service.download(a.positional().get(1), kind, file);
        MessageHeader h = Messages.readHeader(file);
        if (a.has("--json")) {
            out.println(new JsonWriter().begin().field("kind", h.kind().getLiteral()).field("replica", h.replicaName())
                    .field("location", service.location()).field("file", file.toString()).field("fromGeneration", h.fromGeneration())
                    .field("toGeneration", h.toGeneration()).field("switched", h.switchToReceiver()).field("exitCode", CommandLine.OK).end());
        } else if (h.kind() == MessageKind.ACKNOWLEDGMENT) {
            out.println("Downloaded the acknowledgment of replica " + h.replicaName() + " (generations up to " + h.toGeneration() + ") from "
                    + service.location() + " to " + file);
        } else {
            out.println("Downloaded data changes of replica " + h.replicaName() + " (generations " + (h.fromGeneration() + 1) + ".."
                    + h.toGeneration() + ") from " + service.location() + " to " + file
                    + (h.switchToReceiver() ? "; import it here to become the sender" : ""));
        }
        return CommandLine.OK;
    }

    /** A message file of this side's for the served geodatabase to import; exit 3 when conflicts stay open there for review. */
    private static int upload(Args a, String policy, String conflicts, PrintStream out) throws GeodatabaseException {
        org.geosync.server.ServiceClient service = Remote.connect(a.positional().get(0), a);
        Path file = Path.of(a.positional().get(1));
        MessageHeader h = Messages.readHeader(file);
        com.google.gson.JsonObject r = service.upload(h.replicaName(), file, policy, conflicts);
        boolean again = r.get("alreadyImported").getAsBoolean();
        boolean left = !again && h.kind() == MessageKind.DATA_CHANGES && r.get("conflicts").getAsLong() > 0 && r.get("inConflict").getAsBoolean();
        int exit = CommandLine.done(0, left);
        if (a.has("--json")) {
            out.println("{\"location\":" + org.geosync.core.JsonText.quote(service.location()) + ",\"file\":"
                    + org.geosync.core.JsonText.quote(file.toString()) + ",\"replica\":" + org.geosync.core.JsonText.quote(h.replicaName())
                    + ",\"answer\":" + r + ",\"exitCode\":" + exit + "}");
        } else if (again) {
            out.println(service.location() + " had already imported " + file + " (replica " + h.replicaName() + "); nothing changed");
        } else if (h.kind() == MessageKind.ACKNOWLEDGMENT) {
            out.println("Imported the acknowledgment of replica " + h.replicaName() + " (generations up to " + h.toGeneration() + ") into "
                    + service.location());
        } else {
            out.println("Imported data changes of replica " + h.replicaName() + " into " + service.location() + ": " + r.get("inserts")
                    + " inserted, " + r.get("updates") + " updated, " + r.get("deletes") + " deleted, " + r.get("conflicts") + " conflict(s)"
                    + (r.get("switched").getAsBoolean() ? "; the service's side is now the sender" : "")
                    + (left ? "; conflicts are open there for review" : ""));
        }
        return exit;
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
