package org.geosync.core;

import java.util.Locale;

/**
 * One change of a dataset's schema made through the engine ({@link Geodatabase#alter}): a field added, dropped, widened or
 * renamed. Each is validated, recorded with the generation it was made in, and the dataset's tracking is rebuilt in the
 * same transaction.
 *
 * @param kind    what changes
 * @param field   the field changed (for a rename: its old name)
 * @param newName the new name (renames only)
 * @param type    the type of an added field
 * @param length  the length of an added or widened text field (0: the default, 255, for an added one)
 */
public record SchemaChange(Kind kind, String field, String newName, FieldType type, int length) {

    /** Field names are kept trimmed and upper-case, as the catalog names them. */
    public SchemaChange {
        field = field == null ? null : field.trim().toUpperCase(Locale.ROOT);
        newName = newName == null ? null : newName.trim().toUpperCase(Locale.ROOT);
    }

    /** What a schema change does. */
    public enum Kind {
        ADD_FIELD, DROP_FIELD, WIDEN_FIELD, RENAME_FIELD;

        /** The word the schema change log and the sentences use: add-field, drop-field, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Adds a field; {@code length} only for text (0: 255). */
    public static SchemaChange addField(String name, FieldType type, int length) {
        return new SchemaChange(Kind.ADD_FIELD, name, null, type, length);
    }

    /** Drops a field and its values. */
    public static SchemaChange dropField(String name) {
        return new SchemaChange(Kind.DROP_FIELD, name, null, null, 0);
    }

    /** Makes a text field longer. */
    public static SchemaChange widenField(String name, int length) {
        return new SchemaChange(Kind.WIDEN_FIELD, name, null, FieldType.TEXT, length);
    }

    /** Gives a field a new name; its values stay. */
    public static SchemaChange renameField(String name, String newName) {
        return new SchemaChange(Kind.RENAME_FIELD, name, newName, null, 0);
    }

    /** The change in words, e.g. {@code add-field SURVEY text(40)}. */
    public String describe() {
        return switch (kind) {
            case ADD_FIELD -> "add-field " + field + " " + type.name().toLowerCase(Locale.ROOT) + (type == FieldType.TEXT ? "(" + length + ")" : "");
            case DROP_FIELD -> "drop-field " + field;
            case WIDEN_FIELD -> "widen-field " + field + " to " + length;
            case RENAME_FIELD -> "rename-field " + field + " to " + newName;
        };
    }
}
