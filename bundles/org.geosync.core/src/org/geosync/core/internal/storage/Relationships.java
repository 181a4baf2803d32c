package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;

/**
 * Relationship classes: their catalog table GDB_RELATIONSHIPS, their creation (validation, the
 * relationship table, lookup indexes), and the related-row lookups synchronization uses.
 * <p>
 * GDB_RELATIONSHIPS has one row per relationship class: NAME (primary key), ORIGIN, DESTINATION,
 * ORIGIN_KEY, ORIGIN_FOREIGN_KEY, CARDINALITY (the {@link Cardinality} constant), ATTRIBUTED (0/1),
 * DESTINATION_KEY, DESTINATION_FOREIGN_KEY and RELATIONSHIP_TABLE (null for simple ones). The
 * attributes of a relationship table are not stored twice: they are the table dataset's fields in
 * GDB_FIELDS other than the two foreign keys.
 * <p>
 * No FOREIGN KEY constraint is declared, and a 1:1 foreign key gets no UNIQUE constraint: a filtered
 * replica legitimately holds rows whose related rows live elsewhere, and synchronization applies the
 * rows of a message one by one, so a relationship moved from one row to another would be refused
 * half-way although the message is consistent once applied. Cardinality is metadata, not a constraint
 * (as in ArcGIS). Plain indexes keep "rows related to X" lookups cheap instead. Deletes do keep
 * relationships, whoever makes them: row triggers created with the class void the relationships of a deleted
 * row (see {@link #createMaintenance}).
 * <p>
 * The lookups take GlobalIDs in batches of {@value #BATCH} (an IN list each) and join in the
 * database, so they never read a whole table into memory; each returns every related GlobalID once,
 * of rows that exist in this geodatabase. When the key on the side given is GLOBALID the lookup reads
 * the foreign key column directly, so it also finds the rows related to an origin already deleted here.
 */
public final class Relationships {

    /** The catalog table of relationship classes. */
    public static final String TABLE = "GDB_RELATIONSHIPS";
    /** GlobalIDs per IN list of a lookup. */
    static final int BATCH = 500;
    private static final String OBJECTID = "OBJECTID", GLOBALID = "GLOBALID";

    private final Connection c;
    private final Catalog catalog;

    /** Relationship classes of the geodatabase behind {@code c}, whose SQL {@code dialect} speaks. */
    public Relationships(Connection c, SqlDialect dialect) {
        this(c, new Catalog(c, dialect));
    }

    /** Relationship classes of the geodatabase behind {@code c}, creating relationship tables through {@code catalog}. */
    public Relationships(Connection c, Catalog catalog) {
        this.c = c;
        this.catalog = catalog;
    }

