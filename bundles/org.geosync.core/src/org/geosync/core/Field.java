package org.geosync.core;

/** A user field of a dataset: its column name (upper case), type and, for text, its length. */
public record Field(String name, FieldType type, int length) {

    /** A field with the default length (255 for text). */
    public static Field of(String name, FieldType type) {
        return new Field(name, type, type == FieldType.TEXT ? 255 : 0);
    }

    /**
     * A field written {@code NAME:TYPE[:LENGTH]} (e.g. {@code SIZE_MM:integer} or {@code NOTE:text:80}), as the workbench
     * takes it; refuses, with a sentence, what is not so written, an unknown type, and a length on anything but text.
     */
    public static Field parse(String spec) throws GeodatabaseException {
        String[] parts = spec == null ? new String[0] : spec.trim().split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new GeodatabaseException("Write a field as NAME:TYPE[:LENGTH], e.g. SIZE_MM:integer or NOTE:text:80, not '" + spec + "'.");
        }
        FieldType type = FieldType.parse(parts[1]);
        int length = 0;
        if (parts.length == 3) {
            if (type != FieldType.TEXT) {
                throw new GeodatabaseException("Only text fields take a length; give " + parts[0].trim() + " no length.");
            }
            try {
                length = Integer.parseInt(parts[2].trim());
            } catch (NumberFormatException e) {
                throw new GeodatabaseException("The length of " + parts[0].trim() + " must be a whole number, not '" + parts[2].trim() + "'.");
            }
            if (length < 1) {
                throw new GeodatabaseException("The length of " + parts[0].trim() + " must be at least 1.");
            }
        }
        return new Field(parts[0].trim(), type, length);
    }
}
