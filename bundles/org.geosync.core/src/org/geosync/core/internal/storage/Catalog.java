package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.internal.geometry.EpsgRegistry;

/** The system tables: catalog of datasets and fields, generation counter, change log; dataset DDL. */
public final class Catalog {

    /** Columns every dataset table has and users cannot define. */
    public static final Set<String> SYSTEM_COLUMNS = Set.of("OBJECTID", "GLOBALID", "SHAPE", "MINX", "MINY", "MAXX",
            "MAXY", "HAD_ANCESTOR", "GENERATION");
    /** Derby's reserved words: a table or column cannot be called so without quoting. */
    private static final Set<String> RESERVED = Set.of(
            "ADD", "ALL", "ALLOCATE", "ALTER", "AND", "ANY", "ARE", "AS", "ASC", "ASSERTION", "AT", "AUTHORIZATION", "AVG",
            "BEGIN", "BETWEEN", "BIGINT", "BIT", "BOOLEAN", "BOTH", "BY", "CALL", "CASCADE", "CASCADED", "CASE", "CAST", "CHAR",
            "CHARACTER", "CHARACTER_LENGTH", "CHAR_LENGTH", "CHECK", "CLOSE", "COALESCE", "COLLATE", "COLLATION", "COLUMN",
            "COMMIT", "CONNECT", "CONNECTION", "CONSTRAINT", "CONSTRAINTS", "CONTINUE", "CONVERT", "CORRESPONDING", "CREATE",
            "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR",
            "DEALLOCATE", "DEC", "DECIMAL", "DECLARE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DESCRIBE",
            "DIAGNOSTICS", "DISCONNECT", "DISTINCT", "DOUBLE", "DROP", "ELSE", "END", "END-EXEC", "ESCAPE", "EXCEPT",
            "EXCEPTION", "EXEC", "EXECUTE", "EXISTS", "EXPLAIN", "EXTERNAL", "FALSE", "FETCH", "FIRST", "FLOAT", "FOR",
            "FOREIGN", "FOUND", "FROM", "FULL", "FUNCTION", "GET", "GETCURRENTCONNECTION", "GLOBAL", "GO", "GOTO", "GRANT",
            "GROUP", "HAVING", "HOUR", "IDENTITY", "IMMEDIATE", "IN", "INDICATOR", "INITIALLY", "INNER", "INOUT", "INPUT",
            "INSENSITIVE", "INSERT", "INT", "INTEGER", "INTERSECT", "INTO", "IS", "ISOLATION", "JOIN", "KEY", "LAST", "LEFT",
            "LIKE", "LOWER", "LTRIM", "MATCH", "MAX", "MIN", "MINUTE", "NATIONAL", "NATURAL", "NCHAR", "NVARCHAR", "NEXT", "NO",
            "NONE", "NOT", "NULL", "NULLIF", "NUMERIC", "OF", "ON", "ONLY", "OPEN", "OPTION", "OR", "ORDER", "OUTER", "OUTPUT",
            "OVERLAPS", "PAD", "PARTIAL", "PREPARE", "PRESERVE", "PRIMARY", "PRIOR", "PRIVILEGES", "PROCEDURE", "PUBLIC", "READ",
            "REAL", "REFERENCES", "RELATIVE", "RESTRICT", "REVOKE", "RIGHT", "ROLLBACK", "ROWS", "ROW_NUMBER", "RTRIM", "SCHEMA",
            "SCROLL", "SECOND", "SELECT", "SESSION_USER", "SET", "SMALLINT", "SOME", "SPACE", "SQL", "SQLCODE", "SQLERROR",
            "SQLSTATE", "SUBSTR", "SUBSTRING", "SUM", "SYSTEM_USER", "TABLE", "TEMPORARY", "TIMEZONE_HOUR", "TIMEZONE_MINUTE",
            "TO", "TRANSACTION", "TRANSLATE", "TRANSLATION", "TRIM", "TRUE", "UNION", "UNIQUE", "UNKNOWN", "UPDATE", "UPPER",
            "USER", "USING", "VALUES", "VARCHAR", "VARYING", "VIEW", "WHENEVER", "WHERE", "WITH", "WORK", "WRITE", "XML",
            "XMLEXISTS", "XMLPARSE", "XMLQUERY", "XMLSERIALIZE", "YEAR");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");

    private final Connection c;
    private final SqlDialect dialect;

    private final java.util.Map<String, Dataset> known = new java.util.HashMap<>();

