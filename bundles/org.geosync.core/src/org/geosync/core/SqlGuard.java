package org.geosync.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rule for SQL a person types ({@code geosync sql}, a SQL console): it is for data. A query
 * (SELECT, VALUES) may read anything, GeoSync's own tables included; INSERT, UPDATE, DELETE and MERGE may
 * change the rows of datasets (and are tracked for replication); a CALL may run only the Derby
 * maintenance procedures in {@link #ALLOWED_SYSTEM_ROUTINES}. Everything that touches GeoSync's machinery
 * is refused with a sentence saying what to do instead: writing GeoSync's GDB_ tables, creating or
 * dropping triggers, procedures, functions and other code, schema changes (CREATE, ALTER, DROP, RENAME,
 * TRUNCATE, GRANT, REVOKE), Derby system routines that set database properties, freeze, back up or
 * otherwise manage the database, and session statements (SET, LOCK, COMMIT...). ALTER TABLE, DROP TABLE and RENAME of a
 * dataset a replica holds are refused with a sentence naming the replica and pointing to {@code geosync gdb alter}, the one
 * way to change a replicated dataset's schema and keep it tracked.
 * <p>
 * The statement is read with Derby's lexical rules (string literals, double-quoted names, -- and
 * bracketed comments), so a keyword hidden behind a comment or spelled as a quoted name is judged like
 * any other; a text this reader cannot split with certainty (an unterminated literal or comment, a
 * comment inside a comment, an unusual line separator in a comment, more than one statement) is refused.
 * <p>
 * On PostgreSQL ({@link Grammar#POSTGRESQL}) a query can change things through the functions it calls
 * ({@code setval} on GeoSync's change sequence, {@code pg_advisory_lock} on its generation lock,
 * {@code pg_terminate_backend}, {@code query_to_xml} running other SQL, {@code lo_import}...), so every function a
 * statement calls must be one of {@link #POSTGRESQL_FUNCTIONS} or a PostGIS {@code ST_} function; {@code SELECT ... INTO}
 * (which creates a table), dollar-quoted and {@code E'...'} escape strings (which this reader does not split) and CALL are
 * refused.
 */
public final class SqlGuard {

    /** The Derby system routines a data statement may use: table maintenance that changes no row. */
    public static final Set<String> ALLOWED_SYSTEM_ROUTINES = Set.of("SYSCS_UTIL.SYSCS_COMPRESS_TABLE",
            "SYSCS_UTIL.SYSCS_INPLACE_COMPRESS_TABLE", "SYSCS_UTIL.SYSCS_CHECK_TABLE", "SYSCS_UTIL.SYSCS_UPDATE_STATISTICS");
    /** GeoSync's SQL functions whose names start with GDB_ (they are not tables). */
    private static final Set<String> GEOSYNC_FUNCTIONS = Set.of("GDB_NEW_GLOBALID", "GDB_MINX", "GDB_MINY", "GDB_MAXX", "GDB_MAXY",
            "GDB_TRACKING", "GDB_SOURCE", "GDB_SAME_GLOBALID");
    /**
     * The PostgreSQL functions a statement may call besides PostGIS's {@code ST_} functions: SQL's aggregates, string, number,
     * date and null functions, which read their arguments and change nothing.
     */
    public static final Set<String> POSTGRESQL_FUNCTIONS = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "STRING_AGG", "ARRAY_AGG",
            "BOOL_AND", "BOOL_OR", "EVERY", "STDDEV", "VARIANCE", "LOWER", "UPPER", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH",
            "OCTET_LENGTH", "SUBSTRING", "SUBSTR", "TRIM", "BTRIM", "LTRIM", "RTRIM", "REPLACE", "CONCAT", "CONCAT_WS", "LEFT",
            "RIGHT", "POSITION", "STRPOS", "SPLIT_PART", "REGEXP_REPLACE", "REGEXP_MATCH", "INITCAP", "LPAD", "RPAD", "MD5",
            "TO_CHAR", "TO_NUMBER", "TO_DATE", "TO_TIMESTAMP", "ABS", "ROUND", "CEIL", "CEILING", "FLOOR", "TRUNC", "SQRT", "POWER",
            "MOD", "SIGN", "GREATEST", "LEAST", "COALESCE", "NULLIF", "NOW", "DATE_TRUNC", "DATE_PART", "EXTRACT", "AGE", "MAKE_DATE",
            "GEN_RANDOM_UUID", "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE");
    /** Words that a parenthesis follows in PostgreSQL's grammar without a function being called. */
    private static final Set<String> POSTGRESQL_NOT_CALLS = Set.of("IN", "EXISTS", "ANY", "ALL", "SOME", "VALUES", "OVER", "FILTER",
            "CAST", "ROW", "ARRAY", "AS", "ON", "USING", "CONFLICT", "AND", "OR", "NOT", "WHERE", "SELECT", "SET", "THEN", "ELSE",
            "WHEN", "CASE", "BY", "FROM", "JOIN", "RETURNING", "DISTINCT", "LATERAL", "OF", "INTO", "IS", "LIKE", "ILIKE", "BETWEEN",
            "WITHIN", "GROUP", "HAVING", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "ORDER", "PARTITION", "VARCHAR", "CHAR",
            "CHARACTER", "VARYING", "NUMERIC", "DECIMAL", "TIMESTAMP", "TIME", "INTERVAL", "BIT", "FLOAT", "GEOMETRY", "GEOGRAPHY");

    /** Whose SQL a statement is written in: the lexical rules, and the functions a query may call. */
    public enum Grammar {
        /** Apache Derby (the embedded engine). */
        DERBY,
        /** PostgreSQL with PostGIS. */
        POSTGRESQL
    }

    private static final Set<String> CODE = Set.of("TRIGGER", "PROCEDURE", "FUNCTION", "TYPE", "DERBY", "SYNONYM");
    private static final Set<String> SCHEMA = Set.of("CREATE", "DROP", "ALTER", "RENAME", "TRUNCATE", "GRANT", "REVOKE");
    private static final String DATA = "geosync sql is for data: it reads with SELECT and VALUES and edits the rows of datasets with"
            + " INSERT, UPDATE, DELETE and MERGE, each statement in its own transaction";

    private SqlGuard() {
    }

    /** What kind of statement passed the rule. */
    public enum Kind {
        /** SELECT or VALUES: reads only. */
        QUERY,
        /** INSERT, UPDATE, DELETE or MERGE. */
        WRITE,
        /** CALL of an allowed maintenance procedure. */
        CALL
    }

    /**
     * A statement the rule lets through.
     *
     * @param kind query, write or call
     * @param verb the statement's first keyword (SELECT, INSERT...)
     * @param mentionsShape whether the word SHAPE appears in it (an UPDATE without it leaves geometries alone)
     */
    public record Verdict(Kind kind, String verb, boolean mentionsShape) {
    }

    /** A token: WORD (upper-cased), NAME (a double-quoted identifier, as written), STRING, NUMBER or SYMBOL. */
    private record Token(char type, String text) {

        boolean is(char t, String s) {
            return type == t && text.equals(s);
        }

        boolean isIdentifier() {
            return type == 'W' || type == 'N';
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    /**
     * What the rule needs to know of the geodatabase the statement is for, to say where a schema change of a replicated
     * dataset belongs: its directory and, for a table, the replicas holding it.
     */
    public interface Datasets {
        /** The geodatabase's directory, as the sentences name it. */
        String directory();

        /** The names of the replicas holding dataset {@code table} (upper case), comma-separated; null or empty when none does. */
        String replicasOf(String table) throws GeodatabaseException;
    }

    /** Checks {@code sql}; returns what it is, or throws the refusal sentence (nothing has run). */
    public static Verdict check(String sql) throws GeodatabaseException {
        return check(sql, null);
    }

    /**
     * Checks {@code sql} for the geodatabase {@code datasets} describes: as {@link #check(String)}, and an ALTER TABLE, DROP
     * TABLE or RENAME of a dataset a replica holds is refused with a sentence naming the replica and pointing to
     * {@code geosync gdb alter}, which changes a replicated dataset's schema and keeps it tracked.
     */
    public static Verdict check(String sql, Datasets datasets) throws GeodatabaseException {
        return check(sql, datasets, Grammar.DERBY);
    }

    /** As {@link #check(String, Datasets)}, for a statement in {@code grammar}. */
    public static Verdict check(String sql, Datasets datasets, Grammar grammar) throws GeodatabaseException {
        List<Token> tokens = tokens(sql, grammar);
        if (tokens.isEmpty()) {
            throw new GeodatabaseException("The statement is empty; give one SQL statement, e.g. SELECT * FROM PARCELS.");
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is('S', ";") && i < tokens.size() - 1) {
                throw new GeodatabaseException("geosync sql runs one statement at a time; give each statement in its own call,"
                        + " without ';' between them.");
            }
        }
        int first = 0;
        while (first < tokens.size() && tokens.get(first).is('S', "(")) {
            first++;
        }
        Token head = first < tokens.size() ? tokens.get(first) : null;
        String verb = head != null && head.type == 'W' ? head.text : "";
        Kind kind = switch (verb) {
            case "SELECT", "VALUES" -> Kind.QUERY;
            case "INSERT", "UPDATE", "DELETE", "MERGE" -> first == 0 ? Kind.WRITE : null;
            case "CALL" -> first == 0 ? Kind.CALL : null;
            default -> null;
        };
        if (kind == null) {
            String replicated = datasets == null ? null : replicatedTarget(verb, tokens, first, datasets);
            throw new GeodatabaseException(replicated != null ? replicated : refusal(verb, tokens, first));
        }
        boolean shape = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.isIdentifier()) {
                continue;
            }
            String name = t.upper();
            shape |= name.equals("SHAPE");
            if (name.startsWith("SYSCS_") && !name.equals("SYSCS_UTIL")) {
                String routine = "SYSCS_UTIL." + name;
                boolean qualified = i >= 2 && tokens.get(i - 1).is('S', ".") && tokens.get(i - 2).isIdentifier()
                        && tokens.get(i - 2).upper().equals("SYSCS_UTIL");
                if (!qualified || !ALLOWED_SYSTEM_ROUTINES.contains(routine)) {
                    throw new GeodatabaseException((qualified ? routine : UserData.name(t.text)) + " is a Derby system routine that"
                            + " geosync sql does not run: database properties, freezing, backups and the like can lock everyone out of"
                            + " the geodatabase or hang it; the routines allowed are " + String.join(", ", ALLOWED_SYSTEM_ROUTINES.stream()
                                    .sorted().toList()) + ".");
                }
            }
            if (kind != Kind.QUERY && name.startsWith("GDB_") && !GEOSYNC_FUNCTIONS.contains(name)) {
                throw new GeodatabaseException(UserData.name(t.text) + " is one of GeoSync's own tables (change tracking, generations,"
                        + " replicas), which geosync sql may read but not change; use the replica, sync, message and conflicts"
                        + " commands to change replication state.");
            }
        }
        if (grammar == Grammar.POSTGRESQL) {
            checkPostgresql(kind, tokens);
        }
        if (kind == Kind.CALL) {
            String routine = tokens.size() > 3 && tokens.get(1).isIdentifier() && tokens.get(2).is('S', ".") && tokens.get(3).isIdentifier()
                    ? tokens.get(1).upper() + "." + tokens.get(3).upper() : null;
            if (routine == null || !ALLOWED_SYSTEM_ROUTINES.contains(routine)) {
                throw new GeodatabaseException("geosync sql calls no procedures other than Derby's table maintenance ("
                        + String.join(", ", ALLOWED_SYSTEM_ROUTINES.stream().sorted().toList()) + "); edit rows with INSERT,"
                        + " UPDATE and DELETE instead.");
            }
        }
        return new Verdict(kind, verb, shape);
    }

    /** The PostgreSQL rules: no CALL, no SELECT ... INTO, and only the functions that change nothing. */
    private static void checkPostgresql(Kind kind, List<Token> tokens) throws GeodatabaseException {
        if (kind == Kind.CALL) {
            throw new GeodatabaseException("geosync sql calls no procedures on PostgreSQL; " + DATA + ".");
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (kind == Kind.QUERY && t.is('W', "INTO")) {
                throw new GeodatabaseException("SELECT ... INTO creates a table, which geosync sql does not do: datasets come from gdb"
                        + " create, gdb import and gdb add-dataset; " + DATA + ".");
            }
            if (!t.isIdentifier() || i + 1 >= tokens.size() || !tokens.get(i + 1).is('S', "(")) {
                continue;
            }
            String name = t.upper();
            Token before = i > 0 ? tokens.get(i - 1) : null;
            boolean named = before != null && before.type == 'W' && (before.text.equals("INTO") || before.text.equals("TABLE")
                    || before.text.equals("AS") || before.text.equals("UPDATE")); // a table's or alias's column list
            if (named || t.type == 'W' && POSTGRESQL_NOT_CALLS.contains(name) || name.startsWith("ST_")
                    || POSTGRESQL_FUNCTIONS.contains(name)) {
                continue;
            }
            // PostgreSQL folds an unquoted name to lower case: the sentence names the function as PostgreSQL does
            String function = t.type == 'W' ? t.text.toLowerCase(Locale.ROOT) : t.text;
            throw new GeodatabaseException("geosync sql does not call the function " + UserData.name(function) + " on PostgreSQL: a"
                    + " function may change the database or the session (GeoSync's sequences and locks, other sessions, files), so"
                    + " only PostGIS's ST_ functions and SQL's own aggregate, string, number, date and null functions are called;"
                    + " " + DATA + ".");
        }
    }

    /**
     * The sentence for ALTER TABLE, DROP TABLE and RENAME TABLE/COLUMN of a dataset a replica holds, or null when the
     * statement is not one of those or its table is no replicated dataset.
     */
    private static String replicatedTarget(String verb, List<Token> tokens, int first, Datasets datasets) throws GeodatabaseException {
        if (!verb.equals("ALTER") && !verb.equals("DROP") && !verb.equals("RENAME")) {
            return null;
        }
        int at = first + 1;
        if (at >= tokens.size() || tokens.get(at).type != 'W' || !(tokens.get(at).text.equals("TABLE")
                || verb.equals("RENAME") && tokens.get(at).text.equals("COLUMN"))) {
            return null;
        }
        String object = tokens.get(at).text;
        at++;
        if (at + 2 < tokens.size() && tokens.get(at).isIdentifier() && tokens.get(at + 1).is('S', ".") && tokens.get(at + 2).isIdentifier()
                && (object.equals("TABLE") || at + 4 < tokens.size() && tokens.get(at + 3).is('S', "."))) {
            at += 2; // a schema-qualified name: APP.PARCELS (for RENAME COLUMN: APP.PARCELS.FIELD)
        }
        if (at >= tokens.size() || !tokens.get(at).isIdentifier()) {
            return null;
        }
        String table = tokens.get(at).text;
        String replicas = datasets.replicasOf(table);
        if (replicas == null || replicas.isEmpty()) {
            return null;
        }
        return "Schema changes (" + verb + " " + object + ") of " + UserData.name(table) + " are not supported through geosync sql: replica "
                + replicas + " holds it, and a change made in SQL would neither reach the relative nor keep its edits tracked; change its"
                + " fields with 'geosync gdb alter " + datasets.directory() + " " + UserData.name(table) + " --add-field NAME:TYPE[:LENGTH]"
                + " | --drop-field NAME | --widen-field NAME:LENGTH | --rename-field OLD:NEW', which records the change and keeps the"
                + " dataset tracked.";
    }

    private static String refusal(String verb, List<Token> tokens, int first) {
        String object = first + 1 < tokens.size() && tokens.get(first + 1).type == 'W' ? tokens.get(first + 1).text : "";
        if (object.equals("UNIQUE") && first + 2 < tokens.size()) {
            object = tokens.get(first + 2).text;
        }
        if ((verb.equals("CREATE") || verb.equals("DROP") || verb.equals("ALTER")) && CODE.contains(object)) {
            return "geosync sql does not create or drop triggers, procedures, functions or other code: GeoSync's own triggers"
                    + " capture every edit for replication, and code stored in a geodatabase would run in every process that opens it;"
                    + " " + DATA + ".";
        }
        if (verb.equals("TRUNCATE")) {
            return "TRUNCATE TABLE removes rows without change tracking, so replicas would never hear of it; use DELETE FROM"
                    + " the table instead, which is tracked.";
        }
        if (SCHEMA.contains(verb)) {
            return "Schema changes (" + verb + " " + (object.isEmpty() ? "..." : UserData.name(object)) + ") are not supported through"
                    + " geosync sql: datasets come from gdb create and gdb import and keep their tracking triggers and GeoSync's"
                    + " catalog in step with their tables; " + DATA + ".";
        }
        if (verb.isEmpty()) {
            return "The statement does not start with an SQL keyword; " + DATA + ".";
        }
        return UserData.name(verb) + " statements are not run through geosync sql; " + DATA + ".";
    }

    /** Splits {@code sql} into tokens by Derby's lexical rules (and PostgreSQL's); refuses what cannot be split with certainty. */
    private static List<Token> tokens(String sql, Grammar grammar) throws GeodatabaseException {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = i + 2;
                while (end < n && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
                    char x = sql.charAt(end);
                    if (Character.getType(x) == Character.LINE_SEPARATOR || Character.getType(x) == Character.PARAGRAPH_SEPARATOR
                            || Character.isISOControl(x) && x != '\t') {
                        throw ambiguous("a -- comment holds the control or line separator character " + String.format("\\u%04x", (int) x));
                    }
                    end++;
                }
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw ambiguous("a /* comment is not closed");
                }
                if (sql.substring(i + 2, end).contains("/*")) {
                    throw ambiguous("a /* comment holds another /*");
                }
                i = end + 2;
            } else if (grammar == Grammar.POSTGRESQL && c == '$' && i + 1 < n && (sql.charAt(i + 1) == '$'
                    || Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')) {
                throw ambiguous("a dollar-quoted string ($$...$$) is written");
            } else if (grammar == Grammar.POSTGRESQL && c == '\'' && !out.isEmpty() && i > 0 && Character.isLetter(sql.charAt(i - 1))
                    && out.get(out.size() - 1).type == 'W' && Set.of("E", "U", "B", "X").contains(out.get(out.size() - 1).text)) {
                throw ambiguous("a string is written with PostgreSQL's " + out.get(out.size() - 1).text + "'...' prefix");
            } else if (c == '\'' || c == '"') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw ambiguous(c == '\'' ? "a string literal is not closed" : "a double-quoted name is not closed");
                    }
                    char x = sql.charAt(j);
                    if (x == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            b.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    b.append(x);
                    j++;
                }
                if (c == '"' && !out.isEmpty() && out.get(out.size() - 1).is('S', "&")) {
                    throw ambiguous("a name is written with a Unicode escape (U&\"...\")");
                }
                out.add(new Token(c == '\'' ? 'L' : 'N', b.toString()));
                i = j + 1;
            } else if (Character.isLetter(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token('W', sql.substring(i, j).toUpperCase(Locale.ENGLISH)));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '.' || sql.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token('D', sql.substring(i, j)));
                i = j;
            } else {
                out.add(new Token('S', String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    private static GeodatabaseException ambiguous(String what) {
        return new GeodatabaseException("geosync sql cannot read this statement with certainty (" + what + "), so it does not run it;"
                + " write it without that.");
    }
}
