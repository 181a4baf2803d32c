package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.cli.CommandLine;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.SampleCity;
import org.geosync.server.ServiceException;
import org.geosync.server.SyncService;
import org.geosync.server.UsersFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync service's foundation (issue #19, docs/service-api.md): the real Jetty service on 127.0.0.1 and a free port, asked
 * with java.net.http as any client would. Every request needs a valid token (401 and one sentence otherwise); hostile paths,
 * oversized bodies and wrong methods are refused with a 4xx and one sentence; HTTPS works with a PKCS12 keystore; 'user add'
 * keeps no token in clear; 'serve' runs through the command line, refuses plain HTTP off loopback, and stops on SIGTERM.
 */
class SyncServiceTest {

    private static final long BODY_LIMIT = 64 * 1024;

    @TempDir
    static Path home;

    private static SyncService service;
    private static Path users;
    private static String admin;
    private static String owner;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void serveTheSampleCity() throws Exception {
        Path city = home.resolve("city");
        try (Geodatabase gdb = Geodatabase.create(city)) {
            SampleCity.populate(gdb, 50, null);
        }
        Cli cli = new Cli();
        assertEquals(0, cli.run("replica", "create", city.toString(), home.resolve("field").toString(), "--name", "field", "--type",
                "two-way"), cli.err);
        users = home.resolve("users");
        admin = UsersFile.add(users, "ada", "administrator");
        owner = UsersFile.add(users, "otto", "owner");
        service = SyncService.start(new SyncService.Options().port(0).maxBodyBytes(BODY_LIMIT), UsersFile.load(users),
                Map.of("city", Geodatabase.open(city)));
    }

