package org.geosync.core.internal;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/** WKT/WKB conversions with one-sentence errors (IllegalArgumentException). */
public final class Geometries {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    /** Deeper than any real geometry (a collection of multipolygons is 4 deep). */
    private static final int MAX_NESTING = 32;

    private Geometries() {
    }

    /** Parses WKT; an invalid text gives a sentence quoting its start. */
    public static Geometry parseWkt(String wkt) {
        String shown = wkt.length() > 60 ? wkt.substring(0, 60) + "..." : wkt;
        // the reader recurses once per nesting level: a hostile text nested thousands deep would overflow the stack
        int depth = 0;
        for (int i = 0; i < wkt.length(); i++) {
            char c = wkt.charAt(i);
            if (c == '(' && ++depth > MAX_NESTING) {
                throw new IllegalArgumentException("Invalid WKT geometry '" + shown + "' (nested more than " + MAX_NESTING
                        + " parentheses deep); write it like 'POINT (1 2)' or 'POLYGON ((0 0, 1 0, 1 1, 0 0))'.");
            } else if (c == ')') {
                depth--;
            }
        }
        try {
            return new WKTReader(FACTORY).read(wkt);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("Invalid WKT geometry '" + shown + "' (" + e.getMessage()
                    + "); write it like 'POINT (1 2)' or 'POLYGON ((0 0, 1 0, 1 1, 0 0))'.");
        }
    }

    /** The 2D ISO WKB of a geometry (big-endian). */
    public static byte[] toWkb(Geometry g) {
        return new WKBWriter(2, true).write(g);
    }

    /** Reads WKB as stored in SHAPE. */
    public static Geometry fromWkb(byte[] wkb) {
        try {
            return new WKBReader(FACTORY).read(wkb);
        } catch (ParseException e) {
            throw new IllegalArgumentException("A stored SHAPE is not valid WKB (" + e.getMessage() + ").");
        }
    }
}
