package org.geosync.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.UUID;

import org.geosync.core.internal.postgres.PgJdbc;
import org.geosync.core.internal.postgres.PostgresConnector;
import org.geosync.core.internal.postgres.PostgresDialect;
import org.geosync.core.internal.storage.Catalog;
import org.geosync.core.internal.storage.ReplicaStore;

/**
 * Creating and opening a geodatabase in a schema of a PostgreSQL database: GeoSync's catalog goes into an existing database
 * (the DBA makes the database and the role; GeoSync makes the schema when the role may, and the {@code postgis} extension when
 * the role may, else says what the DBA must run).
 */
final class PostgresGeodatabases {

    private PostgresGeodatabases() {
    }

    static Geodatabase create(GeodatabaseLocation l, String password, Geodatabase.Maker maker) throws GeodatabaseException {
        Connection raw = PostgresConnector.connect(l, password);
        try {
            ensurePostgis(raw, l);
            ensureSchema(raw, l);
            if (holdsGeodatabase(raw)) {
                throw new GeodatabaseException("Cannot create a geodatabase in " + l + ": schema " + l.schema() + " already holds one; open it,"
                        + " or name another schema with ?schema=NAME.");
            }
            Connection c = PgJdbc.wrap(raw, l.schema());
            String guid = UUID.randomUUID().toString();
            PostgresDialect dialect = new PostgresDialect(l.schema());
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE " + Geodatabase.INFO_TABLE + " (GDB_GUID CHAR(36) NOT NULL PRIMARY KEY, SCHEMA_VERSION INT NOT NULL)");
                try (PreparedStatement p = c.prepareStatement("INSERT INTO " + Geodatabase.INFO_TABLE + " VALUES (?, " + Geodatabase.SCHEMA_VERSION + ")")) {
                    p.setString(1, guid);
                    p.executeUpdate();
                }
                new Catalog(c, dialect).install();
                new ReplicaStore(c).setLocation(l.toString());
                c.commit();
            }
            return maker.make(l, c, guid, dialect);
        } catch (SQLException e) {
            closeQuietly(raw);
            throw new GeodatabaseException("Could not install GeoSync's catalog in " + l + ": " + PostgresConnector.firstLine(e), e);
        } catch (GeodatabaseException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    static Geodatabase open(GeodatabaseLocation l, String password, Geodatabase.Maker maker) throws GeodatabaseException {
        Connection raw = PostgresConnector.connect(l, password);
        try {
            if (!holdsGeodatabase(raw)) {
                raw.rollback();
                throw new GeodatabaseException(l + " is not a geodatabase: schema " + l.schema() + " of database " + l.database()
                        + " holds no GeoSync catalog; create one with 'geosync gdb create " + l + "'.");
            }
            Connection c = PgJdbc.wrap(raw, l.schema());
            PostgresDialect dialect = new PostgresDialect(l.schema());
            String guid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT GDB_GUID, SCHEMA_VERSION FROM " + Geodatabase.INFO_TABLE)) {
                if (!rs.next()) {
                    throw new GeodatabaseException(l + " holds an empty GeoSync catalog (no identity row); it cannot be opened.");
                }
                guid = rs.getString(1).trim();
                if (rs.getInt(2) != Geodatabase.SCHEMA_VERSION) {
                    throw new GeodatabaseException(GeodatabaseException.Reason.EARLIER_LAYOUT, l + " was made by another GeoSync version"
                            + " whose storage layout this version does not read.", null);
                }
            }
            Catalog catalog = new Catalog(c, dialect);
            catalog.install();
            catalog.upgradeTrackingTriggers();
            c.commit();
            return maker.make(l, c, guid, dialect);
        } catch (SQLException e) {
            closeQuietly(raw);
            throw new GeodatabaseException("Could not open the geodatabase in " + l + ": " + PostgresConnector.firstLine(e), e);
        } catch (GeodatabaseException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    private static boolean holdsGeodatabase(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_class C JOIN pg_namespace N ON C.RELNAMESPACE = N.OID"
                + " WHERE N.NSPNAME = current_schema() AND C.RELNAME = 'gdb_info'"); ResultSet rs = p.executeQuery()) {
            return rs.next();
        }
    }

    /** Creates the postgis extension when it is missing and the role may; else refuses with what the DBA must run. */
    private static void ensurePostgis(Connection c, GeodatabaseLocation l) throws SQLException, GeodatabaseException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")) {
            if (rs.next()) {
                return;
            }
        }
        boolean available;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")) {
            available = rs.next();
        }
        if (!available) {
            throw new GeodatabaseException("PostGIS is not installed on the PostgreSQL server at " + l.host() + ":" + l.port()
                    + "; the server's administrator must install it (on Debian: apt-get install postgresql-"
                    + serverMajor(c) + "-postgis-3), then run CREATE EXTENSION postgis; in database " + l.database() + ".");
        }
        Savepoint sp = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE EXTENSION postgis SCHEMA public");
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            throw new GeodatabaseException("Database " + l.database() + " has no PostGIS and user " + userOf(c) + " may not add it ("
                    + PostgresConnector.firstLine(e) + "); ask the DBA to run CREATE EXTENSION postgis; in database " + l.database() + ", then try again.", e);
        }
    }

    private static void ensureSchema(Connection c, GeodatabaseLocation l) throws SQLException, GeodatabaseException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            p.setString(1, l.schema());
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        Savepoint sp = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE SCHEMA " + l.schema());
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            throw new GeodatabaseException("Schema " + l.schema() + " does not exist in database " + l.database() + " and user " + userOf(c)
                    + " may not create it (" + PostgresConnector.firstLine(e) + "); ask the DBA to run CREATE SCHEMA " + l.schema() + " AUTHORIZATION "
                    + userOf(c) + ";.", e);
        }
    }

    private static String userOf(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            return rs.next() ? rs.getString(1) : "?";
        } catch (SQLException e) {
            return "?";
        }
    }

    private static int serverMajor(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion();
    }

    static void closeQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.rollback();
                c.close();
            }
        } catch (SQLException ignored) {
            // closing: nothing left to do with a failure
        }
    }
}
