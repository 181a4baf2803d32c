package org.geosync.core.internal.gpkg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.UserData;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opens SQLite files (GeoPackages) with sqlite-jdbc. The driver is used directly through its
 * exported package ({@link SQLiteConfig#createConnection}), not through DriverManager, whose
 * service lookup does not see bundles inside OSGi.
 */
public final class SqliteFiles {

    static {
        // sqlite-jdbc logs through slf4j when slf4j-api is installed (the product has it for the sync service), and slf4j
        // finds no provider under OSGi: without this every GeoPackage command would print slf4j's three warnings on stderr,
        // where a script expects nothing or one sentence
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private SqliteFiles() {
    }

    /**
     * How long SQLite may work on one step of reading a file (a metadata query, the next row) before it
     * is interrupted, in seconds: a view the file defines is SQL of the file's author, and one that never
     * ends (it refers to itself through a recursive query) must not hang the import. The system property
     * {@value #TIMEOUT_PROPERTY} changes it.
     */
    public static final String TIMEOUT_PROPERTY = "geosync.sqlite.timeout";
    private static final long DEFAULT_TIMEOUT_SECONDS = 300;
    /** When each open file's current step started (System.nanoTime). */
    private static final Map<Connection, AtomicLong> STARTS = Collections.synchronizedMap(new WeakHashMap<>());
    /** A pause this long between two progress calls means SQLite returned in between: a new step starts. */
    private static final long PAUSE_NANOS = 200_000_000L;

    /**
     * Opens {@code file} read-only; every step of reading it is limited in time: SQLite is interrupted
     * when it works for {@link #timeoutSeconds()} without returning (a step starts with {@link #step} or
     * when SQLite resumes after a pause).
     */
    public static Connection openReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Connection c = config.createConnection(url(file));
        AtomicLong start = new AtomicLong(System.nanoTime());
        long[] last = { System.nanoTime() };
        long limit = timeoutSeconds() * 1_000_000_000L;
        ProgressHandler.setHandler(c, 10_000, new ProgressHandler() {
            @Override
            protected int progress() {
                long now = System.nanoTime();
                if (now - last[0] > PAUSE_NANOS) {
                    start.set(now);
                }
                last[0] = now;
                return now - start.get() > limit ? 1 : 0;
            }
        });
        STARTS.put(c, start);
        return c;
    }

    /** Starts a new step of reading on {@code c}: SQLite has {@link #timeoutSeconds()} from now to return. */
    public static void step(Connection c) {
        AtomicLong start = STARTS.get(c);
        if (start != null) {
            start.set(System.nanoTime());
        }
    }

    /** The time limit of one step, in seconds. */
    public static long timeoutSeconds() {
        try {
            long v = Long.parseLong(System.getProperty(TIMEOUT_PROPERTY, Long.toString(DEFAULT_TIMEOUT_SECONDS)).trim());
            return v > 0 ? v : DEFAULT_TIMEOUT_SECONDS;
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT_SECONDS;
        }
    }

    /** Whether SQLite was interrupted because a step took too long. */
    static boolean isInterrupted(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT) {
                return true;
            }
        }
        return false;
    }

    /** Creates {@code file} (which must not exist) for writing, with journaling off: a failed write discards the file. */
    public static Connection create(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setPageSize(4096);
        Connection c = config.createConnection(url(file));
        c.setAutoCommit(false);
        return c;
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** Whether SQLite reported that the file is not a database or is damaged. */
    public static boolean isNotADatabase(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
                    return true;
                }
            }
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_NOTADB") || m.contains("SQLITE_CORRUPT");
    }

    /** Closes quietly: the original failure, if any, is what the caller reports. */
    public static void closeQuietly(Connection c) {
        if (c != null) {
            STARTS.remove(c);
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to add to the caller's outcome
            }
        }
    }

    /** The reason of an SQLite failure, one line, for a sentence of GeoSync's. */
    public static String reason(SQLException e) {
        return UserData.excerpt(String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' '), 300);
    }

    /** Wraps an SQLite failure on {@code file} in a sentence. */
    public static GeodatabaseException failure(Path file, String doing, SQLException e) {
        if (isNotADatabase(e)) {
            return new GeodatabaseException(file + " is not a GeoPackage: SQLite reports it is not a database or is damaged ("
                    + reason(e) + ").", e);
        }
        if (isInterrupted(e)) {
            return new GeodatabaseException("Could not " + doing + " " + file + ": SQLite worked on one step for more than "
                    + timeoutSeconds() + " seconds, which a view of the file that never ends (one that refers to itself) causes;"
                    + " remove that view or choose other layers with --layer.", e);
        }
        return new GeodatabaseException("Could not " + doing + " " + file + ": " + reason(e) + ".", e);
    }
}
