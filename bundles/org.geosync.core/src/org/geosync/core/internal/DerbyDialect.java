package org.geosync.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.FieldType;

/** Apache Derby's SQL: Java functions, generated envelope columns, row triggers. */
public final class DerbyDialect implements SqlDialect {

    /** Triggers do nothing at all while synchronization applies changes on this thread. */
    private static final String WHEN = " WHEN (GDB_TRACKING() = 1) ";
    private static final String FUNCTIONS = "org.geosync.core.functions.SpatialFunctions.";

    @Override
    public String columnType(FieldType type, int length) {
        return switch (type) {
            case TEXT -> "VARCHAR(" + (length > 0 ? Math.min(length, 32672) : 255) + ")";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    @Override
    public String objectIdColumn() {
        return "OBJECTID INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 1) NOT NULL PRIMARY KEY";
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

    @Override
    public void installFunctions(Connection c) throws SQLException {
        String java = " LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL EXTERNAL NAME '" + FUNCTIONS;
        String[] ddl = {
            "CREATE FUNCTION ST_GeomFromText(WKT CLOB, EPSG INTEGER) RETURNS BLOB(2G)" + java + "geomFromText'",
            "CREATE FUNCTION ST_AsText(SHAPE BLOB(2G)) RETURNS CLOB" + java + "asText'",
            "CREATE FUNCTION GDB_MINX(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC" + java + "minX'",
            "CREATE FUNCTION GDB_MINY(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC" + java + "minY'",
            "CREATE FUNCTION GDB_MAXX(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC" + java + "maxX'",
            "CREATE FUNCTION GDB_MAXY(SHAPE BLOB(2G)) RETURNS DOUBLE DETERMINISTIC" + java + "maxY'",
            "CREATE FUNCTION GDB_TRACKING() RETURNS INTEGER" + java + "tracking'",
            "CREATE FUNCTION GDB_SOURCE() RETURNS CHAR(36)" + java + "changeSource'",
            "CREATE PROCEDURE GDB_REFUSE_GLOBALID_CHANGE()" + java + "refuseGlobalIdChange'" };
        try (Statement s = c.createStatement()) {
            for (String d : ddl) {
                s.executeUpdate(d);
            }
        }
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
        String name = "'" + dataset.name() + "'";
        String log = "INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) SELECT "
                + nextChangeId() + ", " + name + ", %s.GLOBALID, '%s', G.GENERATION, GDB_SOURCE() FROM GDB_GENERATION G";
        String oldCols = String.join(", ", columns.stream().map(col -> "O." + col).toList());
        String missing = " WHERE NOT EXISTS (SELECT 1 FROM " + ancestorTable
                + " A WHERE A.GLOBALID = %s.GLOBALID AND A.GENERATION = G.GENERATION)";
        // The first UPDATE/DELETE of a row in a generation keeps the row as it was before (its image at the
        // end of the previous generation); an INSERT records that the row did not exist then. The state of
        // a row at the end of generation g is the first image kept after g, or the row itself.
        String keepOld = "INSERT INTO " + ancestorTable + " (GENERATION, HAD_ANCESTOR, " + String.join(", ", columns)
                + ") SELECT G.GENERATION, 1, " + oldCols + " FROM GDB_GENERATION G" + missing.formatted("O");
        String noAncestor = "INSERT INTO " + ancestorTable + " (GENERATION, HAD_ANCESTOR, GLOBALID) SELECT G.GENERATION, 0, N.GLOBALID"
                + " FROM GDB_GENERATION G" + missing.formatted("N");
        String on = " ON " + table + " REFERENCING ";
        String[] ddl = {
            "CREATE TRIGGER " + trigger(table, "UG") + " AFTER UPDATE" + on + "OLD AS O NEW AS N FOR EACH ROW"
                    + " WHEN (O.GLOBALID <> N.GLOBALID) CALL GDB_REFUSE_GLOBALID_CHANGE()",
            "CREATE TRIGGER " + trigger(table, "IA") + " AFTER INSERT" + on + "NEW AS N FOR EACH ROW" + WHEN + noAncestor,
            "CREATE TRIGGER " + trigger(table, "IL") + " AFTER INSERT" + on + "NEW AS N FOR EACH ROW" + WHEN + log.formatted("N", "I"),
            // Derby 10.17 mis-reads identity columns when a row trigger lists columns (UPDATE OF ...),
            // so the update triggers watch the whole row; the envelope columns are generated, never set.
            "CREATE TRIGGER " + trigger(table, "UA") + " AFTER UPDATE" + on + "OLD AS O NEW AS N FOR EACH ROW" + WHEN + keepOld,
            "CREATE TRIGGER " + trigger(table, "UL") + " AFTER UPDATE" + on + "OLD AS O NEW AS N FOR EACH ROW" + WHEN + log.formatted("N", "U"),
            "CREATE TRIGGER " + trigger(table, "DA") + " AFTER DELETE" + on + "OLD AS O FOR EACH ROW" + WHEN + keepOld,
            "CREATE TRIGGER " + trigger(table, "DL") + " AFTER DELETE" + on + "OLD AS O FOR EACH ROW" + WHEN + log.formatted("O", "D") };
        try (Statement s = c.createStatement()) {
            for (String d : ddl) {
                s.executeUpdate(d);
            }
        }
    }

    private static String trigger(String table, String suffix) {
        String base = table.length() > 100 ? table.substring(0, 100) : table;
        return "GDB_T" + suffix + "_" + base;
    }

    @Override
    public boolean isMissingObject(SQLException e) {
        return "42X05".equals(e.getSQLState()) || "42Y55".equals(e.getSQLState());
    }
}
