package org.geosync.core.internal.gpkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.internal.geometry.Geometries;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes datasets of a geodatabase to a new GeoPackage file (see {@link GeoPackages}); feature classes
 * get the RTree spatial index extension, filled while the rows are written.
 */
public final class GpkgExport {

    private static final int BATCH = 1000;
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final Geodatabase gdb;
    private final Path target;
    private final boolean overwrite;

    public GpkgExport(Geodatabase gdb, Path target, boolean overwrite) {
        this.gdb = gdb;
        this.target = target.toAbsolutePath().normalize();
        this.overwrite = overwrite;
    }

    /** Exports the named datasets (all when empty), returning one entry per layer written. */
    public List<GeoPackages.Layer> run(List<String> names, IProgressMonitor monitor) throws GeodatabaseException {
        List<Dataset> datasets = select(names);
        checkTarget();
        Map<Dataset, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (Dataset d : datasets) {
            long n = gdb.rowCount(d.name());
            counts.put(d, n);
            total += n;
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Exporting to " + target.getFileName(), (int) Math.min(Integer.MAX_VALUE, total + datasets.size()));
        Path part = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        Connection c = null;
        boolean done = false;
        try {
            c = SqliteFiles.create(part);
            GpkgSchema.create(c);
            List<RelationshipClass> relations = gdb.inTransaction(g -> GpkgRelations.exported(g, datasets));
            List<GeoPackages.Layer> result = new ArrayList<>();
            for (Dataset d : datasets) {
                Connection out = c;
                boolean mapping = relations.stream().anyMatch(rc -> d.name().equals(rc.table()));
                long rows = gdb.inTransaction(g -> writeLayer(out, d, mapping, progress));
                result.add(new GeoPackages.Layer(layerName(d), d, rows));
            }
            Connection out = c;
            gdb.inTransaction(g -> {
                GpkgRelations.write(out, g, relations);
                return null;
            });
            c.commit();
            c.close();
            c = null;
            move(part);
            done = true;
            return result;
        } catch (SQLException e) {
            throw new GeodatabaseException("Could not write the GeoPackage " + target + ": " + SqliteFiles.reason(e) + ".", e);
        } finally {
            SqliteFiles.closeQuietly(c);
            if (!done) {
                deleteQuietly(part);
            }
        }
    }

    private List<Dataset> select(List<String> names) throws GeodatabaseException {
        if (names.isEmpty()) {
            List<Dataset> all = gdb.datasets();
            if (all.isEmpty()) {
                throw new GeodatabaseException(gdb.location() + " has no datasets to export.");
            }
            return all;
        }
        Map<String, Dataset> chosen = new LinkedHashMap<>();
        for (String n : names) {
            Dataset d = gdb.dataset(n);
            chosen.putIfAbsent(d.name(), d);
        }
        return List.copyOf(chosen.values());
    }

    private void checkTarget() throws GeodatabaseException {
        if (Files.isDirectory(target)) {
            throw new GeodatabaseException(target + " is a directory; give the path of the GeoPackage file to write.");
        }
        if (Files.exists(target) && !overwrite) {
            throw new GeodatabaseException(target + " already exists; choose a new file name, or pass --overwrite to replace it.");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new GeodatabaseException("The directory " + dir + " does not exist; create it first or choose another place for "
                    + target.getFileName() + ".");
        }
    }

    private void move(Path part) throws GeodatabaseException {
        try {
            if (overwrite) {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new GeodatabaseException("Could not move the finished GeoPackage to " + target + ": " + e.getMessage() + ".", e);
        }
    }

    private static void deleteQuietly(Path p) {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(p.resolveSibling(p.getFileName() + suffix));
            } catch (IOException ignored) {
                // a leftover temporary file is harmless and named as such
            }
        }
    }

