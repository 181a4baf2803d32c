package org.geosync.core.internal.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.FieldType;
import org.geosync.core.GeometryType;
import org.geosync.core.internal.storage.SqlDialect;

/**
 * PostgreSQL with PostGIS. A feature class is a PostGIS table that desktop GIS read and edit directly: SHAPE is a
 * {@code geometry(TYPE)} column whose SRID a check constraint fixes (PostGIS's {@code geometry_columns} reports it from that
 * constraint, and a BEFORE trigger gives the SRID to WKB written without one), with a GiST index; the envelope columns are
 * stored generated columns. Tracking is one PL/pgSQL trigger function a table, the same before-image and change-log design
 * as on Derby: the first update or delete of a row in a generation keeps its image, every change is logged with the
 * generation and the source replica the engine set for the session ({@link PgJdbc}).
 * <p>
 * <b>The generation cut.</b> Many editors commit concurrently and commit order is not change-id order, so each tracked
 * change takes a shared transaction-level advisory lock before it reads the current generation. The engine takes the same
 * lock exclusively, which waits until every transaction that logged a change in the generation has committed or rolled back
 * and holds new tracked edits: either until its transaction ends ({@link #lockGenerations}, for work that reads the
 * generation in an ordinary transaction), or only while a snapshot transaction takes its snapshot ({@link #openSnapshot}, for
 * synchronizations and messages). Either way the work sees every edit of the generations it sends, and an edit committed
 * meanwhile lies in a generation it does not send.
 */
public final class PostgresDialect implements SqlDialect {

    private final String schema;

    /** The dialect of a geodatabase in {@code schema}. */
    public PostgresDialect(String schema) {
        this.schema = schema;
    }

    /**
     * The first half of the advisory lock key of the generation cut ("GSGC" in ASCII); the second is the OID of the
     * geodatabase's schema, so geodatabases in two schemas of one database (a parent and its replica) have cuts of their own
     * and a synchronization between them, which holds both, cannot wait on itself.
     */
    static final int GENERATION_LOCK = 0x47534743;

    /** The arguments of the advisory lock functions that name this geodatabase's cut. */
    private String cutKey() {
        return GENERATION_LOCK + ", '" + schema + "'::regnamespace::oid::int";
    }

