package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.geosync.core.Change;
import org.geosync.core.Change.Operation;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.internal.storage.DerbyConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change tracking (docs/architecture.md): every edit is captured whoever makes it; sync-applied edits are not; ancestors are kept. */
class ChangeTrackingTest {

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void createParcels() throws Exception {
        dir = tmp.resolve("gdb");
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            gdb.createFeatureClass("parcels", GeometryType.POLYGON, 4326,
                    List.of(Field.of("NAME", FieldType.TEXT), Field.of("AREA", FieldType.DOUBLE)));
        }
    }

    private static List<String> ops(List<Change> changes) {
        return changes.stream().map(c -> c.operation().name() + " " + c.globalId()).toList();
    }

    @Test
    void editsThroughTheApiAreCaptured() throws Exception {
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            String gid = gdb.insert("parcels", Map.of("NAME", "a", "AREA", 1.0), "POLYGON ((0 0, 2 0, 2 1, 0 0))");
            gdb.update("parcels", gid, Map.of("NAME", "b"), null);
            gdb.delete("parcels", gid);
            List<Change> changes = gdb.changesSince(0);
            assertEquals(List.of("INSERT " + gid, "UPDATE " + gid, "DELETE " + gid), ops(changes));
            assertTrue(changes.stream().allMatch(c -> c.dataset().equals("PARCELS") && c.generation() == 1));
        }
    }

    @Test
    void plainSqlOnASecondConnectionIsCapturedAndKeepsTheEnvelope() throws Exception {
        String gid = UUID.randomUUID().toString();
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            try (Connection other = DerbyConnector.connect(dir, false); Statement s = other.createStatement()) {
                s.executeUpdate("INSERT INTO PARCELS (GLOBALID, NAME, SHAPE) VALUES ('" + gid
                        + "', 'x', ST_GeomFromText('POLYGON ((10 20, 30 20, 30 40, 10 20))', 4326))");
                s.executeUpdate("UPDATE PARCELS SET SHAPE = ST_GeomFromText('POLYGON ((1 2, 3 2, 3 5, 1 2))', 4326)"
                        + " WHERE GLOBALID = '" + gid + "'");
                try (ResultSet rs = s.executeQuery("SELECT MINX, MINY, MAXX, MAXY, ST_AsText(SHAPE) FROM PARCELS")) {
                    assertTrue(rs.next());
                    assertEquals(List.of(1.0, 2.0, 3.0, 5.0), List.of(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)));
                    assertEquals("POLYGON ((1 2, 3 2, 3 5, 1 2))", rs.getString(5));
                }
                s.executeUpdate("DELETE FROM PARCELS");
            }
            assertEquals(List.of("INSERT " + gid, "UPDATE " + gid, "DELETE " + gid), ops(gdb.changesSince(0)));
            assertTrue(gdb.ancestor("parcels", gid).isEmpty(), "a row inserted after the last sync has no ancestor");
        }
    }

    @Test
    void ancestorIsTheRowAsOfTheLastSynchronizationAfterSeveralEdits() throws Exception {
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            String gid = gdb.applyWithoutTracking(g -> g.insert("parcels", Map.of("NAME", "orig", "AREA", 7.5),
                    "POLYGON ((0 0, 1 0, 1 1, 0 0))"));
            assertEquals(List.of(), gdb.changesSince(0), "a loaded row is not a local edit");
            Map<String, Object> original = gdb.row("parcels", gid).orElseThrow();
            assertEquals(original, gdb.ancestor("parcels", gid).orElseThrow(), "unchanged rows are their own ancestor");

            gdb.update("parcels", gid, Map.of("NAME", "one"), null);
            gdb.update("parcels", gid, Map.of("AREA", 9.0), "POLYGON ((5 5, 6 5, 6 6, 5 5))");
            try (Connection other = DerbyConnector.connect(dir, false); Statement s = other.createStatement()) {
                s.executeUpdate("UPDATE PARCELS SET NAME = 'three' WHERE GLOBALID = '" + gid + "'");
            }
            assertEquals("three", gdb.row("parcels", gid).orElseThrow().get("NAME"));
            Map<String, Object> ancestor = gdb.ancestor("parcels", gid).orElseThrow();
            assertEquals("orig", ancestor.get("NAME"));
            assertEquals(7.5, ancestor.get("AREA"));
            assertEquals("POLYGON ((0 0, 1 0, 1 1, 0 0))", ancestor.get("SHAPE"));
            assertEquals(3, gdb.changesSince(0).size());

            long next = gdb.markSynchronized();
            assertEquals(2, next);
            assertEquals(gdb.row("parcels", gid).orElseThrow(), gdb.ancestor("parcels", gid).orElseThrow());
            gdb.delete("parcels", gid);
            assertTrue(gdb.row("parcels", gid).isEmpty());
            assertEquals("three", gdb.ancestor("parcels", gid).orElseThrow().get("NAME"), "a deleted row keeps its ancestor");
            assertEquals(List.of("DELETE " + gid), ops(gdb.changesSince(1)));
        }
    }

    @Test
    void aRowInsertedSinceTheLastSyncHasNoAncestor() throws Exception {
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            String gid = gdb.insert("parcels", Map.of("NAME", "new"), "POLYGON ((0 0, 1 0, 1 1, 0 0))");
            gdb.update("parcels", gid, Map.of("NAME", "newer"), null);
            assertTrue(gdb.ancestor("parcels", gid).isEmpty());
        }
    }

    @Test
    void anEditOnAnotherThreadDuringAnApplyIsStillCaptured() throws Exception {
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            String gid = UUID.randomUUID().toString();
            Exception[] failure = new Exception[1];
            gdb.applyWithoutTracking(g -> {
                Thread editor = new Thread(() -> {
                    try (Connection other = DerbyConnector.connect(dir, false); Statement s = other.createStatement()) {
                        s.executeUpdate("INSERT INTO PARCELS (GLOBALID, NAME) VALUES ('" + gid + "', 'ij user')");
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                });
                editor.start();
                try {
                    editor.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            assertEquals(List.of("INSERT " + gid), ops(gdb.changesSince(0)));
        }
    }

    @Test
    void changesAppliedBySynchronizationAreNotCaptured() throws Exception {
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            String received = UUID.randomUUID().toString();
            gdb.applyWithoutTracking(g -> {
                g.insert("parcels", received, Map.of("NAME", "from parent"), "POLYGON ((0 0, 1 0, 1 1, 0 0))");
                g.update("parcels", received, Map.of("NAME", "changed by parent"), null);
                try (Statement s = g.connection().createStatement()) {
                    s.executeUpdate("INSERT INTO PARCELS (GLOBALID, NAME) VALUES ('" + UUID.randomUUID() + "', 'sql')");
                    s.executeUpdate("DELETE FROM PARCELS WHERE NAME = 'sql'");
                }
                return null;
            });
            assertEquals(List.of(), gdb.changesSince(0));
            assertEquals(0, Sql.rows(gdb, "SELECT * FROM GDB_A_PARCELS").size(), "no ancestor kept for applied rows");
            assertEquals("changed by parent", gdb.ancestor("parcels", received).orElseThrow().get("NAME"),
                    "applied changes move the ancestor along, they do not become local edits");
            gdb.update("parcels", received, Map.of("NAME", "local"), null);
            assertEquals(List.of("UPDATE " + received), ops(gdb.changesSince(0)), "tracking resumes after the apply");
        }
    }
}
