package org.geosync.core;

/** A user field of a dataset: its column name (upper case), type and, for text, its length. */
public record Field(String name, FieldType type, int length) {

    /** A field with the default length (255 for text). */
    public static Field of(String name, FieldType type) {
        return new Field(name, type, type == FieldType.TEXT ? 255 : 0);
    }
}
