package org.geosync.core;

import java.util.Locale;

/** The type of a user field of a dataset. */
public enum FieldType {
    TEXT, INTEGER, BIGINT, DOUBLE, DATE, TIMESTAMP;

    /** Parses a name such as {@code text} (case-insensitive). */
    public static FieldType parse(String name) throws GeodatabaseException {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GeodatabaseException("Unknown field type '" + name
                    + "'; use text, integer, bigint, double, date or timestamp.");
        }
    }
}
