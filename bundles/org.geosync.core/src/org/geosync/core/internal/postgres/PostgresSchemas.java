package org.geosync.core.internal.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;

/**
 * A replica made in PostgreSQL goes into a new schema, so that a replica that fails or is cancelled half-way is removed
 * whole (the schema is dropped) and never mixes with tables that were there before.
 */
public final class PostgresSchemas {

    private PostgresSchemas() {
    }

    /** Creates a geodatabase in the schema {@code l} names, which must not exist yet. */
    public static Geodatabase createNew(GeodatabaseLocation l, String password) throws GeodatabaseException {
        try (Connection c = PostgresConnector.connect(l, password)) {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                p.setString(1, l.schema());
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        throw new GeodatabaseException("A replica goes into a new schema, and schema " + l.schema() + " already exists in database "
                                + l.database() + "; name another with ?schema=NAME.");
                    }
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new GeodatabaseException("Cannot read the schemas of " + l + ": " + PostgresConnector.firstLine(e), e);
        }
        return Geodatabase.create(l, password);
    }

    /** Drops the schema {@code l} names with everything in it; a failure is ignored (the caller reports its own). */
    public static void dropQuietly(GeodatabaseLocation l, String password) {
        try (Connection c = PostgresConnector.connect(l, password); Statement s = c.createStatement()) {
            s.executeUpdate("DROP SCHEMA IF EXISTS " + l.schema() + " CASCADE");
            c.commit();
        } catch (GeodatabaseException | SQLException ignored) {
            // the failure that made the replica fail is what the caller reports
        }
    }
}
