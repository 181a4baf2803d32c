package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.FieldType;

/** Apache Derby's SQL: Java functions, generated envelope columns, row triggers. */
public final class DerbyDialect implements SqlDialect {

    /** Triggers do nothing at all while changes are applied untracked on this thread (bulk loads). */
    private static final String TRACKING = " WHERE GDB_TRACKING() = 1";
    private static final String FUNCTIONS = "org.geosync.core.functions.SpatialFunctions.";

    @Override
    public String columnType(FieldType type, int length) {
        return switch (type) {
            case TEXT -> "VARCHAR(" + (length > 0 ? Math.min(length, 32672) : 255) + ")";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DOUBLE -> doubleType();
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    @Override
    public String objectIdColumn(int first) {
        return "OBJECTID INTEGER GENERATED ALWAYS AS IDENTITY (START WITH " + first + ") NOT NULL PRIMARY KEY";
    }

    @Override
    public String geometryColumnType() {
        return "BLOB(2G)";
    }

    @Override
    public List<String> envelopeColumns() {
        return List.of("MINX DOUBLE GENERATED ALWAYS AS (GDB_MINX(SHAPE))",
                "MINY DOUBLE GENERATED ALWAYS AS (GDB_MINY(SHAPE))",
                "MAXX DOUBLE GENERATED ALWAYS AS (GDB_MAXX(SHAPE))",
                "MAXY DOUBLE GENERATED ALWAYS AS (GDB_MAXY(SHAPE))");
    }

    /** A routine GeoSync declares: its SQL name (upper case), its declaration up to the body, and the Java method of the body. */
    private record Routine(String name, String declaration, String method) {
        String ddl() {
            return declaration + " LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL EXTERNAL NAME '" + FUNCTIONS + method + "'";
        }
    }

    /** Every routine a geodatabase holds for good, in the order they were introduced; the last ones are added on open. */
    private static final List<Routine> ROUTINES = List.of(
            new Routine("ST_GEOMFROMTEXT", "CREATE FUNCTION ST_GeomFromText(WKT CLOB, EPSG INTEGER) RETURNS BLOB(2G)", "geomFromText"),
            new Routine("ST_ASTEXT", "CREATE FUNCTION ST_AsText(SHAPE BLOB(2G)) RETURNS CLOB", "asText"),
            new Routine("GDB_MINX", "CREATE FUNCTION GDB_MINX(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC", "minX"),
            new Routine("GDB_MINY", "CREATE FUNCTION GDB_MINY(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC", "minY"),
            new Routine("GDB_MAXX", "CREATE FUNCTION GDB_MAXX(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC", "maxX"),
            new Routine("GDB_MAXY", "CREATE FUNCTION GDB_MAXY(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC", "maxY"),
            new Routine("GDB_TRACKING", "CREATE FUNCTION GDB_TRACKING() RETURNS INTEGER", "tracking"),
            new Routine("GDB_SOURCE", "CREATE FUNCTION GDB_SOURCE() RETURNS CHAR(36)", "changeSource"),
            new Routine("GDB_SAME_GLOBALID", "CREATE FUNCTION GDB_SAME_GLOBALID(OLD_ID CHAR(36), NEW_ID CHAR(36)) RETURNS CHAR(36)",
                    "sameGlobalId"),
            new Routine("GDB_NEW_GLOBALID", "CREATE FUNCTION GDB_NEW_GLOBALID() RETURNS CHAR(36)", "newGlobalId"));
    /** How many of {@link #ROUTINES} every geodatabase got at creation; the others are added on open where missing. */
    private static final int FIRST_ROUTINES = 9;

    @Override
    public void installFunctions(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Routine r : ROUTINES.subList(0, FIRST_ROUTINES)) {
                s.executeUpdate(r.ddl());
            }
        }
        installAddedFunctions(c);
    }

