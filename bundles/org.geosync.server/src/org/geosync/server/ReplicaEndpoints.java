package org.geosync.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageHeader;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;

/**
 * The replica operations of the API (docs/service-api.md): createReplica streams the new child geodatabase to the client;
 * replica info and unRegisterReplica; and the message exchange that synchronizeReplica is made of: the client uploads its
 * data change or acknowledgment messages, and asks for the service's. Each is safe to repeat: a message imported before is
 * reported as such and changes nothing, and asking again for the service's changes gives the same message again until the
 * client's next message shows it arrived. The engine validates and decides; this class checks who may ask, and keeps
 * server paths out of its answers.
 */
final class ReplicaEndpoints {

    /** The largest form a createReplica request may send (its WKT area included). */
    static final int FORM_LIMIT = 1 << 20;
    private static final System.Logger LOG = System.getLogger("org.geosync.server");

    /** The most files and bytes a copy sent for registration may unpack to (a Derby geodatabase is a few hundred files). */
    static final int COPY_ENTRIES = 20_000;
    static final long COPY_BYTES = 64L << 30;

    private final Owners owners;
    private final Registrations registrations;

    ReplicaEndpoints(Owners owners, Registrations registrations) {
        this.owners = owners;
        this.registrations = registrations;
    }

    /** Whether {@code user} may work replica {@code r}: an administrator any, an owner those it created through the service. */
    boolean mayWork(ServedGeodatabase gdb, User user, Replica r) {
        return user.role() == Role.ADMINISTRATOR || user.name().equals(owners.owner(gdb.name, r.getGuid()));
    }

