package org.geosync.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;

import com.google.gson.JsonObject;

/**
 * synchronizeReplica: a local geodatabase and a served one exchange a replica's changes over the service, as data change
 * messages uploaded and downloaded, then acknowledgments. Every step can be repeated: a message the receiver has is reported
 * as such and changes nothing, a two-way side that already switched to receiver sends its latest message again as it was,
 * and the engine takes exactly the next generations. So a synchronization cut at any point (the connection, either process)
 * leaves both sides as they were or further on, and running it again completes it without applying anything twice.
 * <p>
 * A two-way replica passes the right to send with each message (the sender switches to receiver): the client uploads first
 * when it holds that right, and otherwise downloads first and then uploads, so both sides' changes travel in one call.
 */
public final class RemoteSync {

    private RemoteSync() {
    }

    /** What a remote synchronization did: records sent and received, and what the receiving sides made of them. */
    public record Result(long sent, long received, long inserts, long updates, long deletes, long conflicts, boolean localInConflict,
            boolean serviceInConflict) {
    }

    /**
     * Synchronizes replica {@code name} of {@code local} (the first geodatabase) with the served one (the second) by the choices
     * of a synchronization between two geodatabases: the direction, who wins a conflict ({@link SyncOptions.Winner#FIRST}: this
     * side's data, {@link SyncOptions.Winner#SECOND}: the service's, {@link SyncOptions.Winner#MANUAL}: stored for review) on
     * whichever side finds it, and the conflict definition; a null choice is the replica's own. The command line's {@code sync
     * URL DIR --policy} and the workbench's synchronizations through a server both come here.
     */
    public static Result synchronize(Geodatabase local, ServiceClient service, String name, SyncOptions choices) throws GeodatabaseException {
        SyncOptions.Direction d = choices.direction();
        return synchronize(local, service, name, d == null || d != SyncOptions.Direction.SECOND_TO_FIRST,
                d == null || d != SyncOptions.Direction.FIRST_TO_SECOND, choices.policy(), servicePolicy(choices.policy()), choices.conflicts());
    }

    /**
     * The policy the service applies to the conflicts it finds so that {@code winner} (as this side names it: FIRST this side,
     * SECOND the service) wins there too: the service imports this side's changes, so its "database" is the service's data.
     */
    static String servicePolicy(SyncOptions.Winner winner) {
        return winner == null ? null : switch (winner) {
            case MANUAL -> "manual";
            case FIRST -> "favor-imported";
            case SECOND -> "favor-database";
        };
    }