    public Catalog(Connection c, SqlDialect dialect) {
        this.c = c;
        this.dialect = dialect;
    }

    /** The SQL of the database this catalog lies in. */
    public SqlDialect dialect() {
        return dialect;
    }

    /** Creates the system tables and functions unless they exist (older geodatabases get them on open). */
    public void install() throws SQLException {
        dialect.tune(c);
        // a failed statement ends a PostgreSQL transaction: the probe runs under a savepoint
        boolean installed;
        java.sql.Savepoint probe = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.executeQuery(DATASETS).close(); // the statement all() runs, compiled once per connection
            c.releaseSavepoint(probe);
            installed = true;
        } catch (SQLException e) {
            if (!dialect.isMissingObject(e)) {
                throw e;
            }
            c.rollback(probe);
            installed = false;
        }
        if (installed) {
            Relationships.install(c); // a geodatabase made before relationship classes gains their catalog
            ReplicaStore.installAdded(c, dialect); // and one made before its location and pruning were recorded, their tables
            SchemaChanges.install(c); // and one made before schema changes were recorded, their log
            dialect.installAddedFunctions(c); // and one made before GDB_NEW_GLOBALID, that function
            new Relationships(c, this).installMaintenance(); // and one made before the database kept relationships, its triggers
            return;
        }
        dialect.installFunctions(c);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE GDB_DATASETS (NAME VARCHAR(128) NOT NULL PRIMARY KEY, KIND VARCHAR(16) NOT NULL,"
                    + " GEOMETRY_TYPE VARCHAR(16), EPSG INTEGER)");
            s.executeUpdate("CREATE TABLE GDB_FIELDS (DATASET VARCHAR(128) NOT NULL, POSITION INTEGER NOT NULL,"
                    + " NAME VARCHAR(128) NOT NULL, TYPE VARCHAR(16) NOT NULL, LENGTH INTEGER NOT NULL,"
                    + " PRIMARY KEY (DATASET, POSITION))");
            s.executeUpdate("CREATE TABLE GDB_GENERATION (GENERATION BIGINT NOT NULL)");
            s.executeUpdate("INSERT INTO GDB_GENERATION VALUES (1)");
            s.executeUpdate(dialect.createChangeSequence());
            s.executeUpdate("CREATE TABLE GDB_CHANGES (CHANGE_ID BIGINT NOT NULL PRIMARY KEY, DATASET VARCHAR(128) NOT NULL,"
                    + " GLOBALID CHAR(36) NOT NULL, OPERATION CHAR(1) NOT NULL, GENERATION BIGINT NOT NULL, SOURCE CHAR(36))");
            s.executeUpdate("CREATE INDEX GDB_CHANGES_GEN ON GDB_CHANGES (GENERATION, DATASET)");
            s.executeUpdate("CREATE INDEX GDB_CHANGES_ROW ON GDB_CHANGES (DATASET, GLOBALID)");
        }
        ReplicaStore.install(c, dialect);
        Relationships.install(c);
        SchemaChanges.install(c);
    }

    /**
     * Refuses to go on with a geodatabase that holds stored code GeoSync did not create (a procedure or function, a jar
     * file, a database class path): that code would run inside this program as soon as a statement used it. Reads only
     * the database's own catalog, so it is safe to call first, before any table of the geodatabase is read.
     */
    public void refuseForeignCode(java.nio.file.Path dir) throws GeodatabaseException, SQLException {
        refuse(dir, dialect.foreignCode(c));
    }

    /**
     * Refuses to go on with a geodatabase that holds a trigger GeoSync did not create, exactly as it creates them: a trigger
     * runs whenever its table is written, and its statement can call procedures of the database (export a table to a
     * file, change the database's settings). Call after {@link #refuseForeignCode}, before anything writes.
     */
    public void refuseForeignTriggers(java.nio.file.Path dir) throws GeodatabaseException, SQLException {
        // what GeoSync expects follows from the datasets and relationship classes; what the database holds, from its triggers
        List<Dataset> datasets = all();
        Relationships relationships = new Relationships(c, this);
        List<RelationshipClass> classes = relationships.allInstalled();
        String installed = dialect.triggerIdentities(c);
        if (installed != null && VerifiedTriggers.verified(dir, installed, datasets, classes)) {
            return; // the very triggers found GeoSync's own for these very datasets, when this program last opened it
        }
        Map<String, String> expected = expectedTriggers(datasets, relationships.ownTriggers(classes));
        List<String> foreign = new ArrayList<>();
        for (SqlDialect.InstalledTrigger t : dialect.installedTriggers(c).values()) {
            String own = expected.get(t.table() + "." + t.name());
            if (own == null || !own.equals(t.definition())) {
                foreign.add("the trigger " + t.name() + " on " + t.table());
            }
        }
        refuse(dir, foreign);
        if (installed != null) {
            VerifiedTriggers.remember(dir, installed, datasets, classes);
        }
    }

    /**
     * Replaces the tracking triggers an earlier GeoSync version installed (exactly as that version wrote them) with this version's, where
     * the role may (the table's owner); where it may not, they stay, and the dataset counts as not tracked ({@link #lostTracking})
     * until its owner opens the geodatabase.
     */
    public void upgradeTrackingTriggers() throws SQLException {
        Map<String, SqlDialect.InstalledTrigger> installed = null;
        for (Dataset d : all()) {
            if (!madeByGeoSync(d)) {
                continue;
            }
            List<Map<String, String>> earlier = dialect.earlierTrackingTriggers(d, d.name(), ancestorTable(d.name()), replicatedColumns(d));
            if (earlier.isEmpty()) {
                return; // this engine's triggers never changed
            }
            if (installed == null) {
                installed = dialect.installedTriggers(c);
            }
            Map<String, String> now = dialect.trackingTriggers(d, d.name(), ancestorTable(d.name()), replicatedColumns(d));
            for (Map.Entry<String, String> t : now.entrySet()) {
                SqlDialect.InstalledTrigger i = installed.get(t.getKey());
                if (i == null || !d.name().equals(i.table()) || i.definition() == null || i.definition().equals(t.getValue())
                        || earlier.stream().noneMatch(version -> i.definition().equals(version.get(t.getKey())))) {
                    continue;
                }
                java.sql.Savepoint sp = c.setSavepoint();
                try {
                    dialect.createTrigger(c, t.getKey(), d.name(), t.getValue());
                    c.releaseSavepoint(sp);
                } catch (SQLException notOwner) {
                    c.rollback(sp);
                }
            }
        }
    }

    private static void refuse(java.nio.file.Path dir, List<String> foreign) throws GeodatabaseException {
        if (!foreign.isEmpty()) {
            throw new GeodatabaseException("GeoSync does not open " + dir + ": it holds " + foreign.get(0)
                    + (foreign.size() > 1 ? " (and " + (foreign.size() - 1) + " more such objects)" : "")
                    + ", stored code GeoSync did not create, which would run inside this program; if you trust this geodatabase, drop"
                    + " that code with Derby's ij tool (DROP TRIGGER, DROP PROCEDURE, DROP FUNCTION, CALL SQLJ.REMOVE_JAR) and open it again.");
        }
    }

    /**
     * Every trigger GeoSync creates, by TABLE.TRIGGER: the tracking triggers of every dataset (datasets whose names it
     * could not have made have none) and those of the relationship classes.
     */
    private Map<String, String> expectedTriggers(List<Dataset> datasets, Map<String, String> relationshipTriggers) {
        Map<String, String> expected = new HashMap<>();
        for (Dataset d : datasets) {
            if (!madeByGeoSync(d)) {
                continue;
            }
            dialect.trackingTriggers(d, d.name(), ancestorTable(d.name()), replicatedColumns(d))
                    .forEach((name, definition) -> expected.put(d.name() + "." + name, definition));
        }
        expected.putAll(relationshipTriggers);
        return expected;
    }

    private static boolean madeByGeoSync(Dataset d) {
        if (!IDENTIFIER.matcher(d.name()).matches() || !d.name().equals(d.name().toUpperCase(Locale.ROOT))) {
            return false;
        }
        for (Field f : d.fields()) {
            if (!IDENTIFIER.matcher(f.name()).matches() || !f.name().equals(f.name().toUpperCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The tracking triggers of {@code d} that are missing or no longer as GeoSync created them (SQL that drops or adds a
     * column drops the triggers naming the table's columns): while any is, some of its edits are not captured. Empty when
     * the dataset is tracked.
     */
    public List<String> lostTracking(Dataset d) throws SQLException {
        Map<String, SqlDialect.InstalledTrigger> installed = new HashMap<>();
        for (SqlDialect.InstalledTrigger t : dialect.installedTriggers(c).values()) {
            if (t.table().equals(d.name())) {
                installed.put(t.name(), t);
            }
        }
        List<String> lost = new ArrayList<>();
        if (!madeByGeoSync(d)) {
            lost.add(d.name());
            return lost;
        }
        dialect.trackingTriggers(d, d.name(), ancestorTable(d.name()), replicatedColumns(d)).forEach((name, definition) -> {
            SqlDialect.InstalledTrigger t = installed.get(name);
            if (t == null || !definition.equals(t.definition())) {
                lost.add(name);
            }
        });
        return lost;
    }

    /** Validates a dataset or field name and returns it upper-cased, as ArcGIS names tables. */
    public static String identifier(String name, String what) throws GeodatabaseException {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new GeodatabaseException("Invalid " + what + " name '" + name
                    + "'; use a letter followed by letters, digits or underscores (at most 100).");
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (RESERVED.contains(upper)) {
            throw new GeodatabaseException("'" + name + "' is a reserved SQL word and cannot name a " + what + "; choose another name, such as "
                    + upper + "S or " + upper + "_1.");
        }
        return upper;
    }

    /** Creates the table, its ancestor table, indexes and tracking triggers, and records the dataset. */
    public Dataset create(String rawName, GeometryType geometryType, int epsg, List<Field> rawFields)
            throws GeodatabaseException, SQLException {
        return create(rawName, geometryType, epsg, rawFields, false);
    }

    /**
     * Creates and records a dataset; for a {@code bulk} load its indexes and tracking triggers are left
     * out until {@link #finishBulkLoad(Dataset)}, which must run in the same transaction.
     */
    public Dataset create(String rawName, GeometryType geometryType, int epsg, List<Field> rawFields, boolean bulk)
            throws GeodatabaseException, SQLException {
        Dataset d = plan(rawName, geometryType, epsg, rawFields);
        createTables(d, bulk);
        if (!bulk) {
            createIndexesAndTriggers(d);
            // the preparation takes ObjectID 0 of a table made empty: before its first row, whatever is deferred
            dialect.prepareTrackingTriggers(c, d.name());
        }
        record(d);
        return d;
    }

    /**
     * The dataset {@link #create} would make of these, validated (a bad or taken name, an unknown CRS, a system column or a
     * field listed twice is refused with a sentence), without making anything.
     */
    public Dataset plan(String rawName, GeometryType geometryType, int epsg, List<Field> rawFields) throws GeodatabaseException, SQLException {
        String name = identifier(rawName, "dataset");
        if (name.startsWith("GDB_")) {
            throw new GeodatabaseException("Dataset names starting with GDB_ are reserved for GeoSync; choose another name than " + name + ".");
        }
        if (find(name) != null || tableExists(name)) {
            throw new GeodatabaseException("A dataset or table named " + name + " already exists; choose another name.");
        }
        if (new Relationships(c, this).find(name) != null) {
            throw new GeodatabaseException("A relationship class named " + name + " already exists; choose another name.");
        }
        if (geometryType != null && !EpsgRegistry.isKnown(epsg)) {
            throw new GeodatabaseException(EpsgRegistry.unknownMessage(epsg));
        }
        List<Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Field f : rawFields) {
            String fn = identifier(f.name(), "field");
            if (SYSTEM_COLUMNS.contains(fn)) {
                throw new GeodatabaseException("The field name " + fn + " is a system column; rename the field.");
            }
            if (!seen.add(fn)) {
                throw new GeodatabaseException("The field " + fn + " is listed twice; give each field its own name.");
            }
            fields.add(new Field(fn, f.type(), f.type() == FieldType.TEXT ? (f.length() > 0 ? f.length() : 255) : 0));
        }
        return new Dataset(name, geometryType == null ? Dataset.Kind.TABLE : Dataset.Kind.FEATURE_CLASS,
                geometryType, geometryType == null ? 0 : epsg, List.copyOf(fields));
    }

    /** Creates the indexes and tracking triggers of a dataset created for a bulk load, once its rows are in. */
    public void finishBulkLoad(Dataset d) throws SQLException {
        createIndexesAndTriggers(d);
        prepareTracking(d);
    }

    private void createTables(Dataset d, boolean bulk) throws SQLException {
        List<String> cols = new ArrayList<>();
        List<String> ancestorCols = new ArrayList<>();
        // preparing the tracking triggers takes one ObjectID (SqlDialect#prepareTrackingTriggers): before any
        // row when the table is made empty, after the loaded rows for a bulk load
        cols.add(dialect.objectIdColumn(bulk ? 1 : 0));
        cols.add(dialect.globalIdColumn(indexName(d.name(), "C")));
        ancestorCols.add("GLOBALID CHAR(36) NOT NULL");
        ancestorCols.add("GENERATION BIGINT NOT NULL");
        ancestorCols.add("HAD_ANCESTOR SMALLINT NOT NULL");
        for (Field f : d.fields()) {
            String def = f.name() + " " + dialect.columnType(f.type(), f.length());
            cols.add(def);
            ancestorCols.add(def);
        }
        if (d.isFeatureClass()) {
            cols.add("SHAPE " + dialect.geometryColumnType(d.geometryType(), d.epsg()));
            ancestorCols.add("SHAPE " + dialect.geometryColumnType());
            cols.addAll(dialect.envelopeColumns());
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE " + d.name() + " (" + String.join(", ", cols) + ")");
            s.executeUpdate("CREATE TABLE " + ancestorTable(d.name()) + " (" + String.join(", ", ancestorCols) + ")");
        }
        dialect.tableCreated(c, d, d.name());
    }

    private void createIndexesAndTriggers(Dataset d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE UNIQUE INDEX " + indexName(d.name(), "G") + " ON " + d.name() + " (GLOBALID)");
            if (d.isFeatureClass()) {
                s.executeUpdate("CREATE INDEX " + indexName(d.name(), "X") + " ON " + d.name() + " (MINX, MAXX)");
                s.executeUpdate("CREATE INDEX " + indexName(d.name(), "Y") + " ON " + d.name() + " (MINY, MAXY)");
                for (String sql : dialect.spatialIndexes(d.name(), "GDB_I")) {
                    s.executeUpdate(sql);
                }
            }
            s.executeUpdate("ALTER TABLE " + ancestorTable(d.name()) + " ADD CONSTRAINT " + imageKey(d.name())
                    + " PRIMARY KEY (GLOBALID, GENERATION)");
            s.executeUpdate("CREATE INDEX " + indexName(d.name(), "AG") + " ON " + ancestorTable(d.name()) + " (GENERATION)");
        }
        dialect.createTrackingTriggers(c, d, d.name(), ancestorTable(d.name()), replicatedColumns(d));
    }

    /**
     * Has the database compile a dataset's tracking triggers again after DDL on its table (a new index), in that DDL's
     * transaction; while preparation is deferred ({@link #deferPreparation}), once at the end for every table named.
     */
    public void prepareTracking(Dataset d) throws SQLException {
        if (deferred != null) {
            deferred.add(d.name());
        } else {
            dialect.prepareTrackingTriggers(c, d.name());
        }
    }

    /** The tables whose preparation waits for {@link #prepareDeferred}, or null when nothing is deferred. */
    private Set<String> deferred;

    /**
     * Defers {@link #prepareTracking} until {@link #prepareDeferred}: a transaction that makes many datasets and the
     * relationship classes among them (a new replica) would otherwise compile a table's triggers again after each step.
     */
    public void deferPreparation() {
        deferred = new java.util.LinkedHashSet<>();
    }

    /** Prepares, once each, the tables named while preparation was deferred, and stops deferring. */
    public void prepareDeferred() throws SQLException {
        Set<String> tables = deferred;
        deferred = null;
        if (tables != null) {
            for (String table : tables) {
                dialect.prepareTrackingTriggers(c, table);
            }
        }
    }

    /** Stops deferring without preparing (the transaction is rolled back). */
    public void stopDeferring() {
        deferred = null;
    }

    private static String indexName(String table, String suffix) {
        return "GDB_I" + suffix + "_" + table;
    }

    /** The name of the unique index on a dataset's GLOBALID. */
    public static String globalIdIndex(String dataset) {
        return indexName(dataset, "G");
    }

    /** The name of the primary key (GLOBALID, GENERATION) of a dataset's table of kept images. */
    public static String imageKey(String dataset) {
        return "GDB_K_" + (dataset.length() > 100 ? dataset.substring(0, 100) : dataset);
    }

    /** The table keeping ancestor rows of a dataset. */
    public static String ancestorTable(String dataset) {
        return "GDB_A_" + dataset;
    }

    /** GLOBALID, the user fields and SHAPE: the columns that travel between replicas. */
    public static List<String> replicatedColumns(Dataset d) {
        List<String> cols = new ArrayList<>();
        cols.add("GLOBALID");
        d.fields().forEach(f -> cols.add(f.name()));
        if (d.isFeatureClass()) {
            cols.add("SHAPE");
        }
        return cols;
    }

    private void record(Dataset d) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_DATASETS VALUES (?, ?, ?, ?)")) {
            p.setString(1, d.name());
            p.setString(2, d.kind().name());
            p.setString(3, d.geometryType() == null ? null : d.geometryType().name());
            p.setInt(4, d.epsg());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_FIELDS VALUES (?, ?, ?, ?, ?)")) {
            int i = 0;
            for (Field f : d.fields()) {
                p.setString(1, d.name());
                p.setInt(2, ++i);
                p.setString(3, f.name());
                p.setString(4, f.type().name());
                p.setInt(5, f.length());
                p.executeUpdate();
            }
        }
    }

    private boolean tableExists(String name) throws SQLException {
        return Tables.exists(c, name);
    }

    /** Every dataset's row of the catalog, by name (all() reads it; the installation probe runs it too). */
    private static final String DATASETS = "SELECT NAME, KIND, GEOMETRY_TYPE, EPSG FROM GDB_DATASETS ORDER BY NAME";

    /**
     * All datasets, by name. Reads every dataset in two queries (datasets, then all their fields, when any dataset is not
     * known yet) rather than two per dataset: a geodatabase of hundreds of datasets is listed (Catalog, integrity checks on
     * opening) in a few milliseconds. Each statement Derby compiles anew after each boot costs about as much as running it,
     * so the datasets' rows come with their names.
     */
    public List<Dataset> all() throws SQLException {
        List<String> names = new ArrayList<>();
        Map<String, Dataset> unknown = new HashMap<>(); // read without fields
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(DATASETS)) {
            while (rs.next()) {
                String n = rs.getString(1);
                names.add(n);
                if (!known.containsKey(n)) {
                    GeometryType type = rs.getString(3) == null ? null : Tables.named(GeometryType.values(), rs.getString(3));
                    unknown.put(n, new Dataset(n, Tables.named(Dataset.Kind.values(), rs.getString(2)), type, rs.getInt(4), List.of()));
                }
            }
        }
        if (!unknown.isEmpty()) {
            Map<String, List<Field>> fields = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DATASET, NAME, TYPE, LENGTH FROM GDB_FIELDS ORDER BY DATASET, POSITION")) {
                while (rs.next()) {
                    fields.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Field(rs.getString(2), Tables.named(FieldType.values(), rs.getString(3)), rs.getInt(4)));
                }
            }
            for (Dataset d : unknown.values()) {
                known.putIfAbsent(d.name(), new Dataset(d.name(), d.kind(), d.geometryType(), d.epsg(),
                        List.copyOf(fields.getOrDefault(d.name(), List.of()))));
            }
        }
        List<Dataset> result = new ArrayList<>();
        for (String n : names) {
            result.add(find(n));
        }
        return result;
    }

    /**
     * Forgets the datasets read so far: after a rollback (a dataset created by the rolled-back work) and
     * around SQL that may change the catalog tables directly. Datasets are never altered or dropped
     * through the engine, so otherwise what was read stays true for the connection's life.
     */
    public void forget() {
        known.clear();
    }

    /** The dataset called {@code name} (case-insensitive), or null. */
    public Dataset find(String name) throws SQLException {
        String n = name.toUpperCase(Locale.ROOT);
        Dataset cached = known.get(n);
        if (cached != null) {
            return cached;
        }
        Dataset d = read(n);
        if (d != null) {
            known.put(n, d);
        }
        return d;
    }

    private Dataset read(String n) throws SQLException {
        Dataset.Kind kind;
        GeometryType type;
        int epsg;
        try (PreparedStatement p = c.prepareStatement("SELECT KIND, GEOMETRY_TYPE, EPSG FROM GDB_DATASETS WHERE NAME = ?")) {
            p.setString(1, n);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                kind = Tables.named(Dataset.Kind.values(), rs.getString(1));
                type = rs.getString(2) == null ? null : Tables.named(GeometryType.values(), rs.getString(2));
                epsg = rs.getInt(3);
            }
        }
        List<Field> fields = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT NAME, TYPE, LENGTH FROM GDB_FIELDS WHERE DATASET = ? ORDER BY POSITION")) {
            p.setString(1, n);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    fields.add(new Field(rs.getString(1), Tables.named(FieldType.values(), rs.getString(2)), rs.getInt(3)));
                }
            }
        }
        return new Dataset(n, kind, type, epsg, List.copyOf(fields));
    }
}
