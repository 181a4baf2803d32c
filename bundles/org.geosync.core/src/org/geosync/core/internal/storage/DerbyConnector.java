package org.geosync.core.internal.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import org.geosync.core.GeodatabaseException;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Opens embedded Derby connections. Inside OSGi the driver class is not exported by the derby bundle,
 * so it is loaded through that bundle directly instead of through DriverManager.
 */
public final class DerbyConnector {

    private static final String DRIVER_CLASS = "org.apache.derby.iapi.jdbc.AutoloadedDriver";
    private static volatile Driver driver;

    /**
     * How many values of a sequence (the change log's CHANGE_ID, every table's OBJECTID) Derby hands out per
     * write of the sequence's state, which it commits and syncs to disk in a transaction of its own: at Derby's
     * default of 100, importing a message or synchronizing spent about a sixth of its time waiting for those syncs
     * (one per 100 changes logged; measured with the message benchmark). Derby gives unused values back when a
     * database shuts down cleanly, as every geodatabase does when closed; after a crash the next ObjectIDs and
     * change IDs may skip up to this many values, which nothing relies on.
     */
    static final String SEQUENCE_PREALLOCATOR = "derby.language.sequence.preallocator";
    static final String SEQUENCE_VALUES = "1000";

    /**
     * Derby writes its transaction log in write-sync mode by default: every 32 KB of log a transaction fills is
     * synced to disk as it is written, long before the transaction commits, and applying a message writes a
     * kilobyte of log per change (the row, its before-image, its change-log row and their index entries). With
     * file sync Derby writes the log buffers and syncs the file when a transaction commits (and whenever a data
     * page must not reach the disk before its log), which is the same durability: a committed transaction is on
     * disk, an uncommitted one is rolled back by recovery (CrashTest).
     */
    static final String FILE_SYNC_LOG = "derby.storage.fileSyncTransactionLog";

    private DerbyConnector() {
    }

    /** Connects to the database in {@code dir}, creating it when asked. */
    public static Connection connect(Path dir, boolean create) throws GeodatabaseException {
        // absolute: Derby takes a relative name from derby.system.home, which the command line's fast start sets
        String url = "jdbc:derby:" + dir.toAbsolutePath() + (create ? ";create=true" : "");
        try {
            Connection c = driver().connect(url, new Properties());
            if (c == null) {
                throw new GeodatabaseException("The Derby driver refused the URL " + url + ".");
            }
            return c;
        } catch (SQLException e) {
            throw new GeodatabaseException(describe(dir, e), e);
        }
    }

    /** Closes the connection and shuts the database down so its directory can be copied or deleted. */
    public static void closeQuietly(Connection c, Path dir) {
        try {
            if (c != null && !c.isClosed()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                c.close();
            }
        } catch (SQLException ignored) {
            // closing is best effort; the shutdown below releases the files either way
        }
        try {
            driver().connect("jdbc:derby:" + dir.toAbsolutePath() + ";shutdown=true", new Properties());
        } catch (SQLException | GeodatabaseException expected) {
            // Derby reports a successful database shutdown as SQLState 08006
        }
    }

    static String describe(Path dir, SQLException e) {
        if (lockedByAnotherProcess(e, 0)) {
            return "The geodatabase " + dir + " is open in another process; close that program (or its CLI run) and try again.";
        }
        if ("XJ004".equals(e.getSQLState())) {
            return dir + " is not a geodatabase.";
        }
        return "Cannot open the geodatabase " + dir + ": " + e.getMessage();
    }

    /** Derby reports the lock (XSDB6) in the cause chain or, booting from another JVM, in the chain of next exceptions. */
    private static boolean lockedByAnotherProcess(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        if (t instanceof SQLException s && ("XSDB6".equals(s.getSQLState())
                || s.getNextException() != s && lockedByAnotherProcess(s.getNextException(), depth + 1))) {
            return true;
        }
        return t.getCause() != t && lockedByAnotherProcess(t.getCause(), depth + 1);
    }

    private static Driver driver() throws GeodatabaseException {
        Driver d = driver;
        if (d == null) {
            synchronized (DerbyConnector.class) {
                d = driver;
                if (d == null) {
                    d = driver = loadDriver();
                }
            }
        }
        return d;
    }

    private static Driver loadDriver() throws GeodatabaseException {
        // Derby reads some settings when it boots a database, before the engine can set them as database
        // properties of a new geodatabase (DerbyDialect#tune); as system properties they hold from the start.
        for (Map.Entry<String, String> p : DerbyDialect.PROPERTIES.entrySet()) {
            if (System.getProperty(p.getKey()) == null) {
                System.setProperty(p.getKey(), p.getValue());
            }
        }
        if (System.getProperty(SEQUENCE_PREALLOCATOR) == null) {
            System.setProperty(SEQUENCE_PREALLOCATOR, SEQUENCE_VALUES);
        }
        if (System.getProperty(FILE_SYNC_LOG) == null) {
            System.setProperty(FILE_SYNC_LOG, "true");
        }
        try {
            Class<?> type = null;
            Bundle self = FrameworkUtil.getBundle(DerbyConnector.class);
            if (self != null && self.getBundleContext() != null) {
                for (Bundle b : self.getBundleContext().getBundles()) {
                    if ("derby".equals(b.getSymbolicName())) {
                        type = b.loadClass(DRIVER_CLASS);
                        break;
                    }
                }
            }
            if (type == null) {
                type = Class.forName(DRIVER_CLASS);
            }
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new GeodatabaseException("Apache Derby is missing from this installation (" + e + "); reinstall GeoSync.", e);
        }
    }
}