    @Override
    public String columnType(FieldType type, int length) {
        return switch (type) {
            case TEXT -> "VARCHAR(" + (length > 0 ? Math.min(length, 10485760) : 255) + ")";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DOUBLE -> doubleType();
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    @Override
    public String clobType() {
        return "TEXT";
    }

    @Override
    public String blobType() {
        return "BYTEA";
    }

    @Override
    public String doubleType() {
        return "DOUBLE PRECISION";
    }

    @Override
    public String objectIdColumn(int first) {
        // nothing takes a number before the first row here (see prepareTrackingTriggers)
        return "OBJECTID INTEGER GENERATED ALWAYS AS IDENTITY (START WITH " + Math.max(1, first) + ") NOT NULL PRIMARY KEY";
    }

    @Override
    public String globalIdColumn(String constraint) {
        return "GLOBALID CHAR(36) NOT NULL DEFAULT gen_random_uuid()::text CONSTRAINT " + constraint
                + " CHECK (LENGTH(RTRIM(GLOBALID)) = 36 AND SUBSTR(GLOBALID, 9, 1) = '-' AND SUBSTR(GLOBALID, 24, 1) = '-')";
    }

    @Override
    public String geometryColumnType() {
        return "geometry";
    }

    @Override
    public String geometryColumnType(GeometryType type, int epsg) {
        String postgis = switch (type) {
            case LINE -> "LINESTRING";
            case MULTILINE -> "MULTILINESTRING";
            default -> type.name();
        };
        return "geometry(" + postgis + ") CHECK (ST_SRID(SHAPE) = " + epsg + ")";
    }

    @Override
    public List<String> envelopeColumns() {
        return List.of("MINX DOUBLE PRECISION GENERATED ALWAYS AS (ST_XMin(SHAPE)) STORED",
                "MINY DOUBLE PRECISION GENERATED ALWAYS AS (ST_YMin(SHAPE)) STORED",
                "MAXX DOUBLE PRECISION GENERATED ALWAYS AS (ST_XMax(SHAPE)) STORED",
                "MAXY DOUBLE PRECISION GENERATED ALWAYS AS (ST_YMax(SHAPE)) STORED");
    }

    @Override
    public List<String> spatialIndexes(String table, String indexPrefix) {
        return List.of("CREATE INDEX " + indexPrefix + "S_" + table + " ON " + table + " USING GIST (SHAPE)");
    }

    @Override
    public void installFunctions(Connection c) throws SQLException {
        // PostGIS brings ST_GeomFromText and ST_AsText; the triggers are plain PL/pgSQL
    }

    @Override
    public void installAddedFunctions(Connection c) throws SQLException {
    }

    @Override
    public List<String> foreignCode(Connection c) throws SQLException {
        // a PostgreSQL schema is the DBA's: its functions run with the rights their owners gave them, not inside this program
        return List.of();
    }

    @Override
    public String createChangeSequence() {
        return "CREATE SEQUENCE GDB_CHANGE_SEQ AS BIGINT START WITH 1";
    }

    @Override
    public String nextChangeId() {
        return "nextval('gdb_change_seq')";
    }

    @Override
    public void tableCreated(Connection c, Dataset d, String table) throws SQLException {
        if (!d.isFeatureClass()) {
            return;
        }
        Map.Entry<String, String> srid = sridTrigger(d, table);
        create(c, table, srid.getKey(), srid.getValue());
    }

    private static Map.Entry<String, String> sridTrigger(Dataset d, String table) {
        String body = "BEGIN\n  IF NEW.SHAPE IS NOT NULL AND ST_SRID(NEW.SHAPE) = 0 THEN\n    NEW.SHAPE := ST_SetSRID(NEW.SHAPE, " + d.epsg()
                + ");\n  END IF;\n  RETURN NEW;\nEND";
        return Map.entry(trigger(table, "S"), "ROW BEFORE INSERT OR UPDATE\n" + body);
    }

    @Override
    public void createTrackingTriggers(Connection c, Dataset dataset, String table, String ancestorTable, List<String> columns)
            throws SQLException {
        for (Map.Entry<String, String> t : trackingTriggers(dataset, table, ancestorTable, columns).entrySet()) {
            createTrigger(c, t.getKey(), table, t.getValue());
        }
    }

    /** Creates (or replaces) a trigger and its function of the same name from a definition as {@link #trackingTriggers} writes it. */
    private void create(Connection c, String table, String name, String definition) throws SQLException {
        int nl = definition.indexOf('\n');
        String[] head = definition.substring(0, nl).split(" ", 3); // ROW, AFTER|BEFORE, events
        String body = definition.substring(nl + 1);
        try (Statement s = c.createStatement()) {
            // the function names GeoSync's tables unqualified: it finds them in the geodatabase's schema whoever edits (a psql or
            // QGIS session has its own search path)
            s.executeUpdate("CREATE OR REPLACE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql SET search_path = " + schema
                    + ", public AS $gdb$" + body + "$gdb$");
            s.executeUpdate("CREATE OR REPLACE TRIGGER " + name + " " + head[1] + " " + head[2] + " ON " + table + " FOR EACH ROW EXECUTE FUNCTION "
                    + name + "()");
        }
    }

    @Override
    public Map<String, String> trackingTriggers(Dataset dataset, String table, String ancestorTable, List<String> columns) {
        return trackingTriggers(dataset, table, ancestorTable, columns, TriggerVersion.CURRENT);
    }

    /**
     * The tracking triggers as earlier GeoSync versions wrote them: before snapshot transactions (they read the generation from
     * the table whoever wrote), and before the image was kept with {@code ON CONFLICT DO NOTHING} (a {@code NOT EXISTS} probe).
     */
    @Override
    public List<Map<String, String>> earlierTrackingTriggers(Dataset dataset, String table, String ancestorTable, List<String> columns) {
        return List.of(trackingTriggers(dataset, table, ancestorTable, columns, TriggerVersion.GENERATION_FROM_TABLE),
                trackingTriggers(dataset, table, ancestorTable, columns, TriggerVersion.IMAGE_PROBED));
    }

    /** The versions of the tracking trigger's text, oldest first. */
    private enum TriggerVersion {
        /** Reads the generation from GDB_GENERATION whoever writes; keeps the image after a NOT EXISTS probe. */
        GENERATION_FROM_TABLE,
        /** A snapshot transaction's writes take their generation from its setting; keeps the image after a NOT EXISTS probe. */
        IMAGE_PROBED,
        /** Keeps the image with ON CONFLICT DO NOTHING on the image key. */
        CURRENT
    }

    private Map<String, String> trackingTriggers(Dataset dataset, String table, String ancestorTable, List<String> columns, TriggerVersion version) {
        String source = "NULLIF(current_setting('geosync.source', true), '')";
        String log = "INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) VALUES (" + nextChangeId() + ", '"
                + dataset.name() + "', %s.GLOBALID, '%s', g, " + source + ");\n";
        String oldCols = String.join(", ", columns.stream().map(col -> "OLD." + col).toList());
        StringBuilder b = new StringBuilder();
        b.append("DECLARE\n  g BIGINT;\nBEGIN\n");
        b.append("  IF current_setting('geosync.tracking', true) = 'off' THEN\n    RETURN NULL;\n  END IF;\n");
        if (version == TriggerVersion.GENERATION_FROM_TABLE) {
            b.append("  PERFORM pg_advisory_xact_lock_shared(" + cutKey() + ");\n");
            b.append("  SELECT GENERATION INTO g FROM GDB_GENERATION;\n");
        } else {
            // the engine's own writes in a snapshot transaction name their generation (see openSnapshot); an editor's take the
            // shared side of the cut's lock, then read the current generation
            b.append("  g := " + SNAPSHOT_GENERATION + ";\n");
            b.append("  IF g IS NULL THEN\n");
            b.append("    PERFORM pg_advisory_xact_lock_shared(" + cutKey() + ");\n");
            b.append("    SELECT GENERATION INTO g FROM GDB_GENERATION;\n");
            b.append("  END IF;\n");
        }
        b.append("  IF TG_OP = 'INSERT' THEN\n");
        b.append("    " + keepImage(ancestorTable, "GLOBALID", "g, 0, NEW.GLOBALID", "NEW", version));
        b.append("    " + log.formatted("NEW", "I"));
        b.append("    RETURN NULL;\n  END IF;\n");
        b.append("  IF TG_OP = 'UPDATE' AND NEW.GLOBALID IS DISTINCT FROM OLD.GLOBALID THEN\n");
        b.append("    RAISE EXCEPTION 'A GLOBALID cannot be changed: it names the row on every replica; delete the row and insert a new"
                + " one instead.' USING ERRCODE = '23514';\n  END IF;\n");
        b.append("  " + keepImage(ancestorTable, String.join(", ", columns), "g, 1, " + oldCols, "OLD", version));
        b.append("  IF TG_OP = 'UPDATE' THEN\n    " + log.formatted("OLD", "U") + "  ELSE\n    " + log.formatted("OLD", "D") + "  END IF;\n");
        b.append("  RETURN NULL;\nEND");
        Map<String, String> triggers = new LinkedHashMap<>();
        if (dataset.isFeatureClass()) {
            Map.Entry<String, String> srid = sridTrigger(dataset, table);
            triggers.put(srid.getKey(), srid.getValue());
        }
        triggers.put(trigger(table, "T"), "ROW AFTER INSERT OR DELETE OR UPDATE\n" + b);
        return triggers;
    }

    /**
     * The statement that keeps a row's image the first time the row changes in generation g, and does nothing after that. It
     * meets an image already kept in the image key's unique index (GLOBALID, GENERATION), whatever plan PostgreSQL would have
     * chosen for a probe: the earlier {@code NOT EXISTS} probe was planned once per session, on a new geodatabase before its
     * image table had statistics, and went through the GENERATION index, reading every image of the generation at each edit.
     */
    private static String keepImage(String ancestorTable, String columns, String values, String row, TriggerVersion version) {
        String insert = "INSERT INTO " + ancestorTable + " (GENERATION, HAD_ANCESTOR, " + columns + ") ";
        if (version == TriggerVersion.CURRENT) {
            return insert + "VALUES (" + values + ") ON CONFLICT (GLOBALID, GENERATION) DO NOTHING;\n";
        }
        return insert + "SELECT " + values + " WHERE NOT EXISTS (SELECT 1 FROM " + ancestorTable + " A WHERE A.GLOBALID = " + row
                + ".GLOBALID AND A.GENERATION = g);\n";
    }

    private static String trigger(String table, String suffix) {
        String base = table.length() > 50 ? table.substring(0, 50) : table;
        return "GDB_T" + suffix + "_" + base;
    }

    @Override
    public Map<String, InstalledTrigger> installedTriggers(Connection c) throws SQLException {
        Map<String, InstalledTrigger> found = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT T.TGNAME, C.RELNAME, T.TGTYPE, T.TGENABLED, T.TGNARGS,"
                + " T.TGQUAL IS NULL, P.PRONAME, P.PROSRC, PN.NSPNAME = current_schema() FROM pg_trigger T JOIN pg_class C ON T.TGRELID = C.OID"
                + " JOIN pg_namespace N ON C.RELNAMESPACE = N.OID JOIN pg_proc P ON T.TGFOID = P.OID JOIN pg_namespace PN ON P.PRONAMESPACE = PN.OID"
                + " WHERE NOT T.TGISINTERNAL AND N.NSPNAME = current_schema()")) {
            while (rs.next()) {
                String name = rs.getString(1).toUpperCase(Locale.ROOT), table = rs.getString(2).toUpperCase(Locale.ROOT);
                int type = rs.getInt(3);
                boolean plain = !"D".equals(rs.getString(4)) && rs.getInt(5) == 0 && rs.getBoolean(6) && rs.getBoolean(9)
                        && rs.getString(7).equalsIgnoreCase(rs.getString(1)) && (type & 1) != 0 && (type & 64) == 0;
                List<String> events = new ArrayList<>();
                if ((type & 4) != 0) {
                    events.add("INSERT");
                }
                if ((type & 8) != 0) {
                    events.add("DELETE");
                }
                if ((type & 16) != 0) {
                    events.add("UPDATE");
                }
                String definition = "ROW " + ((type & 2) != 0 ? "BEFORE" : "AFTER") + " " + String.join(" OR ", events) + "\n" + rs.getString(8);
                found.put(name, new InstalledTrigger(name, table, plain ? definition : null));
            }
        }
        return found;
    }

