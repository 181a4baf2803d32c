package org.geosync.cli;

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
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format("\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
