package org.geosync.core.internal.geometry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

import org.geosync.core.GeometryType;
import org.geosync.core.UserData;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * WKT/WKB conversions with one-sentence errors (IllegalArgumentException), and the one check of incoming
 * geometry every entry point uses (GeoPackage import, ST_GeomFromText, replica areas, rows received from a
 * relative by synchronization or message, see {@link #shapeProblem}): the structure is
 * checked without recursion before a recursive parser sees it (nesting depth, counts that fit the bytes,
 * closed rings, nothing after the geometry), then {@link #problem} asks for finite coordinates, the
 * declared type and validity per JTS {@link IsValidOp}.
 */
public final class Geometries {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    /** Deeper than any real geometry (a collection of multipolygons is 4 deep). */
    public static final int MAX_NESTING = 32;
    private static final String EXAMPLE = "; write it like 'POINT (1 2)' or 'POLYGON ((0 0, 1 0, 1 1, 0 0))'.";

    private Geometries() {
    }

    /** Parses WKT; an invalid text gives a sentence quoting its start. */
    public static Geometry parseWkt(String wkt) {
        String shown = UserData.quote(wkt);
        // the reader recurses once per nesting level: a hostile text nested thousands deep would overflow the
        // stack, so the depth is counted first; '#' starts a comment for JTS's tokenizer, which could hide
        // closing parentheses from this count, and no WKT has one
        int depth = 0;
        for (int i = 0; i < wkt.length(); i++) {
            char c = wkt.charAt(i);
            if (c == '(' && ++depth > MAX_NESTING) {
                throw new IllegalArgumentException("Invalid WKT geometry " + shown + " (nested more than " + MAX_NESTING
                        + " parentheses deep)" + EXAMPLE);
            } else if (c == ')' && --depth < 0) {
                throw new IllegalArgumentException("Invalid WKT geometry " + shown + " (a ')' closes nothing)" + EXAMPLE);
            } else if (c == '#') {
                throw new IllegalArgumentException("Invalid WKT geometry " + shown + " ('#' is not part of WKT)" + EXAMPLE);
            }
        }
        try {
            return new WKTReader(FACTORY).read(wkt);
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("Invalid WKT geometry " + shown + " (" + reason(e) + ")" + EXAMPLE);
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
        } catch (ParseException | StackOverflowError e) {
            throw new IllegalArgumentException("A stored SHAPE is not valid WKB (" + reason(e) + ").");
        }
    }

    /**
     * Reads WKB that comes from outside (a GeoPackage), after checking its structure without recursion:
     * known 2D types, nesting at most {@value #MAX_NESTING} deep, counts that fit the bytes, closed rings
     * and nothing after the geometry. The message of the IllegalArgumentException says what is wrong
     * ("its WKB is invalid (...)").
     */
    public static Geometry readIncomingWkb(byte[] wkb) {
        try {
            checkWkb(wkb);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("it has Z or M") || e.getMessage().startsWith("it has the coordinate") ? e : new IllegalArgumentException("its WKB is invalid (" + e.getMessage() + ")");
        }
        try {
            return new WKBReader(FACTORY).read(wkb);
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("its WKB is invalid (" + reason(e) + ")");
        }
    }

    /** Walks the WKB structure with an explicit stack; see {@link #readIncomingWkb}. */
    static void checkWkb(byte[] b) {
        int[] remaining = new int[MAX_NESTING + 1]; // geometries still to read at each nesting level
        int level = 0;
        remaining[0] = 1;
        int pos = 0;
        while (level >= 0) {
            if (remaining[level] == 0) {
                level--;
                continue;
            }
            remaining[level]--;
            if (b.length - pos < 5 || b[pos] != 0 && b[pos] != 1) {
                throw new IllegalArgumentException(b.length - pos < 5 ? "it ends in the middle of a geometry"
                        : "it has no valid byte order mark at byte " + pos);
            }
            ByteBuffer buf = ByteBuffer.wrap(b).order(b[pos] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int type = buf.getInt(pos + 1);
            pos += 5;
            if ((type & 0x20000000) != 0) { // EWKB with an SRID
                pos += 4;
            }
            if ((type & 0xc0000000) != 0 || (type & 0x0fffffff) / 1000 > 0) {
                throw new IllegalArgumentException("it has Z or M coordinates, and GeoSync stores 2D geometries"
                        + " (flatten the layer first, e.g. with ogr2ogr -dim XY)");
            }
            int code = type & 0x0fffffff;
            switch (code) {
                case 1 -> {
                    pos = need(b, pos, 16);
                    double x = buf.getDouble(pos - 16), y = buf.getDouble(pos - 8);
                    // NaN, NaN is how WKB writes an empty point; JTS reads a point with one NaN as empty too
                    if (Double.isNaN(x) != Double.isNaN(y)) {
                        throw new IllegalArgumentException("it has the coordinate (" + number(x) + ", " + number(y)
                                + "), which is not a finite number");
                    }
                }
                case 2 -> {
                    int n = count(b, buf, pos, 16);
                    pos = need(b, pos + 4, 16L * n);
                }
                case 3 -> {
                    int rings = count(b, buf, pos, 4);
                    pos += 4;
                    for (int r = 0; r < rings; r++) {
                        int n = count(b, buf, pos, 16);
                        int first = pos + 4;
                        pos = need(b, first, 16L * n);
                        if (n > 0 && (Double.compare(buf.getDouble(first), buf.getDouble(pos - 16)) != 0
                                || Double.compare(buf.getDouble(first + 8), buf.getDouble(pos - 8)) != 0)) {
                            throw new IllegalArgumentException("it is a polygon whose ring " + (r + 1) + " is not closed (its last point"
                                    + " is not its first)");
                        }
                    }
                }
                case 4, 5, 6, 7 -> {
                    int n = count(b, buf, pos, 5);
                    pos += 4;
                    if (n > 0) {
                        if (level + 1 > MAX_NESTING - 1) {
                            throw new IllegalArgumentException("it nests geometry collections more than " + MAX_NESTING + " deep");
                        }
                        remaining[++level] = n;
                    }
                }
                default -> throw new IllegalArgumentException("it has the unknown geometry type code " + (type & 0xffffffffL));
            }
        }
        if (pos != b.length) {
            throw new IllegalArgumentException("it is followed by " + (b.length - pos) + " bytes that are not part of the geometry");
        }
    }

    /** The count at {@code pos}, refused when negative or when that many items of {@code size} bytes cannot follow. */
    private static int count(byte[] b, ByteBuffer buf, int pos, int size) {
        need(b, pos, 4);
        int n = buf.getInt(pos);
        if (n < 0 || (long) n * size > b.length - pos - 4) {
            throw new IllegalArgumentException("it declares " + (n & 0xffffffffL) + " parts or points, more than its "
                    + (b.length - pos - 4) + " remaining bytes can hold");
        }
        return n;
    }

    private static int need(byte[] b, int pos, long bytes) {
        if (bytes > b.length - pos) {
            throw new IllegalArgumentException("it ends in the middle of a geometry");
        }
        return (int) (pos + bytes);
    }

    /**
     * Why {@code g} cannot be stored (as a feature of a class of {@code declared} type, null: any), or
     * null when it can: a coordinate that is not a finite number, another type, or an invalid geometry
     * per JTS (a ring that crosses itself, is not closed or has too few points, a hole outside its shell...).
     */
    public static String problem(Geometry g, GeometryType declared) {
        String infinite = nonFinite(g);
        if (infinite != null) {
            return infinite;
        }
        if (declared != null && !declared.accepts(g)) {
            return "it is a " + g.getGeometryType() + ", but the class holds " + declared.name().toLowerCase(Locale.ROOT) + " features";
        }
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            return "it is not a valid " + g.getGeometryType() + ": " + error.getMessage()
                    + (at == null ? "" : " at or near (" + number(at.x) + ", " + number(at.y) + ")");
        }
        return null;
    }

    /**
     * Why a SHAPE as a geodatabase holds it (WKB, e.g. a row received from a relative replica, where a JDBC client may have
     * written anything) cannot be stored in a feature class of {@code declared} type in EPSG:{@code epsg} (0: unknown), or
     * null when it can: the structure checks of {@link #readIncomingWkb}, an SRID in the WKB other than the class's, then
     * {@link #problem}.
     */
    public static String shapeProblem(byte[] wkb, GeometryType declared, int epsg) {
        Geometry g;
        try {
            g = readIncomingWkb(wkb);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (epsg != 0 && g.getSRID() != 0 && g.getSRID() != epsg) {
            return "its WKB names EPSG:" + g.getSRID() + ", but the class is in EPSG:" + epsg;
        }
        return problem(g, declared);
    }

    /** A repair of an invalid geometry (JTS GeometryFixer), only when the user asked for one; null when none fits {@code declared}. */
    public static Geometry repair(Geometry g, GeometryType declared) {
        if (nonFinite(g) != null) {
            return null;
        }
        Geometry fixed = GeometryFixer.fix(g);
        if (declared != null && !declared.accepts(fixed) && fixed instanceof Polygon p && declared == GeometryType.MULTIPOLYGON) {
            fixed = FACTORY.createMultiPolygon(new Polygon[] { p });
        }
        return fixed.isEmpty() && !g.isEmpty() || problem(fixed, declared) != null ? null : fixed;
    }

    /**
     * Parses and checks a replica area: a valid polygon or multipolygon with finite coordinates.
     * The message of the IllegalArgumentException is the whole sentence.
     */
    public static Geometry area(String wkt) {
        Geometry g;
        try {
            g = parseWkt(wkt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The replica area is not valid: " + e.getMessage(), e);
        }
        if (g.isEmpty() || !(g instanceof Polygon || g instanceof MultiPolygon)) {
            throw new IllegalArgumentException("The replica area must be a polygon or multipolygon, not "
                    + (g.isEmpty() ? "an empty " : "a ") + g.getGeometryType() + (g instanceof GeometryCollection && !(g instanceof MultiPolygon)
                            ? " (collections are not areas)" : "") + ".");
        }
        String problem = problem(g, null);
        if (problem != null) {
            throw new IllegalArgumentException("The replica area polygon is not valid (" + problem + "); draw it again.");
        }
        return g;
    }

    /** A sentence part when a coordinate is NaN or infinite, else null. */
    private static String nonFinite(Geometry g) {
        String[] found = { null };
        g.apply((CoordinateFilter) c -> {
            if (found[0] == null && (!Double.isFinite(c.x) || !Double.isFinite(c.y))) {
                found[0] = "it has the coordinate (" + number(c.x) + ", " + number(c.y) + "), which is not a finite number";
            }
        });
        return found[0];
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String reason(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "nested too deep";
        }
        return UserData.excerpt(String.valueOf(e.getMessage()), 200);
    }
}