    @Override
    public Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT A.ATTNAME, format_type(A.ATTTYPID, A.ATTTYPMOD) FROM pg_attribute A"
                + " JOIN pg_class C ON A.ATTRELID = C.OID JOIN pg_namespace N ON C.RELNAMESPACE = N.OID WHERE N.NSPNAME = current_schema()"
                + " AND C.RELNAME = ? AND A.ATTNUM > 0 AND NOT A.ATTISDROPPED ORDER BY A.ATTNUM")) {
            p.setString(1, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1).toUpperCase(Locale.ROOT), typeName(rs.getString(2)));
                }
            }
        }
        return columns;
    }

    /** A column type as format_type writes it, in the words of {@link #columnType}. */
    static String typeName(String formatted) {
        String t = formatted.toLowerCase(Locale.ROOT);
        if (t.startsWith("character varying(")) {
            return "VARCHAR" + t.substring("character varying".length());
        }
        return switch (t) {
            case "integer" -> "INTEGER";
            case "bigint" -> "BIGINT";
            case "double precision" -> "DOUBLE PRECISION";
            case "date" -> "DATE";
            case "timestamp without time zone" -> "TIMESTAMP";
            default -> t.toUpperCase(Locale.ROOT).replaceAll(" ?\\([^)]*\\)", "");
        };
    }

    @Override
    public boolean isMissingObject(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "42883".equals(e.getSQLState()) || "42704".equals(e.getSQLState());
    }

    @Override
    public void prepareTrackingTriggers(Connection c, String table) throws SQLException {
        // PL/pgSQL plans its statements on first use in each session: nothing to warm up
    }

    @Override
    public void tune(Connection c) throws SQLException {
    }

    @Override
    public String oldRow() {
        return "OLD";
    }

    @Override
    public String afterDeleteTrigger(String statement) {
        return "ROW AFTER DELETE\nBEGIN\n  " + statement + ";\n  RETURN NULL;\nEND";
    }

    @Override
    public void createTrigger(Connection c, String name, String table, String definition) throws SQLException {
        create(c, table, name, definition);
    }

    @Override
    public void lockGenerations(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT pg_advisory_xact_lock(" + cutKey() + ")").close();
        }
    }

    /** The session setting in which a snapshot transaction names the generation of its own writes. */
    static final String GENERATION_SETTING = "geosync.generation";

    /** The generation a snapshot transaction set for its own writes, or NULL outside one. */
    private static final String SNAPSHOT_GENERATION = "NULLIF(current_setting('" + GENERATION_SETTING + "', true), '')::bigint";

    /** How far a snapshot transaction moves the editors' generation ahead of its own (see SqlDialect#openSnapshot). */
    private static final int SNAPSHOT_GENERATIONS = 2;

    @Override
    public String generationTable(String alias) {
        return "(SELECT COALESCE(" + SNAPSHOT_GENERATION + ", GENERATION) AS GENERATION FROM GDB_GENERATION) " + alias;
    }

    /**
     * The cut, taken without holding editors through the work: the cut's lock is taken exclusively at session level (it waits
     * until every transaction that logged a change in the current generation G has ended, and holds new tracked edits), the
     * editors' generation becomes G + 2 and is committed, then the snapshot transaction starts with its own writes in G (a
     * transaction-local setting the triggers read) and the shared side of the lock (a later cut waits for it), its snapshot is
     * taken, and only then is the exclusive lock let go. So the snapshot holds every edit of G and before, and none after; the
     * editors go on in G + 2 meanwhile. A row an editor changes after the snapshot cannot be written by the transaction
     * (repeatable read refuses it): the transaction fails with a concurrency failure and the engine runs the work again.
     */
    @Override
    public long openSnapshot(Connection c) throws SQLException {
        boolean locked = false;
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT pg_advisory_lock(" + cutKey() + ")").close();
            locked = true;
            long generation;
            try (ResultSet rs = s.executeQuery("UPDATE GDB_GENERATION SET GENERATION = GENERATION + " + SNAPSHOT_GENERATIONS
                    + " RETURNING GENERATION")) {
                rs.next();
                generation = rs.getLong(1) - SNAPSHOT_GENERATIONS;
            }
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement p = c.prepareStatement("SELECT set_config('" + GENERATION_SETTING + "', ?, true), pg_advisory_xact_lock_shared("
                    + cutKey() + ")")) {
                p.setString(1, Long.toString(generation));
                p.executeQuery().close();
            }
            s.executeQuery("SELECT pg_advisory_unlock(" + cutKey() + ")").close();
            locked = false;
            return generation;
        } catch (SQLException e) {
            c.rollback();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            if (locked) {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT pg_advisory_unlock(" + cutKey() + ")").close();
                }
                c.commit();
            }
            throw e;
        }
    }

    @Override
    public void setGeneration(Connection c, long generation) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT set_config('" + GENERATION_SETTING + "', ?, true)")) {
            p.setString(1, Long.toString(generation));
            p.executeQuery().close();
        }
    }

    @Override
    public void closeSnapshot(Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }

    @Override
    public boolean isConcurrencyFailure(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    @Override
    public String renameColumn(String table, String column, String name) {
        return "ALTER TABLE " + table + " RENAME COLUMN " + column + " TO " + name;
    }

    @Override
    public String dropTrigger(String name, String table) {
        return "DROP TRIGGER " + name + " ON " + table;
    }
}
