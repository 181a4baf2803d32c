package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geosync bench} runs every step of the workload on a small size and reports each (no timing asserted). */
class BenchTest {

    @TempDir
    Path tmp;

    @Test
    void theWorkloadRunsEveryStepAndPrintsOneJsonLine() {
        Cli cli = new Cli();
        assertEquals(0, cli.run("bench", "--features", "400", "--edits", "20", "--json", "--dir", tmp.toString()), cli.err);
        String json = cli.out.strip();
        assertEquals(1, json.lines().count(), json);
        for (String step : new String[] { "load features", "checkout replica", "tracked edits", "export data change message",
                "import data change message", "two-way sync" }) {
            assertTrue(json.contains("\"step\":\"" + step), step + " in " + json);
        }
        assertTrue(json.contains("\"items\":20,") && json.contains("\"baseline\":\"raw JDBC batch apply\""), json);
        assertEquals(2, cli.run("bench", "--features", "many"));
        assertEquals(1, cli.run("bench", "--features", "50", "--dir", tmp.toString()));
        assertTrue(cli.err.contains("at least 100 features"), cli.err);
    }
}
