package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.postgres.PgJdbc;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/**
 * A geometry read from PostGIS (hex EWKB) becomes exactly the bytes the engine's JTS path writes for it (read with JTS, written
 * with {@code WKBWriter(2, true)}), whether the byte-by-byte rewriting handles it or leaves it to JTS.
 */
class PostgisWkbTest {

    private static final GeometryFactory F = new GeometryFactory();

    /** What the engine made of hex EWKB before the byte-by-byte rewriting, or the message JTS refused it with. */
    private static Object throughJts(byte[] ewkb) {
        try {
            return HexFormat.of().formatHex(Geometries.toWkb(Geometries.fromWkb(ewkb)));
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static Object now(byte[] ewkb) {
        try {
            return HexFormat.of().formatHex(PgJdbc.wkb(HexFormat.of().formatHex(ewkb)));
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** EWKB as PostGIS writes it (little-endian, the SRID on the outer geometry), and big-endian, and without an SRID. */
    private static List<byte[]> encodings(Geometry g, int srid) {
        g.setSRID(srid);
        List<byte[]> all = new ArrayList<>();
        for (int order : new int[] { ByteOrderValues.LITTLE_ENDIAN, ByteOrderValues.BIG_ENDIAN }) {
            all.add(new WKBWriter(2, order, true).write(g));
            all.add(new WKBWriter(2, order, false).write(g));
        }
        return all;
    }

    private static Coordinate c(Random r) {
        // whole, fractional, negative, huge and tiny values, and -0.0
        return switch (r.nextInt(6)) {
            case 0 -> new Coordinate(r.nextInt(1000), r.nextInt(1000));
            case 1 -> new Coordinate(-0.0, r.nextDouble());
            case 2 -> new Coordinate(r.nextGaussian() * 1e7, r.nextGaussian() * 1e-7);
            default -> new Coordinate(r.nextDouble() * 360 - 180, r.nextDouble() * 180 - 90);
        };
    }

    private static LinearRing ring(Random r) {
        int n = 3 + r.nextInt(6);
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            cs[i] = c(r);
        }
        cs[n] = cs[0].copy();
        return F.createLinearRing(cs);
    }

    private static Geometry random(Random r, int depth) {
        switch (r.nextInt(depth > 2 ? 6 : 7)) {
            case 0:
                return F.createPoint(c(r));
            case 1: {
                Coordinate[] cs = new Coordinate[2 + r.nextInt(8)];
                for (int i = 0; i < cs.length; i++) {
                    cs[i] = c(r);
                }
                return F.createLineString(cs);
            }
            case 2: {
                LinearRing[] holes = new LinearRing[r.nextInt(3)];
                for (int i = 0; i < holes.length; i++) {
                    holes[i] = ring(r);
                }
                return F.createPolygon(ring(r), holes);
            }
            case 3: {
                Point[] ps = new Point[1 + r.nextInt(4)];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = F.createPoint(c(r));
                }
                return F.createMultiPoint(ps);
            }
            case 4: {
                LineString[] ls = new LineString[1 + r.nextInt(3)];
                for (int i = 0; i < ls.length; i++) {
                    ls[i] = F.createLineString(new Coordinate[] { c(r), c(r), c(r) });
                }
                return F.createMultiLineString(ls);
            }
            case 5: {
                Polygon[] ps = new Polygon[1 + r.nextInt(3)];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = F.createPolygon(ring(r));
                }
                return F.createMultiPolygon(ps);
            }
            default: {
                Geometry[] gs = new Geometry[1 + r.nextInt(3)];
                for (int i = 0; i < gs.length; i++) {
                    gs[i] = random(r, depth + 1);
                }
                return F.createGeometryCollection(gs);
            }
        }
    }

    @Test
    void plainGeometriesAreRewrittenToTheSameBytes() {
        Random r = new Random(42);
        for (int i = 0; i < 3000; i++) {
            Geometry g = random(r, 0);
            for (byte[] ewkb : encodings(g, i % 3 == 0 ? 0 : 3857)) {
                assertNotNull(PgJdbc.engineWkb(ewkb), () -> g + " is rewritten byte by byte");
                assertEquals(throughJts(ewkb), now(ewkb), () -> g.toString());
            }
        }
    }

    @Test
    void whatPostgisSendsForTheBenchmarksShapes() {
        // SELECT ST_GeomFromText('POLYGON((0 0,6 0,6 6,0 6,0 0))', 3857)::text, and a point, from PostGIS 3
        String polygon = "0103000020110F000001000000050000000000000000000000000000000000000000000000000018400000000000000000000000000000"
                + "184000000000000018400000000000000000000000000000184000000000000000000000000000000000";
        String point = "0101000020110F0000000000000000F83F0000000000000040";
        for (String hex : List.of(polygon, point)) {
            byte[] ewkb = HexFormat.of().parseHex(hex);
            assertNotNull(PgJdbc.engineWkb(ewkb));
            assertEquals(throughJts(ewkb), now(ewkb));
        }
        assertEquals("002000000100000f113ff80000000000004000000000000000", now(HexFormat.of().parseHex(point)));
    }

    @Test
    void everythingElseGoesThroughJtsAsBefore() {
        List<byte[]> odd = new ArrayList<>();
        // Z and M
        odd.add(new WKBWriter(3, ByteOrderValues.LITTLE_ENDIAN, true).write(point(1, 2, 3, 3857)));
        odd.add(HexFormat.of().parseHex("01010000A0110F0000000000000000F03F00000000000000400000000000000840"));
        odd.add(HexFormat.of().parseHex("01D10700000000000000000000000000000000F03F0000000000000040")); // ISO POINT M
        // empty geometries and parts
        odd.add(new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, true).write(F.createPoint()));
        odd.add(new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, false).write(F.createPolygon()));
        odd.add(new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, false).write(F.createLineString()));
        odd.add(new WKBWriter(2, ByteOrderValues.BIG_ENDIAN, false).write(F.createGeometryCollection()));
        odd.add(new WKBWriter(2, ByteOrderValues.BIG_ENDIAN, false).write(F.createMultiPoint(new Point[] { F.createPoint() })));
        // NaN, an open ring, a ring of three points, a line of one point
        odd.add(HexFormat.of().parseHex("0101000000000000000000F87F0000000000000040"));
        odd.add(HexFormat.of().parseHex("0103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000"
                + "000000000000F03F000000000000F03F0000000000000040000000000000F03F"));
        odd.add(HexFormat.of().parseHex("01030000000100000003000000000000000000000000000000000000000000000000000000F03F00000000000000"
                + "0000000000000000000000000000000000"));
        odd.add(HexFormat.of().parseHex("0102000000010000000000000000000000000000000000F03F"));
        // a part with an SRID of its own, a part of another type than its multi, an unknown type, a bad byte order
        odd.add(HexFormat.of().parseHex("0104000020110F0000010000000101000020110F0000000000000000F03F0000000000000040"));
        odd.add(HexFormat.of().parseHex("0104000000010000000102000000010000000000000000000000000000000000F03F"));
        odd.add(HexFormat.of().parseHex("0109000000000000000000F03F0000000000000040"));
        odd.add(HexFormat.of().parseHex("0201000000000000000000F03F0000000000000040"));
        // truncated, bytes after the geometry, nothing at all
        odd.add(HexFormat.of().parseHex("0101000020110F0000000000000000F83F00000000000000"));
        odd.add(HexFormat.of().parseHex("0101000000000000000000F03F000000000000004000"));
        odd.add(new byte[0]);
        for (byte[] ewkb : odd) {
            assertNull(PgJdbc.engineWkb(ewkb), () -> HexFormat.of().formatHex(ewkb) + " is left to JTS");
            assertEquals(throughJts(ewkb), now(ewkb), () -> HexFormat.of().formatHex(ewkb));
        }
    }

    @Test
    void ringsClosedUpToNegativeZeroAreRewritten() {
        // JTS compares a ring's ends as numbers: -0.0 closes a ring that starts at 0.0
        byte[] ewkb = HexFormat.of().parseHex("0103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000"
                + "000000000000F03F000000000000F03F00000000000000800000000000000000");
        assertArrayEquals(HexFormat.of().parseHex((String) throughJts(ewkb)), PgJdbc.wkb(HexFormat.of().formatHex(ewkb)));
        assertNotNull(PgJdbc.engineWkb(ewkb));
    }

    private static Point point(double x, double y, double z, int srid) {
        Point p = F.createPoint(new Coordinate(x, y, z));
        p.setSRID(srid);
        return p;
    }
}
