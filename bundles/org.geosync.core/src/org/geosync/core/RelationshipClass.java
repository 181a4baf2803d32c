package org.geosync.core;

import java.util.List;
import java.util.Locale;

/**
 * A relationship class between an origin and a destination dataset, as ArcGIS defines one.
 * <p>
 * A <em>simple</em> one (not attributed, 1:1 or 1:M) keeps the relationship in {@code foreignKey}, a
 * field of the destination dataset holding the origin row's {@code originKey} value (OBJECTID,
 * GLOBALID or a user field of the origin); {@code destinationKey} and {@code destinationForeignKey}
 * are null and {@code attributes} is empty.
 * <p>
 * An attributed one (any cardinality) and every M:N one keep one row per relationship in a table
 * dataset named {@code name} (an ordinary GeoSync table: OBJECTID, GLOBALID, change-tracked and
 * replicated like any dataset). Its fields are {@code foreignKey} (the origin's {@code originKey}
 * value), {@code destinationForeignKey} (the destination's {@code destinationKey} value) and the
 * {@code attributes}. {@code destinationKey} defaults to GLOBALID and {@code destinationForeignKey}
 * to {@code DEST_} + destinationKey.
 * <p>
 * Names are stored upper-case. The database holds no FOREIGN KEY constraints: a filtered replica
 * legitimately holds rows whose related rows live elsewhere. Nor is 1:1 a UNIQUE constraint:
 * synchronization applies a message row by row, and moving a relationship from one row to another
 * would be refused half-way although the message is consistent once applied; cardinality is metadata
 * for editors and synchronization, as in ArcGIS. Keys with an OBJECTID are local to each geodatabase,
 * so synchronization must translate them (the replica filter rules, "Maintaining relationships").
 *
 * @param name                  the relationship class's name, and its table's name when it has one
 * @param origin                the origin dataset
 * @param destination           the destination dataset
 * @param originKey             OBJECTID, GLOBALID or a user field of the origin
 * @param foreignKey            the field holding the origin's key: in the destination (simple) or in the table
 * @param cardinality           1:1, 1:M or M:N
 * @param attributed            whether the relationships carry attributes of their own (in the table)
 * @param destinationKey        OBJECTID, GLOBALID or a user field of the destination; null for simple ones
 * @param destinationForeignKey the table's field holding the destination's key; null for simple ones
 * @param attributes            the table's own fields besides the two foreign keys; empty for simple ones
 */
public record RelationshipClass(String name, String origin, String destination, String originKey, String foreignKey,
        Cardinality cardinality, boolean attributed, String destinationKey, String destinationForeignKey,
        List<Field> attributes) {

    /** How many destination rows one origin row may relate to, and the other way round. */
    public enum Cardinality {
        ONE_TO_ONE("1:1"), ONE_TO_MANY("1:M"), MANY_TO_MANY("M:N");

        private final String label;

        Cardinality(String label) {
            this.label = label;
        }

        /** The notation the CLI and {@code gdb info} use: 1:1, 1:M or M:N. */
        public String label() {
            return label;
        }

        /** Parses 1:1, 1:M or M:N (also 1:N, M:M and the constant names, case-insensitive). */
        public static Cardinality parse(String text) throws GeodatabaseException {
            String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
            return switch (t) {
                case "1:1", "ONE_TO_ONE" -> ONE_TO_ONE;
                case "1:M", "1:N", "ONE_TO_MANY" -> ONE_TO_MANY;
                case "M:N", "M:M", "N:M", "MANY_TO_MANY" -> MANY_TO_MANY;
                default -> throw new GeodatabaseException("Unknown cardinality '" + text + "'; use 1:1, 1:M or M:N.");
            };
        }
    }

    /** Copies the attribute list, so a relationship class never changes after it is made. */
    public RelationshipClass {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    /**
     * A simple relationship class (1:1 or 1:M, not attributed): {@code foreignKey} is a field of the
     * destination holding the origin's {@code originKey} value.
     */
    public static RelationshipClass simple(String name, String origin, String destination, String originKey, String foreignKey,
            Cardinality cardinality) {
        return new RelationshipClass(name, origin, destination, originKey, foreignKey, cardinality, false, null, null, List.of());
    }

    /**
     * A relationship class keeping its rows in a table named {@code name}: M:N, or attributed of any
     * cardinality. Null {@code destinationKey} / {@code destinationForeignKey} take their defaults
     * (GLOBALID and {@code DEST_} + destinationKey).
     */
    public static RelationshipClass withTable(String name, String origin, String destination, String originKey,
            String foreignKey, Cardinality cardinality, boolean attributed, String destinationKey,
            String destinationForeignKey, List<Field> attributes) {
        return new RelationshipClass(name, origin, destination, originKey, foreignKey, cardinality, attributed, destinationKey,
                destinationForeignKey, attributes);
    }

    /** Whether the relationships are rows of a table of their own (attributed or M:N). */
    public boolean hasTable() {
        return attributed || cardinality == Cardinality.MANY_TO_MANY;
    }

    /** The relationship table's dataset name ({@link #name()}) when {@link #hasTable()}, else null. */
    public String table() {
        return hasTable() ? name : null;
    }

    /** Whether {@code dataset} (case-insensitive) is this class's origin, destination or table. */
    public boolean involves(String dataset) {
        return dataset.equalsIgnoreCase(origin) || dataset.equalsIgnoreCase(destination)
                || hasTable() && dataset.equalsIgnoreCase(name);
    }
}
