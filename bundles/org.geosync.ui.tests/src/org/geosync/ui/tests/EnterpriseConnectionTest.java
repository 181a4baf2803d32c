package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Replicas;
import org.geosync.core.SampleCity;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.testing.PostgresServer;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.EnterprisePasswords;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.BotTable;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.geosync.ui.testing.WidgetBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrator connects the workbench to a geodatabase in PostgreSQL through the New Enterprise Geodatabase Connection
 * dialog (every wrong field refused on the dialog, Test Connection answering from the server), the password kept in secure
 * storage; the Catalog shows the PostGIS datasets; a replica is created from it into a Derby directory with the Create
 * Replica wizard; an edit made with psql on the parent reaches the child through the Synchronize Changes wizard. The
 * PostgreSQL server is the tests' own throwaway cluster.
 */
@ExtendWith(ScreenshotOnFailure.class)
class EnterpriseConnectionTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;

    private GeodatabaseLocation parent;
    private Path child;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (parent != null) {
            GeodatabaseConnections.getDefault().remove(parent);
            EnterprisePasswords.getDefault().forget(parent);
        }
        if (child != null) {
            GeodatabaseConnections.getDefault().remove(child);
        }
        UI.run(() -> { });
        GeodatabaseJobsIdle.await();
    }

    @Test
    void anEnterpriseConnectionShowsItsDatasetsReplicatesToADerbyChildAndAPsqlEditArrives() throws Exception {
        PostgresServer pg = PostgresServer.get();
        String db = pg.newDatabase("workbench");
        parent = GeodatabaseLocation.parse(pg.location(db, "city"));
        try (Geodatabase gdb = Geodatabase.create(parent, PostgresServer.PASSWORD)) {
            SampleCity.populate(gdb, 40, null);
        }
        String parentName = db + ".city";

        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        bot.menu("Geodatabase", "New Enterprise Geodatabase Connection...").click();
        BotShell dialog = bot.shell("New Enterprise Geodatabase Connection");
        WidgetBot fields = dialog.bot();
        assertEquals("Enter the name of the database that holds the geodatabase.", error(dialog));
        assertFalse(fields.button("OK").isEnabled(), "OK is disabled until the fields make a location");
        assertFalse(fields.button("Test Connection").isEnabled());
        fields.text("Host:").setText("127.0.0.1");
        fields.text("Database:").setText(db);
        fields.text("Port:").setText("99999");
        assertEquals("'99999' is not a port number (1 to 65535).", error(dialog));
        fields.text("Port:").setText(String.valueOf(pg.port()));
        fields.text("Schema:").setText("City");
        assertTrue(error(dialog).contains("is not a plain lower-case SQL name"), "the engine's sentence: " + error(dialog));
        assertFalse(fields.button("OK").isEnabled());
        fields.text("Schema:").setText("city");
        fields.text("User:").setText(PostgresServer.USER);
        fields.text("Password:").setText("not-the-password");
        assertNull(error(dialog));
        fields.button("Test Connection").click();
        Bot.waitUntil(Condition.of("the server's refusal", () -> error(dialog) != null), 20_000);
        assertTrue(error(dialog).contains("PostgreSQL refused user geosync"), error(dialog));
        fields.text("Password:").setText(PostgresServer.PASSWORD);
        fields.button("Test Connection").click();
        Bot.waitUntil(Condition.of("the test to connect", () -> UI.call(() -> ((TitleAreaDialog) dialog.widget().getData()).getMessage())
                .startsWith("Connected: geodatabase " + parentName)), 20_000);
        assertTrue(fields.button("Save password in secure storage").isChecked(), "the password is saved by default");
        bot.screenshot("enterprise-connection-dialog");
        fields.button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();

        // the connection, its datasets as PostGIS holds them, and the password in secure storage (not in the location)
        assertTrue(GeodatabaseConnections.getDefault().list().contains(parent), GeodatabaseConnections.getDefault().list().toString());
        assertFalse(parent.toString().contains(PostgresServer.PASSWORD));
        assertTrue(EnterprisePasswords.getDefault().isSaved(parent), "the password is in secure storage");
        Path keyring = Path.of(System.getProperty("geosync.keyring", "target/secure_storage"));
        if (Files.isRegularFile(keyring)) {
            assertFalse(Files.readString(keyring, StandardCharsets.ISO_8859_1).contains(PostgresServer.PASSWORD),
                    "secure storage keeps the password encrypted");
        }
        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        var catalog = catalogView.bot().tree();
        Bot.waitUntil(Condition.of(parentName + " in the Catalog", () -> Arrays.asList(catalog.items()).contains(parentName)), 30_000);
        catalog.expand(parentName);
        Bot.waitUntil(Condition.of("the PostGIS datasets", () -> Arrays.asList(catalog.items(parentName)).contains("PARCELS (polygon, 40 rows)")),
                20_000);
        bot.screenshot("catalog-enterprise-geodatabase");

        // a two-way replica into a Derby directory, made with the wizard from the Catalog's selection
        catalog.select(parentName);
        bot.menu("Replication", "Create Replica...").click();
        BotShell shell = bot.shell("Create Replica");
        WidgetBot wizard = shell.bot();
        BotTable datasets = wizard.table();
        Bot.waitUntil(Condition.of("the datasets of " + parentName, () -> datasets.rowCount() >= 6 && CityFixture.error(shell) == null), 30_000);
        wizard.button("Next >").click();
        wizard.text("Replica name:").setText("crew");
        wizard.combo("Type:").select("two-way");
        Bot.waitUntil(Condition.of("page 2 valid", () -> CityFixture.error(shell) == null));
        wizard.button("Next >").click();
        Bot.waitUntil(Condition.of("page 3 valid", () -> CityFixture.error(shell) == null));
        wizard.button("Next >").click();
        Bot.waitUntil(Condition.of("the Selection Sets page", () -> "Selection Sets".equals(CityFixture.page(shell).getTitle())));
        wizard.button("Next >").click();
        child = tmp.resolve("crew");
        wizard.text("Child geodatabase directory:").setText(child.toString());
        assertNull(CityFixture.error(shell));
        wizard.button("Finish").click();
        shell.waitUntilClosed(10_000);
        GeodatabaseJobsIdle.await();
        try (Geodatabase c = Geodatabase.open(child)) {
            Replica r = Replicas.get(c, "crew");
            assertEquals(ReplicaRole.CHILD, r.getRole());
            assertEquals(parent.toString(), r.getRelativeReplicaLocation(), "the child names its parent's location, without a password");
            assertEquals(40, c.rowCount("parcels"));
        }

        // an edit made with psql, as a desktop client would, is tracked and reaches the child
        String edited = pg.psqlAsUser(db, "SELECT globalid FROM city.parcels WHERE objectid = 7").trim();
        pg.psqlAsUser(db, "UPDATE city.parcels SET address = 'edited in psql' WHERE objectid = 7");
        Bot.waitUntil(Condition.of("crew in the Catalog", () -> Arrays.asList(catalog.items()).contains("crew")), 30_000);
        catalog.select("crew");
        bot.menu("Replication", "Synchronize Changes...").click();
        BotShell sync = bot.shell("Synchronize Changes");
        WidgetBot page = sync.bot();
        Bot.waitUntil(Condition.of("the parent to be proposed and checked as the relative",
                () -> page.text("Relative geodatabase:").getText().equals(parent.toString()) && page.button("Next >").isEnabled()), 30_000);
        bot.screenshot("synchronize-with-enterprise-parent");
        page.button("Next >").click();
        sync.bot().button("Finish").click();
        BotShell result = bot.shell("Synchronization Result");
        assertTrue(result.bot().containsText("Sent 0 changes, received 1; applied 0 inserts, 1 updates and 0 deletes."),
                "the psql edit came in");
        result.bot().button("Close").click();
        result.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        try (Geodatabase c = Geodatabase.open(child)) {
            assertEquals(List.of("edited in psql"), CityFixture.column(c, "SELECT ADDRESS FROM PARCELS WHERE GLOBALID = '" + edited + "'"));
        }
    }

    private static String error(BotShell dialog) {
        return UI.call(() -> ((TitleAreaDialog) dialog.widget().getData()).getErrorMessage());
    }
}
