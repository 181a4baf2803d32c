package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.functions.BulkRows;

/**
 * Loads rows into a table created in the current transaction (a bulk load: no indexes or triggers yet)
 * as Derby's bulk insert: {@code INSERT INTO T SELECT * FROM TABLE(f(handle))}, where {@code f} is a table
 * function ({@link BulkRows}) declared for this load with the table's column types. Derby writes an empty
 * table's rows that way without logging each one, which loads several times faster than a JDBC batch
 * (the load and checkout benchmarks measure it). The rows stream from the source: memory does not grow
 * with their number. Whatever the source throws — a refusal, a cancellation — is rethrown as it was.
 */
public final class BulkInsert {

    private BulkInsert() {
    }

    /** Inserts the source's rows of {@code columns} into {@code table}; returns how many. */
    public static long into(Connection c, String table, List<String> columns, BulkRows.Source source)
            throws SQLException, GeodatabaseException {
        if (org.geosync.core.internal.postgres.PgCopy.isPostgres(c)) {
            return org.geosync.core.internal.postgres.PgCopy.into(c, table, columns, source);
        }
        String cols = String.join(", ", columns);
        List<String> types = new ArrayList<>();
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT " + cols + " FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 1; i <= columns.size(); i++) {
                types.add(columns.get(i - 1) + " " + type(m, i));
            }
        }
        String function = "GDB_BULK_" + Long.toString(System.nanoTime() & 0xffffffffL, 36).toUpperCase(Locale.ROOT);
        int handle = BulkRows.register(source, columns.size());
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE FUNCTION " + function + "(H INTEGER) RETURNS TABLE (" + String.join(", ", types) + ")"
                    + " LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET NO SQL EXTERNAL NAME '" + BulkRows.class.getName() + ".rows'");
            long n;
            try {
                n = s.executeLargeUpdate("INSERT INTO " + table + " (" + cols + ") SELECT * FROM TABLE(" + function + "(" + handle + ")) R");
            } catch (SQLException e) {
                Exception failure = BulkRows.release(handle).failure();
                if (failure instanceof GeodatabaseException g) {
                    throw g;
                }
                if (failure instanceof SQLException q) {
                    throw q;
                }
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
            s.executeUpdate("DROP FUNCTION " + function);
            return n;
        } finally {
            BulkRows.release(handle);
        }
    }

    private static String type(ResultSetMetaData m, int i) throws SQLException {
        String name = m.getColumnTypeName(i).toUpperCase(Locale.ROOT);
        return switch (name) {
            case "CHAR", "VARCHAR" -> name + "(" + m.getPrecision(i) + ")";
            case "BLOB", "CLOB" -> name + "(" + m.getPrecision(i) + ")";
            case "DECIMAL", "NUMERIC" -> name + "(" + m.getPrecision(i) + ", " + m.getScale(i) + ")";
            case "CHAR () FOR BIT DATA", "VARCHAR () FOR BIT DATA" -> name.replace("()", "(" + m.getPrecision(i) + ")");
            default -> name;
        };
    }
}
