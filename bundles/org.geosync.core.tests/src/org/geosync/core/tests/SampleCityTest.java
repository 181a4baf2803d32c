package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.cli.CommandLine;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SampleCity;
import org.geosync.core.SqlResultHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample city: the datasets a demo needs, sized on request, identical from run to run, not tracked as edits. */
class SampleCityTest {

    @TempDir
    Path tmp;

    @Test
    void sampleHasEveryDatasetScaledToTheRequestAndNoTrackedEdits() throws Exception {
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("city"))) {
            SampleCity.populate(gdb, 50, new NullProgressMonitor());
            assertEquals(50, gdb.rowCount("parcels"));
            assertEquals(50, gdb.rowCount("buildings"));
            assertEquals(17, gdb.rowCount("hydrants"));
            assertEquals(7, gdb.rowCount("water_mains"), "one main per street row of an 8-column grid");
            assertEquals(25, gdb.rowCount("inspections"));
            assertEquals(50, gdb.rowCount("owners"));
            assertTrue(gdb.changesSince(0).isEmpty(), "a bulk load is not a local edit to send");
            assertEquals(1, (long) gdb.intersecting("buildings", "POINT (1000015 6000015)").size(),
                    "the first building lies in the first parcel's corner");
        }
    }

    @Test
    void sameSizeGivesTheSameRowsAndGlobalIds() throws Exception {
        assertEquals(parcelRows(tmp.resolve("a")), parcelRows(tmp.resolve("b")));
    }

    private static List<String> parcelRows(Path dir) throws GeodatabaseException {
        List<String> rows = new ArrayList<>();
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            SampleCity.populate(gdb, 20, new NullProgressMonitor());
            gdb.executeSql("SELECT GLOBALID, ADDRESS, ST_AsText(SHAPE) FROM PARCELS ORDER BY GLOBALID", new SqlResultHandler() {
                @Override
                public void header(List<String> columns) {
                }

                @Override
                public void row(List<String> values) {
                    rows.add(String.join("|", values));
                }
            });
        }
        assertEquals(20, rows.size());
        return rows;
    }

    @Test
    void aGeodatabaseWithDataIsRefusedAndKeptAsItWas() throws Exception {
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("busy"))) {
            SampleCity.populate(gdb, 5, new NullProgressMonitor());
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> SampleCity.populate(gdb, 5, new NullProgressMonitor()));
            assertTrue(e.getMessage().contains("empty geodatabase"), e.getMessage());
            assertEquals(5, gdb.rowCount("parcels"));
        }
    }

    @Test
    void cliCreatesTheSampleAndRefusesABadSize() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Path dir = tmp.resolve("cli-city");
        assertEquals(0, cli.run(new String[] { "gdb", "create", dir.toString(), "--sample", "--features", "12" }));
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            assertEquals(12, gdb.rowCount("parcels"));
        }
        assertEquals(2, cli.run(new String[] { "gdb", "create", tmp.resolve("x").toString(), "--sample", "--features", "many" }));
        assertEquals(1, cli.run(new String[] { "gdb", "create", tmp.resolve("y").toString(), "--sample", "--features", "0" }));
        assertTrue(!tmp.resolve("y").toFile().exists(), "a refused size creates nothing");
    }
}
