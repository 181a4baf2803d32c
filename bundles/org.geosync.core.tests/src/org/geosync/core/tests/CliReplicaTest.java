package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.geosync.core.Geodatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geosync replica|sync|conflicts} in-process: the CLI contract's options, outputs and exit codes. */
class CliReplicaTest {

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

    private void oneLineError() {
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void createSynchronizeAndResolveFromTheCommandLine() throws Exception {
        String parent = tmp.resolve("parent").toString();
        String child = tmp.resolve("child").toString();
        ReplicaFixture.parent(tmp.resolve("parent")).close();
        assertEquals(0, run("replica", "create", parent, child, "--type", "two-way", "--name", "crew", "--extent", "-5,-5,495,495",
                "--dataset", "PARCELS:where=OWNER = 'city'", "--dataset", "notes:schema-only"), err);
        assertTrue(out.contains("Created two-way replica crew"), out);
        assertEquals(0, run("replica", "list", child, "--json"), err);
        assertTrue(out.startsWith("{\"directory\":"), out);
        assertTrue(out.contains("\"name\":\"crew\"") && out.contains("\"role\":\"child\"") && out.contains("\"schemaOnly\":true"), out);
        try (Geodatabase p = Geodatabase.open(tmp.resolve("parent")); Geodatabase c = Geodatabase.open(tmp.resolve("child"))) {
            assertEquals(25, c.rowCount("parcels"));
            p.update("parcels", gid(1), java.util.Map.of("NAME", "parent"), null);
            c.update("parcels", gid(1), java.util.Map.of("NAME", "child"), null);
        }
        assertEquals(3, run("sync", parent, child, "--replica", "crew", "--policy", "manual", "--json"), "a conflict left for review: " + err);
        assertTrue(out.contains("\"conflicts\":1") && out.contains("\"policy\":\"manual\"") && out.contains("\"exitCode\":3}"), out);
        assertTrue(out.contains("\"conflicts\":1,\"sent\":1,\"received\":1,"), "one edit each way: " + out);
        assertTrue(out.contains("{\"dataset\":\"PARCELS\",\"inserts\":0,\"updates\":0,\"deletes\":0,\"conflicts\":1,\"skipped\":0,"
                + "\"sent\":1,\"received\":1}"), out);
        assertEquals(0, run("conflicts", "list", parent, "--replica", "crew", "--json"), err);
        assertTrue(out.contains("\"count\":1") && out.contains("\"database\":\"parent\"") && out.contains("\"imported\":\"child\""), out);
        String id = out.replaceAll("(?s).*\"id\":(\\d+).*", "$1");
        assertEquals(1, run("sync", parent, child, "--replica", "crew"));
        assertTrue(err.contains("in conflict"), err);
        oneLineError();
        assertEquals(0, run("conflicts", "resolve", parent, "--replica", "crew", "--id", id, "--take", "imported"), err);
        assertTrue(out.contains("no longer in conflict"), out);
        assertEquals(0, run("sync", parent, child, "--replica", "crew"), err);
        assertTrue(out.startsWith("Synchronized replica crew (both): sent 1 change(s), received 0; 0 inserted, 1 updated,"), out);
        assertTrue(out.contains("\n  PARCELS: sent 1, received 0; 0 inserted, 1 updated, 0 deleted, 0 conflict(s), 0 skipped"), out);
        assertEquals(0, run("gdb", "info", child, "--json"), err);
        assertTrue(out.contains("\"replicas\":[{\"name\":\"crew\"") && out.contains("\"role\":\"child\""), out);
        assertEquals(0, run("replica", "list", parent), err);
        assertTrue(out.contains("crew  two-way  parent  sender"), out);
    }

    @Test
    void aCopiedChildIsRefusedUntilRegisteredOrItsMoveIsConfirmed() throws Exception {
        String parent = tmp.resolve("parent").toString();
        ReplicaFixture.parent(tmp.resolve("parent")).close();
        assertEquals(0, run("replica", "create", parent, tmp.resolve("child").toString(), "--name", "crew", "--type", "two-way"), err);
        RegisterTest.copyDirectory(tmp.resolve("child"), tmp.resolve("moved"));
        String moved = tmp.resolve("moved").toString();
        assertEquals(1, run("sync", parent, moved, "--replica", "crew"));
        assertTrue(err.contains("is a copy of the geodatabase that holds replica crew") && err.contains("geosync replica relocate " + moved), err);
        oneLineError();
        assertEquals(0, run("replica", "relocate", moved), err);
        assertTrue(out.contains("now holds its replicas where it lies"), out);
        assertEquals(0, run("sync", parent, moved, "--replica", "crew"), err);
        assertEquals(2, run("replica", "relocate"));
    }

    @Test
    void registerAndUnregisterFromTheCommandLine() throws Exception {
        String parent = tmp.resolve("parent").toString();
        ReplicaFixture.parent(tmp.resolve("parent")).close();
        assertEquals(0, run("replica", "create", parent, tmp.resolve("child").toString(), "--name", "crew", "--type", "one-way",
                "--direction", "child-to-parent"), err);
        RegisterTest.copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
        assertEquals(0, run("replica", "register", parent, tmp.resolve("copy").toString(), "--name", "crew2"), err);
        assertTrue(out.contains("a copy of crew"), out);
        assertEquals(0, run("replica", "unregister", parent, "crew2"), err);
        assertEquals(1, run("replica", "register", parent, tmp.resolve("copy").toString(), "--name", "crew3"));
        assertTrue(err.contains("unregistered"), err);
        oneLineError();
    }

    @Test
    void refusalsAndUsageErrorsFollowTheContract() throws Exception {
        String parent = tmp.resolve("parent").toString();
        ReplicaFixture.parent(tmp.resolve("parent")).close();
        String child = tmp.resolve("child").toString();
        assertEquals(2, run("replica", "create", parent, child, "--name", "x"));
        assertTrue(err.contains("--type is required"), err);
        assertEquals(2, run("replica", "create", parent, child, "--name", "x", "--type", "sideways"));
        assertEquals(2, run("replica", "create", parent, child, "--name", "x", "--type", "two-way", "--direction", "parent-to-child"));
        assertEquals(2, run("sync", parent, child));
        assertEquals(2, run("conflicts", "resolve", parent, "--replica", "x", "--take", "imported"));
        String[][] refused = {
            { "replica", "create", parent, child, "--name", "x", "--type", "two-way", "--dataset", "parcels:where=1=1 OR NAME IN (SELECT GDB_GUID FROM GDB_INFO)" },
            { "replica", "create", parent, child, "--name", "x", "--type", "two-way", "--area", "POLYGON ((0 0, 10 0, 10 10, 0 0)", "--epsg", "3857" },
            { "replica", "create", parent, child, "--name", "x", "--type", "two-way", "--extent", "5,5,1,1" },
            { "replica", "create", parent, child, "--name", "x", "--type", "two-way", "--extent", "0,0,10,10", "--epsg", "123456" },
            { "replica", "unregister", parent, "nope" },
            { "sync", parent, tmp.resolve("nowhere").toString(), "--replica", "x" },
            { "conflicts", "list", parent, "--replica", "nope" } };
        for (String[] args : refused) {
            assertEquals(1, run(args), String.join(" ", args) + " -> " + out + err);
            oneLineError();
        }
        assertFalse(Files.exists(tmp.resolve("child")), "a refused creation leaves nothing behind");
    }
}
