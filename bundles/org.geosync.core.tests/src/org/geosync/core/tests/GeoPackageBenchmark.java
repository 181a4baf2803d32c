package org.geosync.core.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.gpkg.GpkgGeometry;
import org.geosync.core.internal.gpkg.GpkgSchema;
import org.geosync.core.internal.gpkg.SqliteFiles;

/**
 * Not a test (nothing runs it in CI): writes a GeoPackage of N points with three attributes, imports it
 * into a new geodatabase and exports it again, printing features per second. Run it with
 * releng/benchmarks/gpkg-benchmark.sh [N].
 */
public final class GeoPackageBenchmark {

    private GeoPackageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("gpkg-bench");
        try {
            Path gpkg = dir.resolve("points.gpkg");
            writePoints(gpkg, n);
            try (Geodatabase gdb = Geodatabase.create(dir.resolve("gdb"))) {
                long t0 = System.nanoTime();
                long rows = GeoPackages.importLayers(gdb, gpkg, List.of(), new NullProgressMonitor()).get(0).rows();
                report("import", rows, t0);
                t0 = System.nanoTime();
                rows = GeoPackages.export(gdb, dir.resolve("again.gpkg"), List.of(), new NullProgressMonitor()).get(0).rows();
                report("export", rows, t0);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, long rows, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d features in %.1f s = %.0f features/s%n", what, rows, s, rows / s);
    }

    /**
     * Writes a GeoPackage with one layer {@code points} (EPSG:3857) of {@code n} points on a grid with
     * fields name TEXT(20), value DOUBLE and code MEDIUMINT, straight through SQLite.
     */
    static void writePoints(Path file, int n) throws Exception {
        try (Connection c = SqliteFiles.create(file)) {
            GpkgSchema.create(c);
            GpkgSchema.addEpsg(c, 3857);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE points (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom POINT, name TEXT(20),"
                        + " value DOUBLE, code MEDIUMINT)");
                s.executeUpdate("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('points', 'features', 'points', 3857)");
                s.executeUpdate("INSERT INTO gpkg_geometry_columns VALUES ('points', 'geom', 'POINT', 3857, 0, 0)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO points (geom, name, value, code) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    p.setBytes(1, GpkgGeometry.encode(Geometries.parseWkt("POINT (" + (1_000_000 + i % 1000 * 10.5) + " "
                            + (6_000_000 + i / 1000 * 10.5) + ")"), 3857));
                    p.setString(2, "point " + i);
                    p.setDouble(3, i * 0.25);
                    p.setInt(4, i % 97);
                    p.addBatch();
                    if (i % 1000 == 999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
    }
}