    /**
     * Creates GDB_RELATIONSHIPS unless it exists: for new geodatabases, and on open for geodatabases
     * made before relationship classes existed.
     */
    public static void install(Connection c) throws SQLException {
        if (tableExists(c, TABLE)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE " + TABLE + " (NAME VARCHAR(128) NOT NULL PRIMARY KEY,"
                    + " ORIGIN VARCHAR(128) NOT NULL, DESTINATION VARCHAR(128) NOT NULL,"
                    + " ORIGIN_KEY VARCHAR(128) NOT NULL, ORIGIN_FOREIGN_KEY VARCHAR(128) NOT NULL,"
                    + " CARDINALITY VARCHAR(16) NOT NULL, ATTRIBUTED SMALLINT NOT NULL,"
                    + " DESTINATION_KEY VARCHAR(128), DESTINATION_FOREIGN_KEY VARCHAR(128), RELATIONSHIP_TABLE VARCHAR(128))");
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        return Tables.exists(c, name);
    }

    // ---------------------------------------------------------------- creation

    /**
     * Validates {@code spec}, creates the relationship table when it needs one, indexes the keys and
     * records the class. Runs in the caller's transaction; a refusal leaves it to roll back (nothing
     * is created before every check has passed, except what the table's own creation validates).
     */
    public RelationshipClass create(RelationshipClass spec) throws GeodatabaseException, SQLException {
        return create(spec, null);
    }

    /** Fills a relationship table made for a bulk load; see {@link Relationships#create(RelationshipClass, TableLoader)}. */
    @FunctionalInterface
    public interface TableLoader {
        /** Inserts the table's rows, in the creating transaction. */
        void load(Dataset table) throws GeodatabaseException, SQLException;
    }

    /**
     * As {@link #create(RelationshipClass)}; the relationship table, when the class has one, is filled by {@code loader} as a
     * bulk load: made bare in this transaction, filled, and only then indexed and tracked (a copy of the class with its
     * rows, as a new replica takes it). A null {@code loader} leaves the table empty.
     */
    public RelationshipClass create(RelationshipClass spec, TableLoader loader) throws GeodatabaseException, SQLException {
        if (spec == null) {
            throw new GeodatabaseException("No relationship class given; name one with its origin, destination and keys.");
        }
        String name = Catalog.identifier(spec.name(), "relationship class");
        if (name.startsWith("GDB_")) {
            throw new GeodatabaseException("Names starting with GDB_ are reserved for GeoSync; choose another name than " + name + ".");
        }
        if (find(name) != null) {
            throw new GeodatabaseException("A relationship class named " + name + " already exists; choose another name.");
        }
        if (catalog.find(name) != null || tableExists(c, name)) {
            throw new GeodatabaseException("A dataset or table named " + name
                    + " already exists; a relationship class needs a name no dataset has.");
        }
        if (spec.cardinality() == null) {
            throw new GeodatabaseException("The relationship class " + name + " needs a cardinality: 1:1, 1:M or M:N.");
        }
        Dataset origin = dataset(spec.origin(), "origin", name);
        Dataset destination = dataset(spec.destination(), "destination", name);
        Field originKey = key(origin, spec.originKey(), "origin key");
        // every index and trigger made here makes Derby compile the table's statements again; each table is prepared once,
        // at the end, after all of them (Catalog#prepareTracking)
        Set<String> touched = new LinkedHashSet<>();
        RelationshipClass rc;
        if (!spec.hasTable()) {
            if (spec.destinationKey() != null || spec.destinationForeignKey() != null || !spec.attributes().isEmpty()) {
                throw new GeodatabaseException("The relationship class " + name + " is a simple " + spec.cardinality().label()
                        + " one without a table of its own, so it takes no destination key, destination foreign key or"
                        + " fields; make it attributed or M:N to keep them.");
            }
            Field foreignKey = foreignKey(destination, spec.foreignKey());
            checkCompatible(origin, originKey, destination, foreignKey);
            rc = new RelationshipClass(name, origin.name(), destination.name(), originKey.name(), foreignKey.name(),
                    spec.cardinality(), false, null, null, List.of());
            createIndex(indexName(name, "F"), destination.name(), foreignKey.name(), touched);
        } else {
            if (!spec.attributed() && !spec.attributes().isEmpty()) {
                throw new GeodatabaseException("Only an attributed relationship class has fields of its own; make " + name
                        + " attributed or leave the fields out.");
            }
            Field destinationKey = key(destination, spec.destinationKey() == null ? GLOBALID : spec.destinationKey(),
                    "destination key");
            String foreignKey = required(spec.foreignKey(), "foreign key field", name);
            String destinationForeignKey = spec.destinationForeignKey() == null ? "DEST_" + destinationKey.name()
                    : required(spec.destinationForeignKey(), "destination foreign key field", name);
            List<Field> fields = new ArrayList<>();
            fields.add(keyHolder(foreignKey, originKey));
            fields.add(keyHolder(destinationForeignKey, destinationKey));
            fields.addAll(spec.attributes());
            Dataset table = catalog.create(name, null, 0, fields, loader != null);
            if (loader != null) {
                loader.load(table);
                catalog.finishBulkLoad(table);
            }
            List<Field> created = table.fields();
            rc = new RelationshipClass(name, origin.name(), destination.name(), originKey.name(), created.get(0).name(),
                    spec.cardinality(), spec.attributed(), destinationKey.name(), created.get(1).name(),
                    created.subList(2, created.size()));
            createIndex(indexName(name, "F"), name, rc.foreignKey(), touched);
            createIndex(indexName(name, "D"), name, rc.destinationForeignKey(), touched);
            if (isUserField(destinationKey)) {
                createIndex(indexName(name, "K"), destination.name(), destinationKey.name(), touched);
            }
        }
        if (isUserField(originKey)) {
            createIndex(indexName(name, "O"), origin.name(), originKey.name(), touched);
        }
        record(rc);
        createMaintenance(rc, touched);
        for (String t : touched) {
            Dataset d = catalog.find(t);
            if (d != null) {
                catalog.prepareTracking(d);
            }
        }
        return rc;
    }

    // ---------------------------------------------------------------- maintenance by the database

    /**
     * The database keeps every relationship class's relationships when a row is deleted, whoever deletes it (the API, the
     * CLI's {@code sql}, any JDBC client, synchronization): a deleted origin sets the foreign keys naming it to NULL (simple
     * classes) or removes its relationship rows (attributed and M:N classes), and a deleted destination removes its
     * relationship rows; the related rows themselves stay. These are row triggers created with the class; what they change
     * is captured by the tracking triggers like any edit, with the same source as the delete (a delete received from a
     * relative voids the same relationships its sender's delete voided there, and is not sent back).
     */
    private void createMaintenance(RelationshipClass rc, Set<String> touched) throws SQLException {
        SqlDialect dialect = catalog.dialect();
        dialect.createTrigger(c, triggerName(rc, "O"), rc.origin(), originTrigger(rc, dialect));
        if (rc.hasTable()) {
            dialect.createTrigger(c, triggerName(rc, "D"), rc.destination(), destinationTrigger(rc, dialect));
        }
        // a new trigger makes Derby compile the tables' statements again: in this transaction, not in the first edit's
        touched.addAll(rc.hasTable() ? List.of(rc.origin(), rc.destination()) : List.of(rc.origin()));
    }

    /** The origin's trigger, as the database describes it (see {@link SqlDialect#afterDeleteTrigger}). */
    private static String originTrigger(RelationshipClass rc, SqlDialect dialect) {
        String o = dialect.oldRow();
        return dialect.afterDeleteTrigger(rc.hasTable() ? "DELETE FROM " + rc.table() + " WHERE " + rc.foreignKey() + " = " + o + "." + rc.originKey()
                : "UPDATE " + rc.destination() + " SET " + rc.foreignKey() + " = NULL WHERE " + rc.foreignKey() + " = " + o + "." + rc.originKey());
    }

    private static String destinationTrigger(RelationshipClass rc, SqlDialect dialect) {
        return dialect.afterDeleteTrigger("DELETE FROM " + rc.table() + " WHERE " + rc.destinationForeignKey() + " = " + dialect.oldRow() + "."
                + rc.destinationKey());
    }

    /** The name of a maintenance trigger of {@code rc}: on its origin ({@code O}) or its destination ({@code D}). */
    static String triggerName(RelationshipClass rc, String end) {
        return "GDB_RK" + end + "_" + rc.name();
    }

    /**
     * Creates the maintenance triggers a relationship class lacks: on open, for geodatabases made before relationships
     * were kept by the database (or whose triggers were dropped through SQL).
     */
    public void installMaintenance() throws SQLException {
        List<RelationshipClass> all = all();
        if (all.isEmpty()) {
            return;
        }
        SqlDialect dialect = catalog.dialect();
        Set<String> present = new java.util.HashSet<>();
        for (SqlDialect.InstalledTrigger t : dialect.installedTriggers(c).values()) {
            if (t.name().startsWith("GDB_RK")) {
                present.add(t.name());
            }
        }
        for (RelationshipClass rc : all) {
            if (!tableExists(c, rc.origin()) || !tableExists(c, rc.hasTable() ? rc.table() : rc.destination())) {
                continue;
            }
            boolean origin = present.contains(triggerName(rc, "O"));
            boolean destination = !rc.hasTable() || present.contains(triggerName(rc, "D"));
            if (origin && destination) {
                continue;
            }
            if (!origin) {
                dialect.createTrigger(c, triggerName(rc, "O"), rc.origin(), originTrigger(rc, dialect));
            }
            if (!destination && tableExists(c, rc.destination())) {
                dialect.createTrigger(c, triggerName(rc, "D"), rc.destination(), destinationTrigger(rc, dialect));
            }
            for (String table : List.of(rc.origin(), rc.destination())) {
                Dataset d = catalog.find(table);
                if (d != null && tableExists(c, table)) {
                    catalog.prepareTracking(d);
                }
            }
        }
    }

    private Dataset dataset(String raw, String role, String relationship) throws GeodatabaseException, SQLException {
        if (raw == null || raw.isBlank()) {
            throw new GeodatabaseException("The relationship class " + relationship + " needs an " + role + " dataset.");
        }
        Dataset d = catalog.find(raw.trim());
        if (d == null) {
            throw new GeodatabaseException("No dataset named " + raw.trim() + " to be the " + role + " of " + relationship
                    + "; 'geosync gdb info' lists the datasets.");
        }
        return d;
    }

    private static String required(String raw, String what, String relationship) throws GeodatabaseException {
        if (raw == null || raw.isBlank()) {
            throw new GeodatabaseException("The relationship class " + relationship + " needs a " + what + ".");
        }
        return Catalog.identifier(raw.trim(), what);
    }

    /** The key column of {@code d}: OBJECTID (integer), GLOBALID (text of 36) or a user field. */
    private static Field key(Dataset d, String raw, String role) throws GeodatabaseException {
        if (raw == null || raw.isBlank()) {
            throw new GeodatabaseException("No " + role + " given; name OBJECTID, GLOBALID or a field of " + d.name() + ".");
        }
        String k = raw.trim().toUpperCase(Locale.ROOT);
        if (k.equals(OBJECTID)) {
            return new Field(OBJECTID, FieldType.INTEGER, 0);
        }
        if (k.equals(GLOBALID)) {
            return new Field(GLOBALID, FieldType.TEXT, 36);
        }
        Field f = d.field(k);
        if (f == null) {
            throw new GeodatabaseException(d.name() + " has no field " + k + " to be the " + role + "; use OBJECTID, GLOBALID"
                    + fieldList(d) + ".");
        }
        return f;
    }

    private static Field foreignKey(Dataset destination, String raw) throws GeodatabaseException {
        if (raw == null || raw.isBlank()) {
            throw new GeodatabaseException("No foreign key given; name the field of " + destination.name()
                    + " that holds the origin's key.");
        }
        String k = raw.trim().toUpperCase(Locale.ROOT);
        if (Catalog.SYSTEM_COLUMNS.contains(k)) {
            throw new GeodatabaseException(k + " is a system column of " + destination.name()
                    + " and cannot hold a foreign key; use one of its own fields.");
        }
        Field f = destination.field(k);
        if (f == null) {
            throw new GeodatabaseException(destination.name() + " has no field " + k + " to hold the foreign key"
                    + (destination.fields().isEmpty() ? "; it has no fields of its own." : "; its fields are "
                            + String.join(", ", destination.fields().stream().map(Field::name).toList()) + "."));
        }
        return f;
    }

    private static String fieldList(Dataset d) {
        return d.fields().isEmpty() ? "" : " or one of " + String.join(", ", d.fields().stream().map(Field::name).toList());
    }

    private static void checkCompatible(Dataset origin, Field key, Dataset destination, Field fk) throws GeodatabaseException {
        String where = destination.name() + "." + fk.name();
        String what = origin.name() + "." + key.name();
        switch (key.name()) {
            case OBJECTID -> {
                if (fk.type() != FieldType.INTEGER && fk.type() != FieldType.BIGINT) {
                    throw new GeodatabaseException("The foreign key " + where + " is " + describe(fk) + " but " + what
                            + " is an integer; use an integer or bigint field.");
                }
            }
            case GLOBALID -> {
                if (fk.type() != FieldType.TEXT || fk.length() < 36) {
                    throw new GeodatabaseException("The foreign key " + where + " is " + describe(fk) + " but " + what
                            + " needs text of at least 36 characters; use such a text field.");
                }
            }
            default -> {
                if (fk.type() != key.type()) {
                    throw new GeodatabaseException("The foreign key " + where + " is " + describe(fk) + " but " + what + " is "
                            + describe(key) + "; use a field of the same type.");
                }
            }
        }
    }

    private static String describe(Field f) {
        return switch (f.type()) {
            case TEXT -> "text(" + f.length() + ")";
            case INTEGER -> "an integer";
            default -> "a " + f.type().name().toLowerCase(Locale.ROOT);
        };
    }

    /** The relationship-table field holding values of {@code key}. */
    private static Field keyHolder(String name, Field key) {
        return switch (key.name()) {
            case OBJECTID -> new Field(name, FieldType.INTEGER, 0);
            case GLOBALID -> new Field(name, FieldType.TEXT, 36);
            default -> new Field(name, key.type(), key.length());
        };
    }

    private static boolean isUserField(Field key) {
        return !key.name().equals(OBJECTID) && !key.name().equals(GLOBALID);
    }

    private static String indexName(String relationship, String suffix) {
        return "GDB_IR" + suffix + "_" + relationship;
    }

    private void createIndex(String index, String table, String column, Set<String> touched) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Derby accepts an index duplicating another (a warning) and shares its storage
            s.executeUpdate("CREATE INDEX " + index + " ON " + table + " (" + column + ")");
        }
        touched.add(table); // a new index makes Derby compile the table's triggers again
    }

    private void record(RelationshipClass rc) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE + " (NAME, ORIGIN, DESTINATION, ORIGIN_KEY,"
                + " ORIGIN_FOREIGN_KEY, CARDINALITY, ATTRIBUTED, DESTINATION_KEY, DESTINATION_FOREIGN_KEY, RELATIONSHIP_TABLE)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, rc.name());
            p.setString(2, rc.origin());
            p.setString(3, rc.destination());
            p.setString(4, rc.originKey());
            p.setString(5, rc.foreignKey());
            p.setString(6, rc.cardinality().name());
            p.setInt(7, rc.attributed() ? 1 : 0);
            p.setString(8, rc.destinationKey());
            p.setString(9, rc.destinationForeignKey());
            p.setString(10, rc.table());
            p.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- reading the catalog

    /** All relationship classes, by name. */
    public List<RelationshipClass> all() throws SQLException {
        return select(null);
    }

    /** The relationship class called {@code name} (case-insensitive), or null. */
    public RelationshipClass find(String name) throws SQLException {
        List<RelationshipClass> found = select(name.trim().toUpperCase(Locale.ROOT));
        return found.isEmpty() ? null : found.get(0);
    }

    /** The relationship classes whose origin, destination or relationship table {@code dataset} is, by name. */
    public List<RelationshipClass> of(String dataset) throws SQLException {
        return all().stream().filter(rc -> rc.involves(dataset.trim())).toList();
    }

    private List<RelationshipClass> select(String name) throws SQLException {
        List<RelationshipClass> found = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT NAME, ORIGIN, DESTINATION, ORIGIN_KEY, ORIGIN_FOREIGN_KEY,"
                + " CARDINALITY, ATTRIBUTED, DESTINATION_KEY, DESTINATION_FOREIGN_KEY, RELATIONSHIP_TABLE FROM " + TABLE
                + (name == null ? "" : " WHERE NAME = ?") + " ORDER BY NAME")) {
            if (name != null) {
                p.setString(1, name);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.add(new RelationshipClass(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Tables.named(Cardinality.values(), rs.getString(6).trim()), rs.getInt(7) != 0, rs.getString(8),
                            rs.getString(9), List.of()));
                }
            }
        }
        List<RelationshipClass> result = new ArrayList<>(found.size());
        for (RelationshipClass rc : found) {
            result.add(rc.hasTable() ? withAttributes(rc) : rc);
        }
        return result;
    }

    /** The table's fields other than the two foreign keys are the relationship's attributes. */
    private RelationshipClass withAttributes(RelationshipClass rc) throws SQLException {
        Dataset table = catalog.find(rc.table());
        List<Field> attributes = table == null ? List.of() : table.fields().stream()
                .filter(f -> !f.name().equals(rc.foreignKey()) && !f.name().equals(rc.destinationForeignKey())).toList();
        return new RelationshipClass(rc.name(), rc.origin(), rc.destination(), rc.originKey(), rc.foreignKey(), rc.cardinality(),
                rc.attributed(), rc.destinationKey(), rc.destinationForeignKey(), attributes);
    }

    // ---------------------------------------------------------------- related rows

    /**
     * GlobalIDs of the destination rows related to the origin rows with these GlobalIDs: through the
     * destination's foreign key (simple) or the relationship table's rows.
     */
    public List<String> relatedDestinationGlobalIds(RelationshipClass rc, Collection<String> originGlobalIds)
            throws GeodatabaseException, SQLException {
        check(rc);
        String o = rc.origin(), d = rc.destination(), ok = rc.originKey(), fk = rc.foreignKey();
        String sql;
        if (!rc.hasTable()) {
            sql = ok.equals(GLOBALID)
                    ? "SELECT D.GLOBALID FROM " + d + " D WHERE D." + fk + " IN (%s)"
                    : "SELECT D.GLOBALID FROM " + o + " O JOIN " + d + " D ON D." + fk + " = O." + ok + " WHERE O.GLOBALID IN (%s)";
        } else {
            String fromTable = "SELECT D.GLOBALID FROM " + rc.table() + " R JOIN " + d + " D ON D." + rc.destinationKey() + " = R."
                    + rc.destinationForeignKey();
            sql = ok.equals(GLOBALID)
                    ? fromTable + " WHERE R." + fk + " IN (%s)"
                    : fromTable + " JOIN " + o + " O ON R." + fk + " = O." + ok + " WHERE O.GLOBALID IN (%s)";
        }
        return collect(sql, originGlobalIds);
    }

    /**
     * GlobalIDs of the origin rows related to the destination rows with these GlobalIDs: through the
     * destination's foreign key (simple) or the relationship table's rows.
     */
    public List<String> relatedOriginGlobalIds(RelationshipClass rc, Collection<String> destinationGlobalIds)
            throws GeodatabaseException, SQLException {
        check(rc);
        String o = rc.origin(), d = rc.destination(), ok = rc.originKey(), fk = rc.foreignKey();
        String sql;
        if (!rc.hasTable()) {
            sql = "SELECT O.GLOBALID FROM " + d + " D JOIN " + o + " O ON O." + ok + " = D." + fk + " WHERE D.GLOBALID IN (%s)";
        } else {
            String fromTable = "SELECT O.GLOBALID FROM " + rc.table() + " R JOIN " + o + " O ON O." + ok + " = R." + fk;
            String dk = rc.destinationKey(), dfk = rc.destinationForeignKey();
            sql = dk.equals(GLOBALID)
                    ? fromTable + " WHERE R." + dfk + " IN (%s)"
                    : fromTable + " JOIN " + d + " D ON R." + dfk + " = D." + dk + " WHERE D.GLOBALID IN (%s)";
        }
        return collect(sql, destinationGlobalIds);
    }

    /**
     * GlobalIDs of the relationship-table rows of the origin rows with these GlobalIDs; refuses a
     * simple relationship class, which has no table.
     */
    public List<String> relationshipRowGlobalIds(RelationshipClass rc, Collection<String> originGlobalIds)
            throws GeodatabaseException, SQLException {
        check(rc);
        if (!rc.hasTable()) {
            throw new GeodatabaseException("The relationship class " + rc.name()
                    + " is simple and has no relationship rows; its foreign key lives in " + rc.destination() + ".");
        }
        String sql = rc.originKey().equals(GLOBALID)
                ? "SELECT R.GLOBALID FROM " + rc.table() + " R WHERE R." + rc.foreignKey() + " IN (%s)"
                : "SELECT R.GLOBALID FROM " + rc.origin() + " O JOIN " + rc.table() + " R ON R." + rc.foreignKey() + " = O."
                        + rc.originKey() + " WHERE O.GLOBALID IN (%s)";
        return collect(sql, originGlobalIds);
    }

    /** The names go into SQL text: they must be plain identifiers, as the catalog stores them. */
    private static void check(RelationshipClass rc) throws GeodatabaseException {
        if (rc == null) {
            throw new GeodatabaseException("No relationship class given for a related-row lookup.");
        }
        List<String> names = new ArrayList<>(List.of(rc.name(), rc.origin(), rc.destination(), rc.originKey(), rc.foreignKey()));
        if (rc.hasTable()) {
            names.add(rc.destinationKey());
            names.add(rc.destinationForeignKey());
        }
        for (String n : names) {
            if (n == null || !n.equals(Catalog.identifier(n, "relationship class part"))) {
                throw new GeodatabaseException("The relationship class " + rc.name()
                        + " is not as the catalog records it; look it up with Geodatabase.relationshipClass first.");
            }
        }
    }

    /** Runs {@code sql} (its IN list is {@code %s}) for each batch of ids; every GlobalID found once, in batch order. */
    private List<String> collect(String sql, Collection<String> ids) throws SQLException {
        Set<String> found = new LinkedHashSet<>();
        List<String> batch = new ArrayList<>(BATCH);
        for (String id : ids) {
            if (id == null) {
                continue;
            }
            batch.add(id.trim());
            if (batch.size() == BATCH) {
                query(sql, batch, found);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            query(sql, batch, found);
        }
        return List.copyOf(found);
    }

    private void query(String sql, List<String> batch, Set<String> found) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
        try (PreparedStatement p = c.prepareStatement(sql.formatted(marks) + " ORDER BY 1")) {
            for (int i = 0; i < batch.size(); i++) {
                p.setString(i + 1, batch.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1).trim());
                }
            }
        }
    }

    /**
     * The triggers GeoSync creates to keep {@code classes} (this geodatabase's relationship classes, {@link #allInstalled}), by
     * TABLE.TRIGGER, each written as {@link SqlDialect#installedTriggers} describes a trigger
     * ({@code AFTER DELETE REFERENCING OLD AS O FOR EACH ROW ...}): a geodatabase holding any other trigger is refused on open
     * ({@link Catalog#refuseForeignTriggers}): the origin's trigger of every relationship class and the destination's of those
     * with a relationship table.
     */
    java.util.Map<String, String> ownTriggers(List<RelationshipClass> classes) {
        java.util.Map<String, String> own = new java.util.HashMap<>();
        for (RelationshipClass rc : classes) {
            own.put(rc.origin() + "." + triggerName(rc, "O"), originTrigger(rc, catalog.dialect()));
            if (rc.hasTable()) {
                own.put(rc.destination() + "." + triggerName(rc, "D"), destinationTrigger(rc, catalog.dialect()));
            }
        }
        return own;
    }

    /** All relationship classes, or none when the geodatabase was made before they were recorded (it has no catalog of them yet). */
    List<RelationshipClass> allInstalled() throws SQLException {
        return tableExists(c, TABLE) ? all() : List.of();
    }

}
