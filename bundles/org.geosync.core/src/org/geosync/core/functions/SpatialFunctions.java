package org.geosync.core.functions;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLDataException;
import java.sql.SQLException;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

import org.geosync.core.UserData;
import org.geosync.core.internal.geometry.EpsgRegistry;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.geometry.GivenCrs;
import org.geosync.core.internal.storage.TrackingFlag;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/** Java bodies of the SQL functions every geodatabase declares (ST_GeomFromText, ST_AsText, envelope, tracking). */
public final class SpatialFunctions {

    private SpatialFunctions() {
    }

    /**
     * ST_GeomFromText('WKT', EPSG): the WKB of the geometry; refuses invalid WKT, unknown EPSG codes and
     * geometries that fail the check of every incoming geometry (a NaN or infinite coordinate, invalid per
     * JTS: a ring crossing itself, nesting too deep). Whether it fits the feature class it is written into
     * (type and CRS) is checked when the statement has run ({@link GivenCrs}).
     */
    public static Blob geomFromText(Clob text, int epsg) throws SQLException {
        if (text == null) {
            return null;
        }
        String wkt = text.getSubString(1, (int) text.length());
        if (!EpsgRegistry.isKnown(epsg)) {
            throw new SQLDataException(EpsgRegistry.unknownMessage(epsg), "22023");
        }
        Geometry g;
        try {
            g = Geometries.parseWkt(wkt);
        } catch (IllegalArgumentException e) {
            throw new SQLDataException(e.getMessage(), "22018");
        }
        String problem = Geometries.problem(g, null);
        if (problem != null) {
            throw new SQLDataException("The geometry " + UserData.quote(wkt) + " cannot be stored: " + problem + ".", "22018");
        }
        byte[] wkb = Geometries.toWkb(g);
        GivenCrs.given(wkb, epsg);
        return new SerialBlob(wkb);
    }

    /** ST_AsText(SHAPE): the WKT of a stored geometry. */
    public static Clob asText(Blob shape) throws SQLException {
        Geometry g = read(shape);
        return g == null ? null : new SerialClob(g.toText().toCharArray());
    }

    /** GDB_MINX(SHAPE), the west edge of the geometry's envelope. */
    public static Double minX(Blob shape) throws SQLException {
        Envelope e = envelope(shape);
        return e == null ? null : e.getMinX();
    }

    /** GDB_MINY(SHAPE), the south edge of the geometry's envelope. */
    public static Double minY(Blob shape) throws SQLException {
        Envelope e = envelope(shape);
        return e == null ? null : e.getMinY();
    }

    /** GDB_MAXX(SHAPE), the east edge of the geometry's envelope. */
    public static Double maxX(Blob shape) throws SQLException {
        Envelope e = envelope(shape);
        return e == null ? null : e.getMaxX();
    }

    /** GDB_MAXY(SHAPE), the north edge of the geometry's envelope. */
    public static Double maxY(Blob shape) throws SQLException {
        Envelope e = envelope(shape);
        return e == null ? null : e.getMaxY();
    }

    /** GDB_TRACKING(): 1 when edits on this thread are captured, 0 while synchronization applies changes. */
    public static int tracking() {
        return TrackingFlag.isTracking() ? 1 : 0;
    }

    /** GDB_SOURCE(): the GUID of the geodatabase the changes being applied on this thread come from; null for local edits. */
    public static String changeSource() {
        return TrackingFlag.source();
    }

    /**
     * GDB_NEW_GLOBALID(): a new random GlobalID, for rows inserted with plain SQL
     * ({@code INSERT INTO T (GLOBALID, ...) VALUES (GDB_NEW_GLOBALID(), ...)}); Derby cannot default a column to it.
     */
    public static String newGlobalId() {
        return java.util.UUID.randomUUID().toString();
    }

    /**
     * GDB_SAME_GLOBALID(OLD, NEW), evaluated by the update trigger that logs the change: the GlobalID,
     * which names the row on every replica and never changes; a change is refused.
     */
    public static String sameGlobalId(String oldId, String newId) throws SQLException {
        if (!oldId.equals(newId)) {
            throw new java.sql.SQLIntegrityConstraintViolationException(
                    "A GLOBALID cannot be changed: it names the row on every replica; delete the row and insert a new one instead.",
                    "38GS1");
        }
        return newId;
    }

    /**
     * The WKB whose envelope this thread computed last, with that envelope (null for an empty geometry): a row's four envelope
     * columns are computed from the same SHAPE one after the other, and the WKB is read once for them instead of four times.
     * The envelope depends on the bytes alone, so equal bytes give it whatever the statement; WKB that fails to read is not
     * kept (each call refuses it as before), nor is a SHAPE above {@value #KEPT_BYTES} bytes.
     */
    private static final ThreadLocal<Kept> LAST_ENVELOPE = new ThreadLocal<>();
    private static final int KEPT_BYTES = 1 << 16; // a polygon of 4,000 points; every thread keeps at most this much

    private record Kept(byte[] wkb, Envelope envelope) {
    }

    private static Envelope envelope(Blob shape) throws SQLException {
        if (shape == null) {
            return null;
        }
        byte[] wkb = shape.getBytes(1, (int) shape.length());
        Kept kept = LAST_ENVELOPE.get();
        if (kept != null && java.util.Arrays.equals(kept.wkb(), wkb)) {
            return kept.envelope();
        }
        Geometry g;
        try {
            g = Geometries.fromWkb(wkb);
        } catch (IllegalArgumentException e) {
            throw new SQLDataException(e.getMessage(), "22018");
        }
        return kept(wkb, g);
    }

    /**
     * Keeps the envelope of {@code g}, read from {@code wkb}, as the one {@code GDB_MINX} and the others read next on this
     * thread (a bulk load that has read the shape already saves them reading it again).
     */
    public static void keep(byte[] wkb, Geometry g) {
        kept(wkb.clone(), g);
    }

    private static Envelope kept(byte[] wkb, Geometry g) {
        Envelope e = g.isEmpty() ? null : g.getEnvelopeInternal();
        if (wkb.length <= KEPT_BYTES) {
            LAST_ENVELOPE.set(new Kept(wkb, e == null ? null : new Envelope(e)));
        } else {
            LAST_ENVELOPE.remove();
        }
        return e;
    }

    private static Geometry read(Blob shape) throws SQLException {
        if (shape == null) {
            return null;
        }
        try {
            return Geometries.fromWkb(shape.getBytes(1, (int) shape.length()));
        } catch (IllegalArgumentException e) {
            throw new SQLDataException(e.getMessage(), "22018");
        }
    }
}
