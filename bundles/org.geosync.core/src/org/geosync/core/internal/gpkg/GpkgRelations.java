package org.geosync.core.internal.gpkg;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;
import org.geosync.core.UserData;

/**
 * Relationship classes in a GeoPackage as the Related Tables Extension (OGC 18-000, registered as
 * {@value #EXTENSION}, the name GDAL reads and writes) has them: one gpkgext_relations row per class,
 * its mapping table named after the class (lower case) with base_id and related_id holding the fids of
 * related rows (see {@link GeoPackages}).
 * <p>
 * A simple class gets a mapping table of its own (base_id, related_id). An attributed or M:N class's
 * table is exported as a layer anyway (its rows, GlobalIDs and attributes), so that layer is its
 * mapping table: it gets the two columns as well, null for a relationship row whose origin or
 * destination row is not in the file. What the extension has no room for (the class name, its
 * cardinality, keys, foreign keys and whether it is attributed) is kept in the table {@value #META},
 * registered in gpkg_extensions as the extension {@value #META}, which other readers ignore.
 */
public final class GpkgRelations {

    /** The Related Tables Extension's name in gpkg_extensions. */
    static final String EXTENSION = "gpkg_related_tables";
    static final String DEFINITION = "http://www.geopackage.org/18-000.html";
    /** GeoSync's own table (and extension) with what the Related Tables Extension does not record. */
    static final String META = "geosync_relationships";
    static final String BASE_ID = "base_id", RELATED_ID = "related_id";
    private static final String OBJECTID = "OBJECTID";

    private GpkgRelations() {
    }

    // ---------------------------------------------------------------- export

    /**
     * The relationship classes the export writes: those whose origin and destination are exported and,
     * for an attributed or M:N one, its table too.
     */
    static List<RelationshipClass> exported(Geodatabase g, List<Dataset> datasets) throws GeodatabaseException {
        List<String> names = datasets.stream().map(Dataset::name).toList();
        return g.relationshipClasses().stream()
                .filter(rc -> names.contains(rc.origin()) && names.contains(rc.destination()) && (!rc.hasTable() || names.contains(rc.table())))
                .toList();
    }

    /** Writes the extension's tables and the mapping rows of {@code relations}; the layers are already written. */
    static void write(Connection out, Geodatabase g, List<RelationshipClass> relations) throws SQLException, GeodatabaseException {
        if (relations.isEmpty()) {
            return;
        }
        try (Statement s = out.createStatement()) {
            s.executeUpdate("CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name TEXT NOT NULL,"
                    + " base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL,"
                    + " related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL,"
                    + " mapping_table_name TEXT NOT NULL UNIQUE)");
            s.executeUpdate("CREATE TABLE " + META + " (mapping_table_name TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL,"
                    + " cardinality TEXT NOT NULL, attributed INTEGER NOT NULL, origin_key TEXT NOT NULL, foreign_key TEXT NOT NULL,"
                    + " destination_key TEXT, destination_foreign_key TEXT)");
        }
        extension(out, "gpkgext_relations", EXTENSION, DEFINITION);
        extension(out, META, META, "GeoSync relationship classes: name, cardinality, keys and foreign keys of each mapping table");
        for (RelationshipClass rc : relations) {
            String mapping = rc.name().toLowerCase(Locale.ROOT);
            Dataset destination = g.dataset(rc.destination());
            try (PreparedStatement p = out.prepareStatement("INSERT INTO gpkgext_relations (base_table_name, base_primary_column,"
                    + " related_table_name, related_primary_column, relation_name, mapping_table_name) VALUES (?, 'fid', ?, 'fid', ?, ?)")) {
                p.setString(1, rc.origin().toLowerCase(Locale.ROOT));
                p.setString(2, rc.destination().toLowerCase(Locale.ROOT));
                p.setString(3, destination.isFeatureClass() ? "features" : "attributes");
                p.setString(4, mapping);
                p.executeUpdate();
            }
            try (PreparedStatement p = out.prepareStatement("INSERT INTO " + META + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, mapping);
                p.setString(2, rc.name());
                p.setString(3, rc.cardinality().name());
                p.setInt(4, rc.attributed() ? 1 : 0);
                p.setString(5, rc.originKey());
                p.setString(6, rc.foreignKey());
                p.setString(7, rc.destinationKey());
                p.setString(8, rc.destinationForeignKey());
                p.executeUpdate();
            }
            extension(out, mapping, EXTENSION, DEFINITION);
            String o = rc.origin(), d = rc.destination();
            if (!rc.hasTable()) {
                try (Statement s = out.createStatement()) {
                    s.executeUpdate("CREATE TABLE " + GpkgSchema.quote(mapping) + " (" + BASE_ID + " INTEGER NOT NULL, " + RELATED_ID
                            + " INTEGER NOT NULL)");
                }
                copyPairs(g, out, "SELECT O.OBJECTID, D.OBJECTID FROM " + o + " O JOIN " + d + " D ON D." + rc.foreignKey() + " = O."
                        + rc.originKey() + " ORDER BY 1, 2", "INSERT INTO " + GpkgSchema.quote(mapping) + " (" + BASE_ID + ", "
                        + RELATED_ID + ") VALUES (?, ?)");
            } else {
                copyPairs(g, out, "SELECT O.OBJECTID, D.OBJECTID, R.OBJECTID FROM " + rc.table() + " R LEFT JOIN " + o + " O ON O."
                        + rc.originKey() + " = R." + rc.foreignKey() + " LEFT JOIN " + d + " D ON D." + rc.destinationKey() + " = R."
                        + rc.destinationForeignKey(), "UPDATE " + GpkgSchema.quote(mapping) + " SET " + BASE_ID + " = ?, " + RELATED_ID
                        + " = ? WHERE fid = ?");
            }
        }
    }

