package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.geosync.core.UserData;
import org.junit.jupiter.api.Test;

/** The one way refusals quote user data: short, escaped, with the length of what was cut. */
class UserDataTest {

    @Test
    void controlCharactersAreEscapesAndLongValuesAreCutWithTheirLength() {
        assertEquals("'\\u001b[31mred\\u001b[0m'", UserData.quote("\u001b[31mred\u001b[0m"));
        assertEquals("'a\\u000ab\\u000dc\\u2028d\\u202ee'", UserData.quote("a\nb\rc\u2028d\u202ee"));
        String x = "x".repeat(30_000_000);
        assertEquals("'" + "x".repeat(60) + "... (30000000 characters)'", UserData.quote(x));
        assertEquals("null", UserData.quote(null));
        assertEquals("'" + "a".repeat(59) + "... (61 characters)'", UserData.quote("a".repeat(59) + "\ud83d\ude00"),
                "a surrogate pair is not cut in half");
        assertEquals("layer \\u0007", UserData.name("layer \u0007"));
        assertEquals("plain text kept as it is: é, ü, 中", UserData.escapeControls("plain text kept as it is: é, ü, 中"));
    }
}
