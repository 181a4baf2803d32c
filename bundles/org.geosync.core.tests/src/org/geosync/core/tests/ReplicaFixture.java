package org.geosync.core.tests;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;

/**
 * Two real Derby geodatabases for replication tests: a parent with a grid of 10 x 10 square PARCELS
 * (polygons in EPSG 3857, 100 m apart, fields NAME, OWNER, AREA) and a table NOTES (TEXT, PRIORITY).
 */
final class ReplicaFixture {

    private ReplicaFixture() {
    }

    /** Creates the parent geodatabase in {@code dir}; parcel i (0..99) is at column i % 10, row i / 10, named "P" + i. */
    static Geodatabase parent(Path dir) throws GeodatabaseException {
        return fill(Geodatabase.create(dir));
    }

    /** Fills a new, empty geodatabase (of any engine) as {@link #parent} does; returns it. */
    static Geodatabase fill(Geodatabase gdb) throws GeodatabaseException {
        gdb.createFeatureClass("parcels", GeometryType.POLYGON, 3857,
                List.of(Field.of("NAME", FieldType.TEXT), Field.of("OWNER", FieldType.TEXT), Field.of("AREA", FieldType.DOUBLE)));
        gdb.createTable("notes", List.of(Field.of("TEXT", FieldType.TEXT), Field.of("PRIORITY", FieldType.INTEGER)));
        gdb.applyWithoutTracking(g -> {
            for (int i = 0; i < 100; i++) {
                g.insert("parcels", gid(i), Map.of("NAME", "P" + i, "OWNER", "city", "AREA", 8100.0), square(i % 10, i / 10));
                if (i < 10) {
                    g.insert("notes", gid(1000 + i), Map.of("TEXT", "note " + i, "PRIORITY", i % 3), null);
                }
            }
            return null;
        });
        return gdb;
    }

    /**
     * The parent of {@link #parent} with related data: INSPECTIONS (PARCEL_GID, RESULT) related to PARCELS by the
     * simple 1:M relationship class PARCEL_INSPECTIONS keyed by GLOBALID, and OWNERS (NAME) related to PARCELS by
     * the attributed M:N relationship class PARCEL_OWNERS (PARCEL_GID, OWNER_GID, SHARE_PCT). Inspection i (0..59,
     * GlobalID {@code gid(2000 + i)}) belongs to parcel 7i mod 100; owner i (0..9) is {@code gid(3000 + i)};
     * relationship row i (0..59, {@code gid(4000 + i)}) relates parcel 3i mod 100 to owner i mod 10.
     */
    static Geodatabase relatedParent(Path dir) throws GeodatabaseException {
        Geodatabase gdb = parent(dir);
        gdb.createTable("inspections", List.of(new Field("PARCEL_GID", FieldType.TEXT, 36), Field.of("RESULT", FieldType.TEXT)));
        gdb.createTable("owners", List.of(Field.of("NAME", FieldType.TEXT)));
        gdb.createRelationshipClass(RelationshipClass.simple("parcel_inspections", "parcels", "inspections", "GLOBALID", "PARCEL_GID",
                Cardinality.ONE_TO_MANY));
        gdb.createRelationshipClass(RelationshipClass.withTable("parcel_owners", "parcels", "owners", "GLOBALID", "PARCEL_GID",
                Cardinality.MANY_TO_MANY, true, "GLOBALID", "OWNER_GID", List.of(Field.of("SHARE_PCT", FieldType.INTEGER))));
        gdb.applyWithoutTracking(g -> {
            for (int i = 0; i < 60; i++) {
                g.insert("inspections", gid(2000 + i), Map.of("PARCEL_GID", gid(7 * i % 100), "RESULT", i % 4 == 0 ? "fail" : "ok " + i), null);
                if (i < 10) {
                    g.insert("owners", gid(3000 + i), Map.of("NAME", "O" + i), null);
                }
            }
            for (int i = 0; i < 60; i++) {
                g.insert("parcel_owners", gid(4000 + i), Map.of("PARCEL_GID", gid(3 * i % 100), "OWNER_GID", gid(3000 + i % 10), "SHARE_PCT", 10 + i), null);
            }
            return null;
        });
        return gdb;
    }

    /**
     * Edits existing parcel {@code id} as the randomized tests do, logging it as {@code side}'s: {@code what} 1
     * deletes it, below {@code movesBelow} moves it to a random square of the first {@code rows} rows, otherwise
     * sets NAME or OWNER to a random value.
     */
    static void editParcel(Geodatabase g, String side, String id, int what, int movesBelow, int rows, java.util.Random random,
            List<String> log) throws GeodatabaseException {
        if (what == 1) {
            g.delete("parcels", id);
            log.add(side + ": delete " + id);
        } else if (what < movesBelow) {
            String wkt = square(random.nextInt(10), random.nextInt(rows));
            g.update("parcels", id, Map.of(), wkt);
            log.add(side + ": move " + id + " to " + wkt);
        } else {
            String field = random.nextBoolean() ? "NAME" : "OWNER";
            String value = side + random.nextInt(1000);
            g.update("parcels", id, Map.of(field, value), null);
            log.add(side + ": set " + field + " of " + id + " to " + value);
        }
    }

    /** A deterministic GlobalID for parcel {@code i}. */
    static String gid(int i) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i);
    }

    /** The square of the parcel in grid cell (col, row): 90 m wide, 100 m apart. */
    static String square(double col, double row) {
        double x = col * 100, y = row * 100;
        // written as JTS writes it back, so values read from a geodatabase compare equal
        return "POLYGON ((" + n(x) + " " + n(y) + ", " + n(x + 90) + " " + n(y) + ", " + n(x + 90) + " " + n(y + 90) + ", " + n(x) + " "
                + n(y + 90) + ", " + n(x) + " " + n(y) + "))";
    }

    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The area covering grid cells 0..4 x 0..4 (25 parcels intersect it). */
    static final String AREA = "POLYGON ((-5 -5, 495 -5, 495 495, -5 495, -5 -5))";

    /** Every row of a dataset keyed by GlobalID, each as its values (SHAPE as WKT) — for comparing two replicas. */
    static Map<String, Map<String, Object>> rows(Geodatabase gdb, String dataset) throws GeodatabaseException {
        Map<String, Map<String, Object>> result = new TreeMap<>();
        for (List<String> r : Sql.rows(gdb, "SELECT GLOBALID FROM " + dataset)) {
            result.put(r.get(0).trim(), new LinkedHashMap<>(gdb.row(dataset, r.get(0).trim()).orElseThrow()));
        }
        return result;
    }

    /** The values of one field of a row. */
    static Object value(Geodatabase gdb, String dataset, String gid, String field) throws GeodatabaseException {
        return gdb.row(dataset, gid).map(r -> r.get(field)).orElse(null);
    }
}
