package org.geosync.core.internal.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.functions.BulkRows;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A bulk load into PostgreSQL with {@code COPY ... FROM STDIN} in text format, streamed in chunks as the source yields rows
 * (memory does not grow with their number). Geometry goes as hex WKB, which PostGIS reads as the column's input, and the
 * table's trigger gives it the SRID; bytea as {@code \x} hex. What the source throws is rethrown as it was and the COPY is
 * cancelled, so nothing of the load stays.
 */
public final class PgCopy {

    private static final int CHUNK = 1 << 16;

    private PgCopy() {
    }

    /** Whether {@code c} is a connection to PostgreSQL (wrapped or not). */
    public static boolean isPostgres(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class);
    }

    public static long into(Connection c, String table, List<String> columns, BulkRows.Source source) throws SQLException, GeodatabaseException {
        String[] types = new String[columns.size()];
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData m = rs.getMetaData();
            for (int i = 0; i < types.length; i++) {
                types[i] = m.getColumnTypeName(i + 1);
            }
        }
        Connection raw = c.unwrap(Connection.class);
        CopyIn copy = raw.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN");
        Object[] row = new Object[columns.size()];
        ByteArrayOutputStream buf = new ByteArrayOutputStream(CHUNK + 4096);
        StringBuilder line = new StringBuilder();
        try {
            while (source.next(row)) {
                line.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        line.append('\t');
                    }
                    text(line, row[i], types[i]);
                }
                line.append('\n');
                buf.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                if (buf.size() >= CHUNK) {
                    copy.writeToCopy(buf.toByteArray(), 0, buf.size());
                    buf.reset();
                }
            }
            if (buf.size() > 0) {
                copy.writeToCopy(buf.toByteArray(), 0, buf.size());
            }
            return copy.endCopy();
        } catch (GeodatabaseException | SQLException | RuntimeException e) {
            cancel(copy);
            throw e;
        } catch (Exception e) {
            cancel(copy);
            throw new GeodatabaseException(String.valueOf(e.getMessage()), e);
        }
    }

    private static void cancel(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the source's failure is what the caller needs to see
        }
    }

    /** Appends a value in COPY's text format. */
    static void text(StringBuilder b, Object v, String type) {
        if (v == null) {
            b.append("\\N");
            return;
        }
        if (v instanceof byte[] bytes) {
            b.append("bytea".equals(type) ? "\\\\x" : "").append(HexFormat.of().formatHex(bytes));
            return;
        }
        String s = v.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
    }
}
