package org.geosync.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a geodatabase lives: a directory holding an embedded Derby database, or a schema of a PostgreSQL database with
 * PostGIS, written {@code postgresql://[USER@]HOST[:PORT]/DATABASE[?schema=NAME]} (schema {@code public} by default) or
 * {@code postgresql:///DATABASE?service=NAME} for an entry of the user's {@code pg_service.conf}. A location never holds a
 * password: it comes from {@code PGPASSWORD}, {@code ~/.pgpass} or the service entry, as for every PostgreSQL client, or from
 * the workbench's secure storage. Every text the command line or a wizard accepts as a geodatabase goes through
 * {@link #parse}, which refuses a text that mixes the two syntaxes with a sentence.
 */
public final class GeodatabaseLocation {

    /** The prefix of a PostgreSQL location. */
    public static final String POSTGRESQL = "postgresql://";
    /** The port PostgreSQL listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 5432;
    /** The schema a location without {@code ?schema=} names. */
    public static final String DEFAULT_SCHEMA = "public";

    private static final Pattern URL = Pattern.compile("postgresql://(?:([^@/?#:]+)@)?([^/?#:@]*)(?::([0-9]+))?/([^/?#]*)(?:\\?(.*))?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

    private final Path directory;
    private final String user;
    private final String host;
    private final int port;
    private final String database;
    private final String schema;
    private final String service;

    private GeodatabaseLocation(Path directory, String user, String host, int port, String database, String schema, String service) {
        this.directory = directory;
        this.user = user;
        this.host = host;
        this.port = port;
        this.database = database;
        this.schema = schema;
        this.service = service;
    }

    /** A Derby geodatabase in {@code directory}. */
    public static GeodatabaseLocation of(Path directory) {
        return new GeodatabaseLocation(directory.toAbsolutePath().normalize(), null, null, 0, null, null, null);
    }

    /** A PostgreSQL geodatabase in {@code schema} (null: public) of {@code database} on {@code host:port} as {@code user} (null: the login name). */
    public static GeodatabaseLocation postgresql(String user, String host, int port, String database, String schema) throws GeodatabaseException {
        return parse(POSTGRESQL + (user == null || user.isBlank() ? "" : user.trim() + "@") + host.trim() + ":" + port + "/" + database.trim()
                + (schema == null || schema.isBlank() ? "" : "?schema=" + schema.trim()));
    }

    /**
     * Reads a location as a user typed it: a PostgreSQL location when it starts with {@code postgresql://}, else a directory.
     * Refuses, with a sentence saying what to write, a text that looks like a URL of another kind or a malformed PostgreSQL
     * location, one that holds a password, and names that are not plain SQL identifiers.
     */
    public static GeodatabaseLocation parse(String text) throws GeodatabaseException {
        if (text == null || text.isBlank()) {
            throw new GeodatabaseException("No geodatabase given: name a directory (for Derby) or postgresql://[USER@]HOST[:PORT]/DATABASE[?schema=NAME].");
        }
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(POSTGRESQL)) {
            if (lower.startsWith("postgres://") || lower.startsWith("postgresql:") || lower.startsWith("jdbc:") || lower.startsWith("pg:")
                    || SCHEME.matcher(t).matches()) {
                throw new GeodatabaseException(UserData.quote(t) + " mixes a directory and a URL: a geodatabase is either a directory (for"
                        + " Derby) or postgresql://[USER@]HOST[:PORT]/DATABASE[?schema=NAME] (for PostgreSQL).");
            }
            return of(Path.of(t));
        }
        if (t.substring(POSTGRESQL.length()).matches("[^/@]*:[^/@]*@.*")) {
            throw new GeodatabaseException("A PostgreSQL location never holds a password; remove it from " + UserData.quote(POSTGRESQL + t.substring(POSTGRESQL.length()).replaceFirst(":[^/@]*@", ":***@"))
                    + " and set PGPASSWORD or ~/.pgpass instead.");
        }
        Matcher m = URL.matcher(t);
        if (!m.matches()) {
            throw new GeodatabaseException(UserData.quote(t) + " is not a PostgreSQL location; write postgresql://[USER@]HOST[:PORT]/DATABASE[?schema=NAME]"
                    + " (the password comes from PGPASSWORD, ~/.pgpass or a PGSERVICE entry, never from the location).");
        }
        String user = m.group(1), host = m.group(2), database = decode(m.group(4));
        int port = DEFAULT_PORT;
        if (m.group(3) != null) {
            try {
                port = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new GeodatabaseException("The port in " + UserData.quote(t) + " is not a port number (1 to 65535).");
            }
        }
        String schema = DEFAULT_SCHEMA, service = null;
        if (m.group(5) != null && !m.group(5).isEmpty()) {
            for (String pair : m.group(5).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq), value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "schema" -> schema = value;
                    case "service" -> service = value;
                    default -> throw new GeodatabaseException("Unknown option " + UserData.quote(key) + " in " + UserData.quote(t)
                            + "; a PostgreSQL location takes ?schema=NAME (and ?service=NAME for a pg_service.conf entry).");
                }
            }
        }
        if (service == null && database.isEmpty()) {
            throw new GeodatabaseException(UserData.quote(t) + " names no database; write postgresql://[USER@]HOST[:PORT]/DATABASE[?schema=NAME].");
        }
        if (!schema.equals(schema.toLowerCase(Locale.ROOT)) || !NAME.matcher(schema).matches()) {
            throw new GeodatabaseException("The schema " + UserData.quote(schema) + " is not a plain lower-case SQL name (letters, digits and _,"
                    + " starting with a letter); GeoSync keeps its tables in such a schema.");
        }
        return new GeodatabaseLocation(null, user == null ? null : decode(user), host.isEmpty() ? "localhost" : host, port, database, schema,
                service);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Whether this is a PostgreSQL geodatabase (else a Derby directory). */
    public boolean isPostgresql() {
        return directory == null;
    }

    /** The Derby directory; null for PostgreSQL. */
    public Path directory() {
        return directory;
    }

    public String user() {
        return user;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String schema() {
        return schema;
    }

    /** The pg_service.conf entry named by {@code ?service=}, or null. */
    public String service() {
        return service;
    }

    /**
     * A short name for lists and titles: the directory's own name for Derby (the whole path for a root), and
     * {@code DATABASE.SCHEMA} for PostgreSQL (with the service name when the location names a service but no database).
     */
    public String name() {
        if (directory != null) {
            return directory.getFileName() == null ? directory.toString() : directory.getFileName().toString();
        }
        return (database.isEmpty() ? service : database) + "." + schema;
    }

    /** The location as a user writes it: the directory, or the PostgreSQL URL (with the schema only when it is not public). */
    @Override
    public String toString() {
        if (directory != null) {
            return directory.toString();
        }
        StringBuilder b = new StringBuilder(POSTGRESQL);
        if (user != null) {
            b.append(user).append('@');
        }
        b.append(host);
        if (port != DEFAULT_PORT) {
            b.append(':').append(port);
        }
        b.append('/').append(database);
        String sep = "?";
        if (!schema.equals(DEFAULT_SCHEMA)) {
            b.append(sep).append("schema=").append(schema);
            sep = "&";
        }
        if (service != null) {
            b.append(sep).append("service=").append(service);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeodatabaseLocation l && toString().equals(l.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}
