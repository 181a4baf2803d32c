package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SampleCity;
import org.geosync.core.SqlResultHandler;
import org.geosync.server.ServiceClient;
import org.geosync.server.SyncService;
import org.geosync.server.UsersFile;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.ServerConnections;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.geosync.ui.testing.WidgetBot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrator connects the workbench to a geodatabase served by the real sync service on loopback (issue #19): a
 * wrong location is refused on the dialog, a wrong token by Test Connection with the service's sentence, the right one
 * connects and is kept in secure storage (not in the preferences); the Catalog shows the service and the replica the user
 * may work, with its record in the Properties view; an edit made on the child reaches the served parent through
 * Synchronize with Server; Remove Connection forgets the token.
 */
@ExtendWith(ScreenshotOnFailure.class)
class ServerConnectionTest {

    @TempDir
    static Path home;

    private static SyncService service;
    private static Geodatabase city;
    private static String url;
    private static String token;

    private final Bot bot = new Bot();

    @BeforeAll
    static void serve() throws Exception {
        Path dir = home.resolve("city");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            SampleCity.populate(gdb, 40, null);
        }
        Path users = home.resolve("users");
        token = UsersFile.add(users, "otto", "owner");
        city = Geodatabase.open(dir);
        service = SyncService.start(new SyncService.Options().port(0), UsersFile.load(users), Map.of("city", city));
        url = "http://127.0.0.1:" + service.port() + "/city";
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop(); // closes city too, also when the test failed
        }
    }

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (url != null) {
            ServerConnections.getDefault().remove(url);
            ServerTokens.getDefault().forget(url);
        }
        UI.run(() -> { });
        GeodatabaseJobsIdle.await();
    }

    /**
     * A service that accepts connections but never answers (a real socket on loopback that reads nothing and writes nothing):
     * the Catalog says it did not answer, with the client's sentence, after the listing's short wait rather than the half hour
     * a synchronization may take; its node has the server icon.
     */
    @Test
    void aServiceThatNeverAnswersIsSaidNotToAnswerSoon() throws Exception {
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(mute.accept()); // accepted, then never read nor answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "mute service");
            acceptor.setDaemon(true);
            acceptor.start();
            String silent = "http://127.0.0.1:" + mute.getLocalPort() + "/city";
            String label = silent + " (did not answer)";
            ServerTokens.getDefault().keep(silent, "ada.secret", false);
            try {
                bot.openPerspective(DistributedGeodatabasePerspective.ID);
                var catalogView = bot.viewByTitle("Catalog");
                catalogView.show();
                var catalog = catalogView.bot().tree();
                long start = System.nanoTime();
                ServerConnections.getDefault().add(silent);
                Bot.waitUntil(Condition.of(label + " in the Catalog", () -> Arrays.asList(catalog.items()).contains(label)), 60_000);
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                assertTrue(seconds >= ServiceClient.LISTING_TIMEOUT.toSeconds() - 1 && seconds < 40, "said after " + seconds + " s");
                assertTrue(held.size() >= 1, "the service accepted the connection");
                ServerNode node = (ServerNode) UI.call(() -> catalog.item(label).getData());
                assertTrue(node.problem().startsWith("The service at " + silent + " did not answer within "
                        + ServiceClient.LISTING_TIMEOUT.toSeconds() + " s"), node.problem());
                assertTrue(UI.call(() -> catalog.item(label).getImage() != null), "a service connection has its icon");
                bot.screenshot("catalog-server-did-not-answer");
            } finally {
                ServerConnections.getDefault().remove(silent);
                ServerTokens.getDefault().forget(silent);
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /** Jetty's own log reaches java.util.logging (through slf4j's provider), beside the service's own log. */
    @Test
    void jettysLogGoesToJavaUtilLogging() throws Exception {
        List<java.util.logging.LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger jetty = java.util.logging.Logger.getLogger("org.eclipse.jetty");
        jetty.addHandler(handler);
        Path dir = home.resolve("logged");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            assertEquals(36, gdb.guid().length());
        }
        try (SyncService logged = SyncService.start(new SyncService.Options().port(0), UsersFile.load(home.resolve("users")),
                Map.of("logged", Geodatabase.open(dir)))) {
            assertTrue(logged.port() > 0);
        } finally {
            jetty.removeHandler(handler);
        }
        assertTrue(records.stream().anyMatch(r -> r.getLoggerName().startsWith("org.eclipse.jetty.server")),
                "Jetty logged its start: " + records.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
    }

    @Test
    void aServerConnectionShowsTheServedReplicaAndAChildEditReachesTheParent() throws Exception {
        // the owner's replica, created through the service into a directory of this machine
        Path child = home.resolve("crew");
        assertEquals("crew", ServiceClient.connect(url, token).createReplica(ReplicaSpec.twoWay("crew"), child));
        String guid;
        try (Geodatabase c = Geodatabase.open(child)) {
            guid = Replicas.get(c, "crew").getGuid();
        }

        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        bot.menu("Geodatabase", "New Server Connection...").click();
        BotShell dialog = bot.shell("New Server Connection");
        WidgetBot fields = dialog.bot();
        assertEquals("Enter the location of the served geodatabase, such as https://HOST:PORT/NAME.", error(dialog));
        assertFalse(fields.button("OK").isEnabled(), "OK is disabled until the fields make a connection");
        assertFalse(fields.button("Test Connection").isEnabled());
        fields.text("Location:").setText("http://10.1.2.3:8443/city");
        assertTrue(error(dialog).startsWith("Plain http:// carries the token in clear"), error(dialog));
        fields.text("Location:").setText("ftp://127.0.0.1/city");
        assertTrue(error(dialog).contains("is not a service location such as https://HOST:PORT/NAME"), error(dialog));
        fields.text("Location:").setText("http://127.0.0.1:" + service.port() + "/");
        assertTrue(error(dialog).contains("NAME: the served geodatabase"), error(dialog));
        assertFalse(fields.button("OK").isEnabled());
        fields.text("Location:").setText(url);
        assertTrue(error(dialog).startsWith("Enter your token"), error(dialog));
        assertFalse(fields.button("OK").isEnabled());
        fields.text("Token:").setText("not-the-token");
        assertNull(error(dialog));
        assertTrue(fields.button("OK").isEnabled());
        // a host name is not looked up while it is typed (the UI thread never waits for a name server): Test Connection
        // looks it up in its job, and the client's rule refuses plain http:// to another machine
        fields.text("Location:").setText("http://geosync-test.invalid:8443/city");
        assertNull(error(dialog), "typing looks nothing up");
        fields.button("Test Connection").click();
        Bot.waitUntil(Condition.of("the looked-up refusal", () -> error(dialog) != null), 60_000);
        assertTrue(error(dialog).startsWith("Plain http:// carries the token in clear"), error(dialog));
        fields.text("Location:").setText(url);
        assertNull(error(dialog));
        fields.button("Test Connection").click();
        Bot.waitUntil(Condition.of("the service's refusal", () -> error(dialog) != null), 20_000);
        assertEquals(url + " refused: The token is not valid for this service.", error(dialog));
        fields.text("Token:").setText(token);
        fields.button("Test Connection").click();
        Bot.waitUntil(Condition.of("the test to connect", () -> "Connected: 1 replica(s) you may work.".equals(message(dialog))), 20_000);
        assertTrue(fields.button("Save token in secure storage").isChecked(), "the token is saved by default");
        bot.screenshot("server-connection-dialog");
        fields.button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);
        Bot.waitUntil(Condition.of("the connection to be added", () -> ServerConnections.getDefault().list().contains(url)), 20_000);

        // the token in secure storage, encrypted, and nowhere in the preferences
        assertTrue(ServerTokens.getDefault().isSaved(url), "the token is in secure storage");
        assertEquals(token, ServerTokens.getDefault().tokenFor(url));
        IEclipsePreferences prefs = InstanceScope.INSTANCE.getNode("org.geosync.ui");
        for (String key : prefs.keys()) {
            assertFalse(prefs.get(key, "").contains(token), "preference " + key + " holds the token");
        }
        Path keyring = Path.of(System.getProperty("geosync.keyring", "target/secure_storage"));
        if (Files.isRegularFile(keyring)) {
            assertFalse(Files.readString(keyring, StandardCharsets.ISO_8859_1).contains(token), "secure storage keeps the token encrypted");
        }

        // the Catalog: the service, and below it the replica the owner may work, with the service's record in Properties
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        var catalog = catalogView.bot().tree();
        Bot.waitUntil(Condition.of(url + " in the Catalog", () -> Arrays.asList(catalog.items()).contains(url)), 30_000);
        catalog.expand(url);
        String served = "crew (two-way, parent)";
        Bot.waitUntil(Condition.of("the served replica", () -> Arrays.asList(catalog.items(url)).contains(served)), 20_000);
        catalog.select(url, served);
        var properties = bot.viewByTitle("Properties");
        properties.show();
        var rows = properties.bot().tree();
        Bot.waitUntil(Condition.of("the replica's record in the Properties view",
                () -> Arrays.asList(rows.items("Served replica")).contains("replicaID")), 20_000);
        assertEquals(guid, UI.call(() -> rows.item("Served replica", "replicaID").getText(1)), "the served side's replica ID is the child's");
        bot.screenshot("catalog-server-connection");

        // a directory that does not hold the replica is refused: on the dialog, then by the synchronization with a dialog
        catalogView.show(); // commands act on the active part's selection
        catalog.select(url, served);
        bot.menu("Replication", "Synchronize with Server...").click();
        BotShell sync = bot.shell("Synchronize with Server");
        sync.bot().text("Child geodatabase directory:").setText(home.resolve("nowhere").toString());
        assertEquals(home.resolve("nowhere") + " is not an existing directory.", error(sync));
        assertFalse(sync.bot().button("OK").isEnabled());
        Path other = home.resolve("other");
        try (Geodatabase o = Geodatabase.create(other)) {
            assertEquals(36, o.guid().length());
        }
        sync.bot().text("Child geodatabase directory:").setText(other.toString());
        assertNull(error(sync));
        sync.bot().button("OK").click();
        sync.waitUntilClosed(Bot.TIMEOUT_MS);
        BotShell refused = bot.shell("Synchronize with Server");
        assertTrue(refused.bot().containsText("crew"), "the engine's sentence names the replica it did not find");
        refused.bot().button("OK").click();
        refused.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();

        // an edit made on the child reaches the served parent
        try (Geodatabase c = Geodatabase.open(child)) {
            c.executeUserSql("UPDATE PARCELS SET LAND_USE = 'edited on the child' WHERE PARCEL_NO = 3", new SqlResultHandler() {
                @Override
                public void header(List<String> columns) {
                }

                @Override
                public void row(List<String> values) {
                }
            });
        }
        catalogView.show();
        catalog.select(url, served);
        bot.menu("Replication", "Synchronize with Server...").click();
        sync = bot.shell("Synchronize with Server");
        sync.bot().text("Child geodatabase directory:").setText(child.toString());
        assertNull(error(sync));
        bot.screenshot("synchronize-with-server-dialog");
        sync.bot().button("OK").click();
        sync.waitUntilClosed(Bot.TIMEOUT_MS);
        BotShell result = bot.shell("Synchronize with Server");
        Bot.waitUntil(Condition.of("the result", () -> result.bot().containsText("Synchronized replica crew with " + url)), 30_000);
        assertTrue(result.bot().containsText("sent 1 changes, received 0"), "the child's edit went up");
        bot.screenshot("synchronize-with-server-result");
        result.bot().button("OK").click();
        result.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        assertEquals(List.of("edited on the child"), CityFixture.column(city, "SELECT LAND_USE FROM PARCELS WHERE PARCEL_NO = 3"),
                "the served parent holds the child's edit");

        // Remove Connection takes the service out of the Catalog and forgets its token
        catalogView.show();
        catalog.select(url);
        bot.menu("Geodatabase", "Remove Connection").click();
        BotShell confirm = bot.shell("Remove Connection");
        confirm.bot().button("OK").click();
        Bot.waitUntil(Condition.of(url + " to leave the Catalog", () -> !Arrays.asList(catalog.items()).contains(url)), 20_000);
        assertFalse(ServerConnections.getDefault().list().contains(url));
        assertFalse(ServerTokens.getDefault().isSaved(url), "the removed connection's token is forgotten");
        assertNull(ServerTokens.getDefault().tokenFor(url));
    }

    private static String error(BotShell dialog) {
        return UI.call(() -> ((TitleAreaDialog) dialog.widget().getData()).getErrorMessage());
    }

    private static String message(BotShell dialog) {
        return UI.call(() -> ((TitleAreaDialog) dialog.widget().getData()).getMessage());
    }
}
