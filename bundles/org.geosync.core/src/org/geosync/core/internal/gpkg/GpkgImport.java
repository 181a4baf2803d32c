package org.geosync.core.internal.gpkg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.geosync.core.UserData;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.storage.BulkInsert;
import org.locationtech.jts.geom.Geometry;

/** Loads layers of a GeoPackage into new datasets of a geodatabase (see {@link GeoPackages}). */
public final class GpkgImport {

    private static final int BATCH = 1000;

    private final Geodatabase gdb;
    private final Path file;
    private final boolean makeValid;

    public GpkgImport(Geodatabase gdb, Path file) {
        this(gdb, file, false);
    }

    /** An import that repairs invalid geometries (JTS GeometryFixer) when {@code makeValid}, instead of refusing them. */
    public GpkgImport(Geodatabase gdb, Path file, boolean makeValid) {
        this.gdb = gdb;
        this.file = file.toAbsolutePath().normalize();
        this.makeValid = makeValid;
    }

    /** Imports the named layers (all feature and attribute layers when empty) in one transaction. */
    public List<GeoPackages.Layer> run(List<String> requested, IProgressMonitor monitor) throws GeodatabaseException {
        if (!Files.exists(file)) {
            throw new GeodatabaseException(file + " does not exist; give the path of a GeoPackage (.gpkg) file.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new GeodatabaseException(file + " is not a readable file; give the path of a GeoPackage (.gpkg) file.");
        }
        Connection c = null;
        try {
            c = SqliteFiles.openReadOnly(file);
            GpkgReader reader = new GpkgReader(c, file, this::isUsableName);
            reader.checkIsGeoPackage();
            Map<String, String> layers = reader.layers();
            List<GpkgRelations.Relation> relations = GpkgRelations.read(c, file);
            for (GpkgRelations.Relation r : relations) {
                layers.keySet().removeIf(l -> l.equalsIgnoreCase(r.mapping()));
            }
            List<GpkgLayer> plans = new ArrayList<>();
            for (String layer : choose(layers, requested)) {
                plans.add(reader.describe(layer, "features".equals(layers.get(layer))));
            }
            checkNames(plans);
            List<GpkgRelations.Plan> links = GpkgRelations.plan(reader, file, relations, plans, requested.isEmpty());
            long total = plans.stream().mapToLong(GpkgLayer::rows).sum();
            SubMonitor progress = SubMonitor.convert(monitor, "Importing " + file.getFileName(),
                    (int) Math.min(Integer.MAX_VALUE, total + plans.size()));
            Connection source = c;
            return gdb.applyWithoutTracking(g -> {
                List<GeoPackages.Layer> result = new ArrayList<>();
                for (GpkgLayer l : plans) {
                    long rows = createAndLoad(source, g, l, progress);
                    progress.worked(1);
                    result.add(new GeoPackages.Layer(l.name(), g.dataset(l.dataset()), rows));
                }
                GpkgRelations.create(source, g, file, links);
                return result;
            });
        } catch (SQLException e) {
            throw SqliteFiles.failure(file, "read", e);
        } finally {
            SqliteFiles.closeQuietly(c);
        }
    }

    /** Whether the geodatabase's SQL takes {@code name} as a plain identifier (not a reserved word such as ORDER or YEAR). */
    private boolean isUsableName(String name) {
        try (PreparedStatement p = gdb.connection().prepareStatement("SELECT 0 AS " + name + " FROM SYSIBM.SYSDUMMY1")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private List<String> choose(Map<String, String> layers, List<String> requested) throws GeodatabaseException {
        if (layers.isEmpty()) {
            throw new GeodatabaseException(file + " holds no feature or attribute layers to import.");
        }
        if (requested.isEmpty()) {
            return List.copyOf(layers.keySet());
        }
        List<String> chosen = new ArrayList<>();
        for (String r : requested) {
            String match = layers.keySet().stream().filter(l -> l.equalsIgnoreCase(r)).findFirst().orElse(null);
            if (match == null) {
                throw new GeodatabaseException(file + " has no layer named " + UserData.name(r) + "; its layers are "
                        + UserData.excerpt(String.join(", ", layers.keySet()), 500) + ".");
            }
            if (!chosen.contains(match)) {
                chosen.add(match);
            }
        }
        return chosen;
    }

    private void checkNames(List<GpkgLayer> plans) throws GeodatabaseException {
        Map<String, String> taken = new HashMap<>();
        for (Dataset d : gdb.datasets()) {
            taken.put(d.name(), null);
        }
        for (GpkgLayer l : plans) {
            if (taken.containsKey(l.dataset())) {
                String other = taken.get(l.dataset());
                throw new GeodatabaseException(other == null
                        ? "A dataset named " + l.dataset() + " already exists in " + gdb.location() + ", so layer " + UserData.name(l.name())
                                + " cannot be imported as " + l.dataset() + "; import it into another geodatabase or drop " + l.dataset() + " first."
                        : "Layers " + UserData.name(other) + " and " + UserData.name(l.name()) + " would both become the dataset " + l.dataset()
                                + "; rename one of them in the GeoPackage first.");
            }
            taken.put(l.dataset(), l.name());
        }
    }

    /** Creates the layer's dataset and loads its rows (indexes and tracking triggers come after the rows). */
    private long createAndLoad(Connection source, Geodatabase g, GpkgLayer l, SubMonitor progress) throws GeodatabaseException {
        List<Field> fields = l.columns().stream().map(GpkgLayer.Column::field).toList();
        try {
            return g.createAndLoad(l.dataset(), l.type(), l.epsg(), fields, d -> load(source, g, d, l, progress));
        } catch (GeodatabaseException e) {
            if (e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
                throw new GeodatabaseException("Layer " + l.name() + " of " + file + " holds the same GLOBALID more than once;"
                        + " GlobalIDs must be unique.", e);
            }
            throw e;
        }
    }

    private long load(Connection source, Geodatabase g, Dataset d, GpkgLayer l, SubMonitor progress)
            throws GeodatabaseException, SQLException {
        List<String> select = new ArrayList<>();
        List<String> insert = new ArrayList<>();
        select.add(l.fidColumn() == null ? "NULL" : GpkgSchema.quote(l.fidColumn()));
        select.add(l.globalIdColumn() == null ? "NULL" : GpkgSchema.quote(l.globalIdColumn()));
        insert.add("GLOBALID");
        for (GpkgLayer.Column col : l.columns()) {
            select.add(GpkgSchema.quote(col.source()));
            insert.add(col.field().name());
        }
        if (l.isFeatures()) {
            select.add(GpkgSchema.quote(l.geometryColumn()));
            insert.add("SHAPE");
        }
        String query = "SELECT " + String.join(", ", select) + " FROM " + GpkgSchema.quote(l.name())
                + (l.fidColumn() == null ? "" : " ORDER BY " + GpkgSchema.quote(l.fidColumn()));
        long[] rows = { 0 };
        SqliteFiles.step(source);
        try (Statement s = source.createStatement(); ResultSet rs = sqlite(() -> s.executeQuery(query))) {
            // a bulk insert: the rows stream from the GeoPackage into Derby as it writes them
            BulkInsert.into(g.connection(), d.name(), insert, row -> {
                SqliteFiles.step(source);
                if (!sqlite(rs::next)) {
                    progress.worked((int) (rows[0] % BATCH));
                    return false;
                }
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
                rows[0]++;
                Object fid = l.fidColumn() == null ? "#" + rows[0] : rs.getObject(1);
                row[0] = globalId(l, fid, rs.getObject(2));
                int i = 3;
                for (GpkgLayer.Column col : l.columns()) {
                    int at = i++;
                    row[at - 2] = value(l, fid, col, sqlite(() -> rs.getObject(at)));
                }
                if (l.isFeatures()) {
                    int at = i;
                    row[at - 2] = shape(l, fid, d, sqlite(() -> rs.getBytes(at)), makeValid);
                }
                if (rows[0] % BATCH == 0) {
                    progress.worked(BATCH);
                }
                return true;
            });
        }
        return rows[0];
    }

    /** Names a feature in an error: the layer and the feature's fid (or its position when the table has no fid). */
    private static String feature(GpkgLayer l, Object fid) {
        return "Layer " + UserData.name(l.name()) + ", feature " + (fid instanceof String s ? s : "fid " + UserData.name(fid));
    }

    static String globalId(GpkgLayer l, Object fid, Object v) throws GeodatabaseException {
        if (v == null || v.toString().isBlank()) {
            return UUID.randomUUID().toString();
        }
        String s = v.toString().trim();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            UUID u = UUID.fromString(s);
            String text = u.toString();
            if (!text.equalsIgnoreCase(s)) {
                throw new IllegalArgumentException("not canonical");
            }
            return text;
        } catch (IllegalArgumentException e) {
            throw new GeodatabaseException(feature(l, fid) + ": its GLOBALID " + UserData.quote(v) + " is not a UUID such as 123e4567-e89b-12d3-a456-426614174000.");
        }
    }

    static Object value(GpkgLayer l, Object fid, GpkgLayer.Column col, Object v) throws GeodatabaseException {
        try {
            return GpkgTypes.toField(col.field().type(), v);
        } catch (RuntimeException e) {
            throw new GeodatabaseException(feature(l, fid) + ": the column " + UserData.name(col.source()) + " "
                    + GpkgTypes.misfit(col.field().type(), v, e)
                    + " (field " + col.field().name() + ").");
        }
    }

    /**
     * The WKB to store for a feature's geometry blob, after the checks every incoming geometry passes
     * ({@link Geometries#problem}): a valid GeoPackage geometry naming the layer's srs_id, finite
     * coordinates, the layer's type, valid per JTS; an invalid one is repaired only when {@code makeValid}.
     */
    static byte[] shape(GpkgLayer l, Object fid, Dataset d, byte[] blob, boolean makeValid) throws GeodatabaseException {
        if (blob == null) {
            return null;
        }
        GpkgGeometry.Decoded decoded;
        try {
            decoded = GpkgGeometry.decode(blob);
        } catch (IllegalArgumentException e) {
            throw new GeodatabaseException(feature(l, fid) + ": the geometry is not a valid GeoPackage geometry: " + e.getMessage() + ".");
        }
        Geometry g = decoded.geometry();
        if (decoded.srsId() != l.srsId()) {
            throw new GeodatabaseException(feature(l, fid) + ": the geometry names srs_id " + decoded.srsId() + ", but the layer's"
                    + " geometry column is in srs_id " + l.srsId() + " (EPSG:" + l.epsg() + "); a layer holds one coordinate reference"
                    + " system: reproject or correct the feature and import again.");
        }
        if (!d.geometryType().accepts(g)) {
            throw new GeodatabaseException(feature(l, fid) + " is a " + g.getGeometryType() + ", but the layer holds "
                    + d.geometryType().name().toLowerCase(Locale.ROOT) + " features.");
        }
        String problem = Geometries.problem(g, d.geometryType());
        if (problem != null && makeValid) {
            Geometry fixed = Geometries.repair(g, d.geometryType());
            if (fixed != null) {
                return Geometries.toWkb(fixed);
            }
            throw new GeodatabaseException(feature(l, fid) + ": " + problem + ", and no repair of it is a "
                    + d.geometryType().name().toLowerCase(Locale.ROOT) + " with finite coordinates; correct it in the GeoPackage.");
        }
        if (problem != null) {
            throw new GeodatabaseException(feature(l, fid) + ": " + problem + "; correct it in the GeoPackage, or import with"
                    + " --make-valid to have it repaired.");
        }
        return Geometries.toWkb(g);
    }

    /** A read from the GeoPackage. */
    @FunctionalInterface
    private interface SqliteRead<T> {
        T get() throws SQLException;
    }

    /** Runs a read from the GeoPackage, turning SQLite's failures (a damaged file) into a sentence naming the file. */
    private <T> T sqlite(SqliteRead<T> read) throws GeodatabaseException {
        try {
            return read.get();
        } catch (SQLException e) {
            throw SqliteFiles.failure(file, "read", e);
        }
    }
}