    /** The layer name of a dataset: its name in lower case (the reverse of the import's naming rule). */
    static String layerName(Dataset d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes one dataset as a layer; the table of a relationship class ({@code mapping}) also gets the
     * base_id and related_id columns that make it the class's Related Tables mapping table.
     */
    private long writeLayer(Connection out, Dataset d, boolean mapping, SubMonitor progress) throws SQLException {
        String layer = layerName(d);
        List<String> columns = new ArrayList<>();
        columns.add("fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL");
        if (d.isFeatureClass()) {
            columns.add("SHAPE " + GpkgTypes.geometryTypeName(d.geometryType()));
        }
        columns.add("GLOBALID TEXT(36) NOT NULL UNIQUE");
        for (Field f : d.fields()) {
            columns.add(GpkgSchema.quote(f.name()) + " " + GpkgTypes.columnType(f.type(), f.length()));
        }
        if (mapping) {
            columns.add(GpkgRelations.BASE_ID + " INTEGER");
            columns.add(GpkgRelations.RELATED_ID + " INTEGER");
        }
        try (Statement s = out.createStatement()) {
            s.executeUpdate("CREATE TABLE " + GpkgSchema.quote(layer) + " (" + String.join(", ", columns) + ")");
        }
        if (d.isFeatureClass()) {
            GpkgSchema.createSpatialIndex(out, layer, "SHAPE");
        }
        long rows = copyRows(out, d, layer, progress);
        registerLayer(out, d, layer);
        if (d.isFeatureClass()) {
            GpkgSchema.registerSpatialIndex(out, layer, "SHAPE");
        }
        progress.worked(1);
        return rows;
    }

    private long copyRows(Connection out, Dataset d, String layer, SubMonitor progress) throws SQLException {
        List<String> select = new ArrayList<>(List.of("OBJECTID", "GLOBALID"));
        List<String> insert = new ArrayList<>(List.of("fid", "GLOBALID"));
        for (Field f : d.fields()) {
            select.add(f.name());
            insert.add(GpkgSchema.quote(f.name()));
        }
        if (d.isFeatureClass()) {
            select.add("SHAPE");
            insert.add("SHAPE");
        }
        String marks = String.join(", ", insert.stream().map(x -> "?").toList());
        long rows = 0;
        String index = d.isFeatureClass() ? "INSERT INTO " + GpkgSchema.quote(GpkgSchema.rtree(layer, "SHAPE")) + " VALUES (?, ?, ?, ?, ?)"
                : "SELECT 1";
        try (Statement s = gdb.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT " + String.join(", ", select) + " FROM " + d.name() + " ORDER BY OBJECTID");
                PreparedStatement p = out.prepareStatement("INSERT INTO " + GpkgSchema.quote(layer) + " (" + String.join(", ", insert)
                        + ") VALUES (" + marks + ")");
                PreparedStatement box = out.prepareStatement(index)) {
            while (rs.next()) {
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
                p.setLong(1, rs.getLong(1));
                p.setString(2, rs.getString(2).trim());
                int i = 3;
                for (Field f : d.fields()) {
                    setValue(p, i, f, rs, i);
                    i++;
                }
                if (d.isFeatureClass()) {
                    byte[] wkb = rs.getBytes(i);
                    Geometry g = wkb == null ? null : promote(Geometries.fromWkb(wkb), d.geometryType());
                    p.setBytes(i, g == null ? null : GpkgGeometry.encode(g, d.epsg()));
                    if (g != null && !g.isEmpty()) {
                        addToIndex(box, rs.getLong(1), g.getEnvelopeInternal());
                    }
                }
                p.addBatch();
                if (++rows % BATCH == 0) {
                    p.executeBatch();
                    if (d.isFeatureClass()) {
                        box.executeBatch();
                    }
                    progress.worked(BATCH);
                }
            }
            p.executeBatch();
            if (d.isFeatureClass()) {
                box.executeBatch();
            }
            progress.worked((int) (rows % BATCH));
        }
        return rows;
    }

    private static void addToIndex(PreparedStatement box, long fid, Envelope e) throws SQLException {
        box.setLong(1, fid);
        box.setDouble(2, e.getMinX());
        box.setDouble(3, e.getMaxX());
        box.setDouble(4, e.getMinY());
        box.setDouble(5, e.getMaxY());
        box.addBatch();
    }

    private static void setValue(PreparedStatement p, int at, Field f, ResultSet rs, int from) throws SQLException {
        switch (f.type()) {
            case TEXT -> p.setString(at, rs.getString(from));
            case INTEGER, BIGINT -> {
                long v = rs.getLong(from);
                p.setObject(at, rs.wasNull() ? null : v);
            }
            case DOUBLE -> {
                double v = rs.getDouble(from);
                p.setObject(at, rs.wasNull() ? null : v);
            }
            case DATE -> {
                Date v = rs.getDate(from);
                p.setString(at, v == null ? null : v.toLocalDate().toString());
            }
            case TIMESTAMP -> {
                Timestamp v = rs.getTimestamp(from);
                p.setString(at, v == null ? null : GpkgTypes.datetimeText(v));
            }
        }
    }

    /** A single geometry in a multi-type feature class becomes a one-part multi geometry, as the layer type says. */
    private static Geometry promote(Geometry g, GeometryType type) {
        return switch (type) {
            case MULTIPOINT -> g instanceof Point p ? FACTORY.createMultiPoint(new Point[] { p }) : g;
            case MULTILINE -> g instanceof LineString l ? FACTORY.createMultiLineString(new LineString[] { l }) : g;
            case MULTIPOLYGON -> g instanceof Polygon p ? FACTORY.createMultiPolygon(new Polygon[] { p }) : g;
            default -> g;
        };
    }

    private void registerLayer(Connection out, Dataset d, String layer) throws SQLException {
        Double[] extent = { null, null, null, null };
        if (d.isFeatureClass()) {
            GpkgSchema.addEpsg(out, d.epsg());
            try (Statement s = gdb.connection().createStatement();
                    ResultSet rs = s.executeQuery("SELECT MIN(MINX), MIN(MINY), MAX(MAXX), MAX(MAXY) FROM " + d.name())) {
                rs.next();
                for (int i = 0; i < 4; i++) {
                    double v = rs.getDouble(i + 1);
                    extent[i] = rs.wasNull() ? null : v;
                }
            }
        }
        try (PreparedStatement p = out.prepareStatement("INSERT INTO gpkg_contents (table_name, data_type, identifier, description,"
                + " min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, layer);
            p.setString(2, d.isFeatureClass() ? "features" : "attributes");
            p.setString(3, layer);
            p.setString(4, "GeoSync dataset " + d.name());
            for (int i = 0; i < 4; i++) {
                p.setObject(5 + i, extent[i]);
            }
            p.setObject(9, d.isFeatureClass() ? d.epsg() : null);
            p.executeUpdate();
        }
        if (d.isFeatureClass()) {
            try (PreparedStatement p = out.prepareStatement("INSERT INTO gpkg_geometry_columns VALUES (?, 'SHAPE', ?, ?, 0, 0)")) {
                p.setString(1, layer);
                p.setString(2, GpkgTypes.geometryTypeName(d.geometryType()));
                p.setInt(3, d.epsg());
                p.executeUpdate();
            }
        }
    }
}
