package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.SchemaChange;
import org.geosync.core.SchemaChangeRecord;
import org.geosync.core.TrackingRepair;

/**
 * Schema changes made through the engine: a field added, dropped, widened or renamed, a dataset added. Each is validated
 * first (one sentence when refused, nothing changed), then, in the caller's transaction, the dataset's table and its
 * table of kept images are altered, the catalog updated, the tracking triggers rebuilt for the new column list, and the
 * change recorded in the schema change log {@value #LOG} with the generation it was made in. A change of a dataset that
 * replicas hold is also noted as not yet known to be made on each replica's relative ({@value #PENDING}) until a
 * comparison of the two finds their schemas equal.
 * <p>
 * Also here: whether a dataset's table still matches its catalog entry (DDL made outside GeoSync), and restoring lost
 * tracking where it does.
 */
public final class SchemaChanges {

    /** The schema change log: one row per change, with the generation it was made in. */
    public static final String LOG = "GDB_SCHEMA_CHANGES";
    /** Changes of replicated datasets not yet known to be made on the replica's relative, by replica GUID. */
    public static final String PENDING = "GDB_SCHEMA_PENDING";
    /** The relative's schema changes (by their number in its log) made on this side, by replica GUID: each is made once. */
    public static final String MADE = "GDB_SCHEMA_MADE";
    /** The longest text field a Derby VARCHAR holds. */
    private static final int MAX_TEXT = 32672;

    private final Connection c;
    private final Catalog catalog;
    private final SqlDialect dialect;

    public SchemaChanges(Connection c, Catalog catalog, SqlDialect dialect) {
        this.c = c;
        this.catalog = catalog;
        this.dialect = dialect;
    }

