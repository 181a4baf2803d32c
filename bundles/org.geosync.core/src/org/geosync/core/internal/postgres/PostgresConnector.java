package org.geosync.core.internal.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.PasswordProvider;

/**
 * Opens connections to a PostgreSQL geodatabase with the PostgreSQL JDBC driver. The password comes, as for every PostgreSQL
 * client, from {@code PGPASSWORD}, else from {@code ~/.pgpass} (or {@code PGPASSFILE}) or a {@code pg_service.conf} entry,
 * which the driver reads itself; the workbench passes the one it keeps in secure storage. A connection that fails is
 * described in one sentence naming what to fix.
 */
public final class PostgresConnector {

    private PostgresConnector() {
    }

    /** The JDBC URL of a location (no credentials in it). */
    static String url(GeodatabaseLocation l) {
        String host = l.host().contains(":") ? "[" + l.host() + "]" : l.host();
        StringBuilder url = new StringBuilder("jdbc:postgresql://" + host + ":" + l.port() + "/" + (l.database() == null ? "" : l.database()));
        if (l.service() != null) {
            url.append("?service=").append(l.service());
        }
        return url.toString();
    }

    private static volatile PasswordProvider passwordProvider;

    /** Sets (null: removes) where passwords come from before the user's own sources; see {@link PasswordProvider}. */
    public static void setPasswordProvider(PasswordProvider provider) {
        passwordProvider = provider;
    }

    /** A new connection (auto-commit off, the geodatabase's schema first on the search path); {@code password} null: the user's own sources. */
    public static Connection connect(GeodatabaseLocation l, String password) throws GeodatabaseException {
        Properties p = new Properties();
        String user = l.user() != null ? l.user() : System.getenv().getOrDefault("PGUSER", System.getProperty("user.name"));
        if (l.service() == null || l.user() != null) {
            p.setProperty("user", user);
        }
        String pw = password;
        PasswordProvider provider = passwordProvider;
        if (pw == null && provider != null) {
            pw = provider.passwordFor(l);
        }
        if (pw == null) {
            pw = System.getenv("PGPASSWORD");
        }
        if (pw != null) {
            p.setProperty("password", pw);
        }
        p.setProperty("ApplicationName", "GeoSync");
        p.setProperty("currentSchema", l.schema().equals(GeodatabaseLocation.DEFAULT_SCHEMA) ? "public" : l.schema() + ",public");
        p.setProperty("connectTimeout", "10");
        // strings bound to parameters take the type of what they are compared with (a uuid, a date) as in Derby
        p.setProperty("stringtype", "unspecified");
        p.setProperty("reWriteBatchedInserts", "true");
        try {
            Connection c = new org.postgresql.Driver().connect(url(l), p);
            if (c == null) {
                throw new GeodatabaseException("The PostgreSQL driver does not accept the location " + l + ".");
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new GeodatabaseException(describe(l, user, e), e);
        }
    }

    /** One sentence for a connection that failed. */
    static String describe(GeodatabaseLocation l, String user, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String server = "the PostgreSQL server at " + l.host() + ":" + l.port();
        if (state.startsWith("08")) {
            return "Cannot reach " + server + " (" + firstLine(e) + "); check that the server runs and accepts TCP connections there"
                    + " (listen_addresses, port, firewall).";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return "PostgreSQL refused user " + user + " at " + l.host() + ":" + l.port() + " (" + firstLine(e) + "); set the password"
                    + " in PGPASSWORD or ~/.pgpass, or ask the DBA for a pg_hba.conf entry for this user and host.";
        }
        if (state.equals("3D000")) {
            return "The database " + l.database() + " does not exist on " + server + "; ask the DBA to create it (createdb "
                    + l.database() + ") or name an existing one.";
        }
        return "Cannot connect to " + l + ": " + firstLine(e);
    }

    /** The first line of a server error (PostgreSQL adds a hint and a position on lines of their own). */
    public static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
