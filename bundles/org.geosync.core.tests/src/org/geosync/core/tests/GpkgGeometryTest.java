package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.gpkg.GpkgGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/** The GeoPackage geometry header: every envelope indicator and byte order reads; what GeoSync writes is exact. */
class GpkgGeometryTest {

    private static final Geometry POLYGON = Geometries.parseWkt("POLYGON ((1.5 2.5, 10.25 2.5, 10.25 20.125, 1.5 2.5))");

    /** A blob with a header in {@code headerOrder}, an envelope of {@code indicator} and WKB in {@code wkbOrder}. */
    static byte[] blob(Geometry g, int srsId, int indicator, ByteOrder headerOrder, int wkbOrder) {
        byte[] wkb = new WKBWriter(2, wkbOrder).write(g);
        int envelopeDoubles = new int[] { 0, 4, 6, 6, 8 }[indicator];
        ByteBuffer b = ByteBuffer.allocate(8 + 8 * envelopeDoubles + wkb.length).order(headerOrder);
        int flags = indicator << 1 | (headerOrder == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) flags).putInt(srsId);
        var e = g.getEnvelopeInternal();
        double[] env = switch (indicator) {
            case 0 -> new double[0];
            case 1 -> new double[] { e.getMinX(), e.getMaxX(), e.getMinY(), e.getMaxY() };
            case 2, 3 -> new double[] { e.getMinX(), e.getMaxX(), e.getMinY(), e.getMaxY(), 0, 0 };
            default -> new double[] { e.getMinX(), e.getMaxX(), e.getMinY(), e.getMaxY(), 0, 0, 0, 0 };
        };
        for (double d : env) {
            b.putDouble(d);
        }
        return b.put(wkb).array();
    }

    @ParameterizedTest
    @CsvSource({ "0,LITTLE,1", "1,LITTLE,1", "2,LITTLE,2", "3,LITTLE,2", "4,LITTLE,1", "0,BIG,2", "1,BIG,2", "2,BIG,1", "3,BIG,1",
        "4,BIG,2" })
    void everyEnvelopeIndicatorAndByteOrderDecodes(int indicator, String headerOrder, int wkbOrder) {
        ByteOrder order = headerOrder.equals("BIG") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int jtsOrder = wkbOrder == 1 ? ByteOrderValues.BIG_ENDIAN : ByteOrderValues.LITTLE_ENDIAN;
        GpkgGeometry.Decoded d = GpkgGeometry.decode(blob(POLYGON, 32632, indicator, order, jtsOrder));
        assertEquals(32632, d.srsId());
        assertTrue(POLYGON.equalsExact(d.geometry()), d.geometry().toText());
    }

    @Test
    void encodeWritesALittleEndianHeaderWithTheXyEnvelope() {
        byte[] b = GpkgGeometry.encode(POLYGON, 3857);
        assertArrayEquals(new byte[] { 'G', 'P', 0, 0b0000_0011 }, java.util.Arrays.copyOf(b, 4));
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3857, buf.getInt(4));
        assertEquals(1.5, buf.getDouble(8));
        assertEquals(10.25, buf.getDouble(16));
        assertEquals(2.5, buf.getDouble(24));
        assertEquals(20.125, buf.getDouble(32));
        assertEquals(1, b[40], "little-endian WKB follows the envelope");
        assertTrue(POLYGON.equalsExact(GpkgGeometry.decode(b).geometry()));
        byte[] point = GpkgGeometry.encode(Geometries.parseWkt("POINT (1 2)"), 4326);
        assertEquals(0b0000_0001, point[3], "a point goes without an envelope");
        byte[] empty = GpkgGeometry.encode(Geometries.parseWkt("POLYGON EMPTY"), 4326);
        assertEquals(0b0001_0001, empty[3], "the empty flag is set and there is no envelope");
        assertTrue(GpkgGeometry.decode(empty).geometry().isEmpty());
    }

    @Test
    void invalidBlobsAreRefusedWithTheReason() {
        byte[] good = GpkgGeometry.encode(POLYGON, 3857);
        assertRefused(new byte[] { 1, 2, 3 }, "does not start with the GeoPackage geometry header");
        byte[] version = good.clone();
        version[2] = 1;
        assertRefused(version, "version 1");
        byte[] indicator = good.clone();
        indicator[3] = (byte) (5 << 1 | 1);
        assertRefused(indicator, "invalid envelope indicator 5");
        byte[] extended = good.clone();
        extended[3] |= 0x20;
        assertRefused(extended, "extended GeoPackage geometry");
        assertRefused(java.util.Arrays.copyOf(good, good.length - 9), "WKB is invalid");
        assertRefused(java.util.Arrays.copyOf(good, 40), "ends before its WKB starts");
        Geometry z = Geometries.parseWkt("POINT Z (1 2 3)");
        byte[] wkbZ = new WKBWriter(3, ByteOrderValues.LITTLE_ENDIAN).write(z);
        byte[] withZ = new byte[8 + wkbZ.length];
        System.arraycopy(new byte[] { 'G', 'P', 0, 1, 0, 0, 0, 0 }, 0, withZ, 0, 8);
        System.arraycopy(wkbZ, 0, withZ, 8, wkbZ.length);
        assertRefused(withZ, "Z or M coordinates");
    }

    private static void assertRefused(byte[] blob, String reason) {
        String m = assertThrows(IllegalArgumentException.class, () -> GpkgGeometry.decode(blob)).getMessage();
        assertTrue(m.contains(reason), m);
    }
}