    private static void extension(Connection out, String table, String name, String definition) throws SQLException {
        try (PreparedStatement p = out.prepareStatement("INSERT INTO gpkg_extensions VALUES (?, NULL, ?, ?, 'read-write')")) {
            p.setString(1, table);
            p.setString(2, name);
            p.setString(3, definition);
            p.executeUpdate();
        }
    }

    /** Runs {@code query} on the geodatabase and {@code write} with each row's values (nulls kept), in batches. */
    private static void copyPairs(Geodatabase g, Connection out, String query, String write) throws SQLException {
        try (Statement s = g.connection().createStatement(); ResultSet rs = s.executeQuery(query);
                PreparedStatement p = out.prepareStatement(write)) {
            int columns = rs.getMetaData().getColumnCount();
            long n = 0;
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    long v = rs.getLong(i);
                    if (rs.wasNull()) {
                        p.setNull(i, Types.INTEGER);
                    } else {
                        p.setLong(i, v);
                    }
                }
                p.addBatch();
                if (++n % 1000 == 0) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
    }
    // ---------------------------------------------------------------- import

    /** GeoSync's record of the class behind a mapping table (a row of {@value #META}). */
    record Meta(String name, Cardinality cardinality, boolean attributed, String originKey, String foreignKey,
            String destinationKey, String destinationForeignKey) {

        boolean hasTable() {
            return attributed || cardinality == Cardinality.MANY_TO_MANY;
        }
    }

    /** A row of gpkgext_relations, with GeoSync's record of its class when the file has one (else null). */
    record Relation(String base, String basePrimary, String related, String relatedPrimary, String mapping, Meta meta) {
    }

    /**
     * A relation the import turns into a relationship class: the layers it links, its mapping table
     * (described as a layer), the class to create and the mapping table's columns that feed it.
     */
    record Plan(Relation relation, GpkgLayer base, GpkgLayer related, GpkgLayer mapping, RelationshipClass spec,
            List<GpkgLayer.Column> attributes) {
    }

