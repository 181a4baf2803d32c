package org.geosync.core;

import org.geosync.core.internal.geometry.EpsgRegistry;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.geometry.Reprojection;
import org.locationtech.jts.geom.Geometry;

/**
 * The engine's geometry services for the workbench and the command line: reading WKT by the engine's own rule
 * (nesting bounded, so a hostile value cannot overflow the stack), reprojecting between EPSG codes, and the names of
 * coordinate systems. Whether a value is acceptable as a replica filter is decided by {@link ReplicaRules}.
 */
public final class Spatial {

    private Spatial() {
    }

    /** The geometry of {@code wkt}; an IllegalArgumentException whose message is the sentence when it is not WKT. */
    public static Geometry parseWkt(String wkt) {
        return Geometries.parseWkt(wkt);
    }

    /**
     * {@code g} in {@code toEpsg}'s coordinates (edges densified so a straight edge stays close to where it was);
     * unchanged when the codes are equal or either is 0. An IllegalArgumentException names an unknown code.
     */
    public static Geometry reproject(Geometry g, int fromEpsg, int toEpsg) {
        return Reprojection.transform(g, fromEpsg, toEpsg);
    }

    /** The name of coordinate system {@code epsg} (such as "WGS 84 / Pseudo-Mercator"), or null when GeoSync does not know it. */
    public static String crsName(int epsg) {
        return EpsgRegistry.name(epsg);
    }
}
