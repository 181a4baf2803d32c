package org.geosync.server;

import org.geosync.core.JsonText;

/** The small JSON the API writes: objects built by hand, strings escaped by {@link JsonText}. */
final class Json {
    private Json() {
    }

    /** {@code s} as a JSON string (or null). */
    static String str(String s) {
        return JsonText.quote(s);
    }

    /** The API's error body: {@code {"error":{"code":STATUS,"message":SENTENCE}}}. */
    static String error(int status, String sentence) {
        return "{\"error\":{\"code\":" + status + ",\"message\":" + str(sentence) + "}}";
    }
}
