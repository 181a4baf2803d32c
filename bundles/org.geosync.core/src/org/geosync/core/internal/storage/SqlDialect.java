package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.FieldType;

/**
 * The SQL that differs between databases. Derby is the embedded default; another JDBC database
 * (PostgreSQL) implements this interface and nothing above it changes.
 */
public interface SqlDialect {

    /** Column type of a user field. */
    String columnType(FieldType type, int length);

    /**
     * The user field that column {@code name} of type {@code columnType} (as {@link #columnTypes} describes it) is: the field
     * type (and, for text, the length) for which {@link #columnType} writes that type; null for a type GeoSync does not make.
     */
    default org.geosync.core.Field field(String name, String columnType) {
        for (FieldType t : FieldType.values()) {
            if (t == FieldType.TEXT) {
                String digits = columnType.replaceAll("[^0-9]", "");
                if (!digits.isEmpty() && digits.length() < 10 && columnType(t, Integer.parseInt(digits)).equals(columnType)) {
                    return new org.geosync.core.Field(name, t, Integer.parseInt(digits));
                }
            } else if (columnType(t, 0).equals(columnType)) {
                return new org.geosync.core.Field(name, t, 0);
            }
        }
        return null;
    }

    /** Column type of a system table's long text (an EMF document as XMI). */
    default String clobType() {
        return "CLOB";
    }

    /** Column type of a system table's bytes (a field value as a message writes it). */
    default String blobType() {
        return "BLOB";
    }

    /** Column type of a double-precision number. */
    default String doubleType() {
        return "DOUBLE";
    }

    /** Column definition of OBJECTID: a local, database-assigned integer key numbered from {@code first}. */
    String objectIdColumn(int first);

    /** Column type of SHAPE (WKB) in the tables of kept images. */
    String geometryColumnType();

    /** Column type (and constraints) of SHAPE in the table of a feature class of {@code type} in EPSG {@code epsg}. */
    default String geometryColumnType(org.geosync.core.GeometryType type, int epsg) {
        return geometryColumnType();
    }

    /** Column definition of GLOBALID in a dataset's table, with a check named {@code constraint} that it looks like a GUID. */
    default String globalIdColumn(String constraint) {
        return "GLOBALID CHAR(36) NOT NULL CONSTRAINT " + constraint
                + " CHECK (LENGTH(RTRIM(GLOBALID)) = 36 AND SUBSTR(GLOBALID, 9, 1) = '-' AND SUBSTR(GLOBALID, 24, 1) = '-')";
    }

    /** Statements creating the spatial index of a feature class's table, beyond the envelope indexes; none by default. */
    default List<String> spatialIndexes(String table, String indexPrefix) {
        return List.of();
    }

    /** Called once a dataset's tables exist, before any row is loaded (a bulk load included); nothing by default. */
    default void tableCreated(Connection c, Dataset d, String table) throws SQLException {
    }

    /**
     * Called in the transaction that reads the current generation or closes it, before it does: where other connections edit
     * concurrently, waits until no transaction holds changes of the current generation uncommitted, and keeps new tracked
     * edits waiting until this transaction ends. Nothing on an embedded database only the engine writes.
     */
    default void lockGenerations(Connection c) throws SQLException {
    }

    /**
     * Where the engine's SQL reads the generation its writes are recorded with, as a table expression with one row and a
     * GENERATION column, named {@code alias}: GDB_GENERATION, or what a snapshot transaction set instead ({@link #openSnapshot}).
     */
    default String generationTable(String alias) {
        return "GDB_GENERATION " + alias;
    }

    /**
     * Starts a snapshot transaction on {@code c} (autocommit off, no transaction open): one that sees every edit of the
     * generations before the one returned committed and no later edit, while other connections go on editing. Returns the
     * generation the transaction's own writes start in; editors write from two generations later on, so the transaction may
     * close its generation twice ({@link #setGeneration}). -1 when this engine has none (only the engine writes it, so its
     * transactions need no snapshot); the caller then runs an ordinary transaction.
     */
    default long openSnapshot(Connection c) throws SQLException {
        return -1;
    }

    /** In a snapshot transaction: the engine's writes from now on are recorded with {@code generation}. */
    default void setGeneration(Connection c, long generation) throws SQLException {
        throw new UnsupportedOperationException();
    }

    /** After a snapshot transaction ended (committed or rolled back): the connection's next transactions are ordinary again. */
    default void closeSnapshot(Connection c) throws SQLException {
    }

    /**
     * Whether {@code e} says that a snapshot transaction met an edit committed after its snapshot, or waited on an editor in a
     * deadlock: the transaction is lost and the work can run again in a new one.
     */
    default boolean isConcurrencyFailure(SQLException e) {
        return false;
    }

