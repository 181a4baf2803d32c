package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.SampleCity;
import org.geosync.server.RemoteSync;
import org.geosync.server.ServiceClient;
import org.geosync.server.SyncService;
import org.geosync.server.UsersFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas on another machine (issue #19): the real service on loopback, the real command line and client. An owner creates a
 * replica through the service, both sides edit (updates and inserts), and 'geosync sync URL DIR' carries every edit both ways,
 * round after round. Exchanges cut at random byte offsets of either direction (a proxy that closes the connection) and
 * answers lost after the service acted leave both sides as they were or further on; the next synchronization completes
 * and no change arrives twice (each side holds every inserted row exactly once, every value as the last edit set it).
 */
class RemoteSyncTest {

    @TempDir
    static Path home;

    private static SyncService service;
    private static Geodatabase city;
    private static Path ownerToken, otherToken, adminToken;
    private static String url;

    @BeforeAll
    static void serve() throws Exception {
        Path dir = home.resolve("city");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            SampleCity.populate(gdb, 40, null);
        }
        Path users = home.resolve("users");
        adminToken = token("admin-token", UsersFile.add(users, "ada", "administrator"));
        ownerToken = token("owner-token", UsersFile.add(users, "otto", "owner"));
        otherToken = token("other-token", UsersFile.add(users, "olga", "owner"));
        city = Geodatabase.open(dir);
        service = SyncService.start(new SyncService.Options().port(0), UsersFile.load(users), Map.of("city", city));
        url = "http://127.0.0.1:" + service.port() + "/city";
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop(); // closes city too, also when a test failed
        }
    }

    private static Path token(String file, String token) throws IOException {
        Path p = home.resolve(file);
        Files.writeString(p, token + "\n");
        return p;
    }

    /** The service's geodatabase, edited as its own users would (between requests). */
    private static void parentSql(String sql) throws GeodatabaseException {
        ServiceFixtures.sql(city, sql);
    }

    private static Map<Integer, String> parcels(Geodatabase g) throws GeodatabaseException {
        return ServiceFixtures.parcels(g);
    }

    private static String insert(int no, String use) {
        return ServiceFixtures.insertParcel(no, use);
    }

    private static Map<Integer, String> parentParcels() throws Exception {
        return parcels(city);
    }

    private static Map<Integer, String> childParcels(Path child) throws Exception {
        try (Geodatabase g = Geodatabase.open(child)) {
            return parcels(g);
        }
    }

    /** The owner creates two-way replica {@code name} of the served city in {@code dir} with the command line. */
    private static void create(Cli cli, Path dir, String name) {
        assertEquals(0, cli.run("replica", "create", url, dir.toString(), "--name", name, "--type", "two-way", "--token-file",
                ownerToken.toString()), cli.err);
    }

    @Test
    void aReplicaCreatedThroughTheServiceSynchronizesBothWaysRoundAfterRound() throws Exception {
        Path crew = home.resolve("crew");
        Cli cli = new Cli();
        create(cli, crew, "crew");
        assertTrue(cli.out.contains("Created two-way replica crew"), cli.out);
        assertEquals(parentParcels(), childParcels(crew), "the child holds the parent's parcels");
        // the owner sees its replica; another owner does not, and cannot reach it
        assertEquals(0, cli.run("replica", "list", url, "--token-file", ownerToken.toString()), cli.err);
        assertTrue(cli.out.startsWith("crew  two-way  parent"), cli.out);
        assertEquals(0, cli.run("replica", "list", url, "--token-file", otherToken.toString()), cli.err);
        assertTrue(cli.out.startsWith("No replicas"), cli.out);
        assertEquals(1, cli.run("sync", url, home.resolve("crew").toString(), "--replica", "crew", "--token-file", otherToken.toString()));
        assertTrue(cli.err.contains("has no replica named 'crew' that you may work"), cli.err);

        Map<Integer, String> expected = parentParcels();
        for (int round = 1; round <= 3; round++) {
            String own = "child" + round, theirs = "parent" + round;
            assertEquals(0, cli.run("sql", crew.toString(), "UPDATE PARCELS SET LAND_USE = '" + own + "' WHERE PARCEL_NO = " + round), cli.err);
            assertEquals(0, cli.run("sql", crew.toString(), insert(500 + round, own)), cli.err);
            parentSql("UPDATE PARCELS SET LAND_USE = '" + theirs + "' WHERE PARCEL_NO = " + (10 + round));
            parentSql(insert(600 + round, theirs));
            expected.put(round, own);
            expected.put(500 + round, own);
            expected.put(10 + round, theirs);
            expected.put(600 + round, theirs);
            assertEquals(0, cli.run("sync", url, crew.toString(), "--replica", "crew", "--token-file", ownerToken.toString()), cli.err);
            assertTrue(cli.out.startsWith("Synchronized replica crew with " + url + ": sent "), cli.out);
            assertEquals(expected, parentParcels(), "round " + round + ": the parent");
            assertEquals(expected, childParcels(crew), "round " + round + ": the child");
        }
        // nothing new: a synchronization changes nothing and sends nothing new
        assertEquals(0, cli.run("sync", crew.toString(), url, "--replica", "crew", "--token-file", ownerToken.toString()), cli.err);
        assertEquals(expected, parentParcels());
        assertEquals(expected, childParcels(crew));
    }

    @Test
    void anAnswerLostAfterTheServiceActedIsCompletedByTheNextSynchronization() throws Exception {
        Path field = home.resolve("lost");
        Cli cli = new Cli();
        create(cli, field, "lost");
        ServiceClient client = ServiceClient.connect(url, Files.readString(ownerToken).strip());
        // the first synchronization gives the child the right to send
        try (Geodatabase g = Geodatabase.open(field)) {
            RemoteSync.synchronize(g, client, "lost", true, true, null, null, null);
        }
        Map<Integer, String> expected = parentParcels();
        assertEquals(0, cli.run("sql", field.toString(), insert(701, "lost-upload")), cli.err);
        expected.put(701, "lost-upload");
        // the upload arrives and is imported, but the client never hears back
        try (Geodatabase g = Geodatabase.open(field)) {
            Path m = home.resolve("lost-m1.zip");
            Messages.exportChanges(g, "lost", m, Messages.ExportOptions.defaults().withSwitchToReceiver(true), null);
            assertTrue(client.upload("lost", m, null, null).get("imported").getAsBoolean());
            // a replay of that upload is reported as imported before, and changes nothing
            assertTrue(client.upload("lost", m, null, null).get("alreadyImported").getAsBoolean());
        }
        assertEquals(expected, parentParcels());
        parentSql(insert(702, "lost-download"));
        expected.put(702, "lost-download");
        // the service's answer is lost too: asked for its changes, it switched to receiver, and the file never arrived
        client.download("lost", "changes", home.resolve("lost-d1.zip"));
        assertEquals(0, cli.run("sync", url, field.toString(), "--replica", "lost", "--token-file", ownerToken.toString()), cli.err);
        assertEquals(expected, parentParcels());
        assertEquals(expected, childParcels(field));
        // and the exchange goes on as usual afterwards
        assertEquals(0, cli.run("sql", field.toString(), insert(703, "after")), cli.err);
        expected.put(703, "after");
        assertEquals(0, cli.run("sync", url, field.toString(), "--replica", "lost", "--token-file", ownerToken.toString()), cli.err);
        assertEquals(expected, parentParcels());
        assertEquals(expected, childParcels(field));
    }

    @Test
    void connectionsCutAtRandomBytesLoseNothingAndApplyNothingTwice() throws Exception {
        long seed = Long.getLong("geosync.seed", System.nanoTime());
        System.out.println("RemoteSyncTest: cut connections with seed " + seed + " (repeat with -Dgeosync.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Path field = home.resolve("cut");
        Cli cli = new Cli();
        create(cli, field, "cut");
        String token = Files.readString(ownerToken).strip();
        ServiceClient direct = ServiceClient.connect(url, token);
        try (Geodatabase g = Geodatabase.open(field)) {
            RemoteSync.synchronize(g, direct, "cut", true, true, null, null, null);
        }
        Map<Integer, String> expected = parentParcels();
        try (CuttingProxy proxy = new CuttingProxy(service.port())) {
            ServiceClient cut = ServiceClient.connect("http://127.0.0.1:" + proxy.port() + "/city", token);
            int exchanges = Integer.getInteger("geosync.cuts", 8);
            for (int i = 0; i < exchanges; i++) {
                int no = 800 + i;
                assertEquals(0, cli.run("sql", field.toString(), insert(no, "c" + i)), cli.err);
                assertEquals(0, cli.run("sql", field.toString(), "UPDATE PARCELS SET LAND_USE = 'cu" + i + "' WHERE PARCEL_NO = " + (i + 1)),
                        cli.err);
                parentSql(insert(900 + i, "p" + i));
                parentSql("UPDATE PARCELS SET LAND_USE = 'pu" + i + "' WHERE PARCEL_NO = " + (i + 20));
                expected.put(no, "c" + i);
                expected.put(i + 1, "cu" + i);
                expected.put(900 + i, "p" + i);
                expected.put(i + 20, "pu" + i);
                // a whole exchange through the proxy first measures the bytes; then the cut lands somewhere in them
                boolean toService = rnd.nextBoolean();
                long total = i == 0 ? 0 : proxy.bytes(toService);
                proxy.cutAfter(toService, total <= 0 ? 200 : 1 + (long) (rnd.nextDouble() * total));
                proxy.reset();
                boolean failed = false;
                try (Geodatabase g = Geodatabase.open(field)) {
                    RemoteSync.synchronize(g, cut, "cut", true, true, null, null, null);
                } catch (GeodatabaseException e) {
                    failed = true;
                    assertTrue(e.getMessage().contains("127.0.0.1:" + proxy.port()), e.getMessage());
                }
                System.out.println("RemoteSyncTest: exchange " + i + " cut " + (toService ? "to" : "from") + " the service after "
                        + proxy.cutAt(toService) + " byte(s): " + (failed ? "failed" : "completed"));
                proxy.cutAfter(toService, Long.MAX_VALUE);
                // whatever the cut left, the next synchronization completes it
                try (Geodatabase g = Geodatabase.open(field)) {
                    RemoteSync.synchronize(g, cut, "cut", true, true, null, null, null);
                }
                assertEquals(expected, parentParcels(), "exchange " + i);
                assertEquals(expected, childParcels(field), "exchange " + i);
            }
        }
    }

    @Test
    void aReplicaCreatedOverHttpsSynchronizesBothWays() throws Exception {
        ServiceFixtures.Tls tls = ServiceFixtures.selfSigned(home.resolve("service.p12"));
        Path town = home.resolve("town");
        try (Geodatabase gdb = Geodatabase.create(town)) {
            SampleCity.populate(gdb, 30, null);
        }
        Geodatabase served = Geodatabase.open(town);
        try (SyncService secure = SyncService.start(new SyncService.Options().port(0).tls(tls.keystore(), tls.password().toCharArray()),
                UsersFile.load(home.resolve("users")), Map.of("town", served))) {
            String location = "https://127.0.0.1:" + secure.port() + "/town";
            ServiceClient client = ServiceClient.connect(location, Files.readString(ownerToken).strip(), tls.context());
            Path child = home.resolve("town-crew");
            assertEquals("tc", client.createReplica(org.geosync.core.ReplicaSpec.twoWay("tc"), child));
            Cli cli = new Cli();
            assertEquals(0, cli.run("sql", child.toString(), "UPDATE PARCELS SET LAND_USE = 'over-tls' WHERE PARCEL_NO = 3"), cli.err);
            ServiceFixtures.sql(served, "UPDATE PARCELS SET LAND_USE = 'served' WHERE PARCEL_NO = 4");
            try (Geodatabase g = Geodatabase.open(child)) {
                RemoteSync.Result r = RemoteSync.synchronize(g, client, "tc", true, true, null, null, null);
                assertEquals(1, r.sent(), r.toString());
            }
            Map<Integer, String> parent = parcels(served);
            assertEquals("over-tls", parent.get(3));
            assertEquals("served", parent.get(4));
            assertEquals(parent, childParcels(child));
            // the same service refuses a client that does not trust its certificate, before any token is sent
            ServiceClient untrusting = ServiceClient.connect(location, Files.readString(ownerToken).strip());
            GeodatabaseException refused = org.junit.jupiter.api.Assertions.assertThrows(GeodatabaseException.class,
                    () -> untrusting.replicas());
            assertTrue(refused.getMessage().startsWith("Cannot reach the service at " + location), refused.getMessage());
        }
    }

    @Test
    void conflictsLeftForReviewOnTheServiceExit3AndTheResolutionArrivesNextTime() throws Exception {
        Path field = home.resolve("review");
        Cli cli = new Cli();
        create(cli, field, "review");
        assertEquals(0, cli.run("sync", url, field.toString(), "--replica", "review", "--token-file", ownerToken.toString()), cli.err);
        assertEquals(0, cli.run("sql", field.toString(), "UPDATE PARCELS SET LAND_USE = 'field' WHERE PARCEL_NO = 30"), cli.err);
        parentSql("UPDATE PARCELS SET LAND_USE = 'office' WHERE PARCEL_NO = 30");
        // manual: the service stores the conflict for its administrator; its side then receives but does not send
        assertEquals(3, cli.run("sync", url, field.toString(), "--replica", "review", "--policy", "manual", "--token-file",
                ownerToken.toString()), cli.err);
        assertTrue(cli.out.contains("conflicts left for review on the service"), cli.out);
        assertEquals("office", parentParcels().get(30));
        assertEquals("field", childParcels(field).get(30));
        assertEquals(3, cli.run("sync", url, field.toString(), "--replica", "review", "--token-file", ownerToken.toString()), cli.err);
        // the administrator takes the field's version there; the next synchronization brings the decision back
        assertEquals(1, org.geosync.core.Replicas.resolve(city, "review", null, org.geosync.model.ConflictResolution.TAKE_IMPORTED, null));
        assertEquals("field", parentParcels().get(30));
        assertEquals(0, cli.run("sync", url, field.toString(), "--replica", "review", "--token-file", ownerToken.toString()), cli.err);
        assertEquals(parentParcels(), childParcels(field));
    }

    @Test
    void hostileOrForeignUploadsAreRefusedAndChangeNothing() throws Exception {
        Path field = home.resolve("hostile");
        Cli cli = new Cli();
        create(cli, field, "hostile");
        Map<Integer, String> before = parentParcels();
        HttpClient http = HttpClient.newHttpClient();
        URI messages = URI.create("http://127.0.0.1:" + service.port() + "/api/v1/city/replicas/hostile/messages");
        HttpResponse<String> junk = http.send(HttpRequest.newBuilder(messages).header("Authorization", "Bearer " + Files.readString(ownerToken).strip())
                .POST(HttpRequest.BodyPublishers.ofString("PK not a message")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, junk.statusCode(), junk.body());
        assertTrue(junk.body().contains("not a whole GeoSync message"), junk.body());
        // another owner's token reaches nothing of it
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(messages).header("Authorization", "Bearer " + Files.readString(otherToken).strip())
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, foreign.statusCode(), foreign.body());
        // an owner may not unregister; an administrator may
        assertEquals(1, cli.run("replica", "unregister", url, "hostile", "--token-file", ownerToken.toString()));
        assertTrue(cli.err.contains("Only an administrator may unregister a replica."), cli.err);
        assertEquals(0, cli.run("replica", "unregister", url, "hostile", "--token-file", adminToken.toString()), cli.err);
        assertEquals(before, parentParcels());
        // no token at all: one line, exit 1
        assertEquals(1, cli.run("replica", "list", url));
        assertTrue(cli.err.strip().contains("needs a token: set GEOSYNC_TOKEN"), cli.err);
        assertFalse(cli.err.strip().contains("\n"), cli.err);
    }

    /**
     * registerReplica: a side-loaded copy of a replica created through the service registers from another machine. The first
     * request's answer is lost after the service registered the copy; the command line, sending the same copy again, gets the
     * same registration (one replica, not two). Another owner may not register a copy of the owner's replica. The registered
     * copy synchronizes both ways; registering it again is refused and changes nothing.
     */
    @Test
    void aSideLoadedCopyRegistersThroughTheServiceOnceEvenWhenItsAnswerIsLost() throws Exception {
        Path crew = home.resolve("reg-crew"), copy = home.resolve("reg-copy");
        Cli cli = new Cli();
        create(cli, crew, "regcrew");
        assertEquals(0, cli.run("sql", crew.toString(), "UPDATE PARCELS SET LAND_USE = 'before copy' WHERE PARCEL_NO = 3"), cli.err);
        assertEquals(0, cli.run("sync", url, crew.toString(), "--replica", "regcrew", "--token-file", ownerToken.toString()), cli.err);
        RegisterTest.copyDirectory(crew, copy); // carried to another device
        // the service registers the copy, and its answer never arrives
        Path zip = home.resolve("reg-copy.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
                java.util.stream.Stream<Path> files = Files.walk(copy)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (!p.equals(copy)) {
                    z.putNextEntry(new java.util.zip.ZipEntry(copy.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : "")));
                    if (!Files.isDirectory(p)) {
                        Files.copy(p, z);
                    }
                    z.closeEntry();
                }
            }
        }
        HttpResponse<Void> lost = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + "/api/v1/city/replicas/regcopy/registration?location=" + java.net.URLEncoder.encode(copy.toRealPath().toString(),
                        java.nio.charset.StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + Files.readString(ownerToken).strip()).POST(HttpRequest.BodyPublishers.ofFile(zip)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, lost.statusCode());
        String guid = lost.headers().firstValue("X-GeoSync-Replica-Id").orElseThrow();
        // another owner may not register a copy of it
        assertEquals(1, cli.run("replica", "register", url, copy.toString(), "--name", "theirs", "--token-file", otherToken.toString()));
        assertTrue(cli.err.contains("which you may not work"), cli.err);
        // the owner registers it again: the same registration comes back, and the copy takes its place
        assertEquals(0, cli.run("replica", "register", url, copy.toString(), "--name", "regcopy", "--token-file", ownerToken.toString()), cli.err);
        assertTrue(cli.out.contains("as replica regcopy (" + guid + ")"), cli.out);
        assertEquals(0, cli.run("replica", "list", url, "--token-file", adminToken.toString(), "--json"), cli.err);
        assertEquals(1, cli.out.split("\"name\":\"regcopy\"", -1).length - 1, cli.out);
        assertFalse(cli.out.contains("theirs"), cli.out);
        // it synchronizes both ways as its own replica
        assertEquals(0, cli.run("sql", copy.toString(), "UPDATE PARCELS SET LAND_USE = 'from the copy' WHERE PARCEL_NO = 4"), cli.err);
        parentSql("UPDATE PARCELS SET LAND_USE = 'for the copy' WHERE PARCEL_NO = 5");
        assertEquals(0, cli.run("sync", url, copy.toString(), "--replica", "regcopy", "--token-file", ownerToken.toString()), cli.err);
        assertEquals("from the copy", parentParcels().get(4));
        Map<Integer, String> there = childParcels(copy);
        assertEquals("for the copy", there.get(5));
        assertEquals("before copy", there.get(3));
        // registered once is registered: asked again, refused with a sentence, nothing changed
        Map<Integer, String> before = parentParcels();
        assertEquals(1, cli.run("replica", "register", url, copy.toString(), "--name", "regcopy2", "--token-file", ownerToken.toString()));
        assertTrue(cli.err.contains("holds replica regcopy itself"), cli.err);
        assertFalse(cli.err.strip().contains("\n"), cli.err);
        assertEquals(before, parentParcels());
        assertEquals(there, childParcels(copy));
    }

    /**
     * The message commands against a served geodatabase: its data change message and acknowledgment are downloaded, the
     * client's messages uploaded for it to import (once: the same message again changes nothing); options that only a local
     * geodatabase takes are refused as usage errors.
     */
    @Test
    void messagesGoToAndComeFromAServedGeodatabaseByTheCommandLine() throws Exception {
        Path crew = home.resolve("msg-crew");
        Cli cli = new Cli();
        create(cli, crew, "msgcrew");
        String token = ownerToken.toString();
        parentSql("UPDATE PARCELS SET LAND_USE = 'parent by message' WHERE PARCEL_NO = 7");
        Path m1 = home.resolve("msg-m1.zip"), m2 = home.resolve("msg-m2.zip"), a1 = home.resolve("msg-a1.zip");
        assertEquals(0, cli.run("message", "export-changes", url, "msgcrew", m1.toString(), "--token-file", token), cli.err);
        assertTrue(cli.out.startsWith("Downloaded data changes of replica msgcrew"), cli.out);
        assertEquals(0, cli.run("message", "import", crew.toString(), m1.toString()), cli.err);
        assertEquals("parent by message", childParcels(crew).get(7));
        assertEquals(0, cli.run("sql", crew.toString(), "UPDATE PARCELS SET LAND_USE = 'child by message' WHERE PARCEL_NO = 8"), cli.err);
        assertEquals(0, cli.run("message", "export-changes", crew.toString(), "msgcrew", m2.toString(), "--switch-to-receiver"), cli.err);
        assertEquals(0, cli.run("message", "import", url, m2.toString(), "--token-file", token), cli.err);
        assertTrue(cli.out.startsWith("Imported data changes of replica msgcrew into " + url + ": 0 inserted, 1 updated"), cli.out);
        assertEquals("child by message", parentParcels().get(8));
        assertEquals(0, cli.run("message", "import", url, m2.toString(), "--token-file", token, "--json"), cli.err);
        assertTrue(cli.out.contains("\"alreadyImported\":true"), cli.out);
        assertEquals(0, cli.run("message", "export-ack", url, "msgcrew", a1.toString(), "--token-file", token), cli.err);
        assertTrue(cli.out.startsWith("Downloaded the acknowledgment of replica msgcrew"), cli.out);
        assertEquals(0, cli.run("message", "import", crew.toString(), a1.toString()), cli.err);
        // what only a local geodatabase takes
        assertEquals(2, cli.run("message", "reexport", url, "msgcrew", home.resolve("msg-x.zip").toString()));
        assertEquals(2, cli.run("message", "export-changes", url, "msgcrew", home.resolve("msg-x.zip").toString(), "--new-only",
                "--token-file", token));
        assertEquals(2, cli.run("message", "import", url, m2.toString(), "--ack", a1.toString(), "--token-file", token));
        assertFalse(Files.exists(home.resolve("msg-x.zip")));
    }

    /**
     * A TCP proxy in front of the service that closes a connection after a number of bytes in one direction (to the service or
     * from it), and counts the bytes of the last exchanges.
     */
    static final class CuttingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final int target;
        private final long[] limit = { Long.MAX_VALUE, Long.MAX_VALUE };
        private final AtomicLong[] counted = { new AtomicLong(), new AtomicLong() };
        private final long[] cutAt = { -1, -1 };
        private final Thread acceptor;

        CuttingProxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = new Thread(this::accept, "cutting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        synchronized void cutAfter(boolean toService, long bytes) {
            limit[toService ? 0 : 1] = bytes;
        }

        void reset() {
            counted[0].set(0);
            counted[1].set(0);
            cutAt[0] = cutAt[1] = -1;
        }

        long bytes(boolean toService) {
            return counted[toService ? 0 : 1].get();
        }

        long cutAt(boolean toService) {
            return cutAt[toService ? 0 : 1];
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    pump(client, upstream, 0);
                    pump(upstream, client, 1);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pump(Socket from, Socket to, int direction) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[512];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) > 0;) {
                        long before = counted[direction].getAndAdd(n);
                        long allowed = limit[direction] - before;
                        if (allowed < n) {
                            if (allowed > 0) {
                                out.write(buf, 0, (int) allowed);
                                out.flush();
                            }
                            cutAt[direction] = limit[direction];
                            break;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the other pump closed the connection
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "cutting-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
