package org.geosync.core.functions;

import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

import org.apache.derby.vti.VTITemplate;

/**
 * The table function behind {@code org.geosync.core.internal.storage.BulkInsert}: Derby reads an INSERT's rows
 * from it, which lets Derby load an empty table as a bulk insert (no per-row logging; see DERBY-4789).
 * Rows come from a {@link Source} registered under a handle for the one statement that reads them.
 */
public final class BulkRows extends VTITemplate {

    /** Fills {@code row} with the next row's values (Java objects as JDBC gives them) and says whether there was one. */
    @FunctionalInterface
    public interface Source {
        boolean next(Object[] row) throws Exception;
    }

    /** A registered source and what went wrong in it, if anything (rethrown by the caller as it was). */
    public static final class Feed {
        final Source source;
        final Object[] row;
        Exception failure;

        Feed(Source source, int columns) {
            this.source = source;
            this.row = new Object[columns];
        }

        /** The exception the source threw, which ended the statement; null when none. */
        public Exception failure() {
            return failure;
        }
    }

    private static final Map<Integer, Feed> FEEDS = new ConcurrentHashMap<>();
    private static final AtomicInteger HANDLES = new AtomicInteger();

    /** Registers a source of rows of {@code columns} values; returns its handle, to pass to the function. */
    public static int register(Source source, int columns) {
        int handle = HANDLES.incrementAndGet();
        FEEDS.put(handle, new Feed(source, columns));
        return handle;
    }

    /** Forgets a handle; returns its feed. */
    public static Feed release(int handle) {
        return FEEDS.remove(handle);
    }

    /** The table function: the rows of the source registered under {@code handle}. */
    public static ResultSet rows(int handle) throws SQLException {
        Feed feed = FEEDS.get(handle);
        if (feed == null) {
            throw new SQLException("No rows are registered under handle " + handle + ".");
        }
        return new BulkRows(feed);
    }

    private final Feed feed;
    private boolean done;
    private boolean wasNull;

    private BulkRows(Feed feed) {
        this.feed = feed;
    }

    @Override
    public boolean next() throws SQLException {
        if (done) {
            return false;
        }
        try {
            if (!feed.source.next(feed.row)) {
                done = true;
            }
        } catch (Exception e) {
            feed.failure = e;
            done = true;
            throw new SQLException("Reading the rows to load failed: " + e.getMessage(), "38GS2", e);
        }
        return !done;
    }

    @Override
    public void close() {
        done = true;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    private Object value(int column) {
        Object v = feed.row[column - 1];
        wasNull = v == null;
        return v;
    }

    private Number number(int column) {
        Object v = value(column);
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return v instanceof Number n ? n : new BigDecimal(v.toString().trim());
    }

    @Override
    public String getString(int column) throws SQLException {
        Object v = value(column);
        if (v instanceof Clob c) {
            return c.getSubString(1, (int) c.length());
        }
        return v == null ? null : v.toString();
    }

    @Override
    public boolean getBoolean(int column) {
        Object v = value(column);
        return v instanceof Boolean b ? b : v != null && number(column).intValue() != 0;
    }

    @Override
    public short getShort(int column) {
        return number(column).shortValue();
    }

    @Override
    public int getInt(int column) {
        return number(column).intValue();
    }

    @Override
    public long getLong(int column) {
        return number(column).longValue();
    }

    @Override
    public float getFloat(int column) {
        return number(column).floatValue();
    }

    @Override
    public double getDouble(int column) {
        return number(column).doubleValue();
    }

    @Override
    public BigDecimal getBigDecimal(int column) {
        Number n = number(column);
        return wasNull ? null : n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        Object v = value(column);
        return v instanceof Blob b ? b.getBytes(1, (int) b.length()) : (byte[]) v;
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : v instanceof Blob b ? b : new SerialBlob((byte[]) v);
    }

    @Override
    public Clob getClob(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : v instanceof Clob c ? c : new SerialClob(v.toString().toCharArray());
    }

    @Override
    public Date getDate(int column) {
        Object v = value(column);
        return v == null ? null : v instanceof Date d ? d : v instanceof java.util.Date u ? new Date(u.getTime()) : Date.valueOf(v.toString().trim());
    }

    @Override
    public Time getTime(int column) {
        Object v = value(column);
        return v == null ? null : v instanceof Time t ? t : v instanceof java.util.Date u ? new Time(u.getTime()) : Time.valueOf(v.toString().trim());
    }

    @Override
    public Timestamp getTimestamp(int column) {
        Object v = value(column);
        return v == null ? null
                : v instanceof Timestamp t ? t : v instanceof java.util.Date u ? new Timestamp(u.getTime()) : Timestamp.valueOf(v.toString().trim());
    }

    @Override
    public Object getObject(int column) {
        return value(column);
    }
}