    /** createReplica: the child is made in a directory of the service's own, sent as a zip of that Derby geodatabase, and removed. */
    ApiHandler.Reply create(ServedGeodatabase gdb, User user, Request request) throws ApiError, GeodatabaseException {
        ReplicaSpec spec;
        try {
            spec = ReplicaForm.decode(ReplicaForm.fields(readText(request, FORM_LIMIT)));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        if (!ApiHandler.PLAIN.matcher(spec.name()).matches()) {
            throw new ApiError(400, "A replica created through the service is named by 1 to 64 letters, digits, '_' or '-' (it goes in"
                    + " its URL).");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("geosync-create-");
            Path child = dir.resolve("child");
            Replica r;
            gdb.lock.lock();
            try {
                r = Replicas.create(gdb.gdb, child, spec, null);
            } catch (GeodatabaseException e) {
                throw new ApiError(409, sentence(gdb, e, child));
            } finally {
                gdb.lock.unlock();
            }
            owners.own(gdb.name, r.getGuid(), user.name());
            Path zip = dir.resolve("child.zip");
            Api.zip(child, zip);
            Path out = Files.createTempFile("geosync-child-", ".zip");
            Files.move(zip, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.INFO, "user " + user.name() + " created replica " + r.getName() + " of " + gdb.name);
            return new ApiHandler.Reply(null, out, Map.of("X-GeoSync-Replica", r.getName(), "X-GeoSync-Replica-Id", r.getGuid()));
        } catch (IOException | ServiceException e) {
            throw new GeodatabaseException("createReplica of " + gdb.name + " failed: " + e.getMessage(), e);
        } finally {
            Api.deleteTree(dir);
        }
    }

    /**
     * registerReplica: the client sends its side-loaded copy of a child geodatabase (a zip of the closed Derby directory) and
     * where it lies on its machine ({@code location}, its real path); the service registers it as replica {@code name}, as
     * {@code replica register} does, and sends the registered copy back for the client to put in its place. The user must
     * be able to work the copy's original; it owns the new replica. Sending the same copy again for the same name gives the
     * same registered copy (its answer may have been lost); another copy, or another user, meets the name as taken.
     */
    ApiHandler.Reply register(ServedGeodatabase gdb, User user, String name, Request request) throws ApiError, GeodatabaseException {
        String location = one(ReplicaForm.fields(request.getHttpURI().getQuery()), "location");
        if (location == null || location.isBlank() || location.length() > 4000 || location.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "registerReplica needs the parameter location: the copy's directory on the client (up to 4000"
                    + " characters).");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("geosync-register-");
            Path upload = dir.resolve("upload.zip"), copy = dir.resolve("copy");
            try (InputStream in = Content.Source.asInputStream(request)) {
                Files.copy(in, upload);
            } catch (IOException e) {
                throw new ApiError(400, "The copy did not arrive whole; send it again.");
            }
            String fingerprint;
            try {
                fingerprint = Api.unzip(upload, copy, COPY_ENTRIES, COPY_BYTES);
            } catch (IOException | RuntimeException e) {
                throw new ApiError(400, "The body is not a zipped geodatabase directory the service accepts (" + e.getMessage()
                        + "); nothing was registered.");
            }
            gdb.lock.lock();
            try {
                java.util.Optional<Registrations.Kept> kept = registrations.kept(gdb.name, name);
                if (kept.isPresent() && kept.get().fingerprint().equals(fingerprint) && kept.get().user().equals(user.name())
                        && Replicas.list(gdb.gdb).stream().anyMatch(r -> r.getGuid().equals(kept.get().guid()))) {
                    LOG.log(System.Logger.Level.INFO, "user " + user.name() + " asked again for registered copy " + name + " of " + gdb.name);
                    return new ApiHandler.Reply(null, registrations.sendAgain(gdb.name, name), Map.of("X-GeoSync-Replica", name,
                            "X-GeoSync-Replica-Id", kept.get().guid()));
                }
                String original = originalOf(gdb, copy);
                if (original != null) {
                    Replica from = Replicas.list(gdb.gdb).stream().filter(r -> r.getGuid().equals(original)).findFirst().orElse(null);
                    if (from != null && !mayWork(gdb, user, from)) {
                        throw new ApiError(403, "The copy is of replica " + from.getName() + ", which you may not work; an administrator or its"
                                + " owner registers it.");
                    }
                }
                Replica r;
                try {
                    r = Replicas.register(gdb.gdb, copy, name, location);
                } catch (GeodatabaseException e) {
                    throw new ApiError(409, sentence(gdb, e, null).replace(copy.toString(), "the copy"));
                }
                owners.own(gdb.name, r.getGuid(), user.name());
                Path zip = dir.resolve("registered.zip");
                Api.zip(copy, zip);
                registrations.keep(gdb.name, r.getName(), new Registrations.Kept(fingerprint, user.name(), r.getGuid()), zip);
                LOG.log(System.Logger.Level.INFO, "user " + user.name() + " registered a copy as replica " + r.getName() + " of " + gdb.name);
                return new ApiHandler.Reply(null, registrations.sendAgain(gdb.name, r.getName()), Map.of("X-GeoSync-Replica", r.getName(),
                        "X-GeoSync-Replica-Id", r.getGuid()));
            } finally {
                gdb.lock.unlock();
            }
        } catch (IOException | ServiceException e) {
            throw new GeodatabaseException("registerReplica of " + gdb.name + " failed: " + e.getMessage(), e);
        } finally {
            Api.deleteTree(dir);
        }
    }

    /** The GUID of the replica of the served geodatabase the copy in {@code copy} holds the child of, or null (the engine refuses). */
    private static String originalOf(ServedGeodatabase gdb, Path copy) {
        try (org.geosync.core.Geodatabase g = org.geosync.core.Geodatabase.open(copy)) {
            return Replicas.list(g).stream().filter(r -> r.getRole() == org.geosync.model.ReplicaRole.CHILD
                    && gdb.gdb.guid().equals(r.getRelativeReplicaGuid())).map(Replica::getGuid).findFirst().orElse(null);
        } catch (GeodatabaseException e) {
            return null;
        }
    }

    /** Replica info: the record of replica {@code name}. */
    String info(ServedGeodatabase gdb, User user, String name) throws ApiError, GeodatabaseException {
        gdb.lock.lock();
        try {
            return ApiHandler.replica(replica(gdb, user, name));
        } finally {
            gdb.lock.unlock();
        }
    }

