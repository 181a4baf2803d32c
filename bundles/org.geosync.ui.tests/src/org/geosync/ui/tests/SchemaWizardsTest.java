package org.geosync.ui.tests;

import static org.geosync.ui.tests.ReplicaWorld.REPLICA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.geosync.core.Dataset;
import org.geosync.core.FieldType;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.SchemaChange;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotContextMenu;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.BotTable;
import org.geosync.ui.testing.BotText;
import org.geosync.ui.testing.BotTree;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.geosync.ui.testing.WidgetBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema wizards on two real Derby geodatabases: Alter Schema shows the engine's own sentence on its page for a bad
 * field name, a duplicate name and a narrowing (Finish disabled), shows a refusal at Finish in an error dialog and the error
 * log, and adds a field that the Catalog and the Properties then show; Compare Replica Schema lists the differences between
 * the two sides of a replica side by side and applies the checked one; Export Replica Schema writes a file the Compare wizard
 * compares with.
 */
@ExtendWith(ScreenshotOnFailure.class)
class SchemaWizardsTest {

    private static final String PARCELS = "PARCELS (polygon, 10 rows)";

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

    /** The Catalog's tree, once it shows the geodatabases of the world. */
    private BotTree catalog() {
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        GeodatabaseConnections.getDefault().add(world.parent);
        GeodatabaseConnections.getDefault().add(world.child);
        var view = bot.viewByTitle("Catalog");
        view.show();
        BotTree catalog = view.bot().tree();
        Bot.waitUntil(Condition.of("city and field-crew in the Catalog",
                () -> Arrays.asList(catalog.items()).containsAll(List.of("city", "field-crew"))), 20_000);
        return catalog;
    }

    private Tree catalogTree() {
        return bot.viewByTitle("Catalog").bot().all(Tree.class).get(0);
    }

    /** Selects PARCELS of city in the Catalog and opens Alter Schema from its context menu. */
    private BotShell alterParcels() {
        BotTree catalog = catalog();
        Bot.waitUntil(Condition.of("PARCELS in the Catalog", () -> Arrays.asList(catalog.items("city")).contains(PARCELS)), 20_000);
        catalog.select("city", PARCELS);
        new BotContextMenu(catalogTree()).item("Alter Schema...").click();
        return bot.shell("Alter Schema");
    }

    /** Waits for the page's error to be the engine's sentence containing {@code fragment}, Finish disabled. */
    private static void awaitError(BotShell wizard, String fragment) {
        Bot.waitUntil(Condition.of("the error '" + fragment + "'", () -> String.valueOf(CityFixture.error(wizard)).contains(fragment)), 20_000);
        assertFalse(wizard.bot().button("Finish").isEnabled(), "Finish is disabled while the change is refused");
    }

    private static void awaitValid(BotShell wizard) {
        Bot.waitUntil(Condition.of("the page to be valid", () -> CityFixture.error(wizard) == null && wizard.bot().button("Finish").isEnabled()),
                20_000);
    }

    /** The text of a message dialog, read before it is closed with OK. */
    private String closeDialog(String title, String screenshot) {
        BotShell dialog = bot.shell(title);
        String text = UI.call(() -> dialog.bot().all(Label.class).stream().map(Label::getText).reduce("", (a, b) -> a + "\n" + b));
        if (screenshot != null) {
            shot(screenshot);
        }
        dialog.bot().button("OK").click();
        dialog.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        return text;
    }

    @Test
    void alterSchemaChecksEveryChangeWithTheEngineAndAddsAField() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        BotShell wizard = alterParcels();
        WidgetBot page = wizard.bot();

        // page 1: the dataset's fields, and adding a field chosen
        assertTrue(page.button("Add a field").isChecked());
        assertTrue(page.containsText("PARCELS (polygon, 10 rows) in " + world.parent));
        assertEquals(List.of("NAME", "OWNER"), page.table().column(0));
        assertFalse(page.button("Finish").isEnabled(), "nothing checked yet");
        page.button("Next >").click();

