package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.geosync.core.Geodatabase;
import org.geosync.core.internal.storage.DerbyConnector;
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

    /** A Derby database that is no geodatabase: the refusal has an SQLException as its cause. */
    private String plainDerby() throws Exception {
        Path dir = tmp.resolve("plain");
        Connection c = DerbyConnector.connect(dir, true);
        DerbyConnector.closeQuietly(c, dir);
        return dir.toString();
    }

    @Test
    void verboseAddsTheCauseChainAndTheRootsStackTraceAfterTheOneLine() throws Exception {
        String plain = plainDerby();
        assertEquals(1, cli.run("gdb", "info", plain));
        String line = cli.err.strip();
        assertEquals(1, line.lines().count(), "without --verbose one line: " + cli.err);
        assertTrue(line.contains("not a GeoSync geodatabase"), line);

        assertEquals(1, cli.run("gdb", "--verbose", "info", plain), cli.err);
        List<String> lines = cli.err.lines().toList();
        assertEquals(line, lines.get(0), "the same one line first");
        assertTrue(lines.get(1).startsWith("  because: org.geosync.core.GeodatabaseException: "), cli.err);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  caused by: java.sql.SQLSyntaxErrorException: Table/View 'GDB_INFO'"
                + " does not exist.")), cli.err);
        int trace = lines.indexOf("  stack trace of the root cause:");
        assertTrue(trace > 1, cli.err);
        assertTrue(lines.get(trace + 1).contains("GDB_INFO"), "the root cause's own trace: " + cli.err);
        assertTrue(lines.stream().skip(trace + 1).anyMatch(l -> l.startsWith("\tat ")), cli.err);
        assertEquals("", cli.out);

        assertEquals(0, cli.run("--help"));
        assertTrue(cli.out.contains("--verbose"), cli.out);
        assertEquals(0, cli.run("gdb", "create", tmp.resolve("fine").toString(), "--verbose"), cli.err);
        assertEquals("", cli.err, "a command that succeeds says nothing more with --verbose");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
