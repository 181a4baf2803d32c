package org.geosync.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.geometry.GivenCrs;
import org.geosync.core.internal.postgres.PostgresConnector;
import org.geosync.core.internal.storage.Catalog;
import org.geosync.core.internal.storage.DerbyConnector;
import org.geosync.core.internal.storage.DerbyTemplate;
import org.geosync.core.internal.storage.DerbyDialect;
import org.geosync.core.internal.storage.Relationships;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.storage.Rows;
import org.geosync.core.internal.storage.SchemaChanges;
import org.geosync.core.internal.storage.SqlDialect;
import org.geosync.core.internal.storage.StatementCache;
import org.geosync.core.internal.storage.TrackingFlag;

/** A geodatabase: an embedded Derby database in a directory, identified by a GUID of its own. */
public final class Geodatabase implements AutoCloseable {

    /** Marker table every GeoSync geodatabase holds; its single row names the geodatabase. */
    static final String INFO_TABLE = "GDB_INFO";
    /** Layout of the system tables; geodatabases of an older preview layout are refused on open. */
    static final int SCHEMA_VERSION = 3;

    private final GeodatabaseLocation location;
    /** The Derby directory; null for a PostgreSQL geodatabase. */
    private final Path directory;
    private final Connection connection;
    private String guid;
    private final SqlDialect dialect;
    private final Catalog catalog;
    private final StatementCache statements;
    private final Rows rows;
    private final Relationships relationships;
    private int transactionDepth;
    /** In a snapshot transaction: the generation the engine's writes are recorded with, and the highest it may reach; else -1. */
    private long snapshotGeneration = -1, snapshotLimit;
    private boolean holdEditors;

    private Geodatabase(GeodatabaseLocation location, Connection connection, String guid, SqlDialect dialect) {
        this(location, connection, guid, new Catalog(connection, dialect));
    }

    /** With the catalog that checked the geodatabase on opening: the datasets it read are not read again. */
    private Geodatabase(GeodatabaseLocation location, Connection connection, String guid, Catalog catalog) {
        this.location = location;
        this.directory = location.directory();
        this.connection = connection;
        this.guid = guid;
        this.dialect = catalog.dialect();
        this.catalog = catalog;
        this.statements = new StatementCache(connection);
        this.rows = new Rows(connection, statements);
        this.relationships = new Relationships(connection, catalog);
    }

