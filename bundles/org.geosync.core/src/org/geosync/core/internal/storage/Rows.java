package org.geosync.core.internal.storage;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.geosync.core.Change;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.geometry.Geometries;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/** Reads and writes rows of datasets by GlobalID, and reads the change log and ancestors. */
public final class Rows {

    private final Connection c;

    private final StatementCache statements;

    public Rows(Connection c, StatementCache statements) {
        this.c = c;
        this.statements = statements;
    }

    /** Inserts a row; {@code globalId} null means a new UUID. Returns the row's GlobalID. */
    public String insert(Dataset d, String globalId, Map<String, ?> values, String wkt) throws GeodatabaseException, SQLException {
        String gid = globalId == null ? UUID.randomUUID().toString() : checkGlobalId(globalId);
        List<Field> fields = fieldsOf(d, values);
        byte[] wkb = shape(d, wkt);
        List<String> cols = new ArrayList<>();
        cols.add("GLOBALID");
        fields.forEach(f -> cols.add(f.name()));
        if (d.isFeatureClass()) {
            cols.add("SHAPE");
        }
        String marks = String.join(", ", cols.stream().map(x -> "?").toList());
        try {
            PreparedStatement p = statements.prepare("INSERT INTO " + d.name() + " (" + String.join(", ", cols) + ") VALUES (" + marks + ")");
            int i = 1;
            p.setString(i++, gid);
            for (Field f : fields) {
                p.setObject(i++, values.get(key(values, f.name())));
            }
            if (d.isFeatureClass()) {
                p.setBytes(i, wkb);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new GeodatabaseException("A row with GlobalID " + gid + " already exists in " + d.name() + ".", e);
            }
            throw e;
        }
        return gid;
    }

    /** Updates the given fields (and SHAPE when {@code wkt} is not null) of one row. */
    public void update(Dataset d, String globalId, Map<String, ?> values, String wkt) throws GeodatabaseException, SQLException {
        List<Field> fields = fieldsOf(d, values);
        byte[] wkb = wkt == null ? null : shape(d, wkt);
        List<String> sets = new ArrayList<>();
        fields.forEach(f -> sets.add(f.name() + " = ?"));
        if (wkb != null) {
            sets.add("SHAPE = ?");
        }
        if (sets.isEmpty()) {
            throw new GeodatabaseException("Nothing to update: give at least one field or a geometry.");
        }
        PreparedStatement p = statements.prepare("UPDATE " + d.name() + " SET " + String.join(", ", sets) + " WHERE GLOBALID = ?");
        int i = 1;
        for (Field f : fields) {
            p.setObject(i++, values.get(key(values, f.name())));
        }
        if (wkb != null) {
            p.setBytes(i++, wkb);
        }
        p.setString(i, checkGlobalId(globalId));
        if (p.executeUpdate() == 0) {
            throw noRow(d, globalId);
        }
    }

    /** Deletes one row. */
    public void delete(Dataset d, String globalId) throws GeodatabaseException, SQLException {
        PreparedStatement p = statements.prepare("DELETE FROM " + d.name() + " WHERE GLOBALID = ?");
        p.setString(1, checkGlobalId(globalId));
        if (p.executeUpdate() == 0) {
            throw noRow(d, globalId);
        }
    }

    /** The row's replicated values (SHAPE as WKT), or empty when there is no such row. */
    public Optional<Map<String, Object>> read(Dataset d, String globalId) throws SQLException {
        return select(d, d.name(), globalId, false);
    }

