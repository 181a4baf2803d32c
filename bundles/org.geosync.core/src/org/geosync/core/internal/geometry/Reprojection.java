package org.geosync.core.internal.geometry;

import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/** Reprojects JTS geometries between EPSG coordinate reference systems with proj4j. */
public final class Reprojection {

    private static final CRSFactory CRS = new CRSFactory();

    private Reprojection() {
    }

    /**
     * {@code g} in {@code to}'s coordinates; edges are densified first (64 points per edge at most) so
     * a straight edge of an area stays close to where it was after a non-linear projection.
     */
    public static Geometry transform(Geometry g, int from, int to) {
        if (from == to || from <= 0 || to <= 0) {
            return g;
        }
        CoordinateTransform t = new CoordinateTransformFactory().createTransform(crs(from), crs(to));
        double length = g.getEnvelopeInternal().getDiameter();
        Geometry dense = length > 0 ? Densifier.densify(g, length / 64) : g.copy();
        dense.apply(new CoordinateSequenceFilter() {
            private final ProjCoordinate in = new ProjCoordinate(), out = new ProjCoordinate();

            @Override
            public void filter(CoordinateSequence seq, int i) {
                in.x = seq.getX(i);
                in.y = seq.getY(i);
                t.transform(in, out);
                seq.setOrdinate(i, Coordinate.X, out.x);
                seq.setOrdinate(i, Coordinate.Y, out.y);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        dense.geometryChanged();
        return dense;
    }

    private static CoordinateReferenceSystem crs(int epsg) {
        String definition = EpsgRegistry.proj4(epsg);
        if (definition == null) {
            throw new IllegalArgumentException(EpsgRegistry.unknownMessage(epsg));
        }
        return CRS.createFromParameters("EPSG:" + epsg, definition);
    }
}
