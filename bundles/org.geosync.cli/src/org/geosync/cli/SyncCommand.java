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
        Args a = Args.parse(args, Set.of("--replica", "--direction", "--policy", "--conflicts", "--rollback-on-failure", "--layers",
                "--token-file"), Set.of("--json"), USAGE).expect(2, USAGE);
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
        if (Remote.is(a.positional().get(0)) || Remote.is(a.positional().get(1))) {
            return remote(a, name, direction, policy, o, out);
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

    /**
     * synchronizeReplica over the sync service: one location is served ({@code https://HOST/NAME}), the other local. The
     * exchange goes as messages, each side applying what it receives; a manual policy leaves conflicts for review on the side
     * that finds them.
     */
    private static int remote(Args a, String name, String direction, String policy, SyncOptions o, PrintStream out)
            throws CommandLine.UsageException, GeodatabaseException {
        boolean serviceFirst = Remote.is(a.positional().get(0));
        if (Remote.is(a.positional().get(serviceFirst ? 1 : 0))) {
            throw new CommandLine.UsageException("one of DIR1 and DIR2 is a local geodatabase: two served ones synchronize on their server");
        }
        if (a.has("--layers") || a.has("--rollback-on-failure")) {
            throw new CommandLine.UsageException("--layers and --rollback-on-failure are for connected synchronization of two local geodatabases");
        }
        // the local geodatabase is the first side of RemoteSync's choices: DIR1 and DIR2 swap when the service is DIR1
        boolean toService = direction == null || direction.equals("both") || direction.equals(serviceFirst ? "2-to-1" : "1-to-2");
        boolean fromService = direction == null || direction.equals("both") || direction.equals(serviceFirst ? "1-to-2" : "2-to-1");
        boolean favorService = serviceFirst ? "favor-1".equals(policy) : "favor-2".equals(policy);
        SyncOptions choices = SyncOptions.defaults().withConflicts(o.conflicts())
                .withDirection(toService && fromService ? null : toService ? SyncOptions.Direction.FIRST_TO_SECOND : SyncOptions.Direction.SECOND_TO_FIRST)
                .withPolicy(policy == null ? null : policy.equals("manual") ? SyncOptions.Winner.MANUAL
                        : favorService ? SyncOptions.Winner.SECOND : SyncOptions.Winner.FIRST);
        org.geosync.server.ServiceClient service = Remote.connect(a.positional().get(serviceFirst ? 0 : 1), a);
        try (Geodatabase local = Geodatabase.open(a.positional().get(serviceFirst ? 1 : 0))) {
            org.geosync.server.RemoteSync.Result r = org.geosync.server.RemoteSync.synchronize(local, service, name, choices);
            boolean left = r.localInConflict() || r.serviceInConflict();
            int exit = CommandLine.done(0, left);
            if (a.has("--json")) {
                out.println(new JsonWriter().begin().field("replica", name).field("location", service.location()).field("sent", r.sent())
                        .field("received", r.received()).field("inserts", r.inserts()).field("updates", r.updates()).field("deletes", r.deletes())
                        .field("conflicts", r.conflicts()).field("localInConflict", r.localInConflict())
                        .field("serviceInConflict", r.serviceInConflict()).field("exitCode", exit).end());
            } else {
                out.println("Synchronized replica " + name + " with " + service.location() + ": sent " + r.sent() + " change(s), received "
                        + r.received() + "; " + r.inserts() + " inserted, " + r.updates() + " updated, " + r.deletes() + " deleted here, "
                        + r.conflicts() + " conflict(s)" + (r.localInConflict() ? "; conflicts left for review here ('geosync conflicts list "
                                + local.location() + "')" : "") + (r.serviceInConflict() ? "; conflicts left for review on the service" : ""));
            }
            return exit;
        }
    }
}
