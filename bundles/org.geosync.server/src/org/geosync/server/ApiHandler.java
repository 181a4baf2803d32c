package org.geosync.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;

/**
 * The v1 JSON API (docs/service-api.md) on Jetty's core handlers: every request needs a bearer token; the path is checked on
 * its raw (still encoded) form, so '..', '%2F' and other non-plain names are refused before anything is looked up.
 */
final class ApiHandler extends Handler.Abstract {

    static final String ROOT = Api.ROOT;
    static final Pattern PLAIN = Api.PLAIN;
    private static final System.Logger LOG = System.getLogger("org.geosync.server");

    private final UsersFile users;
    private final Map<String, ServedGeodatabase> served;
    private final ReplicaEndpoints endpoints;
    private final WrongTokens wrongTokens = new WrongTokens();

    ApiHandler(UsersFile users, Map<String, ServedGeodatabase> served, ReplicaEndpoints endpoints) {
        this.users = users;
        this.served = served;
        this.endpoints = endpoints;
    }

    /** What a request answers: JSON, or a file streamed as {@code application/zip} (deleted once sent). */
    record Reply(String json, java.nio.file.Path file, Map<String, String> headers) {
        static Reply json(String json) {
            return new Reply(json, null, Map.of());
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = 200;
        Reply reply;
        try {
            User user = authenticate(request);
            reply = route(request, response, user);
        } catch (ApiError e) {
            status = e.status();
            reply = Reply.json(Json.error(status, e.getMessage()));
            if (status == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"geosync\"");
            }
            if (status == 429) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(WrongTokens.WINDOW_MILLIS / 1000));
            }
        } catch (GeodatabaseException | RuntimeException e) {
            // the reason goes to the server's log (it may name server paths); the client gets one sentence
            LOG.log(System.Logger.Level.WARNING, "request " + request.getMethod() + " " + safePath(request) + " failed: " + e);
            status = 500;
            reply = Reply.json(Json.error(status, "The service could not read the geodatabase for this request; nothing was changed."));
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (reply.file() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/zip");
            try {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, java.nio.file.Files.size(reply.file()));
                try (java.io.OutputStream out = org.eclipse.jetty.io.Content.Sink.asOutputStream(response)) {
                    java.nio.file.Files.copy(reply.file(), out);
                }
                callback.succeeded();
            } catch (java.io.IOException | RuntimeException e) {
                // the client retries: every operation that sends a file can be asked again (docs/service-api.md)
                LOG.log(System.Logger.Level.WARNING, "sending " + safePath(request) + " failed: " + e);
                callback.failed(e);
            } finally {
                ReplicaEndpoints.deleteQuietly(reply.file());
            }
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(reply.json().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private User authenticate(Request request) throws ApiError {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new ApiError(401, "This request needs a token: send 'Authorization: Bearer TOKEN' (tokens come from 'geosync user add').");
        }
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new ApiError(401, "Only bearer tokens are accepted: send 'Authorization: Bearer TOKEN'.");
        }
        String token = h.substring(7).strip();
        String address = request.getConnectionMetaData().getRemoteSocketAddress() instanceof java.net.InetSocketAddress a
                ? a.getAddress().getHostAddress() : "unknown";
        long now = System.currentTimeMillis();
        if (!users.knows(token) && wrongTokens.blocked(address, now)) {
            throw new ApiError(429, "Too many wrong tokens came from this address; wait a minute, then send a valid token.");
        }
        Optional<User> user = users.authenticate(token);
        if (user.isEmpty()) {
            wrongTokens.failed(address, now);
            LOG.log(System.Logger.Level.INFO, "a wrong token from " + address);
        }
        return user.orElseThrow(() -> new ApiError(401, "The token is not valid for this service."));
    }

    private Reply route(Request request, Response response, User user) throws ApiError, GeodatabaseException {
        List<String> segments = segments(request.getHttpURI().getPath());
        String method = request.getMethod();
        ServedGeodatabase gdb = segments.isEmpty() ? null : served.get(segments.get(0));
        if (!segments.isEmpty() && gdb == null) {
            throw new ApiError(404, "No geodatabase named '" + segments.get(0) + "' is served here.");
        }
        // the methods each resource answers (null: there is no resource at the path)
        int n = segments.size();
        boolean replicas = n >= 2 && segments.get(1).equals("replicas");
        String allowed = n <= 1 ? "GET"
                : replicas && n == 2 ? "GET, POST"
                : replicas && n == 3 ? "GET, DELETE"
                : replicas && n == 4 && List.of("messages", "registration").contains(segments.get(3)) ? "POST"
                : replicas && n == 5 && segments.get(3).equals("messages") && List.of("changes", "acknowledgment").contains(segments.get(4)) ? "POST"
                : null;
        if (allowed == null) {
            throw new ApiError(404, "There is no resource at this path of geodatabase '" + gdb.name + "'.");
        }
        if (!List.of(allowed.split(", ")).contains(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed);
            throw new ApiError(405, method.matches("[A-Z]{1,16}") ? "Method " + method + " is not allowed here; this resource answers "
                    + allowed.replace(", ", " and ") + "." : "This resource answers " + allowed.replace(", ", " and ") + " only.");
        }
        if (segments.isEmpty()) {
            return Reply.json(list());
        }
        if (segments.size() == 1) {
            return Reply.json(locked(gdb, () -> ServiceInfo.of(gdb)));
        }
        if (!segments.get(1).equals("replicas")) {
            throw new ApiError(404, "There is no resource at this path of geodatabase '" + gdb.name + "'.");
        }
        if (segments.size() == 2) {
            return method.equals("GET") ? Reply.json(locked(gdb, () -> replicas(gdb, user))) : endpoints.create(gdb, user, request);
        }
        String replica = segments.get(2);
        if (segments.size() == 3) {
            return method.equals("GET") ? Reply.json(endpoints.info(gdb, user, replica)) : Reply.json(endpoints.unregister(gdb, user, replica));
        }
        if (segments.size() == 4 && segments.get(3).equals("registration")) {
            return endpoints.register(gdb, user, replica, request);
        }
        if (segments.size() == 4 && segments.get(3).equals("messages")) {
            return Reply.json(endpoints.upload(gdb, user, replica, request));
        }
        if (segments.size() == 5 && segments.get(3).equals("messages") && segments.get(4).equals("changes")) {
            return endpoints.exportChanges(gdb, user, replica);
        }
        if (segments.size() == 5 && segments.get(3).equals("messages") && segments.get(4).equals("acknowledgment")) {
            return endpoints.exportAcknowledgment(gdb, user, replica);
        }
        throw new ApiError(404, "There is no resource at this path of geodatabase '" + gdb.name + "'.");
    }

    /** The names after /api/v1, each plain; refuses any other path. */
    static List<String> segments(String rawPath) throws ApiError {
        if (rawPath == null || !(rawPath.equals(ROOT) || rawPath.startsWith(ROOT + "/"))) {
            throw new ApiError(404, "There is nothing at this path; the API is under " + ROOT + ".");
        }
        String rest = rawPath.substring(ROOT.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> segments = new ArrayList<>();
        if (rest.isEmpty()) {
            return segments;
        }
        for (String s : rest.substring(1).split("/", -1)) {
            if (!PLAIN.matcher(s).matches()) {
                throw new ApiError(400, "A name in the path must be 1 to 64 letters, digits, '_' or '-' (no '..', '/', '%' or"
                        + " other characters).");
            }
            segments.add(s);
        }
        return segments;
    }

    private String list() {
        StringBuilder b = new StringBuilder("{\"apiVersion\":1,\"geodatabases\":[");
        int i = 0;
        for (String name : served.keySet()) {
            b.append(i++ == 0 ? "" : ",").append(Json.str(name));
        }
        return b.append("]}").toString();
    }

    /** The replicas a user may see: all of them for an administrator; for an owner, those it created through the service. */
    private String replicas(ServedGeodatabase gdb, User user) throws GeodatabaseException {
        List<Replica> all = new ArrayList<>();
        for (Replica r : Replicas.list(gdb.gdb)) {
            if (endpoints.mayWork(gdb, user, r)) {
                all.add(r);
            }
        }
        StringBuilder b = new StringBuilder("{\"replicas\":[");
        for (int i = 0; i < all.size(); i++) {
            b.append(i == 0 ? "" : ",").append(replica(all.get(i)));
        }
        return b.append("]}").toString();
    }

    /** The JSON of one replica record. */
    static String replica(Replica r) {
        StringBuilder b = new StringBuilder();
        b.append("{\"name\":").append(Json.str(r.getName()))
                    .append(",\"replicaID\":").append(Json.str(r.getGuid()))
                    .append(",\"type\":").append(Json.str(r.getType().getLiteral()))
                    .append(",\"role\":").append(Json.str(r.getRole().getLiteral()))
                    .append(",\"state\":").append(Json.str(r.getState().getLiteral()))
                    .append(",\"syncModel\":").append(Json.str(r.getSyncModel().getLiteral()))
                    .append(",\"inConflict\":").append(r.isInConflict())
                    .append(",\"myGeneration\":").append(r.getMyGeneration())
                    .append(",\"sibGeneration\":").append(r.getSibGeneration())
                    .append(",\"sibMyGeneration\":").append(r.getSibMyGeneration())
                    .append(",\"lastSync\":").append(r.getLastSync() == null ? "null" : String.valueOf(r.getLastSync().getTime()))
                    .append('}');
        return b.toString();
    }

    interface Read {
        String get() throws GeodatabaseException;
    }

    static String locked(ServedGeodatabase gdb, Read read) throws GeodatabaseException {
        gdb.lock.lock();
        try {
            return read.get();
        } finally {
            gdb.lock.unlock();
        }
    }

    static String safePath(Request request) {
        String p = String.valueOf(request.getHttpURI().getPath());
        return p.length() > 120 ? p.substring(0, 120) + "..." : p.replaceAll("\\p{Cntrl}", "?");
    }

    /** The JSON of one dataset, for {@link ServiceInfo}. */
    static String dataset(Dataset d) {
        return "{\"name\":" + Json.str(d.name()) + ",\"kind\":" + Json.str(d.kind().name().toLowerCase(Locale.ROOT))
                + ",\"geometryType\":" + (d.geometryType() == null ? "null" : Json.str(d.geometryType().name().toLowerCase(Locale.ROOT)))
                + ",\"epsg\":" + (d.isFeatureClass() ? String.valueOf(d.epsg()) : "null") + ",\"fields\":["
                + String.join(",", d.fields().stream().map(f -> "{\"name\":" + Json.str(f.name()) + ",\"type\":"
                        + Json.str(f.type().name().toLowerCase(Locale.ROOT)) + ",\"length\":" + f.length() + "}").toList()) + "]}";
    }
}