        // page 2: each refusal is the engine's own sentence, in the title area and in full at the page's foot
        Bot.waitUntil(Condition.of("the prompt", () -> "Enter the name of the new field.".equals(CityFixture.error(wizard))));
        assertFalse(page.button("Finish").isEnabled());
        page.text("Field name:").setText("2nd");
        awaitError(wizard, "Invalid field name '2ND'; use a letter followed by letters, digits or underscores");
        assertTrue(page.containsText("use a letter followed by letters, digits or underscores (at most 100)."), "the whole sentence on the page");
        page.text("Field name:").setText("owner");
        awaitError(wizard, "PARCELS already has a field named OWNER; choose another name.");
        page.text("Field name:").setText("globalid");
        awaitError(wizard, "GLOBALID is reserved for a system column of every dataset");
        page.text("Field name:").setText("survey");
        page.text("Length:").setText("forty");
        awaitError(wizard, "Length 'forty' is not a whole number.");
        page.text("Length:").setText("40");
        awaitValid(wizard);

        // widening: a narrowing is refused with the engine's sentence
        page.button("< Back").click();
        page.button("Widen a text field").click();
        page.button("Next >").click();
        Bot.waitUntil(Condition.of("the widen prompt", () -> "Choose the text field to widen.".equals(CityFixture.error(wizard))));
        page.combo("Field:").select("NAME: text(255)");
        page.text("New length:").setText("80");
        awaitError(wizard, "Field NAME of PARCELS holds up to 255 characters; making it 80 would narrow it");
        page.text("New length:").setText("500");
        awaitValid(wizard);
        assertTrue(page.containsText("travels by itself"), page.root().toString());

        // renaming to a name the dataset has
        page.button("< Back").click();
        page.button("Rename a field (its values stay)").click();
        page.button("Next >").click();
        page.combo("Field:").select("OWNER: text(255)");
        page.text("New name:").setText("name");
        awaitError(wizard, "PARCELS already has a field named NAME; choose another name.");

        // a change the engine accepted, refused at Finish because the dataset changed meanwhile: an error dialog and the error log
        page.button("< Back").click();
        page.button("Add a field").click();
        page.button("Next >").click();
        page.combo("Type:").select("date");
        assertFalse(UI.call(() -> page.text("Length:").widget().isEnabled()), "only text fields take a length");
        page.text("Field name:").setText("inspected");
        awaitValid(wizard);
        world.with(world.parent, g -> g.alter("parcels", SchemaChange.addField("INSPECTED", FieldType.DATE, 0)));
        List<IStatus> logged = new CopyOnWriteArrayList<>();
        ILogListener listener = (status, plugin) -> {
            if ("org.geosync.ui".equals(status.getPlugin())) {
                logged.add(status);
            }
        };
        Platform.addLogListener(listener);
        try {
            page.button("Finish").click();
            wizard.waitUntilClosed(Bot.TIMEOUT_MS);
            String refused = closeDialog("Alter Schema", null);
            assertTrue(refused.contains("PARCELS already has a field named INSPECTED; choose another name."), refused);
            Bot.waitUntil(Condition.of("the refusal in the error log", () -> logged.stream()
                    .anyMatch(s -> s.getMessage().contains("already has a field named INSPECTED"))));
            IStatus entry = logged.stream().filter(s -> s.getMessage().contains("already has a field named INSPECTED")).findFirst().orElseThrow();
            assertInstanceOf(GeodatabaseException.class, entry.getException(), "with its cause");
        } finally {
            Platform.removeLogListener(listener);
        }

