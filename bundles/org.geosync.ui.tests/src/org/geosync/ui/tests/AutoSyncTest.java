package org.geosync.ui.tests;

import static org.geosync.ui.tests.ReplicaWorld.REPLICA;
import static org.geosync.ui.tests.ReplicaWorld.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Spinner;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncLocks;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.sync.AutoSync;
import org.geosync.ui.sync.AutoSyncSettings;
import org.geosync.ui.sync.SynchronizeJob;
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

/**
 * Background and automatic synchronization: a replica's schedule fires (a "minute" shortened to a second
 * by the test hook), a relative that becomes reachable triggers a synchronization, and a second request
 * while one of the same replica is under way is refused with its reason.
 */
@ExtendWith(ScreenshotOnFailure.class)
class AutoSyncTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;
    private ReplicaWorld world;
    private String guid;

    @AfterEach
    void cleanUp() throws Exception {
        if (guid != null) {
            AutoSyncSettings.remove(guid);
            AutoSync.getDefault().reset(guid);
        }
        AutoSync.getDefault().setPaceForTests(60_000, 0);
        Job.getJobManager().join(SynchronizeJob.class, null);
        GeodatabaseJobsIdle.await();
        if (world != null) {
            GeodatabaseConnections.getDefault().remove(world.parent);
        }
        UI.run(() -> { });
        GeodatabaseJobsIdle.await();
    }

    private void createWorld() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        guid = world.with(world.parent, g -> Replicas.get(g, REPLICA).getGuid());
    }

    private void showCity() {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        GeodatabaseConnections.getDefault().add(world.parent);
        bot.viewByTitle("Catalog").show();
        var catalog = bot.viewByTitle("Catalog").bot().tree();
        Bot.waitUntil(Condition.of("city in the Catalog", () -> Arrays.asList(catalog.items()).contains("city")), 20_000);
        catalog.select("city");
    }

    @Test
    void aScheduledSyncFiresAndASecondRequestIsRefusedWithItsReason() throws Exception {
        createWorld();
        world.with(world.parent, g -> {
            g.update("parcels", gid(1), Map.of("NAME", "scheduled"), null);
            return null;
        });
        showCity();

        // the replica's settings, from the Replica Manager's context menu
        var manager = bot.viewByTitle("Replica Manager");
        manager.show();
        BotTable table = manager.bot().table();
        Bot.waitUntil(Condition.of("replica r in the Replica Manager", () -> table.rowCount() == 1), 20_000);
        table.select(0);
        UI.run(() -> table.widget().setFocus());
        new BotContextMenu(table.widget()).item("Automatic Synchronization...").click();
        BotShell dialog = bot.shell("Automatic Synchronization");
        WidgetBot d = dialog.bot();
        assertEquals(world.child.toString(), d.text("Relative geodatabase:").getText(), "the relative's last known place is proposed");
        assertFalse(d.button("Synchronize on a schedule").isChecked(), "the preferences' default: no schedule");
        d.text("Relative geodatabase:").setText("relative/path");
        assertTrue(d.containsText("Enter an absolute directory path"), "a relative path is refused");
        assertFalse(d.button("OK").isEnabled());
        d.text("Relative geodatabase:").setText(world.child.toString());
        d.button("Synchronize on a schedule").click();
        Spinner every = d.all(Spinner.class).get(0);
        UI.run(() -> {
            every.setSelection(1);
            every.notifyListeners(SWT.Modify, new Event());
        });
        assertEquals("Favour this geodatabase (parent)", d.combo("Reconcile policy:").selection());
        d.combo("Conflict definition:").select("By column");
        shot("automatic-synchronization-dialog");
        AutoSync.getDefault().setPaceForTests(1_000, 200); // a minute of the schedule lasts a second
        d.button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);
        AutoSyncSettings saved = AutoSyncSettings.load(guid).orElseThrow();
        assertTrue(saved.scheduled());
        assertEquals(1, saved.intervalMinutes());
        assertEquals(Winner.FIRST, saved.policy(), "the stored choices are the replica's");
        assertEquals(ConflictDefinition.BY_COLUMN, saved.definition());

        Bot.waitUntil(Condition.of("the scheduled synchronization to bring the edit to the child", () -> "scheduled".equals(world.value(world.child,
                1, "NAME"))), 30_000);
        // the schedule fires every "minute" (a second here): the next firing may come while the first synchronization still runs,
        // and is then refused by the replica's lock
        String outcome = String.valueOf(AutoSync.getDefault().lastOutcome(guid));
        assertTrue(outcome.startsWith("Requested (on its schedule, every 1 minute)") || outcome.startsWith(
                "Refused (on its schedule, every 1 minute): Replica r is already being synchronized (an automatic synchronization"), outcome);
        AutoSyncSettings.remove(guid);
        AutoSync.getDefault().reset(guid);
        Job.getJobManager().join(SynchronizeJob.class, null);
        GeodatabaseJobsIdle.await();
        var jobs = world.with(world.parent, g -> Replicas.get(g, REPLICA).getSyncJobs());
        assertEquals(ConflictDefinition.BY_COLUMN, jobs.get(jobs.size() - 1).getConflictDefinition(),
                "the scheduled synchronization used the replica's stored conflict definition");

        // a synchronization of r is requested and waits for the geodatabases; the wizard's request meanwhile is refused
        bot.viewByTitle("Catalog").show();
        bot.viewByTitle("Catalog").bot().tree().select("city");
        bot.menu("Replication", "Synchronize Changes...").click();
        BotShell wizard = bot.shell("Synchronize Changes");
        Bot.waitUntil(Condition.of("the relative to be accepted", () -> wizard.bot().button("Next >").isEnabled()), 20_000);
        wizard.bot().button("Next >").click();
        world.with(world.parent, g -> {
            g.update("parcels", gid(2), Map.of("NAME", "queued"), null);
            return null;
        });
        Job.getJobManager().beginRule(GeodatabaseJobs.RULE, null);
        SynchronizeJob first;
        try {
            first = SynchronizeJob.start(null, GeodatabaseLocation.of(world.parent), GeodatabaseLocation.of(world.child), REPLICA, guid, SyncOptions.defaults(), true);
            assertTrue(SyncLocks.isHeld(guid));
            wizard.bot().button("Finish").click();
            Bot.waitUntil(Condition.of("the refusal on the page", () -> String.valueOf(CityFixture.error(wizard))
                    .startsWith("Replica r is already being synchronized (an automatic synchronization, requested at ")));
            assertTrue(wizard.isOpen(), "nothing was scheduled; the wizard stays open");
            shot("synchronize-refused-already-running");
        } finally {
            Job.getJobManager().endRule(GeodatabaseJobs.RULE);
        }
        first.join();
        assertNull(first.refusal());
        assertEquals("queued", world.value(world.child, 2, "NAME"), "the first request ran");
        assertFalse(SyncLocks.isHeld(guid), "the lock is given back when the synchronization has ended");
        wizard.bot().button("Cancel").click();
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);
    }

    @Test
    void aSyncFiresWhenTheRelativeBecomesReachable() throws Exception {
        createWorld();
        world.with(world.parent, g -> {
            g.update("parcels", gid(4), Map.of("NAME", "arrived"), null);
            return null;
        });
        Path away = tmp.resolve("usb-stick-unplugged");
        Files.move(world.child, away);
        new AutoSyncSettings(guid, REPLICA, GeodatabaseLocation.of(world.parent), GeodatabaseLocation.of(world.child), false, 30, true, Direction.BOTH, Winner.FIRST, ConflictDefinition.BY_ROW)
                .save();
        AutoSync.getDefault().reset(guid);
        AutoSync.getDefault().setPaceForTests(60_000, 200);
        Thread.sleep(1_000);
        assertTrue(String.valueOf(AutoSync.getDefault().lastOutcome(guid)).equals("null"), "nothing is requested while the relative is away");

        Files.move(away, world.child);
        Bot.waitUntil(Condition.of("the synchronization triggered by the relative's return", () -> "arrived".equals(world.value(world.child, 4,
                "NAME"))), 30_000);
        assertEquals("Requested (its relative geodatabase became reachable).", AutoSync.getDefault().lastOutcome(guid));
    }

    /**
     * A replica created through the sync service, set to synchronize when its server answers again: nothing is requested while
     * the service is down; once it serves again (same port), the child's edit reaches the served parent and the parent's the
     * child, and the outcome says why it ran. A row both edited is settled by the dialog's choice (this geodatabase wins), not by
     * the replica's own policy (the parent wins), on both sides.
     */
    @Test
    void aSyncFiresWhenTheServerAnswersAgain() throws Exception {
        Path city = tmp.resolve("city"), field = tmp.resolve("field"), users = tmp.resolve("users");
        try (Geodatabase gdb = Geodatabase.create(city)) {
            org.geosync.core.SampleCity.populate(gdb, 20, null);
        }
        String token = org.geosync.server.UsersFile.add(users, "otto", "owner");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/city";
        org.geosync.server.SyncService.Options options = new org.geosync.server.SyncService.Options().port(port);
        try (org.geosync.server.SyncService service = org.geosync.server.SyncService.start(options, org.geosync.server.UsersFile.load(users),
                Map.of("city", Geodatabase.open(city)))) {
            org.geosync.server.ServiceClient.connect(url, token).createReplica(ReplicaSpec.twoWay("field"), field);
        }
        org.geosync.ui.catalog.ServerTokens.getDefault().keep(url, token, false);
        org.geosync.ui.catalog.ServerConnections.getDefault().add(url);
        org.geosync.server.SyncService again = null;
        try {
            try (Geodatabase g = Geodatabase.open(field)) {
                guid = Replicas.get(g, "field").getGuid();
                g.executeUserSql("UPDATE PARCELS SET LAND_USE = 'from the field' WHERE PARCEL_NO = 3", null);
            }
            new AutoSyncSettings(guid, "field", GeodatabaseLocation.of(field), null, false, 30, true, Direction.BOTH, Winner.FIRST,
                    ConflictDefinition.BY_ROW, url).save();
            AutoSync.getDefault().reset(guid);
            AutoSync.getDefault().setPaceForTests(60_000, 200);
            Thread.sleep(1_500);
            assertNull(AutoSync.getDefault().lastOutcome(guid), "nothing is requested while the server is down");

            try (Geodatabase g = Geodatabase.open(city)) {
                g.executeUserSql("UPDATE PARCELS SET LAND_USE = 'from the office' WHERE PARCEL_NO = 5", null);
                g.executeUserSql("UPDATE PARCELS SET LAND_USE = 'also from the office' WHERE PARCEL_NO = 3", null); // a conflict
            }
            again = org.geosync.server.SyncService.start(options, org.geosync.server.UsersFile.load(users), Map.of("city", Geodatabase.open(city)));
            String id = guid;
            Bot.waitUntil(Condition.of("the synchronization requested when the server answered", () -> AutoSync.getDefault().lastOutcome(id) != null),
                    30_000);
            assertEquals("Requested (its server answers again).", AutoSync.getDefault().lastOutcome(guid));
            Thread.sleep(300);
            GeodatabaseJobsIdle.await(); // the synchronization job (the served parent is read only once the service has stopped)
            AutoSyncSettings.remove(guid);
            again.stop(); // closes the parent
            again = null;
            try (Geodatabase g = Geodatabase.open(field)) {
                assertEquals("from the office", landUse(g, 5), "the parent's edit came down");
                assertEquals("from the field", landUse(g, 3), "the conflict went the dialog's way here");
            }
            try (Geodatabase g = Geodatabase.open(city)) {
                assertEquals("from the field", landUse(g, 3), "the child's edit went up, winning the conflict there too");
            }
        } finally {
            if (again != null) {
                again.stop();
            }
            org.geosync.ui.catalog.ServerConnections.getDefault().remove(url);
            org.geosync.ui.catalog.ServerTokens.getDefault().forget(url);
        }
    }

    private static String landUse(Geodatabase g, int parcel) {
        String[] value = new String[1];
        try {
            g.executeSql("SELECT LAND_USE FROM PARCELS WHERE PARCEL_NO = " + parcel, new org.geosync.core.SqlResultHandler() {
                @Override
                public void header(java.util.List<String> columns) {
                }

                @Override
                public void row(java.util.List<String> values) {
                    value[0] = values.get(0);
                }
            });
        } catch (org.geosync.core.GeodatabaseException e) {
            return null;
        }
        return value[0];
    }

    /** A screenshot once GTK has painted what the last events changed. */
    private void shot(String name) {
        UI.run(() -> { });
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        UI.run(() -> UI.display().update());
        bot.screenshot(name);
    }
}
