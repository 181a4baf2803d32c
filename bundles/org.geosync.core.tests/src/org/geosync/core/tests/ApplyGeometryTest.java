package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.SyncError;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

/**
 * A relative may hold geometry that GeoSync would refuse, written with a raw JDBC client (such as Derby's ij) that bypasses
 * GeoSync's checks but not its change tracking. The receiver applies the same check of incoming geometry as every other entry
 * point: such a row is never stored; it fails like any other failing row (with rollbackOnFailure the synchronization or import
 * is refused with one sentence naming the dataset, the row and the reason, and nothing changes; without, it is a skipped edit
 * in the report and the rest applies).
 */
class ApplyGeometryTest {

    @TempDir
    Path tmp;

    private final Cli cli = new Cli();

    private static final GeometryFactory F = new GeometryFactory();

    private static byte[] wkb(String wkt) {
        return Geometries.toWkb(Geometries.parseWkt(wkt));
    }

    /** Geometry PARCELS (polygons, EPSG:3857) cannot hold, as a JDBC client can still write it, and the reason the check gives. */
    static Stream<Arguments> invalid() {
        Geometry srid = Geometries.parseWkt(square(5, 5));
        srid.setSRID(4326);
        Geometry nested = Geometries.parseWkt(square(5, 5));
        for (int i = 0; i < 40; i++) {
            nested = F.createGeometryCollection(new Geometry[] { nested });
        }
        byte[] valid = wkb(square(5, 5));
        byte[] trailing = Arrays.copyOf(valid, valid.length + 3);
        return Stream.of(
                Arguments.of("bow-tie", wkb("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"),
                        "it is not a valid Polygon: Self-intersection at or near (5, 5)"),
                Arguments.of("NaN coordinate", Geometries.toWkb(F.createPolygon(new Coordinate[] { new Coordinate(0, 0), new Coordinate(100, 0),
                        new Coordinate(Double.NaN, 50), new Coordinate(0, 100), new Coordinate(0, 0) })),
                        "it has the coordinate (NaN, 50), which is not a finite number"),
                Arguments.of("point in a polygon class", wkb("POINT (5 5)"), "it is a Point, but the class holds polygon features"),
                Arguments.of("other SRS", new WKBWriter(2, true).write(srid), "its WKB names EPSG:4326, but the class is in EPSG:3857"),
                Arguments.of("Z coordinates", new WKBWriter(3, true).write(Geometries.parseWkt("POLYGON Z ((0 0 1, 90 0 1, 90 90 1, 0 0 1))")),
                        "it has Z or M coordinates"),
                Arguments.of("trailing bytes", trailing, "its WKB is invalid (it is followed by 3 bytes that are not part of the geometry)"),
                Arguments.of("collections nested 40 deep", Geometries.toWkb(nested), "its WKB is invalid (it nests geometry collections"));
    }

