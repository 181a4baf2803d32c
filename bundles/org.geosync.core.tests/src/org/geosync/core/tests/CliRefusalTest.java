package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;

import org.geosync.core.Geodatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a refusal reaches a script (docs/cli.md, exit codes): exit 1 and one line on stderr; with {@code --json} also one
 * JSON object on stdout whose {@code reason} tells the refusals a script must handle (a geodatabase made by an earlier
 * version) apart from the rest, so no script matches the sentence.
 */
class CliRefusalTest {

    @TempDir
    Path tmp;

    private final Cli cli = new Cli();

    /** A geodatabase whose storage layout is another version's than this one's. */
    private String earlierLayout() throws Exception {
        Path dir = tmp.resolve("old");
        try (Geodatabase g = Geodatabase.create(dir)) {
            g.inTransaction(gdb -> {
                try (Statement s = gdb.connection().createStatement()) {
                    s.executeUpdate("UPDATE GDB_INFO SET SCHEMA_VERSION = SCHEMA_VERSION - 1");
                }
                return null;
            });
        }
        return dir.toString();
    }

    @Test
    void aGeodatabaseOfAnEarlierLayoutIsRefusedWithItsOwnReasonInJson() throws Exception {
        String old = earlierLayout();
        assertEquals(1, cli.run("gdb", "info", old, "--json"), cli.err);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        String line = cli.err.strip();
        assertEquals("{\"exitCode\":1,\"reason\":\"earlier-layout\",\"error\":" + quote(line) + "}", cli.out.strip());

        assertEquals(1, cli.run("gdb", "info", old));
        assertEquals("", cli.out, "without --json only the one line on stderr");
        assertEquals(line, cli.err.strip());
    }

    @Test
    void otherRefusalsSayRefused() throws Exception {
        assertEquals(1, cli.run("gdb", "info", tmp.resolve("nothing").toString(), "--json"));
        assertEquals("{\"exitCode\":1,\"reason\":\"refused\",\"error\":" + quote(cli.err.strip()) + "}", cli.out.strip());
        assertEquals(2, cli.run("gdb", "info", "--json"), "a usage error stays exit 2");
        assertEquals("", cli.out);
    }

    @Test
    void theHelpNamesTheReasons() {
        assertEquals(0, cli.run("--help"));
        assertTrue(cli.out.contains("earlier-layout"), cli.out);
    }

    @Test
    void theWorkbenchScriptBranchesOnTheReasonNotOnTheSentence() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../../bin/geosync-workbench").normalize();
        assertTrue(Files.isRegularFile(script), "the script of the clone: " + script);
        String text = Files.readString(script);
        assertTrue(text.contains("\"reason\":\"earlier-layout\""), text);
        assertFalse(text.contains("*\"earlier GeoSync preview\"*"), text);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
