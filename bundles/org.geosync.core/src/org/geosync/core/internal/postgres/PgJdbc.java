package org.geosync.core.internal.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.storage.TrackingFlag;

/**
 * The PostgreSQL connection as the engine sees it: the engine reads values as Derby gives them, and this wrapper closes the
 * few gaps that are PostgreSQL's own, in one place. It never rewrites a statement: SQL that differs between the engines
 * (column types, sequence values, triggers) is {@link PostgresDialect}'s.
 * <ul>
 * <li>The tracking switch and the source of applied changes are per thread in the engine ({@link TrackingFlag}); PostgreSQL's
 * triggers run in the server, so before each statement the thread's state is copied into the session settings
 * {@code geosync.tracking} and {@code geosync.source} the triggers read (only when it changed; a rollback undoes a setting
 * made in its transaction, so the copy is made again after one).</li>
 * <li>Names come back in upper case as Derby stores unquoted names (PostgreSQL folds them to lower case), and names given to
 * {@link DatabaseMetaData} are looked up in lower case in the geodatabase's schema.</li>
 * <li>A geometry column reads as the plain 2D WKB the engine holds in memory (PostGIS sends hex EWKB); writing WKB into one
 * uses PostGIS's own cast from bytea, and the table's trigger gives it the column's SRID. A uuid reads as its text; a text
 * read as a CLOB is one.</li>
 * </ul>
 */
public final class PgJdbc {

    private PgJdbc() {
    }

