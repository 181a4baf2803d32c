package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictKind;
import org.geosync.model.ConflictStatus;
import org.geosync.model.GeosyncFactory;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.conflicts.ConflictRow;
import org.geosync.ui.conflicts.ConflictsSnapshot;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.BotTable;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.geosync.ui.testing.UI;
import org.geosync.ui.views.ConflictsView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Conflicts view with 100,000 conflicts: the UI thread's share (handing them to the virtual table, showing
 * the last one) is measured and printed against the aim of opening them in under 1 s, not asserted on time. Reading them
 * is a job's work and not measured here. Runs in the build (a few seconds).
 */
@ExtendWith(ScreenshotOnFailure.class)
class ConflictsViewBenchmarkTest {

    private static final int COUNT = 100_000;

    @Test
    void oneHundredThousandConflictsStayResponsive() {
        GeosyncFactory f = GeosyncFactory.eINSTANCE;
        List<ConflictRow> rows = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            Conflict c = f.createConflict();
            c.setId(i);
            c.setDatasetName(i < COUNT / 2 ? "NOTES" : "PARCELS");
            c.setGlobalId(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i));
            c.setKind(ConflictKind.UPDATE_UPDATE);
            c.setStatus(ConflictStatus.OPEN);
            ConflictFieldValue v = f.createConflictFieldValue();
            v.setFieldName("OWNER");
            v.setAncestorValue("city");
            v.setDatabaseValue("clerk " + i);
            v.setImportedValue("crew " + i);
            v.setConflicting(true);
            c.getFieldValues().add(v);
            rows.add(new ConflictRow("r", c));
        }
        ConflictsSnapshot snapshot = new ConflictsSnapshot(GeodatabaseLocation.of(Path.of("/benchmark/city")), "r", rows, List.of("r"), null);
        Bot bot = new Bot();
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        ConflictsView view = (ConflictsView) bot.showView(DistributedGeodatabasePerspective.CONFLICTS).show();

        long opening = System.nanoTime();
        long shown = UI.call(() -> {
            long start = System.nanoTime();
            view.show(snapshot);
            return System.nanoTime() - start;
        });
        BotTable table = new BotTable(UI.call(() -> view.conflictsViewer().getTable()));
        // while the table fills, the UI thread keeps answering: the longest wait for it is what a user would feel
        long filling = System.nanoTime();
        long longestWait = 0;
        while (table.rowCount() < COUNT) {
            long ask = System.nanoTime();
            UI.run(() -> { });
            longestWait = Math.max(longestWait, System.nanoTime() - ask);
            if (System.nanoTime() - filling > 60_000_000_000L) {
                break;
            }
        }
        long opened = System.nanoTime() - opening;
        filling = System.nanoTime() - filling;
        assertEquals(COUNT, table.rowCount());
        long last = UI.call(() -> {
            long start = System.nanoTime();
            view.conflictsViewer().getTable().setTopIndex(COUNT - 1);
            view.conflictsViewer().getTable().getItem(COUNT - 1).getText(1);
            return System.nanoTime() - start;
        });
        assertEquals("00000000-0000-4000-8000-000000099999", table.cell(COUNT - 1, 1));
        table.select(COUNT - 1);
        BotTable fields = new BotTable(UI.call(() -> view.fieldsViewer().getTable()));
        Bot.waitUntil(Condition.of("the last conflict's fields", () -> "crew 99999".equals(fields.rowCount() == 1 ? fields.cell(0, 3) : "")));
        System.out.printf(Locale.ROOT, "Conflicts view, %d conflicts: first chunk %.1f ms on the UI thread, table full after"
                + " %.1f ms more, longest wait for the UI thread meanwhile %.1f ms, scrolling to and drawing the last row %.1f ms%n", COUNT,
                shown / 1e6, filling / 1e6, longestWait / 1e6, last / 1e6);
        WorkbenchBenchmarks.report("Conflicts view, " + COUNT + " conflicts opened (until the table holds them all)", opened / 1e6, 1_000);
        bot.screenshot("conflicts-view-100000");
    }
}
