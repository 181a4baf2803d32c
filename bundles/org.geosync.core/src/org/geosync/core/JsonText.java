package org.geosync.core;

/**
 * A string as a JSON string literal, for the JSON the command line prints and the sync service sends. Besides what JSON
 * requires (quotes, backslashes, control characters), {@code <} and U+2028/U+2029 are escaped too, so a response is never
 * read as markup by a browser nor breaks a script that embeds it; every JSON reader decodes them to the same text.
 */
public final class JsonText {

    private JsonText() {
    }

    /** {@code s} quoted and escaped as a JSON string; {@code null} for null. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == '<' || ch == 0x2028 || ch == 0x2029) {
                        q.append(String.format("\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
