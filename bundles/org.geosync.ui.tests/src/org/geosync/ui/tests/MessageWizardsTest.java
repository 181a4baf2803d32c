package org.geosync.ui.tests;

import static org.geosync.ui.tests.ReplicaWorld.REPLICA;
import static org.geosync.ui.tests.ReplicaWorld.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.eclipse.swt.widgets.Table;
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;
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

/**
 * Disconnected synchronization through the message wizards between two real Derby geodatabases: export,
 * import with an acknowledgment written in the same step, import of the acknowledgment, refusals on the
 * page, and the Message History view with its Re-Export from a row.
 */
@ExtendWith(ScreenshotOnFailure.class)
class MessageWizardsTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;
    private ReplicaWorld world;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (world != null) {
            GeodatabaseConnections.getDefault().remove(world.parent);
            GeodatabaseConnections.getDefault().remove(world.child);
        }
        UI.run(() -> { });
        GeodatabaseJobsIdle.await();
    }

    /** Selects a geodatabase in the Catalog and opens a wizard from the Replication menu. */
    private BotShell open(String geodatabase, String command, String title) {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        GeodatabaseConnections.getDefault().add(world.parent);
        GeodatabaseConnections.getDefault().add(world.child);
        bot.viewByTitle("Catalog").show();
        var catalog = bot.viewByTitle("Catalog").bot().tree();
        Bot.waitUntil(Condition.of(geodatabase + " in the Catalog", () -> Arrays.asList(catalog.items()).contains(geodatabase)), 20_000);
        catalog.select(geodatabase);
        bot.menu("Replication", command).click();
        return bot.shell(title);
    }

    /** Waits for the page to be valid (the replicas read, the header read). */
    private static void awaitValid(BotShell wizard) {
        Bot.waitUntil(Condition.of("the page to be valid", () -> CityFixture.error(wizard) == null && wizard.bot().button("Finish").isEnabled()),
                20_000);
    }

    /** Clicks Finish and returns the result dialog's text after closing it. */
    private String finish(BotShell wizard, String resultTitle) {
        wizard.bot().button("Finish").click();
        BotShell result = bot.shell(resultTitle);
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);
        String text = UI.call(() -> Arrays.stream(result.bot().all(org.eclipse.swt.widgets.Label.class).toArray(new org.eclipse.swt.widgets.Label[0]))
                .map(l -> l.getText()).reduce("", (a, b) -> a + "\n" + b));
        shot(resultTitle.toLowerCase().replace(' ', '-'));
        result.bot().button("OK").click();
        result.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        return text;
    }

    private Replica replica(Path dir) throws Exception {
        return world.with(dir, g -> Replicas.get(g, REPLICA));
    }

    @Test
    void exportImportAndAcknowledgeThroughTheWizardsAndSeeTheHistory() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        world.with(world.parent, g -> {
            g.update("parcels", gid(1), Map.of("NAME", "first"), null);
            g.update("parcels", gid(2), Map.of("NAME", "second"), null);
            return null;
        });
        Path outbox = Files.createDirectory(tmp.resolve("outbox"));
        Path m1 = outbox.resolve("m1.zip");

        // export: the page refuses a missing folder and an existing file unless asked to overwrite
        BotShell export = open("city", "Export Data Change Message...", "Export Data Change Message");
        WidgetBot page = export.bot();
        assertEquals(world.parent.toString(), page.combo("Geodatabase:").selection(), "the Catalog's selection is proposed");
        Bot.waitUntil(Condition.of("the replica read", () -> page.combo("Replica:").selection().startsWith("r (two-way, parent, sender")), 20_000);
        page.text("Message file:").setText(tmp.resolve("nowhere").resolve("m1.zip").toString());
        assertTrue(String.valueOf(CityFixture.error(export)).contains("does not exist"), CityFixture.error(export));
        assertFalse(page.button("Finish").isEnabled());
        Files.writeString(m1, "an older file");
        page.text("Message file:").setText(m1.toString());
        assertTrue(String.valueOf(CityFixture.error(export)).contains("already exists"), CityFixture.error(export));
        assertFalse(page.button("Finish").isEnabled());
        page.button("Overwrite an existing file").click();
        awaitValid(export);
        assertTrue(page.button("New and unacknowledged changes (the default)").isChecked());
        assertTrue(page.button("Switch to receiver after exporting (two-way replicas: the relative becomes the sender)").isEnabled());
        shot("export-data-change-message");
        String exported = finish(export, "Message Exported");
        assertTrue(exported.contains("Exported the data change message m1.zip of replica r"), exported);
        assertTrue(exported.contains("2 changes."), exported);
        Replica parentSide = replica(world.parent);
        assertTrue(parentSide.getSibMyGeneration() < parentSide.getMyGeneration(), "sent, not acknowledged yet");

        // import into the child: the header is shown before anything is applied; the acknowledgment is written in the same step
        BotShell importWizard = open("field-crew", "Import Message...", "Import Message");
        WidgetBot imp = importWizard.bot();
        imp.text("Message file:").setText(m1.toString());
        Bot.waitUntil(Condition.of("the header shown", () -> imp.containsText("Data change message for replica r from the parent geodatabase city")),
                20_000);
        assertTrue(imp.containsText("datasets PARCELS"));
        assertEquals("P1", world.value(world.child, 1, "NAME"), "reading the header applied nothing");
        imp.button("Write an acknowledgment message in the same step").click();
        Path ack1 = outbox.resolve("m1-ack.zip");
        assertEquals(ack1.toString(), imp.text("Acknowledgment file:").getText(), "an acknowledgment beside the message is proposed");
        assertTrue(imp.button("The replica's default (favor-parent)").isChecked());
        awaitValid(importWizard);
        shot("import-message-data-changes");
        String imported = finish(importWizard, "Message Imported");
        assertTrue(imported.contains("0 inserted, 2 updated, 0 deleted, 0 conflicts"), imported);
        assertTrue(imported.contains("Acknowledgment written to " + ack1), imported);
        assertEquals("first", world.value(world.child, 1, "NAME"));
        assertEquals("second", world.value(world.child, 2, "NAME"));
        assertEquals(parentSide.getMyGeneration(), replica(world.child).getSibGeneration(), "the child received every generation sent");

        // import the acknowledgment into the parent: no policy to choose
        BotShell ackImport = open("city", "Import Message...", "Import Message");
        WidgetBot ai = ackImport.bot();
        ai.text("Message file:").setText(ack1.toString());
        Bot.waitUntil(Condition.of("the acknowledgment recognized", () -> ai.containsText("Acknowledgment message for replica r from the child")),
                20_000);
        awaitValid(ackImport);
        assertFalse(ai.button("Manual: keep conflicts for review").isEnabled(), "an acknowledgment has no conflicts");
        assertFalse(ai.button("Write an acknowledgment message in the same step").isEnabled());
        shot("import-message-acknowledgment");
        String acked = finish(ackImport, "Message Imported");
        assertTrue(acked.contains("Imported the acknowledgment message m1-ack.zip"), acked);
        parentSide = replica(world.parent);
        assertEquals(parentSide.getMyGeneration(), parentSide.getSibMyGeneration(), "everything sent is acknowledged");

        // the child is the receiver: the page warns, and the engine's refusal shows on the page; nothing is written
        BotShell receiver = open("field-crew", "Export Data Change Message...", "Export Data Change Message");
        Bot.waitUntil(Condition.of("the replica read", () -> receiver.bot().combo("Replica:").selection().startsWith("r (two-way, child, receiver")),
                20_000);
        Path back = outbox.resolve("back.zip");
        receiver.bot().text("Message file:").setText(back.toString());
        awaitValid(receiver);
        assertTrue(receiver.bot().containsText("is the receiver here"), "the page warns before the engine refuses");
        receiver.bot().button("Finish").click();
        Bot.waitUntil(Condition.of("the refusal on the page", () -> String.valueOf(CityFixture.error(receiver))
                .contains("is the receiver: it can export acknowledgments but not data changes")), 20_000);
        assertTrue(receiver.bot().containsText("until its relative switches to receiver and this side imports that message."),
                "the whole sentence is on the page, not only the two lines of the title area");
        shot("export-data-change-message-refused-receiver");
        assertFalse(Files.exists(back));
        receiver.bot().button("Cancel").click();
        receiver.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();

        // the Export Acknowledgment wizard; its import changes nothing new, and the engine's refusal shows on the page
        BotShell ackExport = open("field-crew", "Export Acknowledgment Message...", "Export Acknowledgment Message");
        Bot.waitUntil(Condition.of("the replica read", () -> ackExport.bot().combo("Replica:").selection().startsWith("r (two-way, child")),
                20_000);
        Path ack2 = outbox.resolve("a2.zip");
        ackExport.bot().text("Message file:").setText(ack2.toString());
        awaitValid(ackExport);
        shot("export-acknowledgment-message");
        assertTrue(finish(ackExport, "Message Exported").contains("Exported the acknowledgment message a2.zip"));
        BotShell again = open("city", "Import Message...", "Import Message");
        again.bot().text("Message file:").setText(ack2.toString());
        awaitValid(again);
        again.bot().button("Finish").click();
        Bot.waitUntil(Condition.of("the refusal on the page", () -> String.valueOf(CityFixture.error(again)).contains("was already imported")),
                20_000);
        assertTrue(again.isOpen(), "the wizard stays open with the engine's sentence");
        shot("import-message-refused-already-imported");
        again.bot().button("Cancel").click();
        again.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();

        // the Message History view: every message of the parent's replica, newest first, refusals included
        bot.viewByTitle("Catalog").show();
        bot.viewByTitle("Catalog").bot().tree().select("city");
        var historyView = bot.viewByTitle("Message History");
        historyView.show();
        BotTable history = historyView.bot().table();
        Bot.waitUntil(Condition.of("three messages in the history", () -> history.rowCount() == 3), 20_000);
        assertEquals(List.of("imported", "imported", "exported"), history.column(1));
        assertEquals(List.of("acknowledgment", "acknowledgment", "data-changes"), history.column(2));
        assertEquals(List.of("refused", "succeeded", "succeeded"), history.column(6));
        assertEquals(List.of("a2.zip", "m1-ack.zip", "m1.zip"), history.column(4));
        List<org.geosync.model.MessageRecord> records = replica(world.parent).getMessages();
        assertEquals(3, records.size(), "the engine recorded what the view shows");
        assertEquals(records.get(0).getFromGeneration() + " to " + records.get(0).getToGeneration(), history.cell(2, 3));
        assertTrue(records.get(0).getToGeneration() > records.get(0).getFromGeneration(), "the export carried a generation");
        assertEquals("up to " + records.get(1).getToGeneration(), history.cell(1, 3));
        assertEquals(sha256(m1), history.cell(2, 7), "the SHA-256 of the file exported");
        assertTrue(history.cell(0, 8).contains("was already imported"), history.cell(0, 8));
        shot("message-history");

        // the view's toolbar shows the Re-Export command: disabled on an imported message, enabled on the exported one
        var historyPart = historyView.show();
        history.select(0);
        Bot.waitUntil(Condition.of("Re-Export disabled on an imported message",
                () -> Boolean.FALSE.equals(toolbarItemEnabled(historyPart, "Re-Export..."))), 20_000);
        history.select(2);
        Bot.waitUntil(Condition.of("Re-Export enabled on the exported message",
                () -> Boolean.TRUE.equals(toolbarItemEnabled(historyPart, "Re-Export..."))), 20_000);

        // Re-Export from the exported row: the wizard opens prefilled; everything is acknowledged, so the engine refuses on the page
        history.select(2);
        Table table = history.widget();
        new BotContextMenu(table).item("Re-Export...").click();
        BotShell reexport = bot.shell("Re-Export Unacknowledged Messages");
        WidgetBot re = reexport.bot();
        Bot.waitUntil(Condition.of("the replica read", () -> re.combo("Replica:").selection().startsWith("r (two-way, parent")), 20_000);
        assertEquals(outbox.resolve("m1-reexport.zip").toString(), re.text("Message file:").getText());
        assertTrue(re.button("Only the changes of the latest export").isChecked(), "the latest export is re-exported alone");
        awaitValid(reexport);
        shot("reexport-unacknowledged-messages");
        re.button("Finish").click();
        Bot.waitUntil(Condition.of("the refusal on the page", () -> String.valueOf(CityFixture.error(reexport)).contains("has no unacknowledged changes")),
                20_000);
        assertFalse(Files.exists(outbox.resolve("m1-reexport.zip")), "nothing was written");
        re.button("Cancel").click();
        reexport.waitUntilClosed(Bot.TIMEOUT_MS);
    }

    @Test
    void aTamperedMessageIsRefusedOnThePageAndChangesNothing() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        Path m1 = tmp.resolve("m1.zip");
        world.with(world.parent, g -> {
            g.update("parcels", gid(3), Map.of("OWNER", "forged?"), null);
            Messages.exportChanges(g, REPLICA, m1, Messages.ExportOptions.defaults(), null);
            return null;
        });
        Path forged = tmp.resolve("forged.zip");
        tamper(m1, forged);
        long before = replica(world.child).getSibGeneration();

        // the parent's own message is refused on the page before anything is tried
        BotShell own = open("city", "Import Message...", "Import Message");
        own.bot().text("Message file:").setText(m1.toString());
        Bot.waitUntil(Condition.of("the sender's own side refused", () -> String.valueOf(CityFixture.error(own))
                .contains("m1.zip was exported by the parent side of replica r, which is this side too")), 20_000);
        assertFalse(own.bot().button("Finish").isEnabled());
        own.bot().button("Cancel").click();
        own.waitUntilClosed(Bot.TIMEOUT_MS);

        BotShell wizard = open("field-crew", "Import Message...", "Import Message");
        WidgetBot page = wizard.bot();
        page.text("Message file:").setText(forged.toString());
        awaitValid(wizard); // the header alone looks right; the file's authenticity is checked on import
        page.button("Finish").click();
        Bot.waitUntil(Condition.of("the refusal on the page", () -> String.valueOf(CityFixture.error(wizard)).contains("is refused")), 20_000);
        String sentence = CityFixture.error(wizard);
        assertFalse(sentence.contains("Exception"), "a sentence, not a stack trace: " + sentence);
        assertTrue(wizard.isOpen());
        shot("import-message-refused-tampered");
        wizard.bot().button("Cancel").click();
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        assertEquals("city", world.value(world.child, 3, "OWNER"), "nothing was applied");
        assertEquals(before, replica(world.child).getSibGeneration(), "no generation was received");

        // a message that fails authentication leaves no record in the child's history (forged files cannot evict real records);
        // then the genuine file imports
        bot.viewByTitle("Catalog").show();
        bot.viewByTitle("Catalog").bot().tree().select("field-crew");
        BotTable history = bot.viewByTitle("Message History").bot().table();
        assertEquals(0, history.rowCount(), "no record of the forged message");
        BotShell genuine = open("field-crew", "Import Message...", "Import Message");
        genuine.bot().text("Message file:").setText(m1.toString());
        awaitValid(genuine);
        assertNull(CityFixture.error(genuine));
        assertTrue(finish(genuine, "Message Imported").contains("1 updated"));
        assertEquals("forged?", world.value(world.child, 3, "OWNER"));
        // the open history was read again when the import's job finished
        Bot.waitUntil(Condition.of("the import in the history", () -> history.rowCount() == 1 && "succeeded".equals(history.cell(0, 6))),
                20_000);
        assertEquals(List.of("m1.zip"), history.column(4));
    }

    /** Copies a message changing one byte of its change records, as a forger would. */
    private static void tamper(Path from, Path to) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        byte[] changes = entries.get("changes/PARCELS.bin");
        changes[changes.length / 2] ^= 0x20;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    /** Whether the item labelled {@code text} of the view's toolbar is enabled, or null when the toolbar has none. */
    private static Boolean toolbarItemEnabled(org.eclipse.ui.IViewPart part, String text) {
        return UI.call(() -> {
            if (part.getViewSite().getActionBars().getToolBarManager() instanceof org.eclipse.jface.action.ToolBarManager m
                    && m.getControl() != null && !m.getControl().isDisposed()) {
                for (org.eclipse.swt.widgets.ToolItem item : m.getControl().getItems()) {
                    if (text.equals(item.getText()) || text.equals(item.getToolTipText())) {
                        return item.getEnabled();
                    }
                }
            }
            return null;
        });
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
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