    /** Wraps a connection to a geodatabase in {@code schema}. */
    public static Connection wrap(Connection c, String schema) {
        return proxy(Connection.class, new ConnectionHandler(c, schema));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler h) {
        return (T) Proxy.newProxyInstance(PgJdbc.class.getClassLoader(), new Class<?>[] { type }, h);
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection c;
        private final String schema;
        /** The tracking state last copied into the session, or null when unknown. */
        private String pushed;

        ConnectionHandler(Connection c, String schema) {
            this.c = c;
            this.schema = schema;
        }

        void push() throws SQLException {
            String source = TrackingFlag.source();
            String state = (TrackingFlag.isTracking() ? "on" : "off") + "|" + (source == null ? "" : source);
            if (state.equals(pushed)) {
                return;
            }
            try (PreparedStatement p = c.prepareStatement("SELECT set_config('geosync.tracking', ?, false), set_config('geosync.source', ?, false)")) {
                p.setString(1, TrackingFlag.isTracking() ? "on" : "off");
                p.setString(2, source == null ? "" : source);
                p.executeQuery().close();
            }
            pushed = state;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "createStatement":
                    return proxy(Statement.class, new StatementHandler((Statement) call(c, m, args), this));
                case "prepareStatement":
                    return proxy(PreparedStatement.class, new StatementHandler((Statement) call(c, m, args), this));
                case "prepareCall":
                    return proxy(CallableStatement.class, new StatementHandler((Statement) call(c, m, args), this));
                case "rollback":
                    pushed = null; // a setting made in the transaction is undone with it
                    return call(c, m, args);
                case "getMetaData":
                    return proxy(DatabaseMetaData.class, new MetaDataHandler((DatabaseMetaData) call(c, m, args), schema));
                case "unwrap":
                    if (args[0] == Connection.class) {
                        return c;
                    }
                    return call(c, m, args);
                default:
                    return call(c, m, args);
            }
        }
    }

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch",
            "executeLargeBatch");

    private static final class StatementHandler implements InvocationHandler {
        private final Statement s;
        private final ConnectionHandler connection;

        StatementHandler(Statement s, ConnectionHandler connection) {
            this.s = s;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (EXECUTES.contains(m.getName())) {
                connection.push();
            }
            Object result = call(s, m, args);
            if (result instanceof ResultSet rs) {
                return proxy(ResultSet.class, new ResultSetHandler(rs, false));
            }
            return result;
        }
    }

    private static final class ResultSetHandler implements InvocationHandler {
        private final ResultSet rs;
        /** Metadata results: their name columns are upper-cased. */
        private final boolean metadata;
        private ResultSetMetaData meta;

        ResultSetHandler(ResultSet rs, boolean metadata) {
            this.rs = rs;
            this.metadata = metadata;
        }

        private String typeName(Object column) throws SQLException {
            if (meta == null) {
                meta = rs.getMetaData();
            }
            int i = column instanceof Integer n ? n : rs.findColumn((String) column);
            return meta.getColumnTypeName(i);
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "getObject":
                case "getBytes":
                    if (args.length == 1) {
                        String type = typeName(args[0]);
                        if ("geometry".equals(type)) {
                            Object v = args[0] instanceof Integer i ? rs.getString(i) : rs.getString((String) args[0]);
                            if (v == null) {
                                return null;
                            }
                            // getObject gives a Blob, as Derby's does for SHAPE; getBytes the bytes
                            return m.getName().equals("getObject") ? new javax.sql.rowset.serial.SerialBlob(wkb((String) v)) : wkb((String) v);
                        }
                        if ("uuid".equals(type) && m.getName().equals("getObject")) {
                            return args[0] instanceof Integer i ? rs.getString(i) : rs.getString((String) args[0]);
                        }
                    }
                    return call(rs, m, args);
                case "getClob": {
                    String v = args[0] instanceof Integer i ? rs.getString(i) : rs.getString((String) args[0]);
                    return v == null ? null : new javax.sql.rowset.serial.SerialClob(v.toCharArray());
                }
                case "getString":
                    if (metadata) {
                        String v = (String) call(rs, m, args);
                        return v == null ? null : v.toUpperCase(Locale.ROOT);
                    }
                    return call(rs, m, args);
                case "getMetaData":
                    return proxy(ResultSetMetaData.class, new ResultSetMetaDataHandler((ResultSetMetaData) call(rs, m, args)));
                default:
                    return call(rs, m, args);
            }
        }
    }

    /**
     * Hex EWKB as PostGIS sends it, as the engine's WKB: the bytes {@link Geometries#toWkb} writes for the geometry JTS reads from
     * it (big-endian, 2D, the SRID on the outer geometry). Two-dimensional geometries as PostGIS writes them are rewritten byte by
     * byte ({@link #engineWkb}); anything else (Z or M, empty parts, NaN, an open ring) goes through JTS as it always did.
     * Public for the engine's tests.
     */
    public static byte[] wkb(String hexEwkb) {
        byte[] ewkb = HexFormat.of().parseHex(hexEwkb);
        byte[] direct = engineWkb(ewkb);
        return direct != null ? direct : Geometries.toWkb(Geometries.fromWkb(ewkb));
    }

    /**
     * The engine's WKB of {@code ewkb} without making the geometry, or null when it is not a plain case, which is left to JTS:
     * only points, line strings of 2 or more points, polygons of closed rings of 4 or more points, and their multi and
     * collection forms, in two dimensions with no NaN coordinate, no empty part, an SRID only on the outer geometry and nothing
     * after it. Those read and write in JTS as one big-endian copy of the same numbers: the outer geometry's type gets the SRID
     * flag and its SRID (0 when there is none), the parts theirs without, each double its 8 bytes in big-endian order.
     */
    public static byte[] engineWkb(byte[] ewkb) {
        try {
            Transcoder t = new Transcoder(ewkb);
            if (!t.geometry(0) || t.in != ewkb.length) {
                return null;
            }
            return t.out.length == t.at ? t.out : java.util.Arrays.copyOf(t.out, t.at);
        } catch (IndexOutOfBoundsException truncated) {
            return null;
        }
    }

    /** The byte-by-byte rewriting of {@link #engineWkb}. */
    private static final class Transcoder {
        private static final int SRID_FLAG = 0x20000000;
        private final byte[] src;
        /** Where reading and writing are. */
        int in;
        int at;
        byte[] out;
        private boolean little;

        Transcoder(byte[] src) {
            this.src = src;
            this.out = new byte[src.length + 4]; // the SRID is added when the input has none
        }

        /** Copies one geometry (its parts too) of the allowed {@code kind} (0: any); false when it is not a plain case. */
        boolean geometry(int depth) {
            return geometry(depth, 0);
        }

        private boolean geometry(int depth, int kind) {
            if (depth > Geometries.MAX_NESTING) {
                return false;
            }
            byte order = src[in++];
            if (order != 0 && order != 1) {
                return false;
            }
            little = order == 1;
            int type = readInt();
            boolean srid = (type & SRID_FLAG) != 0;
            int base = type & ~SRID_FLAG;
            if (base < 1 || base > 7 || kind != 0 && base != kind || srid && depth > 0) {
                return false; // Z, M, ISO codes, another type than the collection holds, a part's SRID
            }
            int sridValue = srid ? readInt() : 0;
            out[at++] = 0;
            if (depth == 0) {
                writeInt(base | SRID_FLAG);
                writeInt(sridValue);
            } else {
                writeInt(base);
            }
            switch (base) {
                case 1:
                    return points(1, false);
                case 2: {
                    int n = count(16);
                    if (n < 2) {
                        return false;
                    }
                    writeInt(n);
                    return points(n, false);
                }
                case 3: {
                    int rings = count(4);
                    if (rings < 1) {
                        return false;
                    }
                    writeInt(rings);
                    for (int r = 0; r < rings; r++) {
                        int n = count(16);
                        if (n < 4) {
                            return false;
                        }
                        writeInt(n);
                        if (!points(n, true)) {
                            return false;
                        }
                    }
                    return true;
                }
                default: {
                    int parts = count(5);
                    if (parts < 1) {
                        return false;
                    }
                    writeInt(parts);
                    int partKind = base == 7 ? 0 : base - 3;
                    for (int i = 0; i < parts; i++) {
                        if (!geometry(depth + 1, partKind)) {
                            return false;
                        }
                    }
                    return true;
                }
            }
        }

        /** A count of items of at least {@code bytes} each, -1 when more than the bytes left could hold. */
        private int count(int bytes) {
            int n = readInt();
            return n < 0 || n > (src.length - in) / bytes ? -1 : n;
        }

        /** Copies {@code n} points; a ring's last point must repeat its first (JTS would close an open one). */
        private boolean points(int n, boolean ring) {
            int first = in;
            for (int i = 0; i < 2 * n; i++) {
                long bits = readLong();
                if (Double.isNaN(Double.longBitsToDouble(bits))) {
                    return false;
                }
                writeLong(bits);
            }
            if (ring) {
                int last = in - 16;
                for (int k = 0; k < 2; k++) {
                    if (Double.longBitsToDouble(longAt(first + 8 * k)) != Double.longBitsToDouble(longAt(last + 8 * k))) {
                        return false;
                    }
                }
            }
            return true;
        }

        private int readInt() {
            int v = little ? (src[in] & 0xff) | (src[in + 1] & 0xff) << 8 | (src[in + 2] & 0xff) << 16 | (src[in + 3] & 0xff) << 24
                    : (src[in] & 0xff) << 24 | (src[in + 1] & 0xff) << 16 | (src[in + 2] & 0xff) << 8 | (src[in + 3] & 0xff);
            in += 4;
            return v;
        }

        private long longAt(int i) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (src[i + k] & 0xffL) << (little ? 8 * k : 8 * (7 - k));
            }
            return v;
        }

        private long readLong() {
            long v = longAt(in);
            in += 8;
            return v;
        }

        private void writeInt(int v) {
            out[at++] = (byte) (v >>> 24);
            out[at++] = (byte) (v >>> 16);
            out[at++] = (byte) (v >>> 8);
            out[at++] = (byte) v;
        }

        private void writeLong(long v) {
            for (int k = 7; k >= 0; k--) {
                out[at++] = (byte) (v >>> 8 * k);
            }
        }
    }

    private static final class ResultSetMetaDataHandler implements InvocationHandler {
        private final ResultSetMetaData m;

        ResultSetMetaDataHandler(ResultSetMetaData m) {
            this.m = m;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object v = call(m, method, args);
            if (method.getName().equals("getColumnType") && "geometry".equals(m.getColumnTypeName((Integer) args[0]))) {
                return java.sql.Types.BLOB; // read as WKB, like Derby's SHAPE
            }
            if ((method.getName().equals("getColumnName") || method.getName().equals("getColumnLabel")) && v instanceof String s) {
                return s.toUpperCase(Locale.ROOT);
            }
            return v;
        }
    }

    private static final class MetaDataHandler implements InvocationHandler {
        private final DatabaseMetaData m;
        private final String schema;

        MetaDataHandler(DatabaseMetaData m, String schema) {
            this.m = m;
            this.schema = schema;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if ((method.getName().equals("getTables") || method.getName().equals("getColumns") || method.getName().equals("getIndexInfo")
                    || method.getName().equals("getPrimaryKeys") || method.getName().equals("getImportedKeys")) && args != null) {
                if (args.length > 1 && args[1] == null) {
                    args[1] = schema;
                }
                for (int i = 2; i < args.length; i++) {
                    if (args[i] instanceof String s) {
                        args[i] = s.toLowerCase(Locale.ROOT);
                    }
                }
            }
            Object result = call(m, method, args);
            if (result instanceof ResultSet rs) {
                return proxy(ResultSet.class, new ResultSetHandler(rs, true));
            }
            return result;
        }
    }
}