    /** unRegisterReplica (administrators only): the parent forgets the replica for good. */
    String unregister(ServedGeodatabase gdb, User user, String name) throws ApiError, GeodatabaseException {
        if (user.role() != Role.ADMINISTRATOR) {
            throw new ApiError(403, "Only an administrator may unregister a replica.");
        }
        gdb.lock.lock();
        try {
            Replica r = replica(gdb, user, name);
            try {
                Replicas.unregister(gdb.gdb, r.getName());
            } catch (GeodatabaseException e) {
                throw new ApiError(409, sentence(gdb, e, null));
            }
            owners.forget(gdb.name, r.getGuid());
            registrations.forget(gdb.name, r.getName());
            return "{\"unregistered\":" + Json.str(r.getName()) + "}";
        } catch (ServiceException e) {
            throw new GeodatabaseException(e.getMessage(), e);
        } finally {
            gdb.lock.unlock();
        }
    }

    /**
     * A message of the client's (data changes or an acknowledgment) for replica {@code name}, imported into the served
     * geodatabase with the policy and conflict definition the query names. One imported before is reported, not refused.
     */
    String upload(ServedGeodatabase gdb, User user, String name, Request request) throws ApiError, GeodatabaseException {
        Map<String, List<String>> query = ReplicaForm.fields(request.getHttpURI().getQuery());
        Messages.ImportOptions options = Messages.ImportOptions.defaults();
        String policy = one(query, "policy"), conflicts = one(query, "conflicts");
        if (policy != null) {
            options = options.withPolicy(switch (policy) {
                case "manual" -> SyncOptions.Winner.MANUAL;
                case "favor-database" -> SyncOptions.Winner.FIRST;
                case "favor-imported" -> SyncOptions.Winner.SECOND;
                default -> throw new ApiError(400, "The parameter policy must be manual, favor-database or favor-imported.");
            });
        }
        if (conflicts != null) {
            options = options.withConflicts(switch (conflicts) {
                case "by-row" -> ConflictDefinition.BY_ROW;
                case "by-column" -> ConflictDefinition.BY_COLUMN;
                default -> throw new ApiError(400, "The parameter conflicts must be by-row or by-column.");
            });
        }
        gdb.lock.lock();
        try {
            replica(gdb, user, name); // another's replica is refused before its body is read
        } finally {
            gdb.lock.unlock();
        }
        Path file = null;
        try {
            file = Files.createTempFile("geosync-upload-", ".zip");
            try (InputStream in = Content.Source.asInputStream(request)) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new ApiError(400, "The message did not arrive whole; send it again.");
            }
            MessageHeader header;
            try {
                header = Messages.readHeader(file);
            } catch (GeodatabaseException e) {
                throw new ApiError(400, "The body is not a whole GeoSync message (truncated, damaged or something else); nothing was imported.");
            }
            gdb.lock.lock();
            try {
                Replica r = replica(gdb, user, name);
                if (!r.getGuid().equals(header.replicaGuid())) {
                    throw new ApiError(400, "The message is for another replica than " + r.getName() + "; nothing was imported.");
                }
                registrations.forget(gdb.name, r.getName()); // a message from the replica: its client holds the registered copy
                MessageResult m;
                try {
                    m = Messages.importMessage(gdb.gdb, file, options, null);
                } catch (GeodatabaseException e) {
                    if (e.reason() == GeodatabaseException.Reason.ALREADY_IMPORTED) {
                        return "{\"imported\":false,\"alreadyImported\":true,\"kind\":" + Json.str(header.kind().getLiteral())
                                + ",\"inConflict\":" + Replicas.get(gdb.gdb, r.getName()).isInConflict() + "}";
                    }
                    throw new ApiError(409, sentence(gdb, e, file));
                }
                return "{\"imported\":true,\"alreadyImported\":false,\"kind\":" + Json.str(m.kind().getLiteral()) + ",\"records\":" + m.records()
                        + ",\"inserts\":" + m.inserts() + ",\"updates\":" + m.updates() + ",\"deletes\":" + m.deletes() + ",\"conflicts\":"
                        + m.conflicts() + ",\"switched\":" + m.switched() + ",\"inConflict\":" + Replicas.get(gdb.gdb, r.getName()).isInConflict()
                        + "}";
            } finally {
                gdb.lock.unlock();
            }
        } catch (IOException e) {
            throw new GeodatabaseException("upload to " + gdb.name + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    /**
     * The service's data change message for replica {@code name}. A two-way replica whose side here is the sender exports its
     * changes and switches to receiver (the client, importing it, becomes the sender); one that is the receiver already sent its
     * latest message, which the client has not taken yet (its next message would have switched this side back): it goes
     * again, as it was. Other replica types export their new and unacknowledged changes.
     */
    ApiHandler.Reply exportChanges(ServedGeodatabase gdb, User user, String name) throws ApiError, GeodatabaseException {
        return export(gdb, user, name, false);
    }

    /** The service's acknowledgment of every message of the client's it has imported. */
    ApiHandler.Reply exportAcknowledgment(ServedGeodatabase gdb, User user, String name) throws ApiError, GeodatabaseException {
        return export(gdb, user, name, true);
    }

    private ApiHandler.Reply export(ServedGeodatabase gdb, User user, String name, boolean ack) throws ApiError, GeodatabaseException {
        Path file = null;
        boolean sent = false;
        try {
            file = Files.createTempFile("geosync-export-", ".zip");
            Files.delete(file); // the engine writes it new
            gdb.lock.lock();
            try {
                Replica r = replica(gdb, user, name);
                try {
                    if (ack) {
                        Messages.exportAcknowledgment(gdb.gdb, r.getName(), file, null);
                    } else if (r.getType() == ReplicaType.TWO_WAY && r.getState() == ReplicaState.RECEIVER) {
                        Messages.reexport(gdb.gdb, r.getName(), file, true, null);
                    } else {
                        Messages.exportChanges(gdb.gdb, r.getName(), file, Messages.ExportOptions.defaults()
                                .withSwitchToReceiver(r.getType() == ReplicaType.TWO_WAY), null);
                    }
                } catch (GeodatabaseException e) {
                    throw new ApiError(409, sentence(gdb, e, file));
                }
            } finally {
                gdb.lock.unlock();
            }
            sent = true;
            return new ApiHandler.Reply(null, file, Map.of());
        } catch (IOException e) {
            throw new GeodatabaseException("export from " + gdb.name + " failed: " + e.getMessage(), e);
        } finally {
            if (!sent) {
                deleteQuietly(file);
            }
        }
    }

    /** Replica {@code name} of the served geodatabase, if the user may work it (404 otherwise: another's replica is not disclosed). */
    private Replica replica(ServedGeodatabase gdb, User user, String name) throws ApiError, GeodatabaseException {
        Replica r;
        try {
            r = Replicas.get(gdb.gdb, name);
        } catch (GeodatabaseException e) {
            r = null;
        }
        if (r == null || !mayWork(gdb, user, r)) {
            throw new ApiError(404, "Geodatabase '" + gdb.name + "' has no replica named '" + name + "' that you may work.");
        }
        return r;
    }

    /** The engine's sentence with the service's paths replaced by what the client knows them as. */
    private static String sentence(ServedGeodatabase gdb, GeodatabaseException e, Path own) {
        String s = String.valueOf(e.getMessage()).replace(gdb.gdb.location().toString(), gdb.name);
        if (own != null) {
            s = s.replace(own.toString(), "the request's file").replace(own.getFileName().toString(), "the request's file");
        }
        return s;
    }

    private static String one(Map<String, List<String>> query, String name) throws ApiError {
        List<String> v = query.get(name);
        if (v != null && v.size() > 1) {
            throw new ApiError(400, "The parameter " + name + " is given more than once.");
        }
        return v == null ? null : v.get(0);
    }

    private static String readText(Request request, int limit) throws ApiError {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new ApiError(413, "The form is larger than this service accepts (" + limit + " bytes).");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ApiError(400, "The request body did not arrive whole; send it again.");
        }
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not delete " + file + ": " + e);
            }
        }
    }
}
