package org.geosync.core.internal.sync;

import java.util.Locale;
import java.util.Set;

import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.Catalog;

/**
 * Checks a definition query before it is ever put into SQL: it must be one condition over the
 * dataset's own fields (and GLOBALID, the same on every replica; never OBJECTID, which each geodatabase numbers
 * on its own, nor the internal envelope and history columns) made of literals, comparison and arithmetic operators, a few SQL keywords and
 * functions. Anything else (another statement, a sub-query, a comment, an unknown name) is refused with
 * a sentence, so a definition query can never be used for SQL injection.
 */
public final class WhereClause {

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "LIKE", "BETWEEN", "IS", "NULL", "TRUE", "FALSE",
            "ESCAPE", "CASE", "WHEN", "THEN", "ELSE", "END", "DATE", "TIMESTAMP");
    private static final Set<String> FUNCTIONS = Set.of("UPPER", "LOWER", "UCASE", "LCASE", "TRIM", "LTRIM", "RTRIM", "LENGTH",
            "SUBSTR", "ABS", "MOD", "COALESCE", "FLOOR", "CEIL", "ROUND", "YEAR", "MONTH", "DAY", "CAST", "CHAR", "VARCHAR", "INTEGER",
            "BIGINT", "DOUBLE");
    private static final String OPERATORS = "=<>!+-*/(),.|";

    private WhereClause() {
    }

    /** Returns the query unchanged when it is acceptable for {@code d}; otherwise throws with the reason. */
    public static String check(Dataset d, String query) throws GeodatabaseException {
        if (query == null || query.isBlank()) {
            throw new GeodatabaseException("The definition query of " + d.name() + " is empty; write a condition such as STATUS = 'OPEN'.");
        }
        int depth = 0;
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw refuse(d, query, "a quoted text is not closed with '");
                    }
                    if (query.charAt(j) == '\'') {
                        if (j + 1 < n && query.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                i = j + 1;
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '.')) {
                    char x = query.charAt(i);
                    if (Character.isLetter(x) && x != 'e' && x != 'E') {
                        throw refuse(d, query, "'" + x + "' cannot follow a number");
                    }
                    i++;
                }
            } else if (Character.isLetter(c) || c == '"') {
                String word;
                if (c == '"') {
                    int end = query.indexOf('"', i + 1);
                    if (end < 0) {
                        throw refuse(d, query, "a quoted name is not closed with \"");
                    }
                    word = query.substring(i + 1, end);
                    i = end + 1;
                } else {
                    int j = i;
                    while (j < n && (Character.isLetterOrDigit(query.charAt(j)) || query.charAt(j) == '_')) {
                        j++;
                    }
                    word = query.substring(i, j).toUpperCase(Locale.ROOT);
                    i = j;
                }
                if (word.equals("OBJECTID")) {
                    throw refuse(d, query, "OBJECTID is numbered by each geodatabase on its own, so it names different rows on each"
                            + " replica (use GLOBALID, the same on every replica, or a field)");
                }
                if (Catalog.SYSTEM_COLUMNS.contains(word) && !word.equals("GLOBALID")) {
                    throw refuse(d, query, word + " is an internal column of GeoSync, not a field (use the replica area for a spatial filter)");
                } // so of the system columns only GLOBALID reaches the names allowed below
                if (!(KEYWORDS.contains(word) || FUNCTIONS.contains(word) || d.field(word) != null
                        || word.equals("OBJECTID") || word.equals("GLOBALID") || Catalog.SYSTEM_COLUMNS.contains(word) && word.startsWith("M"))) {
                    throw refuse(d, query, "'" + org.geosync.core.UserData.excerpt(word, 60) + "' is neither a field of " + d.name() + " nor an allowed SQL word");
                }
            } else if (c == ';') {
                throw refuse(d, query, "it contains ';', but a definition query is one condition, not statements");
            } else if ((c == '-' || c == '/') && i + 1 < n && query.charAt(i + 1) == (c == '-' ? '-' : '*')) {
                throw refuse(d, query, "it contains an SQL comment");
            } else if (OPERATORS.indexOf(c) >= 0) {
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth < 0) {
                    throw refuse(d, query, "a ')' has no matching '('");
                }
                i++;
            } else {
                throw refuse(d, query, "the character '" + org.geosync.core.UserData.excerpt(String.valueOf(c), 1) + "' is not allowed");
            }
        }
        if (depth != 0) {
            throw refuse(d, query, "a '(' is not closed");
        }
        return query;
    }

    private static GeodatabaseException refuse(Dataset d, String query, String why) {
        String shown = org.geosync.core.UserData.excerpt(query, 80);
        return new GeodatabaseException("The definition query \"" + shown + "\" for " + d.name() + " is refused: " + why
                + "; write one condition over its fields such as STATUS = 'OPEN' AND LANES > 2.");
    }
}
