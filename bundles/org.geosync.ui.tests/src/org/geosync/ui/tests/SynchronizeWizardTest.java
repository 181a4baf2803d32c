package org.geosync.ui.tests;

import static org.geosync.ui.tests.ReplicaWorld.REPLICA;
import static org.geosync.ui.tests.ReplicaWorld.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Tree;
import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReplicaType;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotContextMenu;
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

/** The administrator synchronizes a replica with its relative through the Synchronize Changes wizard. */
@ExtendWith(ScreenshotOnFailure.class)
class SynchronizeWizardTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;
    private ReplicaWorld world;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (world != null) {
            GeodatabaseConnections.getDefault().remove(world.parent);
        }
        UI.run(() -> { }); // the views react to the removal on the UI thread
        GeodatabaseJobsIdle.await();
    }

    /** Selects the parent in the Catalog and opens the wizard from the Replication menu. */
    private BotShell openWizard() {
        return openWizard(false);
    }

    /** The same, from the Catalog's context menu when {@code contextMenu}. */
    private BotShell openWizard(boolean contextMenu) {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        GeodatabaseConnections.getDefault().add(world.parent);
        bot.viewByTitle("Catalog").show();
        var catalog = bot.viewByTitle("Catalog").bot().tree();
        Bot.waitUntil(Condition.of("city in the Catalog", () -> Arrays.asList(catalog.items()).contains("city")), 20_000);
        catalog.select("city");
        if (contextMenu) {
            Tree tree = bot.viewByTitle("Catalog").bot().all(Tree.class).get(0);
            new BotContextMenu(tree).item("Synchronize Changes...").click();
        } else {
            bot.menu("Replication", "Synchronize Changes...").click();
        }
        return bot.shell("Synchronize Changes");
    }

    @Test
    void theWizardValidatesTheRelativeAndTheEditsArrive() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        world.with(world.parent, g -> {
            g.update("parcels", gid(1), Map.of("NAME", "from the city"), null);
            return null;
        });
        world.with(world.child, g -> {
            g.update("parcels", gid(2), Map.of("NAME", "from the crew"), null);
            return null;
        });
        Path photos = Files.createDirectory(tmp.resolve("photos"));

        BotShell wizard = openWizard();
        WidgetBot page = wizard.bot();
        assertEquals(world.parent.toString(), page.combo("Geodatabase:").selection(), "the Catalog's selection is proposed");
        Bot.waitUntil(Condition.of("the replica to be read", () -> page.combo("Replica:").selection().startsWith("r (two-way, parent")));
        Bot.waitUntil(Condition.of("the relative to be proposed and checked",
                () -> page.text("Relative geodatabase:").getText().equals(world.child.toString()) && page.button("Next >").isEnabled()));

        page.text("Relative geodatabase:").setText(photos.toString());
        Bot.waitUntil(Condition.of("the refusal of a directory that is not a geodatabase", () -> page.containsText("is not a geodatabase")));
        assertFalse(page.button("Finish").isEnabled(), "Finish is disabled while the relative is wrong");
        assertFalse(page.button("Next >").isEnabled());
        bot.screenshot("synchronize-wizard-bad-relative");
        page.text("Relative geodatabase:").setText(tmp.resolve("nowhere").toString());
        assertTrue(page.containsText("does not exist"));
        assertFalse(page.button("Finish").isEnabled());
        page.text("Relative geodatabase:").setText(world.parent.toString());
        assertTrue(page.containsText("must be another geodatabase"));

        page.text("Relative geodatabase:").setText(world.child.toString());
        Bot.waitUntil(Condition.of("the relative to be accepted", () -> page.button("Next >").isEnabled()));
        page.button("Next >").click();
        WidgetBot options = wizard.bot();
        assertTrue(options.button("Both directions").isChecked(), "a two-way replica synchronizes both ways by default");
        assertTrue(options.button("Both directions").isEnabled());
        assertTrue(options.button("Favour this geodatabase (parent)").isChecked(), "the parent is favoured by default");
        assertTrue(options.button("Roll back the whole synchronization if one edit fails (rollbackOnFailure)").isChecked(),
                "rollbackOnFailure defaults to true for a per-replica replica (the sync-model rules)");
        assertTrue(options.button("By row: edits of the same row conflict").isChecked());
        bot.screenshot("synchronize-wizard-options");
        options.button("Finish").click();

        BotShell result = bot.shell("Synchronization Result");
        assertTrue(result.bot().containsText("Sent 1 change, received 1; applied 0 inserts, 2 updates and 0 deletes. Conflicts found: 0."
                + " Skipped edits: 0."), "the counts are shown");
        BotTable layers = result.bot().table();
        assertEquals(List.of("Dataset", "Sent", "Received", "Inserts", "Updates", "Deletes", "Conflicts", "Skipped"),
                UI.call(() -> Arrays.stream(layers.widget().getColumns()).map(TableColumn::getText).toList()));
        int parcels = layers.indexOf("PARCELS", 0);
        assertEquals(List.of("PARCELS", "1", "1", "0", "2", "0", "0", "0"),
                IntStream.range(0, 8).mapToObj(c -> layers.cell(parcels, c)).toList(), "the city's edit went out, the crew's came in");
        bot.screenshot("synchronization-result");
        result.bot().button("Close").click();
        result.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        assertEquals("from the city", world.value(world.child, 1, "NAME"));
        assertEquals("from the crew", world.value(world.parent, 2, "NAME"));
    }

    @Test
    void aReplicaInConflictIsRefusedWithASentence() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        world.with(world.child, g -> {
            g.update("parcels", gid(5), Map.of("OWNER", "crew"), null);
            return null;
        });
        world.with(world.parent, g -> {
            g.update("parcels", gid(5), Map.of("OWNER", "city clerk"), null);
            try (var child = Geodatabase.open(world.child)) {
                Replicas.synchronize(g, child, REPLICA, SyncOptions.defaults().withPolicy(Winner.MANUAL), null);
            }
            assertTrue(Replicas.get(g, REPLICA).isInConflict());
            return null;
        });

        BotShell wizard = openWizard();
        WidgetBot page = wizard.bot();
        Bot.waitUntil(Condition.of("the relative to be accepted", () -> page.button("Next >").isEnabled()));
        page.button("Next >").click();
        assertTrue(wizard.bot().containsText("is in conflict here"), "the page warns before the engine refuses");
        wizard.bot().button("Finish").click();
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);

        BotShell refusal = bot.shell("Synchronize Changes");
        assertTrue(refusal.bot().containsText("is in conflict: it can receive changes but not send them"), "the engine's sentence");
        bot.screenshot("synchronize-refused-in-conflict");
        refusal.bot().button("OK").click();
        refusal.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        assertEquals("city clerk", world.value(world.parent, 5, "OWNER"), "nothing was applied");
    }

    @Test
    void aOneWayReplicaOffersOnlyItsDirection() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA).withType(ReplicaType.ONE_WAY, OneWayDirection.PARENT_TO_CHILD));
        BotShell wizard = openWizard(true);
        WidgetBot page = wizard.bot();
        Bot.waitUntil(Condition.of("the relative to be accepted", () -> page.button("Next >").isEnabled()));
        page.button("Next >").click();
        WidgetBot options = wizard.bot();
        assertFalse(options.button("Both directions").isEnabled());
        assertFalse(options.button("From the relative (child) to this geodatabase (parent)").isEnabled());
        assertTrue(options.button("From this geodatabase (parent) to the relative (child)").isChecked());
        assertTrue(options.containsText("A one-way replica sends edits from the parent to the child only."));
        wizard.bot().button("Cancel").click();
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);
    }
}
