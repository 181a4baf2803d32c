package org.geosync.core;

import java.util.Locale;

import org.geosync.model.SchemaFieldType;

/** The type of a user field of a dataset. */
public enum FieldType {
    TEXT, INTEGER, BIGINT, DOUBLE, DATE, TIMESTAMP;

    /** This type as a schema document (message header, schema export) names it. */
    public SchemaFieldType schemaType() {
        return switch (this) {
            case TEXT -> SchemaFieldType.STRING;
            case INTEGER -> SchemaFieldType.INTEGER;
            case BIGINT -> SchemaFieldType.BIG_INTEGER;
            case DOUBLE -> SchemaFieldType.DOUBLE;
            case DATE -> SchemaFieldType.DATE;
            case TIMESTAMP -> SchemaFieldType.TIMESTAMP;
        };
    }

    /** The type a schema document's field type stands for, or null for one GeoSync does not create. */
    public static FieldType of(SchemaFieldType type) {
        return switch (type) {
            case STRING -> TEXT;
            case INTEGER -> INTEGER;
            case BIG_INTEGER -> BIGINT;
            case DOUBLE -> DOUBLE;
            case DATE -> DATE;
            case TIMESTAMP -> TIMESTAMP;
            default -> null;
        };
    }

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
