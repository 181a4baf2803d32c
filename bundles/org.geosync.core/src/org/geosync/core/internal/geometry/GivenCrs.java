package org.geosync.core.internal.geometry;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The EPSG codes ST_GeomFromText was given while a person's SQL statement runs on this thread, by the
 * WKB it returned: the stored SHAPE keeps no CRS, so this is how the statement's check afterwards knows
 * that a geometry written into a feature class was given in another CRS than the class's.
 */
public final class GivenCrs {

    /** Beyond this many geometries only the set of codes is kept. */
    private static final int MAX = 100_000;
    private static final ThreadLocal<GivenCrs> CURRENT = new ThreadLocal<>();

    private final Map<ByteBuffer, Integer> byWkb = new HashMap<>();
    private final Set<Integer> codes = new TreeSet<>();
    private boolean overflow;

    private GivenCrs() {
    }

    /** Starts recording on this thread; {@link #stop} ends it. */
    public static GivenCrs start() {
        GivenCrs r = new GivenCrs();
        CURRENT.set(r);
        return r;
    }

    /** Stops recording on this thread. */
    public static void stop() {
        CURRENT.remove();
    }

    /** Records that ST_GeomFromText made {@code wkb} from a WKT in {@code epsg} (when a statement is being watched). */
    public static void given(byte[] wkb, int epsg) {
        GivenCrs r = CURRENT.get();
        if (r == null) {
            return;
        }
        r.codes.add(epsg);
        if (r.byWkb.size() < MAX) {
            r.byWkb.put(ByteBuffer.wrap(wkb), epsg);
        } else {
            r.overflow = true;
        }
    }

    /**
     * The EPSG code {@code wkb} was given in other than {@code epsg}, or 0 when it was given in {@code epsg}
     * or did not come from ST_GeomFromText (when too many geometries were made to remember each, any other
     * code the statement used counts).
     */
    public int otherThan(byte[] wkb, int epsg) {
        Integer code = byWkb.get(ByteBuffer.wrap(wkb));
        if (code != null) {
            return code == epsg ? 0 : code;
        }
        if (overflow) {
            return codes.stream().filter(c -> c != epsg).findFirst().orElse(0);
        }
        return 0;
    }
}
