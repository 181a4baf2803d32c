package org.geosync.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/**
 * A deterministic sample city for demos and tests: parcels (polygons) on a street grid, one building
 * (polygon) inside each parcel, hydrants (points) along the streets, water mains (lines) under them,
 * building inspections and parcel owners (tables). Loaded as a bulk load, so nothing is tracked as a
 * local edit. The same size always gives the same rows (GlobalIDs included).
 */
public final class SampleCity {

    /** Parcels a sample has when no size is asked for (the other datasets scale with it). */
    public static final int DEFAULT_PARCELS = 1000;

    /** Web Mercator: the city lies around a made-up centre in metres. */
    static final int EPSG = 3857;
    private static final double ORIGIN_X = 1_000_000, ORIGIN_Y = 6_000_000, BLOCK = 100;
    private static final String[] STREETS = { "Harbour", "Mill", "Station", "Church", "Market", "River", "Oak", "Elm" };
    private static final String[] OWNERS = { "Smith", "Garcia", "Nguyen", "Okafor", "Schmidt", "Rossi", "Kowalski", "Tanaka" };

    private SampleCity() {
    }

    /** Fills an empty geodatabase with a city of {@code parcels} parcels. */
    public static void populate(Geodatabase gdb, int parcels, IProgressMonitor monitor) throws GeodatabaseException {
        if (parcels < 1) {
            throw new GeodatabaseException("A sample city needs at least 1 feature; got " + parcels + ".");
        }
        if (!gdb.datasets().isEmpty()) {
            throw new GeodatabaseException("The sample city goes into an empty geodatabase; " + gdb.directory() + " already has datasets.");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample city", parcels + 5);
        gdb.applyWithoutTracking(g -> {
            g.createFeatureClass("parcels", GeometryType.POLYGON, EPSG, List.of(Field.of("PARCEL_NO", FieldType.INTEGER),
                    Field.of("ADDRESS", FieldType.TEXT), Field.of("LAND_USE", FieldType.TEXT), Field.of("AREA_M2", FieldType.DOUBLE)));
            g.createFeatureClass("buildings", GeometryType.POLYGON, EPSG, List.of(Field.of("PARCEL_NO", FieldType.INTEGER),
                    Field.of("FLOORS", FieldType.INTEGER), Field.of("BUILT", FieldType.INTEGER)));
            g.createFeatureClass("hydrants", GeometryType.POINT, EPSG, List.of(Field.of("HYDRANT_NO", FieldType.INTEGER),
                    Field.of("PRESSURE_BAR", FieldType.DOUBLE)));
            g.createFeatureClass("water_mains", GeometryType.LINE, EPSG, List.of(Field.of("MAIN_NO", FieldType.INTEGER),
                    Field.of("DIAMETER_MM", FieldType.INTEGER), Field.of("MATERIAL", FieldType.TEXT)));
            g.createTable("inspections", List.of(Field.of("BUILDING_GLOBALID", FieldType.TEXT),
                    Field.of("INSPECTOR", FieldType.TEXT), Field.of("RESULT", FieldType.TEXT), Field.of("INSPECTED", FieldType.DATE)));
            g.createTable("owners", List.of(Field.of("NAME", FieldType.TEXT), Field.of("PARCEL_GLOBALID", FieldType.TEXT),
                    Field.of("SHARE_PCT", FieldType.DOUBLE)));
            progress.worked(5);
            load(g, parcels, progress);
            return null;
        });
    }

    private static void load(Geodatabase g, int parcels, SubMonitor progress) throws GeodatabaseException {
        Random random = new Random(42);
        int columns = (int) Math.ceil(Math.sqrt(parcels));
        for (int i = 0; i < parcels; i++) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            int col = i % columns, row = i / columns;
            double x = ORIGIN_X + col * BLOCK, y = ORIGIN_Y + row * BLOCK;
            double w = BLOCK - 10, h = BLOCK - 10;
            String parcelId = uuid(random);
            String land = random.nextInt(5) == 0 ? "commercial" : "residential";
            g.insert("parcels", parcelId, Map.of("PARCEL_NO", i + 1, "ADDRESS", (i % 90 + 1) + " " + STREETS[row % STREETS.length] + " Street",
                    "LAND_USE", land, "AREA_M2", w * h), box(x, y, x + w, y + h));
            double bw = 20 + random.nextInt(40), bh = 20 + random.nextInt(40);
            String buildingId = uuid(random);
            g.insert("buildings", buildingId, Map.of("PARCEL_NO", i + 1, "FLOORS", 1 + random.nextInt(6), "BUILT", 1900 + random.nextInt(125)),
                    box(x + 10, y + 10, x + 10 + bw, y + 10 + bh));
            if (i % 2 == 0) {
                Map<String, Object> inspection = new LinkedHashMap<>();
                inspection.put("BUILDING_GLOBALID", buildingId);
                inspection.put("INSPECTOR", OWNERS[random.nextInt(OWNERS.length)]);
                inspection.put("RESULT", random.nextInt(4) == 0 ? "failed" : "passed");
                inspection.put("INSPECTED", java.sql.Date.valueOf(java.time.LocalDate.of(2020 + random.nextInt(6), 1 + random.nextInt(12), 1 + random.nextInt(28))));
                g.insert("inspections", uuid(random), inspection, null);
            }
            g.insert("owners", uuid(random), Map.of("NAME", OWNERS[random.nextInt(OWNERS.length)], "PARCEL_GLOBALID", parcelId,
                    "SHARE_PCT", 100.0), null);
            if (i % 3 == 0) {
                g.insert("hydrants", uuid(random), Map.of("HYDRANT_NO", i / 3 + 1, "PRESSURE_BAR", 3 + random.nextInt(40) / 10.0),
                        String.format(Locale.ROOT, "POINT (%.1f %.1f)", x - 5, y - 5));
            }
            if (col == 0) {
                g.insert("water_mains", uuid(random), Map.of("MAIN_NO", row + 1, "DIAMETER_MM", 150 + 50 * random.nextInt(4),
                        "MATERIAL", random.nextBoolean() ? "ductile iron" : "PVC"),
                        String.format(Locale.ROOT, "LINESTRING (%.1f %.1f, %.1f %.1f)", x - 5, y - 5, x - 5 + columns * BLOCK, y - 5));
            }
            progress.worked(1);
        }
    }

    private static String box(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "POLYGON ((%.1f %.1f, %.1f %.1f, %.1f %.1f, %.1f %.1f, %.1f %.1f))",
                x1, y1, x2, y1, x2, y2, x1, y2, x1, y1);
    }

    /** A version-4 UUID drawn from the seeded generator, so GlobalIDs repeat from run to run. */
    private static String uuid(Random random) {
        long hi = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lo = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }
}