        // Finish adds the field to the real geodatabase, tracked; the Catalog selects the dataset again and the Properties show it
        BotShell again = alterParcels();
        WidgetBot second = again.bot();
        second.button("Next >").click();
        second.text("Field name:").setText("survey");
        second.text("Length:").setText("40");
        awaitValid(again);
        Bot.waitUntil(Condition.of("the accepted change", () -> second.containsText("travels by itself")));
        shot("alter-schema-wizard");
        second.button("Finish").click();
        again.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        Dataset parcels = world.with(world.parent, g -> g.dataset("PARCELS"));
        assertEquals(FieldType.TEXT, parcels.field("SURVEY").type());
        assertEquals(40, parcels.field("SURVEY").length());
        assertEquals(List.of("add-field", "add-field"), world.with(world.parent, g -> g.schemaChangeLog().stream().map(r -> r.operation()).toList()));
        assertEquals(List.of(), world.with(world.parent, g -> g.lostTracking("PARCELS")));
        Bot.waitUntil(Condition.of("PARCELS selected again, with SURVEY", () -> UI.call(() -> {
            var selection = bot.page().findView(DistributedGeodatabasePerspective.CATALOG).getSite().getSelectionProvider().getSelection();
            return selection instanceof IStructuredSelection s && s.getFirstElement() instanceof DatasetNode d
                    && d.dataset().field("SURVEY") != null;
        })), 20_000);
        var properties = bot.viewByTitle("Properties");
        properties.show();
        var rows = properties.bot().tree();
        Bot.waitUntil(Condition.of("SURVEY in the Properties view", () -> Arrays.asList(rows.items("Fields")).contains("SURVEY")), 20_000);
    }

    /**
     * Add Dataset on the parent: each page shows the engine's own sentence (a bad name, a taken one, a feature class without
     * its coordinate system, a field not written NAME:TYPE[:LENGTH]) with Finish disabled; Finish adds the feature class,
     * tracked, joining the replica chosen on the second page, and the child makes it at its next synchronization.
     */
    @Test
    void addDatasetChecksEachPageWithTheEngineAndJoinsTheChosenReplica() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        BotTree catalog = catalog();
        catalog.select("city");
        new BotContextMenu(catalogTree()).item("Add Dataset...").click();
        BotShell wizard = bot.shell("Add Dataset");
        WidgetBot page = wizard.bot();
        Bot.waitUntil(Condition.of("the prompt", () -> "Enter the name of the new dataset.".equals(CityFixture.error(wizard))));
        assertFalse(page.button("Finish").isEnabled());
        page.text("Name:").setText("2nd");
        awaitError(wizard, "Invalid dataset name '2nd'; use a letter followed by letters, digits or underscores");
        page.text("Name:").setText("parcels");
        awaitError(wizard, "A dataset or table named PARCELS already exists; choose another name.");
        page.text("Name:").setText("valves");
        page.combo("Geometry:").select("point");
        awaitError(wizard, "Enter the EPSG code of the feature class's coordinate system.");
        page.text("EPSG code:").setText("3857");
        BotText fields = page.text("Fields (one per line):");
        fields.setText("SIZE_MM:number");
        awaitError(wizard, "Line 1: Unknown field type 'number'");
        fields.setText("SIZE_MM:integer\nshape:text:20");
        awaitError(wizard, "The field name SHAPE is a system column; rename the field.");
        fields.setText("SIZE_MM:integer\nNOTE:text:80");
        awaitValid(wizard);

        page.button("Next >").click();
        page.button(REPLICA + " (two-way, child in " + world.child + ")").click();
        Bot.waitUntil(Condition.of("the join accepted", () -> page.containsText("Finish adds VALVES and has it join " + REPLICA)), 20_000);
        awaitValid(wizard);
        shot("add-dataset-wizard");
        page.button("Finish").click();
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);
        GeodatabaseJobsIdle.await();
        Dataset valves = world.with(world.parent, g -> g.dataset("VALVES"));
        assertEquals(List.of("SIZE_MM", "NOTE"), valves.fields().stream().map(f -> f.name()).toList());
        assertEquals(80, valves.field("NOTE").length());
        assertEquals(List.of(), world.with(world.parent, g -> g.lostTracking("VALVES")));
        assertTrue(world.with(world.parent, g -> org.geosync.core.Replicas.get(g, REPLICA)).getDatasets().stream()
                .anyMatch(d -> d.getDatasetName().equals("VALVES")), "VALVES joined the replica");
        world.with(world.parent, g -> g.insert("valves", ReplicaWorld.gid(500), java.util.Map.of("SIZE_MM", 150),
                "POINT (1000500 6000500)"));
        world.with(world.parent, p -> {
            try (org.geosync.core.Geodatabase c = org.geosync.core.Geodatabase.open(world.child)) {
                org.geosync.core.Replicas.synchronize(p, c, REPLICA, org.geosync.core.SyncOptions.defaults(), null);
                assertEquals(1, c.rowCount("VALVES"), "the child made VALVES and received its row");
            }
            return null;
        });
    }

    @Test
    void compareReplicaSchemaListsTheDifferencesAndAppliesTheCheckedOne() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        world.with(world.parent, g -> {
            g.alter("parcels", SchemaChange.addField("SURVEY", FieldType.TEXT, 40));
            g.alter("parcels", SchemaChange.widenField("NAME", 500));
            return null;
        });
        world.with(world.child, g -> {
            g.alter("parcels", SchemaChange.addField("CREW_NOTE", FieldType.INTEGER, 0));
            g.alter("parcels", SchemaChange.widenField("OWNER", 600));
            return null;
        });

        // the child's replica, from the Catalog's context menu; its relative (the parent) is proposed as the other side
        BotTree catalog = catalog();
        catalog.expand("field-crew", "Replicas");
        Bot.waitUntil(Condition.of("the child's replica", () -> Arrays.asList(catalog.items("field-crew", "Replicas")).contains("r (two-way, child)")),
                20_000);
        catalog.select("field-crew", "Replicas", "r (two-way, child)");
        new BotContextMenu(catalogTree()).item("Compare Replica Schema...").click();
        BotShell wizard = bot.shell("Compare Replica Schema");
        WidgetBot page = wizard.bot();
        assertEquals(world.child.toString(), page.combo("Geodatabase:").selection());
        Bot.waitUntil(Condition.of("the replica read", () -> page.combo("Replica:").selection().startsWith("r (two-way, child")), 20_000);
        Bot.waitUntil(Condition.of("the relative proposed", () -> world.parent.toString().equals(page.combo("Other geodatabase:").selection())));
        page.combo("Other geodatabase:").select(world.child.toString());
        Bot.waitUntil(Condition.of("the same-side error", () -> String.valueOf(CityFixture.error(wizard)).contains("is this side")));
        assertFalse(page.button("Next >").isEnabled());
        page.combo("Other geodatabase:").select(world.parent.toString());
        Bot.waitUntil(Condition.of("page 1 valid", () -> CityFixture.error(wizard) == null && page.button("Next >").isEnabled()));
        page.button("Next >").click();

        // the differences side by side: additive ones checked, the drop not, the narrowing not checkable
        BotTable table = page.table();
        Bot.waitUntil(Condition.of("four differences", () -> table.rowCount() == 4), 30_000);
        int name = table.indexOf("NAME", 1), survey = table.indexOf("SURVEY", 1), note = table.indexOf("CREW_NOTE", 1),
                owner = table.indexOf("OWNER", 1);
        assertEquals(List.of("PARCELS", "NAME", "string(255)", "string(500)", "widen-field NAME to 500"), row(table, name));
        assertEquals(List.of("PARCELS", "SURVEY", "missing", "string(40)", "add-field SURVEY text(40)"), row(table, survey));
        assertEquals(List.of("PARCELS", "CREW_NOTE", "integer", "missing", "drop-field CREW_NOTE"), row(table, note));
        assertEquals("string(600)", table.cell(owner, 2));
        assertEquals("not made by GeoSync (field-differs)", table.cell(owner, 4));
        assertTrue(table.isChecked(name) && table.isChecked(survey));
        assertFalse(table.isChecked(note) || table.isChecked(owner));
        assertTrue(page.containsText("4 difference(s) between the schemas of replica r"));
        table.check(owner, true);
        assertFalse(table.isChecked(owner), "GeoSync does not narrow a field: the row cannot be checked");
        table.check(name, false);
        assertTrue(page.button("Finish").isEnabled());
        shot("compare-replica-schema-wizard");
        table.check(survey, false);
        Bot.waitUntil(Condition.of("the nothing-checked error", () -> "Check at least one difference to apply.".equals(CityFixture.error(wizard))));
        assertFalse(page.button("Finish").isEnabled());
        table.check(survey, true);
        awaitValid(wizard);

        // Finish applies the checked difference on this side, and nothing else
        page.button("Finish").click();
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);
        String result = closeDialog("Compare Replica Schema", "compare-replica-schema-applied");
        assertTrue(result.contains("Applied 1 schema change(s) to replica r of " + world.child), result);
        assertTrue(result.contains("PARCELS.SURVEY: add-field SURVEY text(40)"), result);
        assertTrue(result.contains("3 difference(s) remain between the two sides of replica r."), result);
        Dataset parcels = world.with(world.child, g -> g.dataset("PARCELS"));
        assertEquals(40, parcels.field("SURVEY").length());
        assertEquals(255, parcels.field("NAME").length(), "an unchecked difference is left");
        assertEquals(FieldType.INTEGER, parcels.field("CREW_NOTE").type(), "a drop only when checked");
        assertEquals(List.of(), world.with(world.child, g -> g.lostTracking("PARCELS")));
    }

    @Test
    void anExportedReplicaSchemaIsComparedWith() throws Exception {
        world = ReplicaWorld.create(tmp, ReplicaSpec.twoWay(REPLICA));
        world.with(world.parent, g -> g.alter("parcels", SchemaChange.addField("SURVEY", FieldType.TEXT, 40)));
        Path file = tmp.resolve("city-r-schema.xml");

        BotTree catalog = catalog();
        catalog.select("city");
        bot.menu("Replication", "Export Replica Schema...").click();
        BotShell export = bot.shell("Export Replica Schema");
        WidgetBot page = export.bot();
        Bot.waitUntil(Condition.of("the replica read", () -> page.combo("Replica:").selection().startsWith("r (two-way, parent")), 20_000);
        page.text("Schema file:").setText(tmp.resolve("nowhere").resolve("s.xml").toString());
        Bot.waitUntil(Condition.of("the missing folder", () -> String.valueOf(CityFixture.error(export)).contains("does not exist")));
        page.text("Schema file:").setText(file.toString());
        awaitValid(export);
        page.button("Finish").click();
        export.waitUntilClosed(Bot.TIMEOUT_MS);
        String exported = closeDialog("Export Replica Schema", null);
        assertTrue(exported.contains("Exported the schema of replica r (1 dataset(s)) to " + file), exported);
        assertTrue(Files.readString(file).contains("SURVEY"));

        catalog.select("field-crew");
        bot.menu("Replication", "Compare Replica Schema...").click();
        BotShell wizard = bot.shell("Compare Replica Schema");
        WidgetBot compare = wizard.bot();
        Bot.waitUntil(Condition.of("the replica read", () -> compare.combo("Replica:").selection().startsWith("r (two-way, child")), 20_000);
        compare.button("A schema file written by Export Replica Schema").click();
        Bot.waitUntil(Condition.of("the file asked for", () -> String.valueOf(CityFixture.error(wizard)).startsWith("Enter the schema file")));
        compare.text("Schema file:").setText(file.toString());
        Bot.waitUntil(Condition.of("page 1 valid", () -> CityFixture.error(wizard) == null && compare.button("Next >").isEnabled()));
        compare.button("Next >").click();
        BotTable table = compare.table();
        Bot.waitUntil(Condition.of("one difference", () -> table.rowCount() == 1), 30_000);
        assertEquals(List.of("PARCELS", "SURVEY", "missing", "string(40)", "add-field SURVEY text(40)"), row(table, 0));
        awaitValid(wizard);
        compare.button("Finish").click();
        wizard.waitUntilClosed(Bot.TIMEOUT_MS);
        String result = closeDialog("Compare Replica Schema", null);
        assertTrue(result.contains("Applied 1 schema change(s) to replica r of " + world.child), result);
        assertNull(world.with(world.child, g -> g.tableProblem("PARCELS")));
        assertEquals(40, world.with(world.child, g -> g.dataset("PARCELS")).field("SURVEY").length());
    }

    private static List<String> row(BotTable table, int row) {
        return List.of(table.cell(row, 0), table.cell(row, 1), table.cell(row, 2), table.cell(row, 3), table.cell(row, 4));
    }

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