    /** A unit of work on this geodatabase, run in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does the work; an exception rolls the whole transaction back. */
        T run(Geodatabase gdb) throws GeodatabaseException, SQLException;
    }

    /**
     * Creates a new, empty geodatabase where {@code location} says (see {@link GeodatabaseLocation#parse}): a Derby directory, or
     * GeoSync's catalog installed into a schema of an existing PostgreSQL database.
     */
    public static Geodatabase create(String location) throws GeodatabaseException {
        return create(GeodatabaseLocation.parse(location), null);
    }

    /** As {@link #create(String)}; {@code password} (PostgreSQL only, may be null) overrides the user's own password sources. */
    public static Geodatabase create(GeodatabaseLocation location, String password) throws GeodatabaseException {
        if (location.isPostgresql()) {
            return PostgresGeodatabases.create(location, password, Geodatabase::new);
        }
        return create(location.directory());
    }

    /** Opens the geodatabase {@code location} names (see {@link GeodatabaseLocation#parse}). */
    public static Geodatabase open(String location) throws GeodatabaseException {
        return open(GeodatabaseLocation.parse(location), null);
    }

    /** Opens the geodatabase at {@code location}; a PostgreSQL password comes from the {@link PasswordProvider}, else the user's own sources. */
    public static Geodatabase open(GeodatabaseLocation location) throws GeodatabaseException {
        return open(location, null);
    }

    /** Creates a new, empty geodatabase at {@code location}; a PostgreSQL password comes as for {@link #open(GeodatabaseLocation)}. */
    public static Geodatabase create(GeodatabaseLocation location) throws GeodatabaseException {
        return create(location, null);
    }

    /**
     * Sets where PostgreSQL passwords come from when a caller gives none (null: nowhere but the user's own sources); the
     * workbench sets one that reads Eclipse secure storage.
     */
    public static void setPasswordProvider(PasswordProvider provider) {
        PostgresConnector.setPasswordProvider(provider);
    }

    /** As {@link #open(String)}; {@code password} (PostgreSQL only, may be null) overrides the user's own password sources. */
    public static Geodatabase open(GeodatabaseLocation location, String password) throws GeodatabaseException {
        if (location.isPostgresql()) {
            return PostgresGeodatabases.open(location, password, Geodatabase::new);
        }
        return open(location.directory());
    }

    /** How the engine-specific opening code makes the geodatabase once its connection is ready. */
    @FunctionalInterface
    interface Maker {
        Geodatabase make(GeodatabaseLocation location, Connection connection, String guid, SqlDialect dialect);
    }

    /** Creates a new, empty geodatabase in {@code directory}, which must not exist yet or be empty. */
    public static Geodatabase create(Path directory) throws GeodatabaseException {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            throw new GeodatabaseException(
                    "Cannot create a geodatabase in " + dir + ": the directory is not empty; choose a new or empty directory.");
        }
        String guid = UUID.randomUUID().toString();
        // a copy of an empty geodatabase of this build, when there is one to be had, is the same as one made from nothing
        // (it may hold nothing GeoSync did not make there, as every open checks: the cache is outside the geodatabases)
        Connection c = DerbyTemplate.copyInto(dir, Geodatabase::createFromNothing, copy -> {
            copy.setAutoCommit(false);
            Catalog catalog = new Catalog(copy, new DerbyDialect());
            catalog.refuseForeignCode(dir);
            catalog.refuseForeignTriggers(dir);
        });
        if (c == null) {
            return new Geodatabase(GeodatabaseLocation.of(dir), createFromNothing(dir, guid), guid, new DerbyDialect());
        }
        try {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("UPDATE " + INFO_TABLE + " SET GDB_GUID = ?")) {
                p.setString(1, guid);
                p.executeUpdate();
            }
            new Catalog(c, new DerbyDialect()).install(); // as on every open: a template is never behind this build
            new ReplicaStore(c).setLocation(ReplicaStore.locationOf(dir));
            c.commit();
        } catch (SQLException e) {
            DerbyConnector.closeQuietly(c, dir);
            throw new GeodatabaseException("Could not initialise the geodatabase in " + dir + ": " + e.getMessage(), e);
        }
        return new Geodatabase(GeodatabaseLocation.of(dir), c, guid, new DerbyDialect());
    }

    /** Makes an empty geodatabase in {@code dir} (a template: closed again, with a GUID its copies replace). */
    private static void createFromNothing(Path dir) throws GeodatabaseException {
        DerbyConnector.closeQuietly(createFromNothing(dir, UUID.randomUUID().toString()), dir);
    }

    /** Makes Derby's database in {@code dir} and GeoSync's catalog in it, with {@code guid}; returns the connection. */
    private static Connection createFromNothing(Path dir, String guid) throws GeodatabaseException {
        Connection c = DerbyConnector.connect(dir, true);
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("CREATE TABLE " + INFO_TABLE
                    + " (GDB_GUID CHAR(36) NOT NULL PRIMARY KEY, SCHEMA_VERSION INT NOT NULL)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + INFO_TABLE + " VALUES (?, " + SCHEMA_VERSION + ")")) {
                p.setString(1, guid);
                p.executeUpdate();
            }
            new Catalog(c, new DerbyDialect()).install();
            new ReplicaStore(c).setLocation(ReplicaStore.locationOf(dir));
            c.commit();
            return c;
        } catch (SQLException e) {
            DerbyConnector.closeQuietly(c, dir);
            throw new GeodatabaseException("Could not initialise the geodatabase in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing geodatabase; refuses a directory that is not one, with a sentence saying so, and one holding stored
     * code GeoSync did not create (routines, jar files, a database class path, triggers other than its tracking triggers),
     * naming the object, before anything of GeoSync's reads its tables or writes to it.
     */
    public static Geodatabase open(Path directory) throws GeodatabaseException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("service.properties"))) {
            throw new GeodatabaseException(dir + " is not a geodatabase: create one with 'geosync gdb create " + dir + "'.");
        }
        Connection c = DerbyConnector.connect(dir, false);
        try {
            c.setAutoCommit(false);
            // a geodatabase may come from anywhere (a side-loaded copy): code stored in it that GeoSync did not create would
            // run inside this program, so it is refused before any of its tables is read or written
            Catalog catalog = new Catalog(c, new DerbyDialect());
            catalog.refuseForeignCode(dir);
            String guid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT GDB_GUID, SCHEMA_VERSION FROM " + INFO_TABLE)) {
                if (!rs.next()) {
                    throw new SQLException("no identity row");
                }
                guid = rs.getString(1);
                if (rs.getInt(2) != SCHEMA_VERSION) {
                    throw new IllegalStateException();
                }
            }
            catalog.refuseForeignTriggers(dir);
            catalog.install();
            ReplicaStore store = new ReplicaStore(c);
            java.util.Optional<String> location = store.location();
            if (location.isEmpty()) {
                store.setLocation(ReplicaStore.locationOf(dir)); // made before locations were recorded: it is where it is
            } else if (!location.get().equals(ReplicaStore.locationOf(dir))) {
                store.noteCopyPoint(ReplicaStore.locationOf(dir)); // a copy (or a move): what it holds so far is the original's history
            }
            c.commit();
            return new Geodatabase(GeodatabaseLocation.of(dir), c, guid, catalog);
        } catch (GeodatabaseException e) {
            DerbyConnector.closeQuietly(c, dir);
            throw e;
        } catch (SQLException e) {
            DerbyConnector.closeQuietly(c, dir);
            throw new GeodatabaseException(dir + " is a Derby database but not a GeoSync geodatabase (" + e.getMessage() + ").", e);
        } catch (IllegalStateException oldLayout) {
            DerbyConnector.closeQuietly(c, dir);
            throw new GeodatabaseException(GeodatabaseException.Reason.EARLIER_LAYOUT, dir + " was made by an earlier GeoSync preview"
                    + " whose storage layout this version does not read; create the geodatabase again (for the sample: 'geosync gdb create"
                    + " DIR --sample').", null);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws GeodatabaseException {
        if (!Files.isDirectory(dir)) {
            throw new GeodatabaseException(dir + " exists and is not a directory.");
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new GeodatabaseException("Cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory holding the database files; null for a PostgreSQL geodatabase (see {@link #location()}). */
    public Path directory() {
        return directory;
    }

    /** Where this geodatabase lives, as a user writes it (its {@code toString()} is the directory for Derby). */
    public GeodatabaseLocation location() {
        return location;
    }

    /** A short name for the geodatabase: its directory's name, or DATABASE.SCHEMA on PostgreSQL. */
    public String displayName() {
        return location.name();
    }

    /** Whether this is a PostgreSQL geodatabase. */
    public boolean isPostgresql() {
        return location.isPostgresql();
    }

    /**
     * The location recorded as where this geodatabase holds its replicas: a Derby directory's real path (a byte copy lies
     * elsewhere, so it can tell it is a copy), or the PostgreSQL location.
     */
    public String holderLocation() {
        return directory != null ? ReplicaStore.locationOf(directory) : location.toString();
    }

    /** The geodatabase's own GUID, fixed at creation. */
    public String guid() {
        return guid;
    }

    /**
     * Gives this geodatabase a new GUID: a directory copied from another geodatabase (a side-loaded copy
     * of a replica) is registered as a geodatabase of its own.
     */
    public String assignNewGuid() throws GeodatabaseException {
        String fresh = UUID.randomUUID().toString();
        inTransaction(g -> {
            try (PreparedStatement p = connection.prepareStatement("UPDATE " + INFO_TABLE + " SET GDB_GUID = ?")) {
                p.setString(1, fresh);
                p.executeUpdate();
            }
            return null;
        });
        guid = fresh;
        return fresh;
    }

    /** The JDBC connection of this geodatabase (auto-commit off); for the engine and its tests. */
    public Connection connection() {
        return connection;
    }

    /** The SQL of this geodatabase's storage engine, where the engine's own statements differ between databases; for the engine and its tests. */
    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * A prepared statement for {@code sql} that stays open for this geodatabase's life, for the engine's
     * per-row paths; it belongs to the geodatabase: close its result sets, never the statement.
     */
    public PreparedStatement prepared(String sql) throws SQLException {
        return statements.prepare(sql);
    }

    /** Creates a feature class: table NAME with OBJECTID, GLOBALID, the fields, SHAPE and its envelope. */
    public Dataset createFeatureClass(String name, GeometryType type, int epsg, List<Field> fields) throws GeodatabaseException {
        if (type == null) {
            throw new GeodatabaseException("A feature class needs a geometry type; use createTable for a table without geometry.");
        }
        return inTransaction(g -> catalog.create(name, type, epsg, fields));
    }

    /** Creates a table without geometry: OBJECTID, GLOBALID and the fields. */
    public Dataset createTable(String name, List<Field> fields) throws GeodatabaseException {
        return inTransaction(g -> catalog.create(name, null, 0, fields));
    }

    /**
     * Adds a dataset (a feature class when {@code type} is not null, else a table) as {@link #createFeatureClass} and
     * {@link #createTable} do, and records it in the schema change log with the generation it was made in.
     */
    public Dataset addDataset(String name, GeometryType type, int epsg, List<Field> fields) throws GeodatabaseException {
        return inTransaction(g -> {
            Dataset d = schemaChanges().addDataset(name, type, type == null ? 0 : epsg, fields);
            statements.close();
            return d;
        });
    }

    /**
     * Checks what {@link #addDataset} would make of these, refusing with the same sentence, without making anything; returns
     * the dataset it would make (names upper-cased, text lengths filled in).
     */
    public Dataset checkAddDataset(String name, GeometryType type, int epsg, List<Field> fields) throws GeodatabaseException {
        return inTransaction(g -> catalog.plan(name, type, type == null ? 0 : epsg, fields));
    }

    /**
     * Changes the schema of {@code dataset}: adds, drops, widens or renames a field, in one transaction. The change is validated
     * first (an unknown dataset or field, a name clash, a system column, a narrowing, a type change, a key of a relationship
     * class or a field a replica's definition query names are refused with a sentence, and nothing changes); then the table and
     * its kept images are altered, the catalog updated, the tracking triggers rebuilt for the new columns and the change
     * recorded with the generation it was made in, so the dataset stays tracked. Returns the dataset as it now is.
     */
    public Dataset alter(String dataset, SchemaChange change) throws GeodatabaseException {
        refuseSystemTable(dataset);
        return inTransaction(g -> {
            Dataset d = require(dataset);
            List<String> replicas = new ArrayList<>();
            for (org.geosync.model.Replica r : new ReplicaStore(connection).all()) {
                if (r.getDatasets().stream().anyMatch(rd -> rd.getDatasetName().equalsIgnoreCase(d.name()))) {
                    replicas.add(r.getGuid());
                }
            }
            Dataset altered = schemaChanges().alter(d, change, replicas);
            statements.close(); // statements prepared on the table before would fail (Derby recompiles them with other parameters)
            return altered;
        });
    }

    /**
     * Checks {@code change} of {@code dataset} as {@link #alter} checks it before making it, and changes nothing: refuses with
     * the sentence {@code alter} would refuse with. For a user interface validating a change as it is typed, so that the engine
     * alone decides what is accepted.
     */
    public void checkAlter(String dataset, SchemaChange change) throws GeodatabaseException {
        refuseSystemTable(dataset);
        inTransaction(g -> {
            schemaChanges().check(require(dataset), change);
            return null;
        });
    }

    /** The schema changes made through {@link #alter} and {@link #addDataset}, oldest first. */
    public List<SchemaChangeRecord> schemaChangeLog() throws GeodatabaseException {
        return inTransaction(g -> schemaChanges().log());
    }

    /**
     * Restores change tracking after DDL made outside GeoSync: rebuilds the missing or changed tracking triggers of every
     * dataset whose table still matches its catalog entry, in one transaction, and describes each dataset whose table does
     * not (columns added, dropped or changed outside GeoSync), which is left as it is.
     */
    public TrackingRepair repairTracking() throws GeodatabaseException {
        return inTransaction(g -> {
            TrackingRepair repaired = schemaChanges().repair();
            statements.close();
            return repaired;
        });
    }

    /**
     * Dataset {@code dataset} as its table describes it: its fields are the table's own columns, not the catalog's list (see
     * {@link #tableProblem}); a message's schema is taken from it. Refuses a column of a type GeoSync does not make.
     */
    public Dataset tableSchema(String dataset) throws GeodatabaseException {
        return inTransaction(g -> schemaChanges().asTable(require(dataset)));
    }

    /** What differs between {@code dataset}'s table and its catalog entry, in words, or null when they match. */
    public String tableProblem(String dataset) throws GeodatabaseException {
        return inTransaction(g -> schemaChanges().tableProblem(require(dataset)));
    }

    /** The names of the replicas holding dataset {@code name}, comma-separated, or null when it is no dataset of a replica. */
    private String replicasHolding(String name) throws GeodatabaseException {
        return inTransaction(g -> {
            List<String> names = new ArrayList<>();
            for (org.geosync.model.Replica r : new ReplicaStore(connection).all()) {
                if (r.getDatasets().stream().anyMatch(rd -> rd.getDatasetName().equalsIgnoreCase(name))) {
                    names.add(r.getName());
                }
            }
            return names.isEmpty() ? null : String.join(", ", names);
        });
    }

    private SchemaChanges schemaChanges() {
        return new SchemaChanges(connection, catalog, dialect);
    }

    private void refuseSystemTable(String name) throws GeodatabaseException {
        if (name != null && name.trim().toUpperCase(java.util.Locale.ROOT).startsWith("GDB_")) {
            throw new GeodatabaseException(name.trim().toUpperCase(java.util.Locale.ROOT) + " is one of GeoSync's own tables, whose"
                    + " schema GeoSync keeps itself; only datasets can be altered ('geosync gdb info " + location + "' lists them).");
        }
    }

    /** Fills a dataset just created for a bulk load; see {@link Geodatabase#createAndLoad}. */
    @FunctionalInterface
    public interface Loader<T> {
        /** Inserts the rows (through {@link #connection()}); an exception rolls the whole load back. */
        T load(Dataset dataset) throws GeodatabaseException, SQLException;
    }

    /**
     * Creates a dataset (a feature class when {@code type} is not null, else a table) and fills it
     * through {@code loader} as a bulk load: in the current transaction (or a new one), with change
     * capture off, and with the dataset's indexes and tracking triggers created only once its rows are
     * in, which makes large loads many times faster. No other connection can write to the table
     * before the transaction commits, and by then it is tracked like every other dataset.
     */
    public <T> T createAndLoad(String name, GeometryType type, int epsg, List<Field> fields, Loader<T> loader)
            throws GeodatabaseException {
        return applyWithoutTracking(g -> {
            Dataset d = catalog.create(name, type, type == null ? 0 : epsg, fields, true);
            T result = loader.load(d);
            catalog.finishBulkLoad(d);
            return result;
        });
    }

    /** All datasets, by name. */
    public List<Dataset> datasets() throws GeodatabaseException {
        return inTransaction(g -> catalog.all());
    }

    /** The dataset called {@code name}, or null when there is none. */
    public Dataset findDataset(String name) throws GeodatabaseException {
        return inTransaction(g -> catalog.find(name));
    }

    /** The dataset called {@code name}; refuses an unknown name. */
    public Dataset dataset(String name) throws GeodatabaseException {
        return inTransaction(g -> require(name));
    }

    private Dataset require(String name) throws GeodatabaseException, SQLException {
        Dataset d = catalog.find(name);
        if (d == null) {
            throw new GeodatabaseException("No dataset named " + name + " in " + location + "; 'geosync gdb info " + location
                    + "' lists the datasets.");
        }
        return d;
    }

    /**
     * Creates a relationship class, in one transaction: validates the datasets, keys and name, creates
     * the relationship table (named as the class) when it is attributed or M:N, indexes the keys and
     * records it. Returns the class as recorded: names upper-case, defaults filled in.
     */
    public RelationshipClass createRelationshipClass(RelationshipClass spec) throws GeodatabaseException {
        return inTransaction(g -> relationships.create(spec));
    }

    /**
     * As {@link #createRelationshipClass(RelationshipClass)}, with the relationship table (when the class has one) filled
     * through {@code loader} as a bulk load, like {@link #createAndLoad}: change capture off, the table's indexes and
     * tracking triggers made once its rows are in.
     */
    public RelationshipClass createRelationshipClass(RelationshipClass spec, Loader<?> loader) throws GeodatabaseException {
        return applyWithoutTracking(g -> relationships.create(spec, table -> loader.load(table)));
    }

    /** All relationship classes, by name. */
    public List<RelationshipClass> relationshipClasses() throws GeodatabaseException {
        return inTransaction(g -> relationships.all());
    }

    /** The relationship class called {@code name} (case-insensitive); refuses an unknown name. */
    public RelationshipClass relationshipClass(String name) throws GeodatabaseException {
        return inTransaction(g -> {
            RelationshipClass rc = name == null ? null : relationships.find(name);
            if (rc == null) {
                throw new GeodatabaseException("No relationship class named " + name + " in " + location + "; 'geosync gdb info "
                        + location + "' lists the relationship classes.");
            }
            return rc;
        });
    }

    /** The relationship classes {@code dataset} takes part in: as origin, destination or relationship table. */
    public List<RelationshipClass> relationshipsOf(String dataset) throws GeodatabaseException {
        return inTransaction(g -> relationships.of(require(dataset).name()));
    }

    /**
     * The tracking triggers of {@code dataset} that are missing or no longer as GeoSync created them (SQL that drops or
     * adds a column drops them): while the list is not empty, some edits of the dataset are not captured.
     */
    public List<String> lostTracking(String dataset) throws GeodatabaseException {
        return inTransaction(g -> catalog.lostTracking(require(dataset)));
    }

    /** Number of rows in a dataset. */
    public long rowCount(String dataset) throws GeodatabaseException {
        return inTransaction(g -> rows.count(require(dataset)));
    }

    /**
     * The number of rows of each of these datasets, by name, counted together (cheaper than one {@link #rowCount} each); when
     * that fails, each is counted on its own, so a dataset that cannot be counted fails with its own sentence.
     */
    public Map<String, Long> rowCounts(List<Dataset> datasets) throws GeodatabaseException {
        try {
            return inTransaction(g -> {
                List<Dataset> known = new ArrayList<>();
                for (Dataset d : datasets) {
                    known.add(require(d.name()));
                }
                return rows.counts(known);
            });
        } catch (GeodatabaseException together) {
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            for (Dataset d : datasets) {
                counts.put(d.name(), rowCount(d.name()));
            }
            return counts;
        }
    }

    /** Inserts a row with a new GlobalID; {@code wkt} is the geometry (null for tables). Returns the GlobalID. */
    public String insert(String dataset, Map<String, ?> values, String wkt) throws GeodatabaseException {
        return inTransaction(g -> rows.insert(require(dataset), null, values, wkt));
    }

    /** Inserts a row that already has a GlobalID (a row received from another replica). */
    public String insert(String dataset, String globalId, Map<String, ?> values, String wkt) throws GeodatabaseException {
        return inTransaction(g -> rows.insert(require(dataset), globalId, values, wkt));
    }

    /** Updates the given fields, and the geometry when {@code wkt} is not null, of the row with this GlobalID. */
    public void update(String dataset, String globalId, Map<String, ?> values, String wkt) throws GeodatabaseException {
        inTransaction(g -> {
            rows.update(require(dataset), globalId, values, wkt);
            return null;
        });
    }

    /** Deletes the row with this GlobalID. */
    public void delete(String dataset, String globalId) throws GeodatabaseException {
        inTransaction(g -> {
            rows.delete(require(dataset), globalId);
            return null;
        });
    }

    /** The row's values (GLOBALID, fields, SHAPE as WKT), or empty when there is no such row. */
    public Optional<Map<String, Object>> row(String dataset, String globalId) throws GeodatabaseException {
        return inTransaction(g -> rows.read(require(dataset), globalId));
    }

    /**
     * The row's values as of the end of the previous generation, i.e. the last time this geodatabase
     * closed a generation by synchronizing (the common ancestor conflict detection needs); empty when
     * the row did not exist then.
     */
    public Optional<Map<String, Object>> ancestor(String dataset, String globalId) throws GeodatabaseException {
        return inTransaction(g -> rows.stateAt(require(dataset), globalId, generation() - 1));
    }

    /** The row's values as they were at the end of generation {@code generation}; empty when it did not exist then. */
    public Optional<Map<String, Object>> stateAt(String dataset, String globalId, long generation) throws GeodatabaseException {
        return inTransaction(g -> rows.stateAt(require(dataset), globalId, generation));
    }

    /** GlobalIDs of the features of {@code dataset} that intersect the area given as WKT, in ObjectID order. */
    public List<String> intersecting(String dataset, String areaWkt) throws GeodatabaseException {
        org.locationtech.jts.geom.Geometry area;
        try {
            area = org.geosync.core.internal.geometry.Geometries.parseWkt(areaWkt);
        } catch (IllegalArgumentException e) {
            throw new GeodatabaseException(e.getMessage(), e);
        }
        return inTransaction(g -> rows.intersecting(require(dataset), area));
    }

    /** The current generation: edits made now are recorded with it (in a snapshot transaction, the engine's own edits). */
    public long generation() throws GeodatabaseException {
        if (snapshotGeneration >= 0) {
            return snapshotGeneration;
        }
        return inTransaction(g -> {
            dialect.lockGenerations(connection); // what is sent up to it must be committed (see SqlDialect#lockGenerations)
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT GENERATION FROM GDB_GENERATION")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Captured edits recorded with a generation greater than {@code generation}, oldest first. */
    public List<Change> changesSince(long generation) throws GeodatabaseException {
        return inTransaction(g -> rows.changesSince(generation));
    }

    /**
     * Closes the current generation (after an export or a synchronization): later edits get the next
     * generation, and the rows as they are now stay readable through {@link #stateAt}. Returns the new
     * generation.
     */
    public long markSynchronized() throws GeodatabaseException {
        if (snapshotGeneration >= 0) {
            // the editors are two generations ahead already (see SqlDialect#openSnapshot): the engine's writes move up to theirs
            if (snapshotGeneration + 1 > snapshotLimit) {
                throw new IllegalStateException("a snapshot transaction closes its generation at most twice");
            }
            return inTransaction(g -> {
                dialect.setGeneration(connection, snapshotGeneration + 1);
                return ++snapshotGeneration;
            });
        }
        return inTransaction(g -> {
            dialect.lockGenerations(connection);
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("UPDATE GDB_GENERATION SET GENERATION = GENERATION + 1");
            }
            return generation();
        });
    }

    /**
     * Opens generation {@code closed} again after {@link #markSynchronized} closed it for work that then failed and changed
     * nothing, when no edit has been recorded in the generation opened since (else it stays closed: an empty closed generation
     * is harmless).
     */
    public void reopenGeneration(long closed) throws GeodatabaseException {
        reopen(closed, closed + 1);
    }

    /** Sets the current generation back to {@code closed} when it is {@code current} and nothing is recorded after {@code closed}. */
    private void reopen(long closed, long current) throws GeodatabaseException {
        inTransaction(g -> {
            dialect.lockGenerations(connection);
            try (PreparedStatement p = connection.prepareStatement("UPDATE GDB_GENERATION SET GENERATION = ? WHERE GENERATION = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM GDB_CHANGES WHERE GENERATION > ?)")) {
                p.setLong(1, closed);
                p.setLong(2, current);
                p.setLong(3, closed);
                p.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Forgets row images and change records of generations up to {@code generation}: no replica will ask
     * for a state that old again.
     */
    public void prune(long generation) throws GeodatabaseException {
        inTransaction(g -> {
            new ReplicaStore(connection).setPruned(generation);
            for (String log : new String[] { "GDB_CHANGES", "GDB_DECIDED" }) {
                try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + log + " WHERE GENERATION <= ?")) {
                    p.setLong(1, generation);
                    p.executeUpdate();
                }
            }
            for (Dataset d : catalog.all()) {
                try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + Catalog.ancestorTable(d.name())
                        + " WHERE GENERATION <= ?")) {
                    p.setLong(1, generation);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Runs {@code work} in one transaction with the edits captured as changes received from the
     * geodatabase {@code sourceGuid}: they are forwarded to other replicas, never sent back to that one.
     */
    public <T> T applyFrom(String sourceGuid, Work<T> work) throws GeodatabaseException {
        String previous = TrackingFlag.setSource(sourceGuid);
        try {
            return inTransaction(work);
        } finally {
            TrackingFlag.setSource(previous);
        }
    }

    /**
     * Runs {@code work} in one transaction with change capture off on this connection's thread: for
     * changes received by synchronization and bulk loads, which must not be sent back as local edits.
     */
    public <T> T applyWithoutTracking(Work<T> work) throws GeodatabaseException {
        TrackingFlag.suspend();
        try {
            return inTransaction(work);
        } finally {
            TrackingFlag.resume();
        }
    }

    /**
     * As {@link #applyWithoutTracking}, for work that makes many datasets and relationship classes at once (a new replica):
     * the tracking triggers of each table it makes or changes are compiled once, at its end, rather than after each step.
     */
    public <T> T buildWithoutTracking(Work<T> work) throws GeodatabaseException {
        return applyWithoutTracking(g -> {
            catalog.deferPreparation();
            try {
                T result = work.run(g);
                catalog.prepareDeferred();
                return result;
            } finally {
                catalog.stopDeferring();
            }
        });
    }

    /**
     * Runs {@code work} in one snapshot transaction where the engine has them (PostgreSQL): the work sees every edit committed
     * before the generation cut and none after, while other connections go on editing (see SqlDialect#openSnapshot), and may
     * close the generation at most twice. Elsewhere, nested in a transaction, or while {@link #holdEditors} is set, it is one
     * ordinary transaction, whose reading of the generation holds editors until it ends. A snapshot transaction that meets an
     * edit committed after its snapshot fails with a concurrency failure ({@link #isConcurrencyFailure}) and changes nothing.
     */
    public <T> T inSnapshot(Work<T> work) throws GeodatabaseException {
        if (transactionDepth > 0 || holdEditors) {
            return inTransaction(work);
        }
        long start;
        try {
            start = dialect.openSnapshot(connection);
        } catch (SQLException e) {
            throw new GeodatabaseException(describe(e), e);
        }
        if (start < 0) {
            return inTransaction(work);
        }
        snapshotGeneration = start;
        snapshotLimit = start + 2;
        boolean done = false;
        try {
            T result = inTransaction(work);
            done = true;
            return result;
        } finally {
            snapshotGeneration = -1;
            try {
                dialect.closeSnapshot(connection);
                if (!done) {
                    // work that failed changes nothing, the editors' move to a later generation included, unless it is in use
                    reopen(start, start + 2);
                }
            } catch (SQLException | GeodatabaseException e) {
                // the connection is broken: the next statement says so
            }
        }
    }

    /**
     * Makes {@link #inSnapshot} run ordinary transactions, which hold editors while they run (true), or snapshot transactions
     * again (false): for work that met concurrent edits in snapshot transactions too often.
     */
    public void holdEditors(boolean hold) {
        holdEditors = hold;
    }

    /** Whether {@code e} (or its cause) says a snapshot transaction met a concurrent edit and can be run again (see {@link #inSnapshot}). */
    public boolean isConcurrencyFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException x = s; x != null; x = x.getNextException()) {
                    if (dialect.isConcurrencyFailure(x)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Runs {@code work} in one transaction (nested calls join the outer one); any failure rolls it back. */
    public <T> T inTransaction(Work<T> work) throws GeodatabaseException {
        boolean outer = transactionDepth == 0;
        transactionDepth++;
        try {
            T result = work.run(this);
            if (outer) {
                connection.commit();
            }
            return result;
        } catch (GeodatabaseException | SQLException | RuntimeException e) {
            if (outer) {
                rollbackQuietly();
            }
            if (e instanceof GeodatabaseException g) {
                throw g;
            }
            if (e instanceof SQLException s) {
                throw new GeodatabaseException(describe(s), s);
            }
            throw (RuntimeException) e;
        } finally {
            transactionDepth--;
        }
    }

    /**
     * Runs one SQL statement of the caller's and commits it. A query's rows go to {@code handler} and
     * -1 is returned; any other statement returns its update count. An error changes nothing. The
     * statement is not checked: this is for SQL the engine or a program writes; SQL a person typed goes
     * through {@link #executeUserSql}.
     */
    public long executeSql(String sql, SqlResultHandler handler) throws GeodatabaseException {
        return inTransaction(g -> {
            catalog.forget(); // the statement may change the catalog tables themselves
            try (Statement s = connection.createStatement()) {
                if (!s.execute(sql)) {
                    statements.close(); // it may have been DDL, after which statements prepared before fail
                    return (long) s.getLargeUpdateCount();
                }
                try (ResultSet rs = s.getResultSet()) {
                    int n = rs.getMetaData().getColumnCount();
                    List<String> header = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        header.add(rs.getMetaData().getColumnLabel(i));
                    }
                    handler.header(header);
                    while (rs.next()) {
                        List<String> values = new ArrayList<>(n);
                        for (int i = 1; i <= n; i++) {
                            values.add(Rows.text(rs, i));
                        }
                        handler.row(values);
                    }
                }
                return -1L;
            }
        });
    }

    /**
     * Runs one SQL statement a person typed ({@code geosync sql}, a SQL console), after {@link SqlGuard}
     * judged it a statement on data: GeoSync's tables, triggers and schema, and Derby's system routines,
     * are refused with a sentence. Edits of feature classes are then checked as every incoming geometry
     * is: a SHAPE the statement wrote must have the class's type, finite coordinates, be valid, and, when
     * ST_GeomFromText made it, have been given in the class's CRS; otherwise nothing changes.
     */
    public long executeUserSql(String sql, SqlResultHandler handler) throws GeodatabaseException {
        SqlGuard.Verdict verdict = SqlGuard.check(sql, new SqlGuard.Datasets() {
            @Override
            public String directory() {
                return location.toString();
            }

            @Override
            public String replicasOf(String table) throws GeodatabaseException {
                return replicasHolding(table);
            }
        }, isPostgresql() ? SqlGuard.Grammar.POSTGRESQL : SqlGuard.Grammar.DERBY);
        if (verdict.kind() != SqlGuard.Kind.WRITE || verdict.verb().equals("DELETE")
                || verdict.verb().equals("UPDATE") && !verdict.mentionsShape()) {
            return executeSql(sql, handler);
        }
        return inTransaction(g -> {
            long before = lastChangeId();
            GivenCrs given = GivenCrs.start();
            try {
                long count = executeSql(sql, handler);
                checkWrittenShapes(before, given);
                return count;
            } finally {
                GivenCrs.stop();
            }
        });
    }

    private long lastChangeId() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(CHANGE_ID) FROM GDB_CHANGES")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Checks the geometry of every feature the statement inserted or updated (the change log names them). */
    private void checkWrittenShapes(long after, GivenCrs given) throws SQLException, GeodatabaseException {
        try (PreparedStatement p = connection.prepareStatement("SELECT DISTINCT DATASET, GLOBALID FROM GDB_CHANGES WHERE CHANGE_ID > ?"
                + " AND OPERATION <> 'D' ORDER BY DATASET, GLOBALID")) {
            p.setLong(1, after);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Dataset d = catalog.find(rs.getString(1));
                    if (d == null || !d.isFeatureClass()) {
                        continue;
                    }
                    String gid = rs.getString(2);
                    byte[] wkb;
                    try (PreparedStatement q = connection.prepareStatement("SELECT SHAPE FROM " + d.name() + " WHERE GLOBALID = ?")) {
                        q.setString(1, gid);
                        try (ResultSet r = q.executeQuery()) {
                            wkb = r.next() ? r.getBytes(1) : null;
                        }
                    }
                    if (wkb == null) {
                        continue;
                    }
                    String problem = Geometries.shapeProblem(wkb, d.geometryType(), d.epsg());
                    int other = given.otherThan(wkb, d.epsg());
                    if (problem == null && other != 0) {
                        problem = "it was given in EPSG:" + other + " (ST_GeomFromText), but " + d.name() + " is in EPSG:" + d.epsg()
                                + "; give its coordinates in EPSG:" + d.epsg();
                    }
                    if (problem != null) {
                        throw new GeodatabaseException("The statement would store a geometry in " + d.name() + " (row " + gid + ") that "
                                + "cannot be stored there: " + problem + "; nothing was changed.");
                    }
                }
            }
        }
    }

    private static String describe(SQLException e) {
        if ("23502".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("'GLOBALID'")) {
            return "Every row needs a GLOBALID, which names it on every replica: give GDB_NEW_GLOBALID() for a new row, as in"
                    + " INSERT INTO T (GLOBALID, ...) VALUES (GDB_NEW_GLOBALID(), ...).";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // a sentence of GeoSync's own SQL functions (invalid WKT, unknown EPSG, GLOBALID change) says it best
            StackTraceElement[] where = t.getStackTrace();
            if (t instanceof SQLException s && ("38GS1".equals(s.getSQLState())
                    || where.length > 0 && where[0].getClassName().startsWith("org.geosync.core."))) {
                return s.getMessage();
            }
        }
        return "SQL error: " + UserData.excerpt(String.valueOf(e.getMessage()).replace('\n', ' ').replace('\r', ' '), 300);
    }

    private void rollbackQuietly() {
        catalog.forget(); // datasets created by the rolled-back work are gone
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    @Override
    public void close() {
        statements.close();
        if (directory != null) {
            DerbyConnector.closeQuietly(connection, directory);
        } else {
            PostgresGeodatabases.closeQuietly(connection);
        }
    }
}