    /**
     * The tracking triggers of {@code dataset} as earlier GeoSync versions installed them, one map a version (by name, as
     * {@link #trackingTriggers}); none by default. Opening replaces a trigger that is exactly one of these
     * ({@code Catalog#upgradeTrackingTriggers}).
     */
    default List<java.util.Map<String, String>> earlierTrackingTriggers(Dataset dataset, String table, String ancestorTable, List<String> columns) {
        return List.of();
    }

    /** How a row trigger's statement names the deleted row. */
    default String oldRow() {
        return "O";
    }

    /**
     * A row trigger that runs {@code statement} (naming the deleted row by {@link #oldRow}) after each delete, written as
     * {@link #installedTriggers} describes an installed trigger.
     */
    default String afterDeleteTrigger(String statement) {
        return "AFTER DELETE REFERENCING OLD AS O FOR EACH ROW " + statement;
    }

    /** Creates trigger {@code name} on {@code table} from its {@code definition}, as {@link #trackingTriggers} and {@link #afterDeleteTrigger} write one. */
    default void createTrigger(Connection c, String name, String table, String definition) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TRIGGER " + name + " " + definition.replaceFirst("^(AFTER [A-Z]+) ", "$1 ON " + table + " "));
        }
    }

    /** The statement renaming column {@code column} of {@code table} to {@code name}. */
    default String renameColumn(String table, String column, String name) {
        return "RENAME COLUMN " + table + "." + column + " TO " + name;
    }

    /** The statement dropping trigger {@code name} of {@code table}. */
    default String dropTrigger(String name, String table) {
        return "DROP TRIGGER " + name;
    }

    /** Definitions of the envelope columns MINX, MINY, MAXX, MAXY, derived from SHAPE by the database. */
    List<String> envelopeColumns();

    /** Declares ST_GeomFromText, ST_AsText and the helper functions, if missing. */
    void installFunctions(Connection c) throws SQLException;

    /** Creates the SQL functions added since the storage layout's version was introduced, where missing; called on every open. */
    void installAddedFunctions(Connection c) throws SQLException;

    /** Creates the sequence that numbers captured changes. */
    String createChangeSequence();

    /** Expression giving the next change number, in a tracking trigger and in the engine's own writes of the change log. */
    String nextChangeId();

    /**
     * Creates the triggers that capture every insert, update and delete on {@code table} into
     * GDB_CHANGES and keep each row's ancestor in {@code ancestorTable}; {@code columns} are all
     * replicated columns (GLOBALID, user fields, SHAPE).
     */
    void createTrackingTriggers(Connection c, Dataset dataset, String table, String ancestorTable, List<String> columns)
            throws SQLException;

    /**
     * The tracking triggers {@link #createTrackingTriggers} creates on {@code table}, by name: each as its definition after
     * the trigger name with the table left out ({@code AFTER UPDATE REFERENCING ... FOR EACH ROW statement}), which is how
     * {@link #installedTriggers} describes a trigger as the database holds it.
     */
    java.util.Map<String, String> trackingTriggers(Dataset dataset, String table, String ancestorTable, List<String> columns);

    /** A trigger the database holds: its name, its table, and its definition as {@link #trackingTriggers} writes one (null when it cannot be one of those). */
    record InstalledTrigger(String name, String table, String definition) {
    }

    /** Every trigger the database holds, by SCHEMA.NAME. Reads the database's own catalog only. */
    java.util.Map<String, InstalledTrigger> installedTriggers(Connection c) throws SQLException;

    /**
     * The identities of the triggers the database holds, as one string that changes whenever a trigger is created, dropped
     * or replaced, read without reading their statements; or null when the database cannot tell (a trigger's code may be
     * replaced under its identity), and every opening then reads every trigger ({@link Catalog#refuseForeignTriggers}).
     */
    default String triggerIdentities(Connection c) throws SQLException {
        return null;
    }

    /**
     * The columns of table {@code table} of the default schema in their order, each with its type as {@link #columnType} writes
     * it (VARCHAR with its length; other types by their name only); empty when there is no such table. Reads the database's own
     * catalog with plain queries, so it may run in any transaction: nothing it does writes the data dictionary.
     */
    java.util.Map<String, String> columnTypes(Connection c, String table) throws SQLException;

    /**
     * Stored code GeoSync did not create, each described for a sentence (e.g. "the procedure APP.EVIL (Java class ...)"):
     * routines other than the database's and GeoSync's own functions, jar files, a database class path. Reads the
     * database's own catalog only, so nothing stored in the database runs.
     */
    List<String> foreignCode(Connection c) throws SQLException;

    /** Whether the exception reports a table or object that does not exist. */
    boolean isMissingObject(SQLException e);

    /**
     * Makes the database compile the tracking triggers of {@code table} now, in the transaction that
     * created (or re-indexed) it, rather than on the first edit of a later transaction; leaves no trace.
     */
    void prepareTrackingTriggers(Connection c, String table) throws SQLException;

    /** Sets the database's own settings the engine relies on for speed; called on every open, idempotent. */
    void tune(Connection c) throws SQLException;
}
