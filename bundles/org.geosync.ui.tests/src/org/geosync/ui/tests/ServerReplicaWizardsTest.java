package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SampleCity;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaFilter;
import org.geosync.model.ReplicaRole;
import org.geosync.model.SchemaPolicy;
import org.geosync.model.SyncModel;
import org.geosync.server.ServiceClient;
import org.geosync.server.SyncService;
import org.geosync.server.UsersFile;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.ServerConnections;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.catalog.ServerTokens;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.BotTree;
import org.geosync.ui.testing.BotView;
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
 * The administrator creates, registers and unregisters replicas through a geodatabase the real sync service serves on
 * loopback (issue #19): Create Replica from Server... refuses a bad name on the dialog, then the service sends the child into
 * a new directory, which the Catalog opens beside the service, whose node lists the new replica; Register Copy with Server...
 * registers a byte copy of that child; Unregister from Server unregisters it as an administrator. An owner is refused by the
 * service: a name taken by a replica the owner cannot see (nothing is left in the directory), and an unregistration.
 */
@ExtendWith(ScreenshotOnFailure.class)
class ServerReplicaWizardsTest {

    @TempDir
    static Path home;

    private static SyncService service;
    private static String url;
    private static String admin;
    private static String owner;

    private final Bot bot = new Bot();
    private final List<Path> connected = new ArrayList<>();

    @BeforeAll
    static void serve() throws Exception {
        Path dir = home.resolve("city");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            SampleCity.populate(gdb, 40, null);
        }
        Path users = home.resolve("users");
        admin = UsersFile.add(users, "ada", "administrator");
        owner = UsersFile.add(users, "otto", "owner");
        service = SyncService.start(new SyncService.Options().port(0), UsersFile.load(users), Map.of("city", Geodatabase.open(dir)));
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
        GeodatabaseJobsIdle.disconnect(connected.toArray(Path[]::new));
        UI.run(() -> { });
    }

    @Test
    void createRegisterAndUnregisterReplicasThroughTheService() throws Exception {
        ServerTokens.getDefault().keep(url, admin, false); // the connection itself is ServerConnectionTest's
        ServerConnections.getDefault().add(url);
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        BotView catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        BotTree catalog = catalogView.bot().tree();
        Bot.waitUntil(Condition.of(url + " in the Catalog", () -> Arrays.asList(catalog.items()).contains(url)), 30_000);

        // Create Replica from Server...: the engine's sentences on the dialog, OK only when they all pass
        Path child = home.resolve("field");
        catalog.select(url);
        bot.menu("Replication", "Create Replica from Server...").click();
        BotShell create = bot.shell("Create Replica from Server");
        WidgetBot fields = create.bot();
        assertEquals("Enter a name for the replica.", error(create));
        assertFalse(fields.button("OK").isEnabled());
        fields.text("Replica name:").setText("1field");
        assertEquals(ReplicaSpec.nameProblem("1field"), error(create));
        assertFalse(fields.button("OK").isEnabled());
        fields.text("Replica name:").setText("field");
        Bot.waitUntil(Condition.of("the service's datasets", () -> fields.table().rowCount() > 0), 20_000);
        List<String> datasets = fields.table().column(0);
        assertTrue(datasets.contains("PARCELS"), datasets.toString());
        for (int i = 0; i < datasets.size(); i++) {
            assertTrue(fields.table().isChecked(i), "every dataset is chosen by default");
        }
        assertEquals("Enter a new or empty directory for the child geodatabase.", error(create));
        fields.text("Child geodatabase directory:").setText("field");
        assertEquals("Enter an absolute directory path.", error(create));
        fields.text("Child geodatabase directory:").setText(home.resolve("city").toString());
        assertEquals(home.resolve("city") + " is already a geodatabase; choose a new or empty directory.", error(create));
        fields.text("Child geodatabase directory:").setText(child.toString());
        assertNull(error(create));
        fields.text("Area (WKT, optional):").setText("POLYGON ((0 0, 1 0))");
        String areaSentence = error(create);
        assertTrue(areaSentence != null && !areaSentence.isBlank(), "a polygon of two points is refused");
        assertFalse(fields.button("OK").isEnabled());
        fields.text("Area (WKT, optional):").setText("");
        assertNull(error(create));
        assertTrue(fields.button("OK").isEnabled());

        // what the command line's replica create sends, each dataset's filters checked by the engine's rules against the
        // datasets and fields the service lists
        fields.combo("Dataset:").select("PARCELS");
        fields.text("Definition query:").setText("NO_SUCH_FIELD = 1");
        assertTrue(error(create).contains("'NO_SUCH_FIELD' is neither a field of PARCELS"), error(create));
        assertFalse(fields.button("OK").isEnabled());
        fields.text("Definition query:").setText("PARCEL_NO > 5");
        assertNull(error(create));
        fields.combo("Dataset:").select("HYDRANTS");
        fields.text("ObjectIDs:").setText("1, x");
        assertTrue(error(create).startsWith("Selection of HYDRANTS: 'x' is neither an ObjectID"), error(create));
        fields.text("ObjectIDs:").setText("1, 123e4567-e89b-12d3-a456-426614174000");
        assertEquals("The service takes the selection set of HYDRANTS as ObjectIDs (such as 1, 2, 3), not GlobalIDs.", error(create));
        fields.text("ObjectIDs:").setText("1, 2, 3");
        assertNull(error(create));
        fields.combo("Dataset:").select("OWNERS");
        fields.text("Definition query:").setText("NAME <> 'x'");
        fields.button("Schema only (no rows)").click();
        assertEquals("OWNERS is schema only, so it takes no definition query or selection; remove one of them.", error(create));
        assertFalse(fields.button("OK").isEnabled());
        fields.button("Schema only (no rows)").click();
        fields.text("Definition query:").setText("");
        fields.button("Schema only (no rows)").click();
        assertNull(error(create));
        fields.combo("Dataset:").select("PARCELS");
        assertEquals("PARCEL_NO > 5", fields.text("Definition query:").getText(), "each dataset keeps its own filters");
        fields.combo("Sync model:").select("per-layer");
        fields.combo("Schema policy:").select("all");
        fields.button(RELATED).click();
        fields.combo("Type:").select("two-way");
        assertNull(error(create));
        UI.run(() -> { });
        Thread.sleep(400); // GTK paints what the last events changed
        bot.screenshot("create-replica-from-server-dialog");
        fields.button("OK").click();
        create.waitUntilClosed(Bot.TIMEOUT_MS);
        Bot.waitUntil(Condition.of("the child in the Catalog's connections",
                () -> GeodatabaseConnections.getDefault().list().stream().anyMatch(l -> l.toString().equals(child.toString()))), 60_000);
        connected.add(child);
        GeodatabaseJobsIdle.await();
        String guid;
        try (Geodatabase c = Geodatabase.open(child)) {
            Replica r = Replicas.get(c, "field");
            assertEquals(ReplicaRole.CHILD, r.getRole(), "the directory holds the child of the replica");
            guid = r.getGuid();
            assertEquals(SyncModel.PER_LAYER, r.getSyncModel());
            assertEquals(SchemaPolicy.ALL, r.getSchemaPolicy());
            assertEquals("PARCEL_NO > 5", filter(r, "PARCELS").getDefinitionQuery());
            assertTrue(filter(r, "PARCELS").isRelatedData(), "related data");
            assertEquals(List.of(1L, 2L, 3L), List.copyOf(filter(r, "HYDRANTS").getSelectionOids()));
            assertTrue(filter(r, "OWNERS").isSchemaOnly(), "OWNERS is schema only");
        }
        assertEquals(guid, served(admin, "field"), "the service serves the same replica");
        catalog.expand(url);
        Bot.waitUntil(Condition.of("the new replica under the service",
                () -> Arrays.asList(catalog.items(url)).contains("field (two-way, parent)")), 30_000);
        bot.screenshot("catalog-after-create-from-server");

        // Register Copy with Server...: a byte copy of the closed child becomes a replica of its own
        Path copy = home.resolve("field-copy");
        copyTree(child, copy);
        catalogView.show();
        catalog.select(url);
        bot.menu("Replication", "Register Copy with Server...").click();
        BotShell register = bot.shell("Register Copy with Server");
        WidgetBot rf = register.bot();
        assertEquals("Enter the directory of the copy of a child geodatabase.", error(register));
        assertFalse(rf.button("OK").isEnabled());
        rf.text("Copy directory:").setText(home.resolve("nowhere").toString());
        assertTrue(error(register).contains("nowhere"), error(register));
        rf.text("Copy directory:").setText(copy.toString());
        assertEquals("Enter a name for the new replica.", error(register));
        rf.text("New replica name:").setText("field");
        assertEquals("A replica named field already exists in " + url + "; choose another name.", error(register));
        assertFalse(rf.button("OK").isEnabled());
        rf.text("New replica name:").setText("field two");
        assertEquals(ReplicaSpec.nameProblem("field two"), error(register));
        rf.text("New replica name:").setText("field2");
        assertNull(error(register));
        assertTrue(rf.button("OK").isEnabled());
        bot.screenshot("register-copy-with-server-dialog");
        rf.button("OK").click();
        register.waitUntilClosed(Bot.TIMEOUT_MS);
        Bot.waitUntil(Condition.of("the service to list field2", () -> served(admin, "field2") != null), 60_000);
        connected.add(copy);
        Bot.waitUntil(Condition.of("the copy in the Catalog's connections",
                () -> GeodatabaseConnections.getDefault().list().stream().anyMatch(l -> l.toString().equals(copy.toString()))), 30_000);
        GeodatabaseJobsIdle.await();
        try (Geodatabase c = Geodatabase.open(copy)) {
            assertEquals(served(admin, "field2"), Replicas.get(c, "field2").getGuid(), "the copy holds the registered replica");
        }
        Bot.waitUntil(Condition.of("field2 under the service",
                () -> Arrays.asList(catalog.items(url)).contains("field2 (two-way, parent)")), 30_000);

        // Unregister from Server, as an administrator, after confirmation
        catalogView.show();
        catalog.select(url, "field2 (two-way, parent)");
        bot.menu("Replication", "Unregister from Server").click();
        BotShell confirm = bot.shell("Unregister from Server");
        assertTrue(confirm.bot().containsText("Unregister replica field2 of " + url + "?"), "the question names the replica");
        bot.screenshot("unregister-from-server-confirmation");
        confirm.bot().button("OK").click();
        confirm.waitUntilClosed(Bot.TIMEOUT_MS);
        Bot.waitUntil(Condition.of("the service to drop field2", () -> served(admin, "field2") == null), 30_000);
        Bot.waitUntil(Condition.of("field2 to leave the Catalog",
                () -> !Arrays.asList(catalog.items(url)).contains("field2 (two-way, parent)")), 30_000);
        assertTrue(served(admin, "field") != null, "the other replica stays");

        // an owner: a name taken by a replica the owner may not see is the service's refusal, and nothing is left behind
        ServerTokens.getDefault().keep(url, owner, false);
        ServerConnections.getDefault().refresh();
        Bot.waitUntil(Condition.of("the owner's (empty) list", () -> !Arrays.asList(catalog.items(url)).contains("field (two-way, parent)")),
                30_000);
        catalogView.show();
        catalog.select(url);
        bot.menu("Replication", "Create Replica from Server...").click();
        BotShell taken = bot.shell("Create Replica from Server");
        taken.bot().text("Replica name:").setText("field");
        Path refusedChild = home.resolve("refused");
        taken.bot().text("Child geodatabase directory:").setText(refusedChild.toString());
        Bot.waitUntil(Condition.of("the dialog to accept", () -> taken.bot().button("OK").isEnabled()), 20_000);
        taken.bot().button("OK").click();
        taken.waitUntilClosed(Bot.TIMEOUT_MS);
        BotShell refusal = bot.shell("Create Replica from Server");
        Bot.waitUntil(Condition.of("the service's sentence", () -> refusal.bot().containsText("Replica field was not created: " + url + " refused:")),
                30_000);
        bot.screenshot("create-replica-from-server-refused");
        refusal.bot().button("OK").click();
        refusal.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        assertFalse(Files.exists(refusedChild), "a refused creation leaves nothing behind");
        assertFalse(GeodatabaseConnections.getDefault().list().stream().anyMatch(l -> l.toString().equals(refusedChild.toString())));

        // an owner's unregistration: the service's 403 sentence in an error dialog, and the replica stays
        Path mine = home.resolve("mine");
        assertEquals("mine", ServiceClient.connect(url, owner).createReplica(ReplicaSpec.twoWay("mine"), mine));
        ServerConnections.getDefault().refresh();
        Bot.waitUntil(Condition.of("the owner's replica under the service",
                () -> Arrays.asList(catalog.items(url)).contains("mine (two-way, parent)")), 30_000);
        catalogView.show();
        catalog.select(url, "mine (two-way, parent)");
        bot.menu("Replication", "Unregister from Server").click();
        BotShell ask = bot.shell("Unregister from Server");
        ask.bot().button("OK").click();
        ask.waitUntilClosed(Bot.TIMEOUT_MS);
        BotShell forbidden = bot.shell("Unregister from Server");
        Bot.waitUntil(Condition.of("the service's 403 sentence",
                () -> forbidden.bot().containsText("Unregistering failed: " + url + " refused: Only an administrator may unregister a replica.")),
                30_000);
        bot.screenshot("unregister-from-server-refused");
        forbidden.bot().button("OK").click();
        forbidden.waitUntilClosed(Bot.TIMEOUT_MS);
        assertTrue(served(owner, "mine") != null, "the owner's replica is still served");
    }

    /**
     * Unregister from Server on three served replicas at once: one confirmation names them all, one job unregisters them, and
     * the one the service no longer has (another administrator unregistered it meanwhile) is named with the service's sentence
     * while the others go.
     */
    @Test
    void unregisterSeveralServedReplicasAtOnce() throws Exception {
        ServiceClient client = ServiceClient.connect(url, admin);
        List<String> names = List.of("crew1", "crew2", "crew3");
        for (String n : names) {
            client.createReplica(ReplicaSpec.twoWay(n).withDatasets(List.of(ReplicaSpec.DatasetSpec.all("HYDRANTS"))), home.resolve(n));
        }
        ServerTokens.getDefault().keep(url, admin, false);
        ServerConnections.getDefault().add(url);
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        BotView catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        BotTree catalog = catalogView.bot().tree();
        Bot.waitUntil(Condition.of("the three replicas under the service",
                () -> Arrays.asList(catalog.items()).contains(url) && Arrays.asList(catalog.items(url)).containsAll(
                        names.stream().map(n -> n + " (two-way, parent)").toList())), 30_000);
        catalog.selectMany(names.stream().map(n -> new String[] { url, n + " (two-way, parent)" }).toArray(String[][]::new));
        bot.menu("Replication", "Unregister from Server").click();
        BotShell confirm = bot.shell("Unregister from Server");
        assertTrue(confirm.bot().containsText("Unregister these 3 replicas?"), "one question for all");
        for (String n : names) {
            assertTrue(confirm.bot().containsText(n + " of " + url), "the question names " + n);
        }
        bot.screenshot("unregister-several-from-server-confirmation");
        client.unregister("crew2"); // meanwhile: the service will not find it
        confirm.bot().button("OK").click();
        confirm.waitUntilClosed(Bot.TIMEOUT_MS);
        BotShell summary = bot.shell("Unregister from Server");
        Bot.waitUntil(Condition.of("the summary of what failed", () -> summary.bot().containsText("1 of 3 replicas were not unregistered")),
                30_000);
        assertTrue(summary.bot().containsText("crew2: " + url + " refused:"), "the service's sentence for crew2");
        bot.screenshot("unregister-several-from-server-summary");
        summary.bot().button("OK").click();
        summary.waitUntilClosed(Bot.TIMEOUT_MS);
        assertNull(served(admin, "crew1"), "crew1 was unregistered");
        assertNull(served(admin, "crew3"), "crew3 was unregistered");
        Bot.waitUntil(Condition.of("the replicas to leave the Catalog", () -> Arrays.stream(catalog.items(url)).noneMatch(i -> i.startsWith("crew"))),
                30_000);
    }

    private static final String RELATED = "Replicate related data (rows related to replicated rows through relationship classes)";

    private static ReplicaFilter filter(Replica r, String dataset) {
        return r.getDatasets().stream().filter(d -> d.getDatasetName().equals(dataset)).findFirst().orElseThrow().getFilter();
    }

    /** The replica ID of {@code name} as the service lists it for the user of {@code token}, or null. */
    private static String served(String token, String name) {
        try {
            for (ServerReplicaNode r : ServerNode.replicas(ServiceClient.connect(url, token))) {
                if (r.name().equals(name)) {
                    return r.replicaId();
                }
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        assertFalse(Files.exists(from.resolve("db.lck")), "the child is closed");
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static String error(BotShell dialog) {
        return UI.call(() -> ((TitleAreaDialog) dialog.widget().getData()).getErrorMessage());
    }
}
