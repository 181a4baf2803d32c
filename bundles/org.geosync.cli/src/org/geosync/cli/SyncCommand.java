package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.SyncError;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncLayerResult;

/** {@code geosync sync DIR1 DIR2 --replica NAME ...}: connected synchronization. */
final class SyncCommand implements CommandLine.Command {

    static final String USAGE = "sync DIR1 DIR2 --replica NAME [--direction both|1-to-2|2-to-1] [--policy manual|favor-1|favor-2]"
            + " [--conflicts by-row|by-column] [--rollback-on-failure true|false] [--layers A,B] [--json]";

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of("--replica", "--direction", "--policy", "--conflicts", "--rollback-on-failure", "--layers"),
                Set.of("--json"), USAGE).expect(2, USAGE);
        String name = a.required("--replica", USAGE);
        SyncOptions o = SyncOptions.defaults();
        String direction = a.choice("--direction", "both", "1-to-2", "2-to-1");
        if (direction != null) {
            o = o.withDirection(switch (direction) {
                case "1-to-2" -> SyncOptions.Direction.FIRST_TO_SECOND;
                case "2-to-1" -> SyncOptions.Direction.SECOND_TO_FIRST;
                default -> SyncOptions.Direction.BOTH;
            });
        }
        String policy = a.choice("--policy", "manual", "favor-1", "favor-2");
        if (policy != null) {
            o = o.withPolicy(switch (policy) {
                case "manual" -> SyncOptions.Winner.MANUAL;
                case "favor-1" -> SyncOptions.Winner.FIRST;
                default -> SyncOptions.Winner.SECOND;
            });
        }
        String conflicts = a.choice("--conflicts", "by-row", "by-column");
        if (conflicts != null) {
            o = o.withConflicts("by-column".equals(conflicts) ? ConflictDefinition.BY_COLUMN : ConflictDefinition.BY_ROW);
        }
        String rollback = a.choice("--rollback-on-failure", "true", "false");
        if (rollback != null) {
            o = o.withRollbackOnFailure(Boolean.parseBoolean(rollback));
        }
        if (a.has("--layers")) {
            o = o.withLayers(Arrays.stream(a.value("--layers").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        try (Geodatabase first = Geodatabase.open(a.positional().get(0));
                Geodatabase second = Geodatabase.open(a.positional().get(1))) {
            SyncJob job = Replicas.synchronize(first, second, name, o, ConsoleProgress.create());
            // under the manual policy the conflicts are stored on the first geodatabase for review
            boolean left = job.getConflicts() > 0 && job.getPolicy() == org.geosync.model.ReconcilePolicy.MANUAL;
            int exit = CommandLine.done(job.getErrors().size(), left);
            if (a.has("--json")) {
                JsonWriter j = new JsonWriter();
                ReplicaJson.syncJob(j, job, exit);
                out.println(j);
            } else {
                out.println("Synchronized replica " + name + " (" + job.getDirection().getLiteral() + "): sent " + job.getSent()
                        + " change(s), received " + job.getReceived() + "; " + job.getInserts() + " inserted, "
                        + job.getUpdates() + " updated, " + job.getDeletes() + " deleted, " + job.getConflicts() + " conflict(s), "
                        + job.getErrors().size() + " skipped; " + job.getOutcome().getLiteral());
                for (SyncLayerResult l : job.getLayerResults()) {
                    out.println("  " + l.getDatasetName() + ": sent " + l.getSent() + ", received " + l.getReceived() + "; " + l.getInserts()
                            + " inserted, " + l.getUpdates() + " updated, " + l.getDeletes() + " deleted, " + l.getConflicts() + " conflict(s), "
                            + l.getSkipped() + " skipped");
                }
                for (SyncError e : job.getErrors()) {
                    out.println("  skipped " + e.getOperation().getLiteral() + " of " + e.getGlobalId() + " in " + e.getDatasetName() + ": "
                            + e.getMessage());
                }
            }
            // a skipped edit is reported above and in the replica's synchronization history, a conflict left for review in
            // 'geosync conflicts list'; scripts see either by the exit code
            return exit;
        }
    }
}
