package org.geosync.core.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.geosync.core.GeodatabaseException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opens SQLite files (GeoPackages) with sqlite-jdbc. The driver is used directly through its
 * exported package ({@link SQLiteConfig#createConnection}), not through DriverManager, whose
 * service lookup does not see bundles inside OSGi.
 */
public final class SqliteFiles {

    private SqliteFiles() {
    }

    /** Opens {@code file} read-only. */
    public static Connection openReadOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return config.createConnection(url(file));
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
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to add to the caller's outcome
            }
        }
    }

    /** The reason of an SQLite failure, one line, for a sentence of GeoSync's. */
    public static String reason(SQLException e) {
        return String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' ');
    }

    /** Wraps an SQLite failure on {@code file} in a sentence. */
    public static GeodatabaseException failure(Path file, String doing, SQLException e) {
        if (isNotADatabase(e)) {
            return new GeodatabaseException(file + " is not a GeoPackage: SQLite reports it is not a database or is damaged ("
                    + reason(e) + ").", e);
        }
        return new GeodatabaseException("Could not " + doing + " " + file + ": " + reason(e) + ".", e);
    }
}
