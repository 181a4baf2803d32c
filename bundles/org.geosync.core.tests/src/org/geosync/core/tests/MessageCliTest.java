package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geosync message ...} in-process: the CLI contract's exit codes (0 ok, 1 refused with one line on stderr, 2 usage). */
class MessageCliTest {

    @TempDir
    Path tmp;
    String out;
    String err;

    private final Cli cli = new Cli();

    private int run(String... args) {
        int code = cli.run(args);
        out = cli.out;
        err = cli.err;
        return code;
    }

    /** An import that leaves conflicts for review (the manual policy) exits 3, as its JSON says; one that settles them exits 0. */
    @Test
    void anImportLeavingConflictsForReviewExitsThree() throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            parent.update("parcels", gid(4), Map.of("OWNER", "parent"), null);
        }
        try (Geodatabase child = Geodatabase.open(c)) {
            child.update("parcels", gid(4), Map.of("OWNER", "child"), null);
        }
        String m1 = tmp.resolve("m1.zip").toString();
        assertEquals(0, run("message", "export-changes", p.toString(), "r", m1), err);
        assertEquals(3, run("message", "import", c.toString(), m1, "--policy", "manual", "--json"), err);
        assertTrue(out.contains("\"conflicts\":1") && out.contains("\"exitCode\":3"), out);
        try (Geodatabase child = Geodatabase.open(c)) {
            assertEquals("child", value(child, "parcels", gid(4), "OWNER"), "kept for review");
        }
    }

    @Test
    void exportImportAcknowledgeThroughTheCommandLine() throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            parent.update("parcels", gid(4), Map.of("OWNER", "cli"), null);
        }
        String m1 = tmp.resolve("m1.zip").toString(), ack = tmp.resolve("ack.zip").toString();
        assertEquals(0, run("message", "export-changes", p.toString(), "r", m1), err);
        assertTrue(out.startsWith("Exported 1 change(s) of replica r"), out);
        // options in any order, acknowledgment in the same step
        assertEquals(0, run("message", "import", "--ack", ack, c.toString(), "--policy", "favor-imported", m1, "--reconcile-with-parent"), err);
        assertTrue(out.startsWith("Imported data changes of replica r"), out);
        assertTrue(out.contains("0 inserted, 1 updated, 0 deleted, 0 conflict(s)"), out);
        assertTrue(Files.isRegularFile(Path.of(ack)));

        assertEquals(1, run("message", "import", c.toString(), m1));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("already imported"), err);

        assertEquals(0, run("message", "import", p.toString(), ack, "--json"), err);
        assertTrue(out.contains("\"kind\": \"acknowledgment\"") || out.contains("\"kind\":\"acknowledgment\""), out);
        assertEquals(0, run("replica", "list", p.toString(), "--json"), err);
        assertTrue(out.contains("\"messages\""), out);
        assertTrue(out.contains("m1.zip") && out.contains("ack.zip"), out);

        assertEquals(1, run("message", "reexport", p.toString(), "r", tmp.resolve("re.zip").toString(), "--latest-only"));
        assertTrue(err.contains("no unacknowledged changes"), err);
        assertEquals(1, run("message", "export-changes", c.toString(), "r", tmp.resolve("x.zip").toString()));
        assertTrue(err.contains("is the receiver"), err);
        assertEquals(0, run("message", "export-ack", c.toString(), "r", tmp.resolve("ack2.zip").toString()), err);
        assertTrue(out.startsWith("Exported acknowledgment of replica r"), out);

        assertEquals(2, run("message", "export-changes", p.toString(), "r", m1, "--new-only", "--unacknowledged-only"));
        assertEquals(2, run("message", "import", c.toString()));
        assertEquals(2, run("message", "import", c.toString(), m1, "--policy", "favor-someone"));
        assertEquals(2, run("message", "send", c.toString()));
        assertEquals(1, run("message", "import", c.toString(), tmp.resolve("missing.zip").toString()));
        try (Geodatabase child = Geodatabase.open(c)) {
            assertEquals("cli", value(child, "parcels", gid(4), "OWNER"));
        }
    }
}