    /** Runs {@code sql} on {@code g}'s own connection, as a JDBC client would: tracked, but past GeoSync's checks. */
    private static void raw(Geodatabase g, String sql, Object... params) throws SQLException {
        try (PreparedStatement p = g.connection().prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof byte[] b) {
                    p.setBytes(i + 1, b);
                } else {
                    p.setObject(i + 1, params[i]);
                }
            }
            p.executeUpdate();
        }
        g.connection().commit();
    }

    /** What must not change when an apply is refused: the data, the change log, the generation, conflicts and replica counters. */
    private static Map<String, Object> state(Path dir) throws GeodatabaseException {
        try (Geodatabase g = Geodatabase.open(dir)) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("parcels", Sql.rows(g, "SELECT GLOBALID, NAME, OWNER, AREA, SHAPE FROM PARCELS ORDER BY GLOBALID"));
            s.put("notes", Sql.rows(g, "SELECT GLOBALID, TEXT, PRIORITY FROM NOTES ORDER BY GLOBALID"));
            s.put("changes", Sql.rows(g, "SELECT * FROM GDB_CHANGES ORDER BY CHANGE_ID"));
            s.put("generation", Sql.rows(g, "SELECT * FROM GDB_GENERATION"));
            s.put("conflicts", Sql.rows(g, "SELECT COUNT(*) FROM GDB_CONFLICTS"));
            for (Replica r : Replicas.list(g)) {
                List<Long> counters = new ArrayList<>(List.of(r.getMyGeneration(), r.getSibGeneration(), r.getSibMyGeneration()));
                for (ReplicaDataset rd : r.getDatasets()) {
                    counters.addAll(List.of(rd.getMyGeneration(), rd.getSibGeneration(), rd.getSibMyGeneration()));
                }
                s.put(r.getName() + " counters", counters);
                s.put(r.getName() + " in conflict", r.isInConflict());
            }
            return s;
        }
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private static String sentence(String op, String gid, String reason) {
        return "Applying the " + op + " of row " + gid + " in PARCELS failed, so nothing was applied (rollbackOnFailure): its geometry"
                + " cannot be stored in PARCELS: " + reason;
    }

    /**
     * The parent (which the child received whole) updates parcel 5's geometry to {@code bad} with a JDBC client and renames
     * parcel 6: a synchronization with rollbackOnFailure and a message import are refused with the sentence, nothing changed on
     * either side; a synchronization without rollbackOnFailure skips parcel 5's edit (exit 3, reported) and applies parcel 6's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void anIncomingRowWithGeometryTheCheckRefusesIsNeverStored(String label, byte[] bad, String reason) throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            raw(parent, "UPDATE PARCELS SET SHAPE = ? WHERE GLOBALID = ?", bad, gid(5));
            raw(parent, "UPDATE PARCELS SET NAME = 'renamed' WHERE GLOBALID = ?", gid(6));
        }
        String sentence = sentence("update", gid(5), reason);
        Map<String, Object> parentBefore = state(p), childBefore = state(c);

        // (a) connected synchronization, rollbackOnFailure: refused, nothing changed
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(true), null));
            assertTrue(e.getMessage().startsWith(sentence), e.getMessage());
        }
        assertEquals(childBefore, state(c), "nothing changed on the child");
        assertEquals(parentBefore, state(p), "nothing changed on the parent");
        assertEquals(1, run("sync", p.toString(), c.toString(), "--replica", "r", "--rollback-on-failure", "true"), cli.out);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.startsWith(sentence), cli.err);
        assertEquals(childBefore, state(c), "nothing changed on the child");

        // (b) a data change message: its import is refused with the sentence, exit 1, nothing changed
        Path m1 = tmp.resolve("m1.zip");
        try (Geodatabase parent = Geodatabase.open(p)) {
            Messages.exportChanges(parent, "r", m1, ExportOptions.defaults(), null);
        }
        try (Geodatabase child = Geodatabase.open(c)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Messages.importMessage(child, m1, ImportOptions.defaults(), null));
            assertTrue(e.getMessage().startsWith(sentence), e.getMessage());
        }
        assertEquals(childBefore, state(c), "nothing changed on the child");
        assertEquals(1, run("message", "import", c.toString(), m1.toString()), cli.out);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.startsWith(sentence), cli.err);
        assertEquals(childBefore, state(c), "nothing changed on the child");

        // (c) connected synchronization without rollbackOnFailure: a skipped edit, reported (exit 3); the rest applies
        assertEquals(3, run("sync", p.toString(), c.toString(), "--replica", "r", "--rollback-on-failure", "false"), cli.err);
        assertTrue(cli.out.contains("1 skipped; partial"), cli.out);
        assertTrue(cli.out.contains("\n  skipped update of " + gid(5) + " in PARCELS: its geometry cannot be stored in PARCELS: " + reason),
                cli.out);
        try (Geodatabase child = Geodatabase.open(c)) {
            assertEquals("renamed", value(child, "parcels", gid(6), "NAME"), "the rest applies");
            assertEquals(square(5, 0), value(child, "parcels", gid(5), "SHAPE"), "parcel 5 keeps the geometry it had");
            SyncJob job = Replicas.get(child, "r").getSyncJobs().get(Replicas.get(child, "r").getSyncJobs().size() - 1);
            assertEquals(SyncOutcome.PARTIAL, job.getOutcome(), "the synchronization's record keeps the skipped edit");
            assertEquals(List.of(gid(5)), job.getErrors().stream().map(SyncError::getGlobalId).toList());
            assertTrue(job.getErrors().get(0).getMessage().startsWith("its geometry cannot be stored in PARCELS: " + reason),
                    job.getErrors().get(0).getMessage());
        }
    }

    /** {@code geosync sql} refuses the same geometry, given as WKB, with the same reason: one check for every entry point. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void theSqlConsoleRefusesTheSameGeometryWrittenAsWkb(String label, byte[] bad, String reason) throws Exception {
        Path p = tmp.resolve("parent");
        ReplicaFixture.parent(p).close();
        Map<String, Object> before = state(p);
        String hex = java.util.HexFormat.of().formatHex(bad).toUpperCase(java.util.Locale.ROOT);
        assertEquals(1, run("sql", p.toString(), "UPDATE PARCELS SET SHAPE = CAST(X'" + hex + "' AS BLOB) WHERE GLOBALID = '" + gid(5) + "'"),
                cli.out);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.startsWith("The statement would store a geometry in PARCELS (row " + gid(5) + ") that cannot be stored there: "
                + reason), cli.err);
        assertEquals(before, state(p), "nothing changed");
    }

    /**
     * The engine's own insert and update (what the workbench and scripts on the API use) refuse invalid geometry with the same
     * check: a row GeoSync stored itself never becomes one its relative must refuse.
     */
    @Test
    void theEngineApiRefusesInvalidGeometryWithTheSameReason() throws Exception {
        Path p = tmp.resolve("parent");
        ReplicaFixture.parent(p).close();
        Map<String, Object> before = state(p);
        try (Geodatabase g = Geodatabase.open(p)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> g.insert("parcels", java.util.Map.of("NAME", "bow-tie"), "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"));
            assertEquals("The geometry 'POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))' cannot be stored in PARCELS: it is not a valid Polygon:"
                    + " Self-intersection at or near (5, 5).", e.getMessage());
            e = assertThrows(GeodatabaseException.class,
                    () -> g.update("parcels", gid(5), java.util.Map.of("NAME", "nan"), "POLYGON ((0 0, 100 0, NaN 50, 0 100, 0 0))"));
            assertTrue(e.getMessage().contains("cannot be stored in PARCELS: it has the coordinate (NaN, 50), which is not a finite number"),
                    e.getMessage());
        }
        assertEquals(before, state(p), "nothing changed");
    }

    @Test
    void aNewRowWithInvalidGeometryIsNotInsertedAndTheSkippedEditIsReported() throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        String bowTie = java.util.UUID.randomUUID().toString();
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            raw(parent, "INSERT INTO PARCELS (GLOBALID, NAME, SHAPE) VALUES (?, 'bow-tie', ?)", bowTie, wkb("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"));
            parent.insert("parcels", java.util.Map.of("NAME", "fine"), square(20, 20));
        }
        Map<String, Object> childBefore = state(c);
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(true), null));
            assertTrue(e.getMessage().startsWith(sentence("insert", bowTie, "it is not a valid Polygon: Self-intersection")), e.getMessage());
        }
        assertEquals(childBefore, state(c));
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(false), null);
            assertEquals(SyncOutcome.PARTIAL, job.getOutcome());
            assertEquals(List.of(bowTie), job.getErrors().stream().map(SyncError::getGlobalId).toList());
            assertFalse(child.row("parcels", bowTie).isPresent(), "not inserted");
            assertEquals(List.of(List.of("1")), Sql.rows(child, "SELECT COUNT(*) FROM PARCELS WHERE NAME = 'fine'"), "the rest applies");
            assertEquals(1, job.getLayerResults().stream().mapToLong(l -> l.getSkipped()).sum());
        }
    }

    /**
     * A skipped edit is not acknowledged away: once the sender corrects the geometry, the row travels whole, so the field
     * edited together with the invalid geometry arrives too, not only the corrected geometry.
     */
    @Test
    void aSkippedEditArrivesWholeOnceItsGeometryIsCorrected() throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            raw(parent, "UPDATE PARCELS SET NAME = 'renamed', SHAPE = ? WHERE GLOBALID = ?", wkb("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"),
                    gid(3));
        }
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(false), null);
            assertEquals(List.of(gid(3)), job.getErrors().stream().map(SyncError::getGlobalId).toList());
            assertEquals("P3", value(child, "parcels", gid(3), "NAME"), "skipped whole");
            parent.update("parcels", gid(3), java.util.Map.of(), square(3, 0)); // the geometry corrected, the name left as it is
            job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(false), null);
            assertTrue(job.getErrors().isEmpty(), job.getErrors().toString());
            assertEquals("renamed", value(child, "parcels", gid(3), "NAME"), "the field edited with the invalid geometry arrives too");
        }
    }

    /** More records than a block holds: the invalid one in their midst is still refused, the block around it applies. */
    @Test
    void anInvalidRowAmongABlockOfRecordsIsSkippedAndTheOthersApply() throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        List<String> fine = new ArrayList<>();
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            parent.inTransaction(g -> {
                for (int i = 0; i < 300; i++) {
                    fine.add(g.insert("parcels", java.util.Map.of("NAME", "n" + i), square(20 + i % 10, i / 10)));
                }
                return null;
            });
            raw(parent, "UPDATE PARCELS SET SHAPE = ? WHERE GLOBALID = ?", wkb("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"), fine.get(150));
            parent.inTransaction(g -> {
                for (int i = 0; i < 300; i++) {
                    g.update("parcels", fine.get(i), java.util.Map.of("OWNER", "o" + i), null);
                }
                return null;
            });
        }
        Map<String, Object> childBefore = state(c);
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(true), null));
            assertTrue(e.getMessage().startsWith(sentence("insert", fine.get(150), "it is not a valid Polygon")), e.getMessage());
        }
        assertEquals(childBefore, state(c));
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            SyncJob job = Replicas.synchronize(parent, child, "r", SyncOptions.defaults().withRollbackOnFailure(false), null);
            assertEquals(List.of(fine.get(150)), job.getErrors().stream().map(SyncError::getGlobalId).toList());
            for (int i = 0; i < 300; i++) {
                assertEquals(i != 150, child.row("parcels", fine.get(i)).isPresent(), "row " + i);
            }
            assertEquals("o299", value(child, "parcels", fine.get(299), "OWNER"));
        }
    }

    /** Under the manual policy a row edited on both sides is not stored as a conflict either when its incoming geometry is refused. */
    @Test
    void anInvalidGeometryIsNotKeptAsAConflictForReview() throws Exception {
        Path p = tmp.resolve("parent"), c = tmp.resolve("child");
        try (Geodatabase parent = ReplicaFixture.parent(p)) {
            Replicas.create(parent, c, ReplicaSpec.twoWay("r"), null);
            raw(parent, "UPDATE PARCELS SET SHAPE = ? WHERE GLOBALID = ?", wkb("POINT (5 5)"), gid(5));
        }
        try (Geodatabase parent = Geodatabase.open(p); Geodatabase child = Geodatabase.open(c)) {
            child.update("parcels", gid(5), java.util.Map.of("NAME", "child"), null);
            // the first side (the child) keeps conflicts for review
            SyncJob job = Replicas.synchronize(child, parent, "r",
                    SyncOptions.defaults().withRollbackOnFailure(false).withPolicy(SyncOptions.Winner.MANUAL), null);
            assertEquals(List.of(gid(5)), job.getErrors().stream().map(SyncError::getGlobalId).toList());
            assertEquals(0, Replicas.conflicts(child, "r", true).size(), "no conflict holds the point");
            assertEquals("child", value(child, "parcels", gid(5), "NAME"));
        }
    }
}