    @AfterAll
    static void stop() {
        // runs when a test failed too: the port and the geodatabase are released
        if (service != null) {
            service.stop();
        }
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    private static HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A 4xx whose body is the API's one-sentence error. */
    private static void assertRefused(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"error\":{\"code\":" + status + ",\"message\":\""), r.body());
        String message = r.body().replaceFirst(".*\"message\":\"(.*)\"}}$", "$1");
        assertTrue(message.endsWith(".") && message.length() > 20, "one sentence: " + message);
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aRequestWithoutAValidTokenIsRefusedWith401AndOneSentence() throws Exception {
        for (String path : List.of("/api/v1", "/api/v1/city", "/api/v1/city/replicas", "/api/v1/nowhere")) {
            HttpResponse<String> r = get(api(path), null);
            assertRefused(401, r);
            assertTrue(r.body().contains("Authorization: Bearer TOKEN"), r.body());
            assertEquals("Bearer realm=\"geosync\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
        }
        String forged = "ada." + admin.substring(admin.indexOf('.') + 1, admin.length() - 1) + (admin.endsWith("A") ? "B" : "A");
        for (String token : List.of("nonsense", forged, "otto." + admin.substring(admin.indexOf('.') + 1), admin + "x", "")) {
            assertRefused(401, get(api("/api/v1/city"), token));
        }
        HttpResponse<String> basic = HTTP.send(HttpRequest.newBuilder(api("/api/v1")).header("Authorization", "Basic YWRhOnNlY3JldA==")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(401, basic);
        assertFalse(basic.headers().firstValue("Server").isPresent(), "no server version is sent");
    }

    @Test
    void aValidTokenGetsTheListAndTheServiceInfoWithSyncCapabilities() throws Exception {
        HttpResponse<String> list = get(api("/api/v1"), owner);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals("{\"apiVersion\":1,\"geodatabases\":[\"city\"]}", list.body());
        HttpResponse<String> info = get(api("/api/v1/city"), admin);
        assertEquals(200, info.statusCode(), info.body());
        String b = info.body();
        assertTrue(b.startsWith("{\"name\":\"city\",\"apiVersion\":1,\"engine\":\"derby\""), b);
        assertTrue(b.contains("\"syncCapabilities\":{\"supportsPerReplicaSync\":true,\"supportsPerLayerSync\":false,"
                + "\"supportsRollbackOnFailure\":true,\"supportsSyncDirectionControl\":true,\"supportsAsync\":false}"), b);
        assertTrue(b.contains("{\"name\":\"PARCELS\",\"kind\":\"feature_class\",\"geometryType\":\"polygon\",\"epsg\":")
                || b.matches(".*\\{\"name\":\"PARCELS\",\"kind\":\"[a-z_]+\",\"geometryType\":\"[a-z]+\",\"epsg\":[0-9]+}.*"), b);
        assertFalse(b.contains(home.toString()), "the server's paths are not the client's business: " + b);
        // the same token a second time is checked from the cache, with the same answer
        assertEquals(b, get(api("/api/v1/city/"), admin).body());

        // each dataset lists its fields: a client checks a replica's filters with the engine's rules before sending it
        org.geosync.server.ServiceClient client = org.geosync.server.ServiceClient.connect(api("/city").toString(), admin);
        java.util.List<org.geosync.core.Dataset> datasets = client.listing().datasets();
        org.geosync.core.Dataset parcels = datasets.stream().filter(d -> d.name().equals("PARCELS")).findFirst().orElseThrow();
        assertTrue(parcels.isFeatureClass() && parcels.field("LAND_USE") != null && parcels.field("OBJECTID") == null, parcels.toString());
        ReplicaSpec spec = ReplicaSpec.twoWay("crew").withDatasets(java.util.List.of(
                new ReplicaSpec.DatasetSpec("PARCELS", "LAND_USE = 'x'", false, java.util.List.of())));
        assertNull(org.geosync.core.ReplicaRules.specProblem(spec, datasets));
        String refused = org.geosync.core.ReplicaRules.specProblem(spec.withDatasets(java.util.List.of(
                new ReplicaSpec.DatasetSpec("PARCELS", "NO_SUCH = 1", false, java.util.List.of()))), datasets);
        assertTrue(refused != null && refused.contains("'NO_SUCH' is neither a field of PARCELS"), refused);
        assertEquals("PARCELS is schema only, so it takes no definition query or selection; remove one of them.",
                org.geosync.core.ReplicaRules.specProblem(spec.withDatasets(java.util.List.of(
                        new ReplicaSpec.DatasetSpec("PARCELS", null, true, java.util.List.of(1L)))), datasets));
        assertEquals("No dataset named STREETS to replicate.", org.geosync.core.ReplicaRules.specProblem(
                spec.withDatasets(java.util.List.of(ReplicaSpec.DatasetSpec.all("STREETS"))), datasets));
    }

    /** A plain http:// host name is looked up only when connecting, never by the check a form makes on every keystroke. */
    @Test
    void theLocationCheckLooksNothingUp() throws Exception {
        org.geosync.server.ServiceClient.checkLocation("http://geosync-test.invalid:8080/city"); // accepted: not looked up
        org.geosync.core.GeodatabaseException literal = assertThrows(org.geosync.core.GeodatabaseException.class,
                () -> org.geosync.server.ServiceClient.checkLocation("http://10.1.2.3:8080/city"));
        assertTrue(literal.getMessage().startsWith("Plain http:// carries the token in clear"), literal.getMessage());
        org.geosync.core.GeodatabaseException named = assertThrows(org.geosync.core.GeodatabaseException.class,
                () -> org.geosync.server.ServiceClient.connect("http://geosync-test.invalid:8080/city", "ada.x"));
        assertTrue(named.getMessage().startsWith("Plain http:// carries the token in clear"), named.getMessage());
    }

    @Test
    void anAdministratorSeesEveryReplicaAndAnOwnerOnlyItsOwn() throws Exception {
        HttpResponse<String> all = get(api("/api/v1/city/replicas"), admin);
        assertEquals(200, all.statusCode(), all.body());
        assertTrue(all.body().startsWith("{\"replicas\":[{\"name\":\"field\",\"replicaID\":\""), all.body());
        assertTrue(all.body().contains("\"type\":\"two-way\"") && all.body().contains("\"syncModel\":"), all.body());
        HttpResponse<String> own = get(api("/api/v1/city/replicas"), owner);
        assertEquals(200, own.statusCode(), own.body());
        assertEquals("{\"replicas\":[]}", own.body(), "no replica is owned yet: ownership comes with createReplica");
    }

    @Test
    void unknownNamesAre404AndNamesThatAreNotPlainAre400() throws Exception {
        assertRefused(404, get(api("/api/v1/nowhere"), admin));
        assertRefused(404, get(api("/api/v1/city/nothing"), admin));
        assertRefused(404, get(api("/elsewhere"), admin));
        for (String path : List.of("/api/v1/..", "/api/v1/../v1/city", "/api/v1/city/..", "/api/v1/a%2Fb", "/api/v1/..%2F..%2Fetc",
                "/api/v1/%2e%2e", "/api/v1/city%00", "/api/v1/c%20ity", "/api/v1//city")) {
            HttpResponse<String> r = get(api(path), admin);
            assertEquals(400, r.statusCode(), path + ": " + r.body());
            assertRefused(400, r);
        }
    }

    @Test
    void anOversizedBodyIs413AndAWrongMethod405() throws Exception {
        // as a client of large uploads does, it asks before sending the body (Expect: 100-continue): the service answers 413 from
        // the Content-Length alone, and the client never sends what would be refused (without it, the service's early answer
        // and its closing the connection race the client's writing)
        HttpResponse<String> big = HTTP.send(HttpRequest.newBuilder(api("/api/v1/city")).header("Authorization", "Bearer " + admin)
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) BODY_LIMIT + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(413, big);
        assertTrue(big.body().contains(BODY_LIMIT + " bytes"), big.body());
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(api("/api/v1/city")).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"not\":\"json")).build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(405, post);
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> delete = HTTP.send(HttpRequest.newBuilder(api("/api/v1/city")).header("Authorization", "Bearer " + admin)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(405, delete);
        assertEquals(200, get(api("/api/v1/city/replicas"), admin).statusCode(), "nothing changed: the replica is still there");
    }

    @Test
    void userAddPrintsTheTokenOnceAndTheFileKeepsOnlyASaltedHash() throws Exception {
        Path file = home.resolve("cli-users");
        Cli cli = new Cli();
        assertEquals(0, cli.run("user", "add", file.toString(), "field-crew", "--role", "owner"), cli.err);
        List<String> lines = cli.out.strip().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertTrue(token.matches("field-crew\\.[A-Za-z0-9_-]{43}"), token);
        String secret = token.substring(token.indexOf('.') + 1);
        String text = Files.readString(file);
        assertFalse(text.contains(secret), "the file holds no token: " + text);
        assertTrue(text.lines().anyMatch(l -> l.matches("field-crew:owner:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}")), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(UsersFile.load(file).authenticate(token).isPresent());

        assertEquals(1, cli.run("user", "add", file.toString(), "field-crew", "--role", "administrator"));
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.contains("already in"), cli.err);
        assertEquals(2, cli.run("user", "add", file.toString(), "boss", "--role", "root"));
        assertTrue(cli.err.contains("--role must be one of administrator, owner"), cli.err);
        ServiceException badRole = assertThrows(ServiceException.class, () -> UsersFile.add(file, "boss", "root"));
        assertTrue(badRole.getMessage().startsWith("A user's role is administrator or owner"), badRole.getMessage());
        assertEquals(1, cli.run("user", "add", file.toString(), "../etc", "--role", "owner"));
        assertEquals(text, Files.readString(file), "refusals change nothing");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ServiceException open = assertThrows(ServiceException.class, () -> UsersFile.load(file));
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
    }

    @Test
    void httpsWithAPkcs12KeystoreAndAClientThatTrustsIt() throws Exception {
        ServiceFixtures.Tls fixture = ServiceFixtures.selfSigned(home.resolve("service.p12"));
        Path keystore = fixture.keystore();
        String password = fixture.password();
        Path town = home.resolve("town");
        try (Geodatabase gdb = Geodatabase.create(town)) {
            SampleCity.populate(gdb, 50, new NullProgressMonitor());
        }
        SSLContext tls = fixture.context();
        HttpClient https = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();

        assertThrows(ServiceException.class, () -> SyncService.start(new SyncService.Options().port(0).tls(keystore,
                "wrong".toCharArray()), UsersFile.load(users), Map.of("town", Geodatabase.open(town))), "a wrong password is refused");
        try (SyncService secure = SyncService.start(new SyncService.Options().port(0).tls(keystore, password.toCharArray()),
                UsersFile.load(users), Map.of("town", Geodatabase.open(town)))) {
            assertEquals("https", secure.url("town").getScheme());
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(secure.url("town")).header("Authorization", "Bearer " + admin)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"name\":\"town\""), r.body());
            assertRefused(401, https.send(HttpRequest.newBuilder(secure.url("town")).build(), HttpResponse.BodyHandlers.ofString()));
            // a client that does not trust the certificate gets no answer at all
            assertThrows(javax.net.ssl.SSLException.class, () -> HTTP.send(HttpRequest.newBuilder(secure.url("town")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void serveRunsThroughTheCommandLineUntilStopped() throws Exception {
        Path town = home.resolve("cli-town");
        try (Geodatabase gdb = Geodatabase.create(town)) {
            SampleCity.populate(gdb, 50, null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(new CommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] { "serve", "--port", "0", "--users",
                        users.toString(), "town=" + town })), "geosync serve");
        serving.start();
        try {
            Matcher ready = awaitServing(out, err, serving);
            URI url = URI.create(ready.group(2));
            assertEquals("town", ready.group(1));
            assertEquals("127.0.0.1", url.getHost());
            HttpResponse<String> r = get(url, owner);
            assertEquals(200, r.statusCode(), r.body());
        } finally {
            serving.interrupt();
            serving.join(60_000);
        }
        assertFalse(serving.isAlive(), "an interrupt stops 'serve'");
        assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
        try (Geodatabase again = Geodatabase.open(town)) {
            assertEquals(50, again.rowCount("PARCELS"), "the service closed the geodatabase");
        }
    }

    private static Matcher awaitServing(ByteArrayOutputStream out, ByteArrayOutputStream err, Thread serving) throws InterruptedException {
        Pattern line = Pattern.compile("Serving (\\S+) at (\\S+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            if (!serving.isAlive()) {
                throw new AssertionError("'serve' ended before serving: " + err.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'serve' did not announce itself: " + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void plainHttpOffLoopbackIsRefusedWithOneLineBeforeAnythingIsOpened() throws Exception {
        Cli cli = new Cli();
        assertEquals(1, cli.run("serve", "--port", "0", "--bind", "0.0.0.0", "--users", users.toString(), "town=" + home.resolve("none")));
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.contains("only on a loopback address") && cli.err.contains("--allow-http"), cli.err);
        assertEquals("", cli.out);
        assertEquals(1, cli.run("serve", "--port", "0", "--users", home.resolve("no-users").toString(), "town=" + home));
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.contains("does not exist") && cli.err.contains("geosync user add"), cli.err);
        assertEquals(1, cli.run("serve", "--port", "0", "--users", users.toString(), "../x=" + home));
        assertTrue(cli.err.contains("is not one"), cli.err);
        assertEquals(2, cli.run("serve", "--port", "0", "--users", users.toString()));
        assertEquals(2, cli.run("serve", "--users", users.toString(), "a=b"));
    }

    @Test
    void sigtermStopsServeCleanly() throws Exception {
        Path town = home.resolve("term-town");
        try (Geodatabase gdb = Geodatabase.create(town)) {
            SampleCity.populate(gdb, 50, null);
        }
        Path log = home.resolve("serve.log");
        try (ChildJvm child = ChildJvm.start(log, "geosync", "serve", "--port", "0", "--users", users.toString(), "town=" + town)) {
            String ready = child.await("Serving town at ");
            URI url = URI.create(ready.substring("Serving town at ".length()));
            assertEquals(200, get(url, admin).statusCode());
            assertEquals(143, child.terminate(), "ended by SIGTERM (128 + 15): " + Files.readString(log));
            assertThrows(java.io.IOException.class, () -> get(url, admin), "nothing listens any more");
        }
        String stderr = Files.readString(log);
        assertFalse(stderr.contains("Exception"), stderr);
        assertFalse(stderr.contains(admin.substring(admin.indexOf('.') + 1)), "no token in the log");
        try (Geodatabase again = Geodatabase.open(town)) {
            assertEquals(50, again.rowCount("PARCELS"));
        }
    }
    /**
     * Users are managed while the service runs: a rotated token stops working at once and the new one works, a removed user's
     * token stops working; two commands adding users to one file at once lose neither. After 10 wrong tokens within a minute
     * from one address, the service answers 429 (with Retry-After) to tokens it has not verified before, without checking
     * them; a client whose token it verified goes on.
     */
    @Test
    void tokensAreRotatedAndUsersRemovedWhileServedAndWrongTokensAreSlowedDown() throws Exception {
        Path file = home.resolve("rotating-users");
        Cli cli = new Cli();
        assertEquals(0, cli.run("user", "add", file.toString(), "rita", "--role", "owner"), cli.err);
        String first = lastLine(cli.out);
        assertEquals(0, cli.run("user", "add", file.toString(), "ron", "--role", "owner"), cli.err);
        String ron = lastLine(cli.out);
        Path town = home.resolve("rotating-town");
        try (Geodatabase gdb = Geodatabase.create(town)) {
            SampleCity.populate(gdb, 10, null);
        }
        try (SyncService s = SyncService.start(new SyncService.Options().port(0), UsersFile.load(file), Map.of("town", Geodatabase.open(town)))) {
            URI url = URI.create("http://127.0.0.1:" + s.port() + "/api/v1");
            assertEquals(200, get(url, first).statusCode());
            assertEquals(0, cli.run("user", "rotate", file.toString(), "rita"), cli.err);
            assertTrue(cli.out.contains("the old one no longer works"), cli.out);
            String second = lastLine(cli.out);
            assertRefused(401, get(url, first));
            assertEquals(200, get(url, second).statusCode());
            assertEquals(0, cli.run("user", "remove", file.toString(), "ron"), cli.err);
            assertRefused(401, get(url, ron));
            assertEquals(200, get(url, second).statusCode(), "verified again after the file changed");
            assertEquals(1, cli.run("user", "remove", file.toString(), "ron"));
            assertTrue(cli.err.contains("There is no user 'ron'"), cli.err);
            assertEquals(2, cli.run("user", "rotate", file.toString()));
            // two wrong tokens so far (the old one, the removed user's); eight more make ten within the minute
            for (int i = 0; i < 8; i++) {
                assertRefused(401, get(url, "rita.wrong" + i + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
            }
            HttpResponse<String> slowed = get(url, "rita.wrongAgainAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            assertRefused(429, slowed);
            assertEquals("60", slowed.headers().firstValue("Retry-After").orElse(""));
            assertEquals(200, get(url, second).statusCode(), "a token verified before goes on");
        }
        // two commands adding users to one file at once: neither's user is lost
        Path shared = home.resolve("shared-users");
        Thread[] adders = new Thread[2];
        java.util.List<String> problems = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int t = 0; t < adders.length; t++) {
            int k = t;
            adders[t] = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    try {
                        UsersFile.add(shared, "u" + k + "x" + i, "owner");
                    } catch (ServiceException e) {
                        problems.add(e.getMessage());
                    }
                }
            });
            adders[t].start();
        }
        for (Thread t : adders) {
            t.join();
        }
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(10, UsersFile.load(shared).users().size(), Files.readString(shared));
    }

    private static String lastLine(String out) {
        java.util.List<String> lines = out.strip().lines().toList();
        return lines.get(lines.size() - 1).strip();
    }
}