    /**
     * The row as it was at the end of generation {@code generation}: the first image kept by the tracking
     * triggers in a later generation, or the current row when it has not changed since; empty when the
     * row did not exist then.
     */
    public Optional<Map<String, Object>> stateAt(Dataset d, String globalId, long generation) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT HAD_ANCESTOR, GENERATION FROM " + Catalog.ancestorTable(d.name())
                + " WHERE GLOBALID = ? AND GENERATION > ? ORDER BY GENERATION FETCH FIRST 1 ROW ONLY")) {
            p.setString(1, globalId);
            p.setLong(2, generation);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1) == 0 ? Optional.empty()
                            : select(d, Catalog.ancestorTable(d.name()) + " WHERE GENERATION = " + rs.getLong(2) + " AND", globalId, true);
                }
            }
        }
        return read(d, globalId);
    }

    private Optional<Map<String, Object>> select(Dataset d, String table, String globalId, boolean ancestor) throws SQLException {
        List<String> cols = Catalog.replicatedColumns(d);
        try (PreparedStatement p = c.prepareStatement("SELECT " + String.join(", ", cols) + " FROM " + table + (table.endsWith(" AND") ? "" : " WHERE") + " GLOBALID = ?")) {
            p.setString(1, globalId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < cols.size(); i++) {
                    Object v = rs.getObject(i + 1);
                    if (v instanceof Blob b) {
                        v = Geometries.fromWkb(b.getBytes(1, (int) b.length())).toText();
                    } else if (v instanceof String s && cols.get(i).equals("GLOBALID")) {
                        v = s.trim();
                    }
                    row.put(cols.get(i), v);
                }
                return Optional.of(row);
            }
        }
    }

    /** Captured changes with a generation greater than {@code generation}, oldest first. */
    public List<Change> changesSince(long generation) throws SQLException {
        List<Change> result = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION FROM GDB_CHANGES"
                + " WHERE GENERATION > ? AND OPERATION <> 'S' ORDER BY CHANGE_ID")) { // S: a verdict to send, no change
            p.setLong(1, generation);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.add(Change.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
                }
            }
        }
        return result;
    }

    /**
     * GlobalIDs of the features whose geometry intersects {@code area}: the envelope columns pre-select
     * by box through their indexes, a JTS predicate refines.
     */
    public List<String> intersecting(Dataset d, Geometry area) throws GeodatabaseException, SQLException {
        if (!d.isFeatureClass()) {
            throw new GeodatabaseException(d.name() + " is a table without geometry; it has no features in an area.");
        }
        Envelope box = area.getEnvelopeInternal();
        PreparedGeometry filter = PreparedGeometryFactory.prepare(area);
        List<String> result = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT GLOBALID, SHAPE FROM " + d.name()
                + " WHERE MINX <= ? AND MAXX >= ? AND MINY <= ? AND MAXY >= ? ORDER BY OBJECTID")) {
            p.setDouble(1, box.getMaxX());
            p.setDouble(2, box.getMinX());
            p.setDouble(3, box.getMaxY());
            p.setDouble(4, box.getMinY());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (filter.intersects(Geometries.fromWkb(rs.getBytes(2)))) {
                        result.add(rs.getString(1).trim());
                    }
                }
            }
        }
        return result;
    }

    /** Number of rows of a dataset. */
    public long count(Dataset d) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + d.name()); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many datasets one statement of {@link #counts} counts: Derby compiles a statement into one class. */
    private static final int COUNTS_PER_STATEMENT = 50;

    /**
     * Number of rows of each dataset, by name, in one statement per {@value #COUNTS_PER_STATEMENT} datasets: compiling a
     * statement costs a fresh JVM (a command line's) about as much as counting a small table, and one statement of a
     * UNION ALL of counts compiles in little more than one count.
     */
    public Map<String, Long> counts(List<Dataset> datasets) throws SQLException {
        Map<String, Long> result = new LinkedHashMap<>();
        for (int from = 0; from < datasets.size(); from += COUNTS_PER_STATEMENT) {
            List<Dataset> part = datasets.subList(from, Math.min(datasets.size(), from + COUNTS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", COUNT(*) FROM ").append(part.get(i).name());
            }
            try (PreparedStatement p = c.prepareStatement(sql.toString()); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.put(part.get(rs.getInt(1)).name(), rs.getLong(2));
                }
            }
        }
        for (Dataset d : datasets) {
            if (!result.containsKey(d.name())) {
                throw new SQLException("no count for " + d.name());
            }
        }
        return result;
    }

    /** Converts a column value to text for CSV: geometry blobs as WKT, CLOBs as text. */
    public static String text(ResultSet rs, int column) throws SQLException {
        int type = rs.getMetaData().getColumnType(column);
        if (type == Types.BLOB || type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY) {
            byte[] bytes = rs.getBytes(column);
            if (bytes == null) {
                return null;
            }
            try {
                return Geometries.fromWkb(bytes).toText();
            } catch (IllegalArgumentException notWkb) {
                return java.util.HexFormat.of().formatHex(bytes);
            }
        }
        if (type == Types.CLOB) {
            Clob clob = rs.getClob(column);
            return clob == null ? null : clob.getSubString(1, (int) clob.length());
        }
        return rs.getString(column);
    }

    private static List<Field> fieldsOf(Dataset d, Map<String, ?> values) throws GeodatabaseException {
        List<Field> fields = new ArrayList<>();
        for (String k : values.keySet()) {
            Field f = d.field(k);
            if (f == null) {
                throw new GeodatabaseException(d.name() + " has no field " + k + "; its fields are "
                        + String.join(", ", d.fields().stream().map(Field::name).toList()) + ".");
            }
            fields.add(f);
        }
        return fields;
    }

    private static String key(Map<String, ?> values, String field) {
        for (String k : values.keySet()) {
            if (k.equalsIgnoreCase(field)) {
                return k;
            }
        }
        return field;
    }

    private static byte[] shape(Dataset d, String wkt) throws GeodatabaseException {
        if (!d.isFeatureClass()) {
            if (wkt != null) {
                throw new GeodatabaseException(d.name() + " is a table without geometry; leave the geometry out.");
            }
            return null;
        }
        if (wkt == null) {
            return null;
        }
        Geometry g;
        try {
            g = Geometries.parseWkt(wkt);
        } catch (IllegalArgumentException e) {
            throw new GeodatabaseException(e.getMessage(), e);
        }
        if (!d.geometryType().accepts(g)) {
            throw new GeodatabaseException(d.name() + " holds " + d.geometryType().name().toLowerCase()
                    + " features; a " + g.getGeometryType() + " cannot be stored there.");
        }
        // the check every entry point uses, so that no row stored here is one a relative must refuse
        String problem = Geometries.problem(g, d.geometryType());
        if (problem != null) {
            throw new GeodatabaseException("The geometry " + org.geosync.core.UserData.quote(wkt) + " cannot be stored in " + d.name() + ": "
                    + problem + ".");
        }
        return Geometries.toWkb(g);
    }

    private static String checkGlobalId(String gid) throws GeodatabaseException {
        try {
            return UUID.fromString(gid).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GeodatabaseException("'" + gid + "' is not a GlobalID; a GlobalID is a UUID such as 123e4567-e89b-12d3-a456-426614174000.");
        }
    }

    private static GeodatabaseException noRow(Dataset d, String gid) {
        return new GeodatabaseException(d.name() + " has no row with GlobalID " + gid + ".");
    }
}
