package org.geosync.core.internal.gpkg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.geosync.core.internal.geometry.Geometries;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/**
 * The GeoPackage binary geometry encoding (GeoPackage 1.3, clause 2.1.3): a header (magic "GP", version 0,
 * a flags byte, the srs_id and an optional envelope) followed by standard WKB. Errors are
 * IllegalArgumentExceptions whose message says what is wrong with the blob.
 */
public final class GpkgGeometry {

    private static final int EMPTY = 0x10;
    private static final int EXTENDED = 0x20;
    /** Envelope sizes in bytes by envelope indicator 0..4: none, xy, xyz, xym, xyzm. */
    private static final int[] ENVELOPE_BYTES = { 0, 32, 48, 48, 64 };

    private GpkgGeometry() {
    }

    /** A decoded blob: the srs_id its header names and the geometry of its WKB. */
    public record Decoded(int srsId, Geometry geometry) {
    }

    /**
     * Encodes a 2D geometry: little-endian header, envelope indicator 1 ([minx, maxx, miny, maxy]) except for
     * points (the spec lets a point go without one) and empty geometries (flag set, no envelope), then
     * little-endian WKB.
     */
    public static byte[] encode(Geometry g, int srsId) {
        boolean empty = g.isEmpty();
        int indicator = empty || g instanceof Point ? 0 : 1;
        byte[] wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN).write(g);
        ByteBuffer b = ByteBuffer.allocate(8 + ENVELOPE_BYTES[indicator] + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) ((empty ? EMPTY : 0) | indicator << 1 | 1));
        b.putInt(srsId);
        if (indicator == 1) {
            Envelope e = g.getEnvelopeInternal();
            b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
        }
        return b.put(wkb).array();
    }

    /** Decodes a blob; accepts every envelope indicator (0-4) and either byte order, refuses anything else. */
    public static Decoded decode(byte[] blob) {
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw new IllegalArgumentException("it does not start with the GeoPackage geometry header 'GP'");
        }
        if (blob[2] != 0) {
            throw new IllegalArgumentException("its header has version " + blob[2] + ", but GeoPackage 1.x geometries have version 0");
        }
        int flags = blob[3] & 0xff;
        if ((flags & EXTENDED) != 0) {
            throw new IllegalArgumentException("it is an extended GeoPackage geometry (a non-standard geometry type)");
        }
        if ((flags & 0xc0) != 0) {
            throw new IllegalArgumentException("its header sets reserved flag bits");
        }
        int indicator = flags >> 1 & 0x07;
        if (indicator >= ENVELOPE_BYTES.length) {
            throw new IllegalArgumentException("its header has the invalid envelope indicator " + indicator);
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order((flags & 1) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int srsId = b.getInt(4);
        int start = 8 + ENVELOPE_BYTES[indicator];
        if (blob.length <= start) {
            throw new IllegalArgumentException("it ends before its WKB starts");
        }
        byte[] wkb = Arrays.copyOfRange(blob, start, blob.length);
        if (hasZOrM(wkb)) {
            throw new IllegalArgumentException("it has Z or M coordinates, and GeoSync stores 2D geometries"
                    + " (flatten the layer first, e.g. with ogr2ogr -dim XY)");
        }
        return new Decoded(srsId, Geometries.readIncomingWkb(wkb));
    }

    /** Whether the WKB's type code says Z or M (ISO 1000/2000/3000 ranges or the EWKB flag bits). */
    static boolean hasZOrM(byte[] wkb) {
        if (wkb.length < 5 || wkb[0] != 0 && wkb[0] != 1) {
            throw new IllegalArgumentException("its WKB has no valid byte order mark");
        }
        int type = ByteBuffer.wrap(wkb, 1, 4).order(wkb[0] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).getInt();
        return (type & 0xc0000000) != 0 || (type & 0xffff) / 1000 > 0;
    }

    /**
     * The WKB geometry type code of a blob (1 point ... 7 collection, in the 2D range), or 0 when the
     * blob is not a GeoPackage geometry; for choosing a type from the data without decoding the geometry.
     */
    public static int wkbType(byte[] blob) {
        if (blob == null || blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            return 0;
        }
        int indicator = (blob[3] & 0xff) >> 1 & 0x07;
        if (indicator >= ENVELOPE_BYTES.length) {
            return 0;
        }
        int start = 8 + ENVELOPE_BYTES[indicator];
        if (blob.length < start + 5 || blob[start] != 0 && blob[start] != 1) {
            return 0;
        }
        int type = ByteBuffer.wrap(blob, start + 1, 4).order(blob[start] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                .getInt();
        return (type & 0xffff) % 1000;
    }
}
