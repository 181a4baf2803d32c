package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether a table or a column exists, by its exact name: the one question the catalog, the replica store, the schema change
 * log and the relationship classes ask when they install or check their tables. On Derby it is asked of the system tables
 * in a plain query (JDBC's DatabaseMetaData runs stored statements Derby compiles anew after every boot and matches names as
 * patterns, most of the time of opening a geodatabase of hundreds of datasets); elsewhere through DatabaseMetaData, the name
 * escaped so that it matches itself only.
 */
public final class Tables {

    private Tables() {
    }

    /** Whether the database holds a table called {@code table}. */
    public static boolean exists(Connection c, String table) throws SQLException {
        if (isDerby(c) || !org.geosync.core.internal.postgres.PgCopy.isPostgres(c)) {
            return DerbyDialect.hasTable(c, table);
        }
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, exactly(meta, table), null)) {
            while (rs.next()) {
                if (table.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether {@code table} has a column called {@code column}. */
    public static boolean columnExists(Connection c, String table, String column) throws SQLException {
        if (isDerby(c) || !org.geosync.core.internal.postgres.PgCopy.isPostgres(c)) {
            return DerbyDialect.hasColumn(c, table, column);
        }
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getColumns(null, null, exactly(meta, table), exactly(meta, column))) {
            return rs.next();
        }
    }

    /**
     * Whether {@code c} is an embedded Derby connection, told by its class: asking whether it wraps a PostgreSQL connection
     * loads the PostgreSQL driver's classes (and starts its bundle), which a command on a Derby geodatabase never needs.
     */
    private static boolean isDerby(Connection c) {
        return c.getClass().getName().startsWith("org.apache.derby.");
    }

    /**
     * The constant of {@code values} called {@code name}, as Enum.valueOf finds it but without its reflection, which
     * costs a command line's JVM a noticeable part of opening a geodatabase the first time it runs.
     */
    static <E extends Enum<E>> E named(E[] values, String name) {
        for (E e : values) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("No constant " + name + " among " + java.util.Arrays.toString(values));
    }

    /** A DatabaseMetaData pattern matching {@code name} only. */
    private static String exactly(DatabaseMetaData meta, String name) throws SQLException {
        String escape = meta.getSearchStringEscape();
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    /** Used by {@link DerbyDialect}'s system-table queries: a statement's one row, or none. */
    static boolean any(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            return rs.next();
        }
    }
}