    /** Creates the schema change tables where missing (geodatabases made before schema changes were recorded gain them on open). */
    public static void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (!exists(c, LOG)) {
                s.executeUpdate("CREATE TABLE " + LOG + " (CHANGE_ID BIGINT NOT NULL PRIMARY KEY, DATASET VARCHAR(128) NOT NULL,"
                        + " OPERATION VARCHAR(16) NOT NULL, FIELD VARCHAR(128), DETAIL VARCHAR(256), GENERATION BIGINT NOT NULL,"
                        + " MADE TIMESTAMP NOT NULL)");
            }
            if (!exists(c, PENDING)) {
                s.executeUpdate("CREATE TABLE " + PENDING + " (REPLICA_GUID CHAR(36) NOT NULL, CHANGE_ID BIGINT NOT NULL,"
                        + " PRIMARY KEY (REPLICA_GUID, CHANGE_ID))");
            }
            if (!exists(c, MADE)) {
                s.executeUpdate("CREATE TABLE " + MADE + " (REPLICA_GUID CHAR(36) NOT NULL, CHANGE_ID BIGINT NOT NULL,"
                        + " PRIMARY KEY (REPLICA_GUID, CHANGE_ID))");
            }
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        return Tables.exists(c, table);
    }


    // ---------------------------------------------------------------- altering a dataset

    /**
     * Validates and makes {@code change} on dataset {@code d}, in the caller's transaction; {@code replicaGuids} are the
     * replicas holding the dataset. Returns the dataset as the catalog now records it.
     */
    public Dataset alter(Dataset d, SchemaChange change, List<String> replicaGuids) throws GeodatabaseException, SQLException {
        Plan plan = plan(d, change);
        Field field = plan.field();
        String logField = plan.logField(), detail = plan.detail();
        dropTracking(d);
        // Derby compiles again, in a transaction of its own, every trigger whose statement names a table whose columns change,
        // and that waits for this transaction's locks: the relationship triggers that name the table go first and come back after
        boolean related = dropRelationshipTriggers(d);
        try (Statement s = c.createStatement()) {
            for (String sql : plan.ddl()) {
                s.executeUpdate(sql);
            }
        }
        recordFields(d, change, field);
        catalog.forget();
        Dataset altered = catalog.find(d.name());
        dialect.createTrackingTriggers(c, altered, altered.name(), Catalog.ancestorTable(altered.name()), Catalog.replicatedColumns(altered));
        dialect.prepareTrackingTriggers(c, altered.name());
        if (related) {
            new Relationships(c, catalog).installMaintenance();
        }
        long id = log(d.name(), change.kind().word(), logField, detail);
        for (String guid : replicaGuids) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + PENDING + " VALUES (?, ?)")) {
                p.setString(1, guid);
                p.setLong(2, id);
                p.executeUpdate();
            }
        }
        return altered;
    }

    /** What {@link #alter} does for a change it accepts: the field as it will be, the DDL, and what the log records. */
    private record Plan(Field field, List<String> ddl, String logField, String detail) {
    }

    /**
     * Validates {@code change} on dataset {@code d} as {@link #alter} does first, and changes nothing: refuses with the sentence
     * alter would refuse with. For callers checking a change before making it (the workbench's Alter Schema wizard).
     */
    public void check(Dataset d, SchemaChange change) throws GeodatabaseException, SQLException {
        plan(d, change);
    }

    /** Validates {@code change} on {@code d} (every refusal of {@link #alter} is here) and says what making it takes. */
    private Plan plan(Dataset d, SchemaChange change) throws GeodatabaseException, SQLException {
        if (change == null || change.kind() == null) {
            throw new GeodatabaseException("Say what to change: add, drop, widen or rename a field.");
        }
        Field field = change.kind() == SchemaChange.Kind.ADD_FIELD ? null : existing(d, change.field());
        String table = d.name(), images = Catalog.ancestorTable(d.name());
        List<String> ddl = new ArrayList<>();
        String logField, detail;
        switch (change.kind()) {
            case ADD_FIELD -> {
                String name = newName(d, change.field());
                if (change.type() == null) {
                    throw new GeodatabaseException("Give the type of the new field " + name + ": text, integer, bigint, double, date or timestamp.");
                }
                int length = length(change.type(), change.length(), name);
                String type = dialect.columnType(change.type(), length);
                ddl.add("ALTER TABLE " + table + " ADD COLUMN " + name + " " + type);
                ddl.add("ALTER TABLE " + images + " ADD COLUMN " + name + " " + type);
                field = new Field(name, change.type(), length);
                logField = name;
                detail = change.type().name().toLowerCase(Locale.ROOT) + (change.type() == FieldType.TEXT ? ":" + length : "");
            }
            case DROP_FIELD -> {
                notAKey(d, field, "dropped");
                ddl.add("ALTER TABLE " + table + " DROP COLUMN " + field.name() + " RESTRICT");
                ddl.add("ALTER TABLE " + images + " DROP COLUMN " + field.name() + " RESTRICT");
                logField = field.name();
                detail = field.type().name().toLowerCase(Locale.ROOT) + (field.type() == FieldType.TEXT ? ":" + field.length() : "");
            }
            case WIDEN_FIELD -> {
                if (field.type() != FieldType.TEXT) {
                    throw new GeodatabaseException("Field " + field.name() + " of " + d.name() + " is " + field.type().name().toLowerCase(Locale.ROOT)
                            + ", and only text fields can be widened; GeoSync does not change a field's type.");
                }
                if (change.length() < field.length()) {
                    throw new GeodatabaseException("Field " + field.name() + " of " + d.name() + " holds up to " + field.length() + " characters;"
                            + " making it " + change.length() + " would narrow it and could cut values, which GeoSync never does; give a length"
                            + " greater than " + field.length() + ".");
                }
                if (change.length() == field.length()) {
                    throw new GeodatabaseException("Field " + field.name() + " of " + d.name() + " already holds " + field.length()
                            + " characters; give a greater length to widen it.");
                }
                if (change.length() > MAX_TEXT) {
                    throw new GeodatabaseException("A text field holds at most " + MAX_TEXT + " characters; give a length up to " + MAX_TEXT + ".");
                }
                String type = dialect.columnType(FieldType.TEXT, change.length());
                ddl.add("ALTER TABLE " + table + " ALTER COLUMN " + field.name() + " SET DATA TYPE " + type);
                ddl.add("ALTER TABLE " + images + " ALTER COLUMN " + field.name() + " SET DATA TYPE " + type);
                logField = field.name();
                detail = field.length() + ":" + change.length();
            }
            case RENAME_FIELD -> {
                String name = newName(d, change.newName());
                notAKey(d, field, "renamed");
                ddl.add(dialect.renameColumn(table, field.name(), name));
                ddl.add(dialect.renameColumn(images, field.name(), name));
                logField = field.name();
                detail = name;
            }
            default -> throw new IllegalStateException();
        }
        notInADefinitionQuery(d, change, field);
        return new Plan(field, ddl, logField, detail);
    }

    /** Creates a dataset as {@link Catalog#create} does and records it in the schema change log. */
    public Dataset addDataset(String name, GeometryType type, int epsg, List<Field> fields) throws GeodatabaseException, SQLException {
        Dataset d = catalog.create(name, type, epsg, fields);
        log(d.name(), "add-dataset", null, d.isFeatureClass() ? d.geometryType().name().toLowerCase(Locale.ROOT) + ":" + d.epsg() : "table");
        return d;
    }

    private static Field existing(Dataset d, String name) throws GeodatabaseException {
        if (name != null && Catalog.SYSTEM_COLUMNS.contains(name.trim().toUpperCase(Locale.ROOT))) {
            throw new GeodatabaseException(name.trim().toUpperCase(Locale.ROOT) + " is a system column of " + d.name()
                    + ", which GeoSync keeps as it is; only user fields can be changed.");
        }
        Field f = name == null ? null : d.field(name.trim());
        if (f == null) {
            throw new GeodatabaseException(d.name() + " has no field named " + name + "; its fields are "
                    + (d.fields().isEmpty() ? "none" : String.join(", ", d.fields().stream().map(Field::name).toList())) + ".");
        }
        return f;
    }

    private static String newName(Dataset d, String raw) throws GeodatabaseException {
        if (raw != null && Catalog.SYSTEM_COLUMNS.contains(raw.trim().toUpperCase(Locale.ROOT))) {
            throw new GeodatabaseException(raw.trim().toUpperCase(Locale.ROOT) + " is reserved for a system column of every dataset;"
                    + " choose another field name.");
        }
        String name = Catalog.identifier(raw, "field");
        if (d.field(name) != null) {
            throw new GeodatabaseException(d.name() + " already has a field named " + name + "; choose another name.");
        }
        return name;
    }

    private static int length(FieldType type, int length, String name) throws GeodatabaseException {
        if (type != FieldType.TEXT) {
            if (length != 0) {
                throw new GeodatabaseException("Only text fields take a length; give " + name + " no length.");
            }
            return 0;
        }
        if (length < 0 || length > MAX_TEXT) {
            throw new GeodatabaseException("A text field holds 1 to " + MAX_TEXT + " characters; give " + name + " a length in that range.");
        }
        return length == 0 ? 255 : length;
    }

    /** A field that keys a relationship class cannot be dropped or renamed: the relationship would lose its rows' links. */
    private void notAKey(Dataset d, Field f, String what) throws GeodatabaseException, SQLException {
        for (RelationshipClass rc : new Relationships(c, catalog).of(d.name())) {
            Set<String> keys = new LinkedHashSet<>();
            if (rc.origin().equalsIgnoreCase(d.name())) {
                keys.add(rc.originKey());
            }
            if (rc.destination().equalsIgnoreCase(d.name())) {
                keys.add(rc.hasTable() ? rc.destinationKey() : rc.foreignKey());
            }
            if (rc.hasTable() && rc.table().equalsIgnoreCase(d.name())) {
                keys.add(rc.foreignKey());
                keys.add(rc.destinationForeignKey());
            }
            if (keys.contains(f.name())) {
                throw new GeodatabaseException("Field " + f.name() + " of " + d.name() + " is a key of the relationship class " + rc.name()
                        + ", so it cannot be " + what + "; the relationship would lose its links.");
            }
        }
    }

    /** A field a replica's definition query names cannot be dropped or renamed: the query would no longer compile. */
    private void notInADefinitionQuery(Dataset d, SchemaChange change, Field f) throws GeodatabaseException, SQLException {
        if (change.kind() != SchemaChange.Kind.DROP_FIELD && change.kind() != SchemaChange.Kind.RENAME_FIELD) {
            return;
        }
        for (org.geosync.model.Replica r : new ReplicaStore(c).all()) {
            for (org.geosync.model.ReplicaDataset rd : r.getDatasets()) {
                String where = rd.getFilter() == null ? null : rd.getFilter().getDefinitionQuery();
                if (rd.getDatasetName().equalsIgnoreCase(d.name()) && where != null
                        && org.geosync.core.ReplicaRules.namesField(where, f.name())) {
                    throw new GeodatabaseException("Field " + f.name() + " of " + d.name() + " is named in the definition query of replica "
                            + r.getName() + " (" + org.geosync.core.UserData.excerpt(where, 80) + "), so it cannot be "
                            + (change.kind() == SchemaChange.Kind.DROP_FIELD ? "dropped" : "renamed") + " while that replica exists.");
                }
            }
        }
    }

    private void recordFields(Dataset d, SchemaChange change, Field field) throws SQLException {
        switch (change.kind()) {
            case ADD_FIELD -> {
                int position;
                try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(POSITION), 0) FROM GDB_FIELDS WHERE DATASET = ?")) {
                    p.setString(1, d.name());
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        position = rs.getInt(1) + 1;
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_FIELDS VALUES (?, ?, ?, ?, ?)")) {
                    p.setString(1, d.name());
                    p.setInt(2, position);
                    p.setString(3, field.name());
                    p.setString(4, field.type().name());
                    p.setInt(5, field.length());
                    p.executeUpdate();
                }
            }
            case DROP_FIELD -> update("DELETE FROM GDB_FIELDS WHERE DATASET = ? AND NAME = ?", d.name(), field.name());
            case WIDEN_FIELD -> update("UPDATE GDB_FIELDS SET LENGTH = " + change.length() + " WHERE DATASET = ? AND NAME = ?", d.name(),
                    field.name());
            case RENAME_FIELD -> update("UPDATE GDB_FIELDS SET NAME = ? WHERE DATASET = ? AND NAME = ?",
                    change.newName().trim().toUpperCase(Locale.ROOT), d.name(), field.name());
        }
    }

    private void update(String sql, String... values) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                p.setString(i + 1, values[i]);
            }
            p.executeUpdate();
        }
    }

    private long log(String dataset, String operation, String field, String detail) throws SQLException {
        long id;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(CHANGE_ID), 0) + 1 FROM " + LOG)) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + LOG + " SELECT ?, ?, ?, ?, ?, G.GENERATION, CURRENT_TIMESTAMP"
                + " FROM " + dialect.generationTable("G"))) {
            p.setLong(1, id);
            p.setString(2, dataset);
            p.setString(3, operation);
            p.setString(4, field);
            p.setString(5, detail);
            p.executeUpdate();
        }
        return id;
    }

    /** The schema change log, oldest first. */
    public List<SchemaChangeRecord> log() throws SQLException {
        return logged("SELECT CHANGE_ID, DATASET, OPERATION, FIELD, DETAIL, GENERATION FROM " + LOG + " ORDER BY CHANGE_ID", null);
    }

    /** The changes of replica {@code replicaGuid}'s datasets not yet known to be made on its relative, oldest first. */
    public List<SchemaChangeRecord> pending(String replicaGuid) throws SQLException {
        return logged("SELECT L.CHANGE_ID, L.DATASET, L.OPERATION, L.FIELD, L.DETAIL, L.GENERATION FROM " + LOG + " L JOIN " + PENDING
                + " P ON P.CHANGE_ID = L.CHANGE_ID WHERE P.REPLICA_GUID = ? ORDER BY L.CHANGE_ID", replicaGuid);
    }

    /** The numbers of the relative's schema changes of replica {@code replicaGuid} made (or found needing nothing) here. */
    public java.util.Set<Long> madeFrom(String replicaGuid) throws SQLException {
        java.util.Set<Long> made = new java.util.HashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT CHANGE_ID FROM " + MADE + " WHERE REPLICA_GUID = ?")) {
            p.setString(1, replicaGuid);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    made.add(rs.getLong(1));
                }
            }
        }
        return made;
    }

    /** Notes that the relative's schema change {@code changeId} of replica {@code replicaGuid} is made here. */
    public void noteMadeFrom(String replicaGuid, long changeId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM " + MADE + " WHERE REPLICA_GUID = ? AND CHANGE_ID = ?")) {
            q.setString(1, replicaGuid);
            q.setLong(2, changeId);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + MADE + " (REPLICA_GUID, CHANGE_ID) VALUES (?, ?)")) {
            p.setString(1, replicaGuid);
            p.setLong(2, changeId);
            p.executeUpdate();
        }
    }

    /** Forgets change {@code changeId} as pending for replica {@code replicaGuid}: its relative has made it too. */
    public void forgetPending(String replicaGuid, long changeId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + PENDING + " WHERE REPLICA_GUID = ? AND CHANGE_ID = ?")) {
            p.setString(1, replicaGuid);
            p.setLong(2, changeId);
            p.executeUpdate();
        }
    }

    /** Forgets the change just logged as pending for replica {@code replicaGuid}: it was made here because its relative made it. */
    public void forgetLastPending(String replicaGuid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + PENDING + " WHERE REPLICA_GUID = ? AND CHANGE_ID = (SELECT MAX(CHANGE_ID)"
                + " FROM " + LOG + ")")) {
            p.setString(1, replicaGuid);
            p.executeUpdate();
        }
    }

    /** Forgets the pending changes of a replica: its relative's schema was found equal to this side's. */
    public int clearPending(String replicaGuid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + PENDING + " WHERE REPLICA_GUID = ?")) {
            p.setString(1, replicaGuid);
            return p.executeUpdate();
        }
    }

    private List<SchemaChangeRecord> logged(String sql, String arg) throws SQLException {
        List<SchemaChangeRecord> result = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.add(new SchemaChangeRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
                }
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- tracking

    /** Drops the tracking triggers of {@code d} that exist (they name its columns, so they are rebuilt after DDL). */
    private void dropTracking(Dataset d) throws SQLException {
        Set<String> installed = new LinkedHashSet<>();
        for (SqlDialect.InstalledTrigger t : dialect.installedTriggers(c).values()) {
            if (t.table().equals(d.name())) {
                installed.add(t.name());
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : dialect.trackingTriggers(d, d.name(), Catalog.ancestorTable(d.name()), Catalog.replicatedColumns(d)).keySet()) {
                if (installed.contains(name)) {
                    s.executeUpdate(dialect.dropTrigger(name, d.name()));
                }
            }
        }
    }

    /** Drops the maintenance triggers of the relationship classes {@code d} takes part in; whether there were any. */
    private boolean dropRelationshipTriggers(Dataset d) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        for (RelationshipClass rc : new Relationships(c, catalog).of(d.name())) {
            names.add("GDB_RKO_" + rc.name());
            names.add("GDB_RKD_" + rc.name());
        }
        if (names.isEmpty()) {
            return false;
        }
        Set<String> installed = new LinkedHashSet<>();
        dialect.installedTriggers(c).values().forEach(t -> installed.add(t.name()));
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                if (installed.contains(name)) {
                    s.executeUpdate("DROP TRIGGER " + name);
                }
            }
        }
        return true;
    }

    /**
     * What differs between dataset {@code d}'s table (and its table of kept images) and its catalog entry, in words (e.g.
     * "column X is in the table but not in the catalog"), or null when they match.
     */
    public String tableProblem(Dataset d) throws SQLException {
        String p = columnsProblem(d, d.name(), false);
        return p != null ? p : columnsProblem(d, Catalog.ancestorTable(d.name()), true);
    }

    /**
     * Dataset {@code d} as its table describes it: the catalog's name and geometry, and as its fields the table's own columns
     * (system columns aside), each with the field type and length that makes such a column, in the catalog's order (GeoSync
     * reads columns by name, so a column dropped and added again outside GeoSync keeps its place), columns the catalog does not
     * list after them in the table's order. A message's
     * schema and fingerprint are taken from it, so a table changed outside GeoSync never passes for its catalog entry. Refuses,
     * with a sentence, a column of a type GeoSync does not make.
     */
    public Dataset asTable(Dataset d) throws SQLException, GeodatabaseException {
        Map<String, String> actual = dialect.columnTypes(c, d.name());
        if (actual.isEmpty()) {
            throw new GeodatabaseException("The table of dataset " + d.name() + " is missing; run 'geosync gdb repair' to see what can be"
                    + " restored.");
        }
        List<String> system = new ArrayList<>(List.of("OBJECTID", "GLOBALID"));
        if (d.isFeatureClass()) {
            system.addAll(List.of("SHAPE", "MINX", "MINY", "MAXX", "MAXY"));
        }
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, String> col : actual.entrySet()) {
            if (system.contains(col.getKey())) {
                continue;
            }
            Field f = dialect.field(col.getKey(), col.getValue());
            if (f == null) {
                throw new GeodatabaseException("Column " + col.getKey() + " of dataset " + d.name() + " is " + col.getValue()
                        + ", a type GeoSync does not replicate (changed outside GeoSync); change it back, or drop it and add the field"
                        + " with 'geosync gdb alter'.");
            }
            fields.add(f);
        }
        List<Field> ordered = new ArrayList<>();
        for (Field listed : d.fields()) {
            fields.stream().filter(f -> f.name().equals(listed.name())).findFirst().ifPresent(ordered::add);
        }
        fields.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        return new Dataset(d.name(), d.kind(), d.geometryType(), d.epsg(), List.copyOf(ordered));
    }

    private String columnsProblem(Dataset d, String table, boolean images) throws SQLException {
        // read from the catalog in plain queries: the caller's transaction may go on to apply rows (see SqlDialect#columnTypes)
        Map<String, String> actual = dialect.columnTypes(c, table);
        String where = images ? " of its table of kept images " + table : "";
        if (actual.isEmpty()) {
            return "its table" + (images ? " of kept images " + table : "") + " is missing";
        }
        List<String> system = new ArrayList<>(images ? List.of("GLOBALID", "GENERATION", "HAD_ANCESTOR") : List.of("OBJECTID", "GLOBALID"));
        if (d.isFeatureClass()) {
            system.add("SHAPE");
            if (!images) {
                system.addAll(List.of("MINX", "MINY", "MAXX", "MAXY"));
            }
        }
        for (String col : system) {
            if (actual.remove(col) == null) {
                return "the system column " + col + where + " is missing";
            }
        }
        for (Field f : d.fields()) {
            String type = actual.remove(f.name());
            String expected = dialect.columnType(f.type(), f.length());
            if (type == null) {
                return "field " + f.name() + where + " is missing (dropped outside GeoSync)";
            }
            if (!type.equals(expected)) {
                return "field " + f.name() + where + " is " + type + " but its catalog entry says " + expected + " (changed outside GeoSync)";
            }
        }
        if (!actual.isEmpty()) {
            return "column " + actual.keySet().iterator().next() + where + " is not in its catalog entry (added outside GeoSync)";
        }
        return null;
    }


    /**
     * Rebuilds the tracking triggers of every dataset whose triggers are missing or changed and whose tables still match
     * its catalog entry; describes each dataset whose table no longer does (it is left as it is).
     */
    public TrackingRepair repair() throws SQLException {
        List<String> repaired = new ArrayList<>(), unrepairable = new ArrayList<>();
        for (Dataset d : catalog.all()) {
            List<String> lost = catalog.lostTracking(d);
            String problem = tableProblem(d);
            if (problem != null) {
                unrepairable.add(d.name() + ": " + problem + ", so GeoSync cannot rebuild its tracking; make the table match its catalog"
                        + " again (or change it with 'geosync gdb alter') and run 'geosync gdb repair' again.");
                continue;
            }
            if (lost.isEmpty()) {
                continue;
            }
            if (lost.contains(d.name())) {
                unrepairable.add(d.name() + ": its name or a field name is not one GeoSync makes, so GeoSync cannot rebuild its tracking.");
                continue;
            }
            dropTracking(d);
            dialect.createTrackingTriggers(c, d, d.name(), Catalog.ancestorTable(d.name()), Catalog.replicatedColumns(d));
            dialect.prepareTrackingTriggers(c, d.name());
            repaired.add(d.name());
        }
        return new TrackingRepair(repaired, unrepairable);
    }
}
