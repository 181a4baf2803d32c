package org.geosync.core;

import java.util.Locale;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** The geometry type of a feature class; a multi type also accepts its single counterpart. */
public enum GeometryType {
    POINT(Point.class, null), MULTIPOINT(MultiPoint.class, Point.class),
    LINE(LineString.class, null), MULTILINE(MultiLineString.class, LineString.class),
    POLYGON(Polygon.class, null), MULTIPOLYGON(MultiPolygon.class, Polygon.class);

    private final Class<? extends Geometry> type;
    private final Class<? extends Geometry> single;

    GeometryType(Class<? extends Geometry> type, Class<? extends Geometry> single) {
        this.type = type;
        this.single = single;
    }

    /** Whether a geometry may be stored in a feature class of this type. */
    public boolean accepts(Geometry g) {
        return type.isInstance(g) || (single != null && single.isInstance(g));
    }

    /** Parses a name such as {@code polygon} (case-insensitive; {@code linestring} means LINE). */
    public static GeometryType parse(String name) throws GeodatabaseException {
        String n = name.trim().toUpperCase(Locale.ROOT).replace("STRING", "");
        for (GeometryType t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        throw new GeodatabaseException("Unknown geometry type '" + name
                + "'; use point, multipoint, line, multiline, polygon or multipolygon.");
    }
}
