package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Catalog lists a geodatabase's datasets with their row counts; selecting a feature class draws it on the map. */
@ExtendWith(ScreenshotOnFailure.class)
class CatalogDatasetsTest {

    private final Bot bot = new Bot();

    @TempDir
    Path tmp;

    private Path dir;

    @AfterEach
    void disconnect() {
        GeodatabaseJobsIdle.await();
        if (dir != null) {
            GeodatabaseConnections.getDefault().remove(dir);
        }
    }

    @Test
    void datasetsAreListedAndAFeatureClassIsDrawn() throws Exception {
        dir = tmp.resolve("harbour");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            gdb.createFeatureClass("parcels", GeometryType.POLYGON, 4326, List.of(Field.of("NAME", FieldType.TEXT)));
            gdb.createTable("inspections", List.of(Field.of("NOTE", FieldType.TEXT)));
            gdb.insert("parcels", Map.of("NAME", "quay"), "POLYGON ((0 0, 40 0, 40 30, 0 30, 0 0))");
            gdb.insert("parcels", Map.of("NAME", "warehouse"), "POLYGON ((50 10, 90 10, 90 60, 50 60, 50 10))");
            gdb.insert("parcels", Map.of("NAME", "office"), "POLYGON ((10 40, 30 40, 30 90, 10 90, 10 40))");
        }
        bot.openPerspective(DistributedGeodatabasePerspective.ID);
        bot.resetPerspective();
        GeodatabaseConnections.getDefault().add(dir);

        var catalogView = bot.viewByTitle("Catalog");
        catalogView.show();
        var catalog = catalogView.bot().tree();
        String[] datasets = catalog.items("harbour");
        assertTrue(Arrays.asList(datasets).contains("PARCELS (polygon, 3 rows)"), Arrays.toString(datasets));
        assertTrue(Arrays.asList(datasets).contains("INSPECTIONS (table, 0 rows)"), Arrays.toString(datasets));

        catalog.select("harbour", "PARCELS (polygon, 3 rows)");
        var map = bot.viewByTitle("Map Preview").bot();
        Bot.waitUntil(Condition.of("the map to report 3 features", () -> map.containsText("PARCELS: 3 features")), 20_000);
        bot.screenshot("catalog-dataset-on-map");

        catalogView.show(); // the Properties view follows the active part's selection
        catalog.select("harbour", "PARCELS (polygon, 3 rows)");
        var properties = bot.viewByTitle("Properties");
        properties.show();
        var rows = properties.bot().tree();
        Bot.waitUntil(Condition.of("the NAME field in the Properties view",
                () -> Arrays.asList(rows.items("Fields")).contains("NAME")));
        assertTrue(Arrays.asList(rows.items("Dataset")).contains("EPSG"));

        // another program (here the engine API, as a script would) adds a row; Refresh shows it
        GeodatabaseJobsIdle.await();
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            gdb.insert("inspections", Map.of("NOTE", "roof ok"), null);
        }
        catalogView.show();
        bot.menu("Geodatabase", "Refresh Catalog").click();
        Bot.waitUntil(Condition.of("the new inspection counted",
                () -> Arrays.asList(catalog.items("harbour")).contains("INSPECTIONS (table, 1 row)")), 20_000);
    }
}