    @Override
    public void installAddedFunctions(Connection c) throws SQLException {
        // the names come from the statement that looks for foreign code on every open, compiled once per connection:
        // opening a geodatabase compiles one statement fewer
        java.util.Set<String> aliases = new java.util.HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ALIASES)) {
            while (rs.next()) {
                aliases.add(rs.getString(2));
            }
        }
        for (Routine r : ROUTINES.subList(FIRST_ROUTINES, ROUTINES.size())) {
            if (aliases.contains(r.name())) {
                continue;
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate(r.ddl());
            }
        }
    }

    /** Every routine, synonym, type and aggregate of the database (Derby's own ones too), with its schema. */
    private static final String ALIASES = "SELECT S.SCHEMANAME, A.ALIAS, A.JAVACLASSNAME, A.ALIASTYPE, A.ALIASINFO"
            + " FROM SYS.SYSALIASES A JOIN SYS.SYSSCHEMAS S ON A.SCHEMAID = S.SCHEMAID";

    /** A database property; the same statement as {@link #tune}'s, so a connection compiles it once. */
    private static final String DATABASE_PROPERTY = "VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY(?)";

    /** Derby's own schemas: their routines are Derby's (a user cannot create objects in them). */
    private static final java.util.Set<String> SYSTEM_SCHEMAS = java.util.Set.of("SYS", "SYSIBM", "SYSCS_UTIL", "SYSCS_DIAG", "SYSFUN",
            "SYSPROC", "SYSSTAT", "SQLJ", "NULLID");

    @Override
    public List<String> foreignCode(Connection c) throws SQLException {
        List<String> found = new java.util.ArrayList<>();
        java.util.Map<String, Routine> own = new java.util.HashMap<>();
        ROUTINES.forEach(r -> own.put(r.name(), r));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ALIASES)) {
            while (rs.next()) {
                String schema = rs.getString(1), alias = rs.getString(2), type = rs.getString(4);
                String javaClass = String.valueOf(rs.getString(3)), info = String.valueOf(rs.getString(5));
                if (SYSTEM_SCHEMAS.contains(schema) && javaClass.startsWith("org.apache.derby.")) {
                    continue; // Derby's own procedures and functions
                }
                Routine r = own.get(alias);
                if ("APP".equals(schema) && r != null && "F".equals(type) && javaClass.equals(FUNCTIONS.substring(0, FUNCTIONS.length() - 1))
                        && info.startsWith(r.method() + "(")) {
                    continue; // GeoSync's own function
                }
                String kind = switch (String.valueOf(type)) {
                    case "P" -> "procedure";
                    case "F" -> "function";
                    case "S" -> "synonym";
                    case "A" -> "user-defined type";
                    case "G" -> "aggregate";
                    default -> "routine";
                };
                found.add("the " + kind + " " + schema + "." + alias + (javaClass.equals("null") ? "" : " (Java class " + javaClass + ")"));
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT S.SCHEMANAME, F.FILENAME FROM SYS.SYSFILES F"
                + " JOIN SYS.SYSSCHEMAS S ON F.SCHEMAID = S.SCHEMAID")) {
            while (rs.next()) {
                found.add("the jar file " + rs.getString(1) + "." + rs.getString(2));
            }
        }
        // the statement tune() asks its properties with: Derby compiles it once per boot
        try (PreparedStatement p = c.prepareStatement(DATABASE_PROPERTY)) {
            p.setString(1, "derby.database.classpath");
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next() && rs.getString(1) != null && !rs.getString(1).isBlank()) {
                    found.add("the database class path derby.database.classpath=" + rs.getString(1));
                }
            }
        }
        return found;
    }

    @Override
    public java.util.Map<String, InstalledTrigger> installedTriggers(Connection c) throws SQLException {
        java.util.Map<String, InstalledTrigger> found = new java.util.LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT S.SCHEMANAME, T.TRIGGERNAME, TS.SCHEMANAME, TB.TABLENAME,"
                + " T.EVENT, T.FIRINGTIME, T.TYPE, T.STATE, T.REFERENCEDCOLUMNS, T.WHENCLAUSETEXT, T.REFERENCINGOLD, T.OLDREFERENCINGNAME,"
                + " T.REFERENCINGNEW, T.NEWREFERENCINGNAME, T.TRIGGERDEFINITION FROM SYS.SYSTRIGGERS T JOIN SYS.SYSSCHEMAS S ON T.SCHEMAID = S.SCHEMAID"
                + " JOIN SYS.SYSTABLES TB ON T.TABLEID = TB.TABLEID JOIN SYS.SYSSCHEMAS TS ON TB.SCHEMAID = TS.SCHEMAID")) {
            while (rs.next()) {
                boolean plain = "APP".equals(rs.getString(1)) && "APP".equals(rs.getString(3)) && "A".equals(rs.getString(6))
                        && "R".equals(rs.getString(7)) && "E".equals(rs.getString(8)) && noColumnList(rs.getString(9)) && rs.getString(10) == null;
                String referencing = (rs.getBoolean(11) ? "OLD AS " + rs.getString(12) + " " : "")
                        + (rs.getBoolean(13) ? "NEW AS " + rs.getString(14) + " " : "");
                String event = switch (String.valueOf(rs.getString(5))) {
                    case "I" -> "INSERT";
                    case "U" -> "UPDATE";
                    case "D" -> "DELETE";
                    default -> "?";
                };
                found.put(rs.getString(1) + "." + rs.getString(2), new InstalledTrigger(rs.getString(2), rs.getString(4),
                        plain ? "AFTER " + event + " REFERENCING " + referencing.trim() + " FOR EACH ROW " + unqualified(rs.getString(15)) : null));
            }
        }
        return found;
    }

    /**
     * The triggers' TRIGGERIDs, sorted: Derby gives every trigger it creates a new UUID, has no statement that changes a
     * trigger (it is dropped and created anew) and lets no one write its system tables, so the same identities are the same
     * triggers. Read from the index on TRIGGERID alone: a few milliseconds for thousands of triggers, where reading their
     * statements (SYS.SYSTRIGGERS' rows) took most of the time of opening a geodatabase of hundreds of datasets.
     */
    @Override
    public String triggerIdentities(Connection c) throws SQLException {
        List<String> ids = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT TRIGGERID FROM SYS.SYSTRIGGERS")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        java.util.Collections.sort(ids);
        return String.join(",", ids);
    }

    /**
     * Read from SYS.SYSCOLUMNS rather than through DatabaseMetaData: Derby's metadata queries are stored statements, compiled
     * on their first use in a database, and that compile writes the data dictionary, which turns its caches off until the
     * transaction ends. An import or synchronization checks its tables in the transaction that then applies its rows: with
     * the caches off every statement that fires a trigger read the trigger's stored statement again and loaded its generated
     * class, once per row (a million changes took more than twice as long, mostly in class loading and collection).
     */
    @Override
    public Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT C.COLUMNNAME, C.COLUMNDATATYPE FROM SYS.SYSCOLUMNS C"
                + " JOIN SYS.SYSTABLES T ON C.REFERENCEID = T.TABLEID JOIN SYS.SYSSCHEMAS S ON T.SCHEMAID = S.SCHEMAID"
                + " WHERE S.SCHEMANAME = 'APP' AND T.TABLENAME = ? ORDER BY C.COLUMNNUMBER")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    // the type as Derby writes it in SQL, e.g. VARCHAR(255), INTEGER NOT NULL, BLOB(2147483647), DECIMAL(5,2)
                    String type = rs.getString(2).replaceFirst(" NOT NULL$", "");
                    columns.put(rs.getString(1), VARCHAR.matcher(type).matches() ? type : type.replaceAll(" ?\\([^)]*\\)", ""));
                }
            }
        }
        return columns;
    }

    /**
     * Whether Derby holds a table of this exact name, asked of its system tables in a plain query. The checks made on every
     * opening use it rather than DatabaseMetaData.getTables, whose stored statement is compiled anew on its first use after
     * each boot and then scans every table by pattern: with hundreds of datasets that was most of the time of opening.
     */
    static boolean hasTable(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM SYS.SYSTABLES WHERE TABLENAME = ?")) {
            p.setString(1, table);
            return Tables.any(p);
        }
    }

    /** Whether Derby's table of this exact name has the column, asked as {@link #hasTable} asks. */
    static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM SYS.SYSCOLUMNS C JOIN SYS.SYSTABLES T ON C.REFERENCEID = T.TABLEID"
                + " WHERE T.TABLENAME = ? AND C.COLUMNNAME = ?")) {
            p.setString(1, table);
            p.setString(2, column);
            return Tables.any(p);
        }
    }

    private static final java.util.regex.Pattern VARCHAR = java.util.regex.Pattern.compile("VARCHAR\\([0-9]+\\)");

    /** Whether a trigger fires on every column (no UPDATE OF list): Derby describes its referenced columns as NULL then. */
    private static boolean noColumnList(String referencedColumns) {
        return referencedColumns == null || referencedColumns.startsWith("NULL");
    }

    private static final java.util.regex.Pattern APP = java.util.regex.Pattern.compile("\"APP\"\\.");
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"([A-Z][A-Z0-9_]*)\"");

    /**
     * A trigger's statement as it was written: Derby stores it with names qualified by their schema and correlation names
     * quoted, as in {@code INSERT INTO "APP"."GDB_CHANGES" ... "G".GENERATION}; only simple upper-case names lose their quotes.
     */
    private static String unqualified(String stored) {
        if (stored == null) {
            return null;
        }
        return QUOTED.matcher(APP.matcher(stored).replaceAll("")).replaceAll("$1");
    }

    @Override
    public String createChangeSequence() {
        return "CREATE SEQUENCE GDB_CHANGE_SEQ AS BIGINT START WITH 1";
    }

    @Override
    public String nextChangeId() {
        return "NEXT VALUE FOR GDB_CHANGE_SEQ";
    }

    @Override
    public void createTrackingTriggers(Connection c, Dataset dataset, String table, String ancestorTable,
            List<String> columns) throws SQLException {
        for (Map.Entry<String, String> t : trackingTriggers(dataset, table, ancestorTable, columns).entrySet()) {
            createTrigger(c, t.getKey(), table, t.getValue());
        }
    }

    @Override
    public Map<String, String> trackingTriggers(Dataset dataset, String table, String ancestorTable, List<String> columns) {
        // Derby runs every trigger's WHEN clause and action as stored statements of their own, and that
        // activation is most of what tracking costs an edit; so each event has as few triggers as it can: the
        // tracking switch is part of the action's WHERE clause rather than a WHEN clause, and an update's
        // GLOBALID check is part of logging it (GDB_SAME_GLOBALID refuses a change) rather than a trigger.
        String name = "'" + dataset.name() + "'";
        String log = "INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) SELECT "
                + nextChangeId() + ", " + name + ", %s, '%s', G.GENERATION, GDB_SOURCE() FROM GDB_GENERATION G" + TRACKING;
        String oldCols = String.join(", ", columns.stream().map(col -> "O." + col).toList());
        // the probe names its index: the plan is compiled once, possibly while the table is still empty
        String missing = " AND NOT EXISTS (SELECT 1 FROM " + ancestorTable + " A --DERBY-PROPERTIES constraint=" + Catalog.imageKey(dataset.name())
                + "\n WHERE A.GLOBALID = %s.GLOBALID AND A.GENERATION = G.GENERATION)";
        // The first UPDATE/DELETE of a row in a generation keeps the row as it was before (its image at the
        // end of the previous generation); an INSERT records that the row did not exist then. The state of
        // a row at the end of generation g is the first image kept after g, or the row itself.
        String keepOld = "INSERT INTO " + ancestorTable + " (GENERATION, HAD_ANCESTOR, " + String.join(", ", columns)
                + ") SELECT G.GENERATION, 1, " + oldCols + " FROM GDB_GENERATION G" + TRACKING + missing.formatted("O");
        String noAncestor = "INSERT INTO " + ancestorTable + " (GENERATION, HAD_ANCESTOR, GLOBALID) SELECT G.GENERATION, 0, N.GLOBALID"
                + " FROM GDB_GENERATION G" + TRACKING + missing.formatted("N");
        // Derby 10.17 mis-reads identity columns when a row trigger lists columns (UPDATE OF ...),
        // so the update triggers watch the whole row; the envelope columns are generated, never set.
        Map<String, String> triggers = new java.util.LinkedHashMap<>();
        triggers.put(trigger(table, "IA"), "AFTER INSERT REFERENCING NEW AS N FOR EACH ROW " + noAncestor);
        triggers.put(trigger(table, "IL"), "AFTER INSERT REFERENCING NEW AS N FOR EACH ROW " + log.formatted("N.GLOBALID", "I"));
        triggers.put(trigger(table, "UA"), "AFTER UPDATE REFERENCING OLD AS O NEW AS N FOR EACH ROW " + keepOld);
        triggers.put(trigger(table, "UL"), "AFTER UPDATE REFERENCING OLD AS O NEW AS N FOR EACH ROW "
                + log.formatted("GDB_SAME_GLOBALID(O.GLOBALID, N.GLOBALID)", "U"));
        triggers.put(trigger(table, "DA"), "AFTER DELETE REFERENCING OLD AS O FOR EACH ROW " + keepOld);
        triggers.put(trigger(table, "DL"), "AFTER DELETE REFERENCING OLD AS O FOR EACH ROW " + log.formatted("O.GLOBALID", "D"));
        return triggers;
    }

    private static String trigger(String table, String suffix) {
        String base = table.length() > 100 ? table.substring(0, 100) : table;
        return "GDB_T" + suffix + "_" + base;
    }

    /**
     * Database properties the engine sets on every geodatabase. Anything that writes Derby's data dictionary
     * turns its caches off until the writing transaction ends — and for the automatic statistics daemon, for
     * every connection while it works. One import or sync applying n changes then re-reads table and trigger
     * descriptors from disk for every statement (measured: 40–70 changes/s instead of 800). Two such writers
     * run on their own during plain DML: Derby re-checks a plan's row counts every 100 runs and recompiles it
     * (for a trigger's stored statement, a dictionary write) when a table grew by a tenth, as the change log
     * and image tables always do; and the statistics daemon refreshes the statistics of tables that changed.
     * The engine's statements look rows up by unique keys whatever the table sizes (the triggers name the
     * index they probe), and indexes get their statistics when they are built after a bulk load, so this
     * database keeps its plans and statistics.
     */
    static final Map<String, String> PROPERTIES = Map.of(
            "derby.language.stalePlanCheckInterval", String.valueOf(Integer.MAX_VALUE),
            "derby.storage.indexStats.auto", "false");

    @Override
    public void tune(Connection c) throws SQLException {
        for (Map.Entry<String, String> property : PROPERTIES.entrySet()) {
            try (java.sql.PreparedStatement get = c.prepareStatement(DATABASE_PROPERTY)) {
                get.setString(1, property.getKey());
                try (java.sql.ResultSet rs = get.executeQuery()) {
                    if (rs.next() && property.getValue().equals(rs.getString(1))) {
                        continue;
                    }
                }
            }
            try (java.sql.CallableStatement set = c.prepareCall("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY(?, ?)")) {
                set.setString(1, property.getKey());
                set.setString(2, property.getValue());
                set.execute();
            }
        }
    }

    /**
     * Derby compiles a trigger's statement when it first fires after the trigger was created or its table
     * changed (a new trigger or index), and a compile turns the data dictionary caches off until the end
     * of that transaction: the first import into a new replica ran at 40 changes/s instead of 1,000. So each
     * trigger fires once here, untracked, on a row that lives only inside this call. The row takes an
     * ObjectID: a table made empty numbers from 0 so its first real row is still 1; after a bulk load
     * one number after the loaded rows stays unused.
     */
    @Override
    public void prepareTrackingTriggers(Connection c, String table) throws SQLException {
        String gid = java.util.UUID.randomUUID().toString();
        TrackingFlag.suspend();
        try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (GLOBALID) VALUES (?)");
                java.sql.PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET GLOBALID = GLOBALID WHERE GLOBALID = ?");
                java.sql.PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE GLOBALID = ?")) {
            for (java.sql.PreparedStatement p : List.of(insert, update, delete)) {
                p.setString(1, gid);
                p.executeUpdate();
            }
        } finally {
            TrackingFlag.resume();
        }
    }

    @Override
    public boolean isMissingObject(SQLException e) {
        return "42X05".equals(e.getSQLState()) || "42Y55".equals(e.getSQLState());
    }
}
