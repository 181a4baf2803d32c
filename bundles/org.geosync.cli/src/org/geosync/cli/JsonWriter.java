package org.geosync.cli;

import org.geosync.core.JsonText;

/** Builds one line of JSON for {@code --json} output; scripts parse it. */
final class JsonWriter {

    private final StringBuilder b = new StringBuilder();
    private boolean first = true;

    JsonWriter begin() {
        comma();
        b.append('{');
        first = true;
        return this;
    }

    JsonWriter end() {
        b.append('}');
        first = false;
        return this;
    }

    JsonWriter beginObject(String key) {
        key(key);
        b.append('{');
        first = true;
        return this;
    }

    JsonWriter beginArray(String key) {
        key(key);
        b.append('[');
        first = true;
        return this;
    }

    JsonWriter endArray() {
        b.append(']');
        first = false;
        return this;
    }

    JsonWriter field(String key, String value) {
        key(key);
        b.append(value == null ? "null" : quote(value));
        first = false;
        return this;
    }

    JsonWriter field(String key, long value) {
        key(key);
        b.append(value);
        first = false;
        return this;
    }

    /** A number, or null for NaN (JSON has no NaN). */
    JsonWriter field(String key, double value) {
        key(key);
        b.append(Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.valueOf(value));
        first = false;
        return this;
    }

    JsonWriter field(String key, boolean value) {
        key(key);
        b.append(value);
        first = false;
        return this;
    }

    private void key(String key) {
        comma();
        if (key != null) {
            b.append(quote(key)).append(':');
        }
        first = true;
    }

    private void comma() {
        if (!first) {
            b.append(',');
        }
    }

    static String quote(String s) {
        return JsonText.quote(s);
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