    /** The relations of the file (none without gpkgext_relations), with GeoSync's records of them. */
    static List<Relation> read(Connection c, Path file) throws SQLException, GeodatabaseException {
        if (!exists(c, "gpkgext_relations")) {
            return List.of();
        }
        SqliteFiles.step(c);
        Map<String, Meta> metas = new HashMap<>();
        if (exists(c, META)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT mapping_table_name, name, cardinality,"
                    + " attributed, origin_key, foreign_key, destination_key, destination_foreign_key FROM " + META)) {
                while (rs.next()) {
                    for (int i : new int[] { 1, 2, 3, 5, 6 }) {
                        if (rs.getString(i) == null) {
                            throw new GeodatabaseException(file + " records a relationship class in " + META + " without its "
                                    + rs.getMetaData().getColumnName(i) + " (it is NULL); the file is damaged.");
                        }
                    }
                    Cardinality cardinality;
                    try {
                        cardinality = Cardinality.valueOf(rs.getString(3));
                    } catch (IllegalArgumentException | NullPointerException e) {
                        throw new GeodatabaseException(file + " records the relationship class " + UserData.name(rs.getString(2))
                                + " with the unknown cardinality " + UserData.quote(rs.getString(3)) + " in " + META + "; the file is damaged.");
                    }
                    metas.put(rs.getString(1).toLowerCase(Locale.ROOT), new Meta(rs.getString(2), cardinality, rs.getInt(4) != 0,
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        List<Relation> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT base_table_name, base_primary_column,"
                + " related_table_name, related_primary_column, mapping_table_name FROM gpkgext_relations ORDER BY mapping_table_name")) {
            while (rs.next()) {
                for (int i = 1; i <= 5; i++) {
                    if (rs.getString(i) == null) {
                        throw new GeodatabaseException(file + " lists a relation in gpkgext_relations without its "
                                + rs.getMetaData().getColumnName(i) + " (it is NULL); the file is damaged.");
                    }
                }
                String mapping = rs.getString(5);
                result.add(new Relation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), mapping,
                        metas.get(mapping.toLowerCase(Locale.ROOT))));
            }
        }
        return result;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        SqliteFiles.step(c);
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view')"
                + " AND lower(name) = lower(?)")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    /**
     * Checks the relations between the layers to import and plans their classes, before anything is
     * written. Importing every layer ({@code all}), a relation naming a table that is not a layer of the
     * file is refused; importing chosen layers, a relation is left out unless both its layers are chosen.
     * A missing mapping table, one without base_id and related_id, or a relation by another column than
     * the layers' fids is refused.
     */
    static List<Plan> plan(GpkgReader reader, Path file, List<Relation> relations, List<GpkgLayer> layers, boolean all)
            throws SQLException, GeodatabaseException {
        List<Plan> result = new ArrayList<>();
        for (Relation r : relations) {
            String what = "The relation " + r.mapping() + " of " + file;
            GpkgLayer base = find(layers, r.base()), related = find(layers, r.related());
            if (base == null || related == null) {
                if (!all) {
                    continue;
                }
                String missing = base == null ? r.base() : r.related();
                throw new GeodatabaseException(what + " links " + r.base() + " and " + r.related() + ", but " + missing
                        + " is not a feature or attribute layer of the file, so the relation cannot become a relationship class;"
                        + " remove it from gpkgext_relations or import only the layers you need.");
            }
            if (!exists(reader.connection(), r.mapping())) {
                throw new GeodatabaseException(what + " names the mapping table " + r.mapping()
                        + ", which the file does not have; add the table (base_id, related_id) or remove the relation from gpkgext_relations.");
            }
            GpkgLayer mapping = reader.describe(r.mapping(), false);
            GpkgLayer.Column baseId = column(mapping, BASE_ID), relatedId = column(mapping, RELATED_ID);
            if (baseId == null || relatedId == null) {
                throw new GeodatabaseException(what + " has the mapping table " + r.mapping() + " without the columns " + BASE_ID + " and "
                        + RELATED_ID + " the Related Tables Extension requires; the file is damaged.");
            }
            checkPrimary(what, base, r.basePrimary());
            checkPrimary(what, related, r.relatedPrimary());
            Meta m = r.meta();
            List<GpkgLayer.Column> attributes = mapping.columns().stream()
                    .filter(col -> col != baseId && col != relatedId)
                    .filter(col -> m == null || !col.field().name().equalsIgnoreCase(m.foreignKey())
                            && !col.field().name().equalsIgnoreCase(m.destinationForeignKey()))
                    .toList();
            List<Field> fields = attributes.stream().map(GpkgLayer.Column::field).toList();
            RelationshipClass spec;
            if (m == null) {
                spec = RelationshipClass.withTable(mapping.dataset(), base.dataset(), related.dataset(), "OBJECTID", "ORIGIN_OBJECTID",
                        Cardinality.MANY_TO_MANY, true, "OBJECTID", "DEST_OBJECTID", fields);
            } else if (!m.hasTable()) {
                spec = RelationshipClass.simple(m.name(), base.dataset(), related.dataset(), m.originKey(), m.foreignKey(), m.cardinality());
                attributes = List.of();
            } else {
                if (m.destinationKey() == null || m.destinationForeignKey() == null) {
                    throw new GeodatabaseException(file + " records the relationship class " + UserData.name(m.name()) + " in " + META
                            + " with a table but without its destination_key or destination_foreign_key (NULL); the file is damaged.");
                }
                spec = RelationshipClass.withTable(m.name(), base.dataset(), related.dataset(), m.originKey(), m.foreignKey(),
                        m.cardinality(), m.attributed(), m.destinationKey(), m.destinationForeignKey(), fields);
            }
            result.add(new Plan(r, base, related, mapping, spec, attributes));
        }
        return result;
    }

    private static GpkgLayer find(List<GpkgLayer> layers, String name) {
        return layers.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private static GpkgLayer.Column column(GpkgLayer l, String source) {
        return l.columns().stream().filter(col -> col.source().equalsIgnoreCase(source)).findFirst().orElse(null);
    }

    private static void checkPrimary(String what, GpkgLayer l, String column) throws GeodatabaseException {
        if (l.fidColumn() == null || !l.fidColumn().equalsIgnoreCase(column)) {
            throw new GeodatabaseException(what + " relates " + l.name() + " by its column " + column + ", but GeoSync relates rows by"
                    + " their integer primary key" + (l.fidColumn() == null ? ", which " + l.name() + " lacks" : " " + l.fidColumn())
                    + "; rewrite the relation with " + (l.fidColumn() == null ? "a fid column" : l.fidColumn()) + ".");
        }
    }

    /** Which OBJECTID the import gave the row with each fid of a layer (rows are loaded in fid order). */
    private record Ids(long[] fids, long[] objectIds) {

        long objectId(long fid) {
            int at = Arrays.binarySearch(fids, fid);
            return at < 0 ? -1 : objectIds[at];
        }
    }

    /**
     * Creates the planned relationship classes once their layers are loaded, in the import's
     * transaction, and fills them from the mapping tables: a simple class's foreign keys are set from
     * the pairs, an attributed or M:N class gets one row per mapping row.
     */
    static void create(Connection source, Geodatabase g, Path file, List<Plan> plans) throws SQLException, GeodatabaseException {
        Map<String, Ids> ids = new HashMap<>();
        for (Plan p : plans) {
            RelationshipClass rc = g.createRelationshipClass(p.spec());
            Ids base = ids(source, g, p.base(), ids), related = ids(source, g, p.related(), ids);
            GpkgLayer m = p.mapping();
            Meta meta = p.relation().meta();
            boolean copyKeys = meta != null && rc.hasTable();
            List<String> select = new ArrayList<>(List.of(BASE_ID, RELATED_ID,
                    m.globalIdColumn() == null || !rc.hasTable() ? "NULL" : GpkgSchema.quote(m.globalIdColumn())));
            select.add(copyKeys ? GpkgSchema.quote(source(m, rc.foreignKey())) : "NULL");
            select.add(copyKeys ? GpkgSchema.quote(source(m, rc.destinationForeignKey())) : "NULL");
            for (GpkgLayer.Column col : p.attributes()) {
                select.add(GpkgSchema.quote(col.source()));
            }
            String originKey = "SELECT " + rc.originKey() + " FROM " + rc.origin() + " WHERE OBJECTID = ?";
            String write;
            if (!rc.hasTable()) {
                write = "UPDATE " + rc.destination() + " SET " + rc.foreignKey() + " = (" + originKey + ") WHERE OBJECTID = ?";
            } else {
                List<String> columns = new ArrayList<>(List.of("GLOBALID", rc.foreignKey(), rc.destinationForeignKey()));
                p.attributes().forEach(col -> columns.add(col.field().name()));
                write = "INSERT INTO " + rc.table() + " (" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
            }
            Dataset table = rc.hasTable() ? g.dataset(rc.table()) : null;
            if (!rc.hasTable() && rc.originKey().equals(OBJECTID)) {
                // OBJECTIDs are renumbered: a foreign key the pairs do not set would point at another row now
                try (Statement s = g.connection().createStatement()) {
                    s.executeUpdate("UPDATE " + rc.destination() + " SET " + rc.foreignKey() + " = NULL");
                }
            }
            try (Statement s = source.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + String.join(", ", select) + " FROM " + GpkgSchema.quote(m.name()));
                    PreparedStatement out = g.connection().prepareStatement(write);
                    PreparedStatement ok = g.connection().prepareStatement(originKey);
                    PreparedStatement dk = g.connection().prepareStatement(rc.hasTable()
                            ? "SELECT " + rc.destinationKey() + " FROM " + rc.destination() + " WHERE OBJECTID = ?" : "VALUES 1")) {
                long row = 0;
                while (rs.next()) {
                    SqliteFiles.step(source);
                    row++;
                    long o = id(rs, 1, base), d = id(rs, 2, related);
                    if (!rc.hasTable()) {
                        if (o < 0 || d < 0) {
                            throw unknown(file, m, row, o < 0 ? p.base() : p.related(), rs.getObject(o < 0 ? 1 : 2));
                        }
                        out.setLong(1, o);
                        out.setLong(2, d);
                    } else {
                        // a row of GeoSync's whose related row is not in the file keeps its key, unless it is an OBJECTID (renumbered)
                        Object fk = o >= 0 ? lookUp(ok, o) : copyKeys && !rc.originKey().equals(OBJECTID)
                                ? toField(table, rc.foreignKey(), rs.getObject(4)) : null;
                        Object dfk = d >= 0 ? lookUp(dk, d) : copyKeys && !rc.destinationKey().equals(OBJECTID)
                                ? toField(table, rc.destinationForeignKey(), rs.getObject(5)) : null;
                        if (!copyKeys && (o < 0 || d < 0)) {
                            throw unknown(file, m, row, o < 0 ? p.base() : p.related(), rs.getObject(o < 0 ? 1 : 2));
                        }
                        out.setString(1, GpkgImport.globalId(m, "#" + row, rs.getObject(3)));
                        out.setObject(2, fk);
                        out.setObject(3, dfk);
                        int at = 4;
                        for (GpkgLayer.Column col : p.attributes()) {
                            out.setObject(at, GpkgImport.value(m, "#" + row, col, rs.getObject(at + 2)));
                            at++;
                        }
                    }
                    out.addBatch();
                    if (row % 1000 == 0) {
                        out.executeBatch();
                    }
                }
                out.executeBatch();
            }
        }
    }

    private static String source(GpkgLayer m, String field) throws GeodatabaseException {
        return m.columns().stream().filter(col -> col.field().name().equals(field)).map(GpkgLayer.Column::source).findFirst()
                .orElseThrow(() -> new GeodatabaseException("The mapping table " + m.name() + " lacks the column " + field
                        + " its relationship class keeps its keys in; the file is damaged."));
    }

    private static Object toField(Dataset table, String field, Object v) {
        return GpkgTypes.toField(table.field(field).type(), v);
    }

    private static Object lookUp(PreparedStatement p, long objectId) throws SQLException {
        p.setLong(1, objectId);
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            Object v = rs.getObject(1);
            return v instanceof String s ? s.trim() : v;
        }
    }

    /** The OBJECTID for the fid in column {@code at}, -1 when it is null or no row of the layer has it. */
    private static long id(ResultSet rs, int at, Ids ids) throws SQLException {
        long fid = rs.getLong(at);
        return rs.wasNull() ? -1 : ids.objectId(fid);
    }

    private static GeodatabaseException unknown(Path file, GpkgLayer m, long row, GpkgLayer layer, Object fid) {
        return new GeodatabaseException("Row " + row + " of the mapping table " + m.name() + " of " + file + " relates the fid " + fid
                + ", which no row of the layer " + layer.name() + " has; remove that row or the relation and import again.");
    }

    private static Ids ids(Connection source, Geodatabase g, GpkgLayer l, Map<String, Ids> cache) throws SQLException {
        Ids known = cache.get(l.name());
        if (known != null) {
            return known;
        }
        long[] fids = new long[(int) l.rows()], objectIds = new long[(int) l.rows()];
        int n = 0;
        try (Statement s = source.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + GpkgSchema.quote(l.fidColumn()) + " FROM " + GpkgSchema.quote(l.name())
                        + " ORDER BY 1")) {
            while (rs.next() && n < fids.length) {
                SqliteFiles.step(source);
                fids[n++] = rs.getLong(1);
            }
        }
        int m = 0;
        try (Statement s = g.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT OBJECTID FROM " + l.dataset() + " ORDER BY OBJECTID")) {
            while (rs.next() && m < objectIds.length) {
                objectIds[m++] = rs.getLong(1);
            }
        }
        Ids result = new Ids(Arrays.copyOf(fids, Math.min(n, m)), Arrays.copyOf(objectIds, Math.min(n, m)));
        cache.put(l.name(), result);
        return result;
    }
}
