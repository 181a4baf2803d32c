package org.geosync.server;

/** The small JSON the API writes: objects built by hand, strings escaped here. */
final class Json {
    private Json() {
    }

    /** {@code s} as a JSON string (or null). */
    static String str(String s) {
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
                    // also escapes '<' so a browser never reads a response as markup
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

    /** The API's error body: {@code {"error":{"code":STATUS,"message":SENTENCE}}}. */
    static String error(int status, String sentence) {
        return "{\"error\":{\"code\":" + status + ",\"message\":" + str(sentence) + "}}";
    }
}
