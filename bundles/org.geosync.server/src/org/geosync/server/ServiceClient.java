package org.geosync.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A client of a geodatabase served by {@code geosync serve}, named by its location {@code https://HOST[:PORT]/NAME} (plain
 * {@code http://} only to a loopback address). Every request carries the user's token. Refusals of the service arrive as
 * its one sentence in a {@link GeodatabaseException}, as local refusals do.
 */
public final class ServiceClient {

    private final String location;
    private final URI base;
    private final String name;
    private final String token;
    private final javax.net.ssl.SSLContext tls;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * How long a listing ({@link #info}, {@link #replicas}, {@link #replica}) through {@link #listing()} waits to connect and
     * for the answer: a service that accepts connections but never answers is said to be silent after this, not after the
     * half hour a replica's creation or a synchronization may take.
     */
    public static final Duration LISTING_TIMEOUT = Duration.ofSeconds(12);

    /** How long any other request waits: creating a replica or exchanging a large message takes time. */
    private static final Duration LONG_TIMEOUT = Duration.ofMinutes(30);

    private ServiceClient(String location, URI base, String name, String token, javax.net.ssl.SSLContext tls, Duration timeout) {
        this.location = location;
        this.base = base;
        this.name = name;
        this.token = token;
        this.tls = tls;
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(20)) < 0 ? timeout : Duration.ofSeconds(20));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    /**
     * The same client for the quick requests that list what a service holds (its info, its replicas), which give up after
     * {@link #LISTING_TIMEOUT}, so a view showing the service does not wait for a service that does not answer.
     */
    public ServiceClient listing() {
        return new ServiceClient(location, base, name, token, tls, LISTING_TIMEOUT);
    }

    /** Whether {@code location} names a served geodatabase ({@code https://...} or {@code http://...}). */
    public static boolean isServiceLocation(String location) {
        String l = location == null ? "" : location.toLowerCase(Locale.ROOT);
        return l.startsWith("https://") || l.startsWith("http://");
    }

    /**
     * A client of the geodatabase at {@code location}, signing in with {@code token} (from GEOSYNC_TOKEN or a token file). HTTPS
     * trusts the JDK's certificate authorities, or the trust store named by the standard {@code javax.net.ssl.trustStore}.
     */
    public static ServiceClient connect(String location, String token) throws GeodatabaseException {
        return connect(location, token, null);
    }

    /** A client that trusts the certificates of {@code tls} (null: the JDK's default). */
    public static ServiceClient connect(String location, String token, javax.net.ssl.SSLContext tls) throws GeodatabaseException {
        URI base = base(location, true);
        if (token == null || token.isBlank()) {
            throw new GeodatabaseException("The service at " + location + " needs a token: set GEOSYNC_TOKEN, or give --token-file FILE"
                    + " (tokens come from 'geosync user add' on the server).");
        }
        String path = base.getRawPath();
        return new ServiceClient(location, base, path.substring(path.lastIndexOf('/') + 1), token.strip(), tls, LONG_TIMEOUT);
    }

    /**
     * Checks {@code location} as {@link #connect} does (a service location; plain {@code http://} only to loopback), without a
     * token and without the network, so a form may call it on every keystroke: a plain {@code http://} host given by name is
     * looked up only by {@link #connect} (a literal address, such as 127.0.0.1 or 10.0.0.5, is judged here).
     */
    public static void checkLocation(String location) throws GeodatabaseException {
        base(location, false);
    }

    /**
     * The API's base URI for {@code location}, or the sentence saying why it names no served geodatabase; {@code lookUp}: a
     * plain {@code http://} host name is resolved to tell whether it is this machine.
     */
    private static URI base(String location, boolean lookUp) throws GeodatabaseException {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new GeodatabaseException("'" + location + "' is not a service location such as https://HOST:PORT/NAME.");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (path.startsWith(Api.ROOT + "/")) {
            path = path.substring(Api.ROOT.length()); // the URL the service prints is accepted too
        }
        String name = path.startsWith("/") ? path.substring(1) : path;
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || !Api.PLAIN.matcher(name).matches() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new GeodatabaseException("'" + location + "' is not a service location such as https://HOST:PORT/NAME (NAME: the served"
                    + " geodatabase).");
        }
        String host = uri.getHost();
        boolean literal = host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}"); // judged without a lookup
        if (scheme.equals("http") && (literal || lookUp)) {
            boolean loopback;
            try {
                loopback = InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                loopback = false;
            }
            if (!loopback) {
                throw new GeodatabaseException("Plain http:// carries the token in clear, so GeoSync uses it only on this machine"
                        + " (127.0.0.1); use https://" + uri.getRawAuthority() + "/" + name + ".");
            }
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + Api.ROOT + "/" + name);
    }

    /** Whether {@code e} says that the service did not answer in time (rather than refused or could not be reached). */
    public static boolean didNotAnswer(GeodatabaseException e) {
        return e.getCause() instanceof java.net.http.HttpTimeoutException;
    }

    /** The location as given. */
    public String location() {
        return location;
    }

    /** The name the geodatabase is served under. */
    public String name() {
        return name;
    }

    /**
     * createReplica: the service makes the replica of {@code spec} and sends its child geodatabase, which lands in
     * {@code childDir} (new or empty) and becomes the holder of the replica there. Returns the replica's name.
     */
    public String createReplica(ReplicaSpec spec, Path childDir) throws GeodatabaseException {
        if (Files.exists(childDir)) {
            try (var entries = Files.list(childDir)) {
                if (entries.findAny().isPresent()) {
                    throw new GeodatabaseException(childDir + " is not empty; a replica goes into a new or empty directory.");
                }
            } catch (IOException e) {
                throw new GeodatabaseException("Cannot read " + childDir + " (" + e.getMessage() + ").", e);
            }
        }
        Path zip = null;
        boolean made = false;
        try {
            zip = Files.createTempFile("geosync-child-", ".zip");
            java.net.http.HttpHeaders h = send(request("/replicas").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(ReplicaForm.encode(spec))), zip);
            Files.createDirectories(childDir);
            made = true;
            Api.unzip(zip, childDir, Integer.MAX_VALUE, Long.MAX_VALUE);
            try (Geodatabase child = Geodatabase.open(childDir)) {
                Replicas.relocate(child); // the service removed its own copy: this directory holds the replica now
            }
            return h.firstValue("X-GeoSync-Replica").orElse(spec.name());
        } catch (IOException e) {
            if (made) {
                Api.deleteTree(childDir);
            }
            throw new GeodatabaseException("The child geodatabase from " + location + " did not arrive whole (" + e.getMessage()
                    + "); nothing was kept in " + childDir + ", create it again.", e);
        } catch (GeodatabaseException e) {
            if (made) {
                Api.deleteTree(childDir);
            }
            throw e;
        } finally {
            if (zip != null) {
                try {
                    Files.deleteIfExists(zip);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /**
     * registerReplica: sends the side-loaded copy in {@code copyDir} (a closed Derby geodatabase, zipped as it lies) for the
     * service to register as replica {@code name}, and puts the registered copy it sends back in its place. Sending the same
     * copy again (an answer lost on the way) gets the same registered copy. If anything wrote to the copy meanwhile, the copy
     * stays as it is and the registered one is left beside it, with a sentence. Returns the replica's name.
     */
    public String registerReplica(Path copyDir, String name) throws GeodatabaseException {
        plain(name);
        Path dir = copyDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("service.properties"))) {
            throw new GeodatabaseException(copyDir + " is not a Derby geodatabase directory; register names the copy's directory.");
        }
        if (Files.exists(dir.resolve("db.lck"))) {
            throw new GeodatabaseException(copyDir + " is open in another program (or was not closed cleanly): close it, or open and"
                    + " close it once with geosync, then register it.");
        }
        Path upload = null, answer = null, registered = null;
        try {
            String before = files(dir);
            String location = dir.toRealPath().toString();
            upload = Files.createTempFile("geosync-copy-", ".zip");
            Api.zip(dir, upload);
            answer = Files.createTempFile("geosync-registered-", ".zip");
            java.net.http.HttpHeaders h = send(request("/replicas/" + name + "/registration?location="
                    + URLEncoder.encode(location, StandardCharsets.UTF_8)).header("Content-Type", "application/zip")
                    .POST(HttpRequest.BodyPublishers.ofFile(upload)), answer);
            registered = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".registered-");
            Api.unzip(answer, registered, Integer.MAX_VALUE, Long.MAX_VALUE);
            if (!files(dir).equals(before)) {
                Path kept = registered;
                registered = null;
                throw new GeodatabaseException(copyDir + " changed while it was being registered, so it was left as it is; the registered"
                        + " copy (replica " + h.firstValue("X-GeoSync-Replica").orElse(name) + ") is in " + kept + ". Register the copy"
                        + " again under another name, or use the registered one if nothing was edited meanwhile.");
            }
            Path old = dir.resolveSibling("." + dir.getFileName() + ".before-registration");
            Api.deleteTree(old);
            Files.move(dir, old);
            try {
                Files.move(registered, dir);
            } catch (IOException e) {
                Files.move(old, dir); // the copy goes back where it was
                throw e;
            }
            registered = null;
            Api.deleteTree(old);
            return h.firstValue("X-GeoSync-Replica").orElse(name);
        } catch (IOException e) {
            throw new GeodatabaseException("Registering " + copyDir + " through " + location + " failed (" + e.getMessage() + "); the copy"
                    + " was left as it is, register it again.", e);
        } finally {
            for (Path p : new Path[] { upload, answer }) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // a temporary file
                    }
                }
            }
            Api.deleteTree(registered);
        }
    }

    /** Every file under {@code dir} with its size and modification time, to tell whether anything wrote to it. */
    private static String files(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                b.append(dir.relativize(p)).append(' ').append(Files.isDirectory(p) ? -1 : Files.size(p)).append(' ')
                        .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * The service info of the served geodatabase ({@code GET /api/v1/NAME}) as the API's JSON: its name, geodatabaseID and
     * {@code datasets} (each with name, kind, geometryType and epsg), what a client needs before creating a replica.
     */
    public JsonObject info() throws GeodatabaseException {
        return json(sendText(request("").GET()));
    }

    /**
     * The served geodatabase's datasets as its service info lists them, with their fields: what the engine's rules
     * ({@link org.geosync.core.ReplicaRules#specProblem}) check a replica's specification against before it is sent.
     */
    public List<Dataset> datasets() throws GeodatabaseException {
        JsonObject info = info();
        try {
            List<Dataset> out = new ArrayList<>();
            for (JsonElement e : info.getAsJsonArray("datasets")) {
                JsonObject d = e.getAsJsonObject();
                boolean fc = "feature_class".equals(d.get("kind").getAsString());
                List<Field> fields = new ArrayList<>();
                if (d.has("fields")) { // a service of an earlier release lists none: the rules then check no field names
                    for (JsonElement f : d.getAsJsonArray("fields")) {
                        JsonObject o = f.getAsJsonObject();
                        fields.add(new Field(o.get("name").getAsString(), FieldType.valueOf(o.get("type").getAsString().toUpperCase(Locale.ROOT)),
                                o.get("length").getAsInt()));
                    }
                }
                out.add(new Dataset(d.get("name").getAsString(), fc ? Dataset.Kind.FEATURE_CLASS : Dataset.Kind.TABLE,
                        fc && !d.get("geometryType").isJsonNull() ? GeometryType.valueOf(d.get("geometryType").getAsString().toUpperCase(Locale.ROOT)) : null,
                        fc && !d.get("epsg").isJsonNull() ? d.get("epsg").getAsInt() : 0, List.copyOf(fields)));
            }
            return List.copyOf(out);
        } catch (RuntimeException e) {
            throw new GeodatabaseException("The service at " + location + " answered a service info GeoSync cannot read; is it a GeoSync"
                    + " service of this release?", e);
        }
    }

    /** The service's replica records the user may work, as the API's JSON. */
    public JsonObject replicas() throws GeodatabaseException {
        return json(sendText(request("/replicas").GET()));
    }

    /** The service's record of replica {@code replica}. */
    public JsonObject replica(String replica) throws GeodatabaseException {
        return json(sendText(request("/replicas/" + plain(replica)).GET()));
    }

    /** unRegisterReplica (administrators). */
    public void unregister(String replica) throws GeodatabaseException {
        sendText(request("/replicas/" + plain(replica)).DELETE());
    }

    /**
     * Uploads a message file of replica {@code replica} for the service to import, with a policy ({@code manual},
     * {@code favor-database}, {@code favor-imported}; null: the replica's) and a conflict definition (null: the replica's).
     * Returns the service's answer: {@code imported}, {@code alreadyImported}, and the counts.
     */
    public JsonObject upload(String replica, Path message, String policy, String conflicts) throws GeodatabaseException {
        StringBuilder q = new StringBuilder();
        if (policy != null) {
            q.append("policy=").append(URLEncoder.encode(policy, StandardCharsets.UTF_8));
        }
        if (conflicts != null) {
            q.append(q.isEmpty() ? "" : "&").append("conflicts=").append(URLEncoder.encode(conflicts, StandardCharsets.UTF_8));
        }
        try {
            return json(sendText(request("/replicas/" + plain(replica) + "/messages" + (q.isEmpty() ? "" : "?" + q))
                    .header("Content-Type", "application/zip").POST(HttpRequest.BodyPublishers.ofFile(message))));
        } catch (java.io.FileNotFoundException e) {
            throw new GeodatabaseException("Cannot read " + message + ".", e);
        }
    }

    /** The service's data change message ({@code changes}) or acknowledgment ({@code acknowledgment}) for the replica, into {@code to}. */
    public Path download(String replica, String kind, Path to) throws GeodatabaseException {
        send(request("/replicas/" + plain(replica) + "/messages/" + kind).POST(HttpRequest.BodyPublishers.noBody()), to);
        return to;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private String sendText(HttpRequest.Builder b) throws GeodatabaseException {
        HttpResponse<String> r = exchange(b, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw refusal(r.statusCode(), r.body());
        }
        return r.body();
    }

    private java.net.http.HttpHeaders send(HttpRequest.Builder b, Path to) throws GeodatabaseException {
        HttpResponse<InputStream> r = exchange(b, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw refusal(r.statusCode(), new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8));
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            long expected = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (expected >= 0 && Files.size(to) != expected) {
                throw new IOException("the connection closed after " + Files.size(to) + " of " + expected + " bytes");
            }
        } catch (IOException e) {
            throw new GeodatabaseException("The answer of " + location + " did not arrive whole (" + e.getMessage() + "); nothing of it was"
                    + " used, synchronize again.", e);
        }
        return r.headers();
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) throws GeodatabaseException {
        try {
            return http.send(b.build(), handler);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new GeodatabaseException("The service at " + location + " did not answer within " + timeout.toSeconds() + " s (it accepts"
                    + " connections but does not reply, or the network is slow); try again later, or ask its administrator whether it"
                    + " is running.", e);
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot reach the service at " + location + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + "); try again when it answers.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GeodatabaseException("Interrupted while waiting for " + location + ".", e);
        }
    }

    /** The service's sentence of a refusal. */
    private GeodatabaseException refusal(int status, String body) {
        String sentence = null;
        try {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
            sentence = o.get("message").getAsString();
        } catch (RuntimeException e) {
            sentence = null;
        }
        return new GeodatabaseException(sentence != null ? location + " refused: " + sentence
                : "The service at " + location + " answered HTTP " + status + " without a sentence.");
    }

    private JsonObject json(String body) throws GeodatabaseException {
        try {
            JsonElement e = JsonParser.parseString(body);
            return e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new GeodatabaseException("The service at " + location + " answered something that is not its JSON; is it a GeoSync service?");
        }
    }

    private static String plain(String name) throws GeodatabaseException {
        if (name == null || !Api.PLAIN.matcher(name).matches()) {
            throw new GeodatabaseException("A replica name for the service is 1 to 64 letters, digits, '_' or '-', not '" + name + "'.");
        }
        return name;
    }
}
