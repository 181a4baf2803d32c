package org.geosync.core;

/**
 * How a sentence of GeoSync's shows data that came from a user or a file (a field value, a WKT text, a
 * layer name): a short excerpt, with control characters written as escapes ({@code \u001b}) so that
 * nothing in the data can steer the terminal or split the line, and a long value cut with its length
 * given ({@code ... (30000000 characters)}). Every refusal that quotes user data goes through here.
 */
public final class UserData {

    /** The most characters of a value a sentence shows. */
    public static final int EXCERPT = 60;
    /** The most characters of a name (layer, column, table) a sentence shows. */
    public static final int NAME = 100;

    private UserData() {
    }

    /** A value between single quotes, escaped and cut to {@value #EXCERPT} characters; {@code null} for null. */
    public static String quote(Object value) {
        return value == null ? "null" : "'" + excerpt(String.valueOf(value), EXCERPT) + "'";
    }

    /** A name (escaped, cut to {@value #NAME} characters), unquoted. */
    public static String name(Object name) {
        return name == null ? "(no name)" : excerpt(String.valueOf(name), NAME);
    }

    /**
     * The first {@code max} characters of {@code s} with control characters (C0, DEL, C1, line and
     * paragraph separators, bidirectional overrides) escaped; a longer text ends in "... (N characters)".
     */
    public static String excerpt(String s, int max) {
        if (s == null) {
            return "null";
        }
        boolean cut = s.length() > max;
        String head = cut ? s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max) : s;
        StringBuilder b = new StringBuilder(head.length() + 16);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (needsEscape(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (cut) {
            b.append("... (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    /** Escapes the control characters of a whole sentence (its length kept): for printing a message on a terminal. */
    public static String escapeControls(String s) {
        return s == null ? null : excerpt(s, Math.max(1, s.length()));
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029 || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f || c == 0xfeff;
    }
}
