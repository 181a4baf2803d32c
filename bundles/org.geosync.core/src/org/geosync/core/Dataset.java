package org.geosync.core;

import java.util.List;

/** A feature class or table of a geodatabase, as its catalog records it. */
public record Dataset(String name, Kind kind, GeometryType geometryType, int epsg, List<Field> fields) {

    /** Whether a dataset holds features (with SHAPE) or plain rows. */
    public enum Kind {
        FEATURE_CLASS, TABLE
    }

    /** Whether the dataset has a SHAPE column. */
    public boolean isFeatureClass() {
        return kind == Kind.FEATURE_CLASS;
    }

    /** The field called {@code column} (case-insensitive), or null. */
    public Field field(String column) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(column)) {
                return f;
            }
        }
        return null;
    }
}
