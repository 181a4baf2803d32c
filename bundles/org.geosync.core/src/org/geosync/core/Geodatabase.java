package org.geosync.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.geosync.core.internal.DerbyConnector;

/** A geodatabase: an embedded Derby database in a directory, identified by a GUID of its own. */
public final class Geodatabase implements AutoCloseable {

    /** Marker table every GeoSync geodatabase holds; its single row names the geodatabase. */
    static final String INFO_TABLE = "GDB_INFO";

    private final Path directory;
    private final Connection connection;
    private final String guid;

    private Geodatabase(Path directory, Connection connection, String guid) {
        this.directory = directory;
        this.connection = connection;
        this.guid = guid;
    }

    /** Creates a new, empty geodatabase in {@code directory}, which must not exist yet or be empty. */
    public static Geodatabase create(Path directory) throws GeodatabaseException {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new GeodatabaseException(
                    "Cannot create a geodatabase in " + dir + ": the directory is not empty; choose a new or empty directory.");
        }
        Connection c = DerbyConnector.connect(dir, true);
        String guid = UUID.randomUUID().toString();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("CREATE TABLE " + INFO_TABLE
                    + " (GDB_GUID CHAR(36) NOT NULL PRIMARY KEY, SCHEMA_VERSION INT NOT NULL)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + INFO_TABLE + " VALUES (?, 1)")) {
                p.setString(1, guid);
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            DerbyConnector.closeQuietly(c, dir);
            throw new GeodatabaseException("Could not initialise the geodatabase in " + dir + ": " + e.getMessage(), e);
        }
        return new Geodatabase(dir, c, guid);
    }

    /** Opens an existing geodatabase; refuses a directory that is not one, with a sentence saying so. */
    public static Geodatabase open(Path directory) throws GeodatabaseException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("service.properties"))) {
            throw new GeodatabaseException(dir + " is not a geodatabase: create one with 'geosync gdb create " + dir + "'.");
        }
        Connection c = DerbyConnector.connect(dir, false);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT GDB_GUID FROM " + INFO_TABLE)) {
            c.setAutoCommit(false);
            if (!rs.next()) {
                throw new SQLException("no identity row");
            }
            return new Geodatabase(dir, c, rs.getString(1));
        } catch (SQLException e) {
            DerbyConnector.closeQuietly(c, dir);
            throw new GeodatabaseException(dir + " is a Derby database but not a GeoSync geodatabase (" + e.getMessage() + ").", e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws GeodatabaseException {
        if (!Files.isDirectory(dir)) {
            throw new GeodatabaseException(dir + " exists and is not a directory.");
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new GeodatabaseException("Cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory holding the database files. */
    public Path directory() {
        return directory;
    }

    /** The geodatabase's own GUID, fixed at creation. */
    public String guid() {
        return guid;
    }

    /** The JDBC connection of this geodatabase (auto-commit off); for the engine and its tests. */
    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        DerbyConnector.closeQuietly(connection, directory);
    }
}