    /**
     * Synchronizes replica {@code name} of {@code local} with the served geodatabase. {@code localPolicy} decides the
     * conflicts found here (null: the replica's), {@code servicePolicy} those found on the service ({@code manual},
     * {@code favor-database}, {@code favor-imported}; null: the replica's), {@code conflicts} the conflict definition (null:
     * the replica's). {@code upload}/{@code download} limit the direction (a two-way replica always goes both ways).
     */
    public static Result synchronize(Geodatabase local, ServiceClient service, String name, boolean upload, boolean download,
            SyncOptions.Winner localPolicy, String servicePolicy, ConflictDefinition conflicts) throws GeodatabaseException {
        Replica r = Replicas.get(local, name);
        if (r.getType() == ReplicaType.TWO_WAY && !(upload && download)) {
            throw new GeodatabaseException("Replica " + name + " is two-way: through the service it synchronizes both ways, each side"
                    + " passing the other the right to send; leave out --direction.");
        }
        boolean localSends = upload && Replicas.sends(r);
        boolean serviceSends = download && serviceSends(r);
        if (!localSends && !serviceSends) {
            throw new GeodatabaseException("Replica " + name + " sends nothing in that direction: " + (Replicas.sends(r)
                    ? "this side sends, the service's side receives." : "the service's side sends, this side receives."));
        }
        String conflictWord = conflicts == null ? null : conflicts == ConflictDefinition.BY_COLUMN ? "by-column" : "by-row";
        Path tmp = null;
        long[] n = new long[6]; // sent, received, inserts, updates, deletes, conflicts
        boolean partway = false; // a message was exported or imported on either side
        // the service's record of the replica: whether its side holds conflicts for review (then it receives, but does not send)
        boolean serviceInConflict = service.replica(name).get("inConflict").getAsBoolean();
        try {
            tmp = Files.createTempDirectory("geosync-remote-");
            boolean uploadedNew = !localSends;
            for (int round = 0; round < 3; round++) {
                r = Replicas.get(local, name);
                if (localSends && !r.isInConflict()) {
                    Path m = tmp.resolve("up-" + round + ".zip");
                    boolean fresh = r.getType() != ReplicaType.TWO_WAY || r.getState() == ReplicaState.SENDER;
                    MessageResult out = null;
                    if (fresh) {
                        out = Messages.exportChanges(local, name, m, Messages.ExportOptions.defaults()
                                .withSwitchToReceiver(r.getType() == ReplicaType.TWO_WAY), null);
                        partway = true;
                    } else if (hasSent(r)) {
                        try {
                            out = Messages.reexport(local, name, m, true, null); // the latest message may not have arrived
                        } catch (GeodatabaseException e) {
                            if (e.reason() != GeodatabaseException.Reason.NOTHING_UNACKNOWLEDGED) {
                                throw e;
                            }
                            // it arrived and was acknowledged: the service holds the right to send
                        }
                    }
                    if (out != null) {
                        JsonObject answer = service.upload(name, m, servicePolicy, conflictWord);
                        if (answer.get("imported").getAsBoolean()) {
                            n[0] += out.records();
                            n[5] += answer.get("conflicts").getAsLong();
                        }
                        serviceInConflict = answer.has("inConflict") && answer.get("inConflict").getAsBoolean();
                    }
                    uploadedNew |= fresh;
                } else if (localSends) {
                    uploadedNew = true; // in conflict here: it receives, and sends once its conflicts are resolved
                }
                if (serviceSends && serviceInConflict) {
                    break; // the service's side holds conflicts for review: it receives, and sends once they are resolved there
                }
                if (serviceSends) {
                    partway = true; // the service exports (and may switch to receiver) as it answers
                    Path d = service.download(name, "changes", tmp.resolve("down-" + round + ".zip"));
                    try {
                        MessageResult in = Messages.importMessage(local, d, Messages.ImportOptions.defaults().withPolicy(localPolicy)
                                .withConflicts(conflicts), null);
                        n[1] += in.records();
                        n[2] += in.inserts();
                        n[3] += in.updates();
                        n[4] += in.deletes();
                        n[5] += in.conflicts();
                    } catch (GeodatabaseException e) {
                        if (e.reason() != GeodatabaseException.Reason.ALREADY_IMPORTED) {
                            throw e;
                        }
                    }
                }
                if (uploadedNew || r.getType() != ReplicaType.TWO_WAY) {
                    break;
                }
            }
            // acknowledgments: each side learns what the other holds, so later messages carry only what is new
            if (serviceSends && !serviceInConflict) {
                Path ack = tmp.resolve("ack-up.zip");
                Messages.exportAcknowledgment(local, name, ack, null);
                service.upload(name, ack, null, null);
            }
            if (localSends) {
                Path ack = service.download(name, "acknowledgment", tmp.resolve("ack-down.zip"));
                try {
                    Messages.importMessage(local, ack, Messages.ImportOptions.defaults(), null);
                } catch (GeodatabaseException e) {
                    if (e.reason() != GeodatabaseException.Reason.ALREADY_IMPORTED) {
                        throw e;
                    }
                }
            }
            return new Result(n[0], n[1], n[2], n[3], n[4], n[5], Replicas.get(local, name).isInConflict(), serviceInConflict);
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot make a temporary directory for the messages (" + e.getMessage() + ").", e);
        } catch (GeodatabaseException e) {
            if (!partway) {
                throw e;
            }
            throw new GeodatabaseException(e.reason(), e.getMessage() + " The synchronization stopped partway: what each side received is"
                    + " kept, and synchronizing again completes it without applying anything twice.", e);
        } finally {
            Api.deleteTree(tmp);
        }
    }

    /** Whether the relative of record {@code r} (the service's side) sends by the replica's type. */
    private static boolean serviceSends(Replica r) {
        return r.getType() == ReplicaType.TWO_WAY || r.getType() == ReplicaType.ONE_WAY && !Replicas.sends(r);
    }

    /** Whether this side has exported a data change message of the replica (a two-way receiver then may have one in flight). */
    private static boolean hasSent(Replica r) {
        return r.getMessages().stream().anyMatch(m -> m.getKind() == org.geosync.model.MessageKind.DATA_CHANGES
                && m.getDirection() == org.geosync.model.MessageDirection.EXPORTED);
    }
}
