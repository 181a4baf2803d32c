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
 * building inspections and owners (tables), and two relationship classes:
 * <ul>
 * <li>{@value #BUILDING_INSPECTIONS}: BUILDINGS -> INSPECTIONS, simple 1:M, buildings' GLOBALID in
 * INSPECTIONS.BUILDING_GLOBALID;</li>
 * <li>{@value #PARCEL_OWNERS}: between PARCELS and OWNERS, attributed M:N, its rows in the table PARCEL_OWNERS
 * (PARCEL_GLOBALID, OWNER_GLOBALID, SHARE_PCT); every parcel has one or two owners whose shares add
 * up to 100, an owner may own several parcels.</li>
 * </ul>
 * Loaded as a bulk load, so nothing is tracked as a local edit. The same size always gives the same
 * rows (GlobalIDs included).
 */
public final class SampleCity {

    /** Parcels a sample has when no size is asked for (the other datasets scale with it). */
    public static final int DEFAULT_PARCELS = 1000;

    /** The simple 1:M relationship class from buildings to their inspections. */
    public static final String BUILDING_INSPECTIONS = "BUILDING_INSPECTIONS";
    /** The attributed M:N relationship class between parcels and owners, and its table. */
    public static final String PARCEL_OWNERS = "PARCEL_OWNERS";

    /** Web Mercator: the city lies around a made-up centre in metres. */
    static final int EPSG = 3857;
    private static final double ORIGIN_X = 1_000_000, ORIGIN_Y = 6_000_000, BLOCK = 100;
    private static final String[] STREETS = { "Harbour", "Mill", "Station", "Church", "Market", "River", "Oak", "Elm" };
    private static final String[] SURNAMES = { "Smith", "Garcia", "Nguyen", "Okafor", "Schmidt", "Rossi", "Kowalski", "Tanaka" };
    private static final String[] GIVEN_NAMES = { "Ana", "Ben", "Chloe", "Dmitri", "Eva", "Femi", "Grace", "Hiro", "Ines", "Jonas" };

    private SampleCity() {
    }

    /** Fills an empty geodatabase with a city of {@code parcels} parcels. */
    public static void populate(Geodatabase gdb, int parcels, IProgressMonitor monitor) throws GeodatabaseException {
        if (parcels < 1) {
            throw new GeodatabaseException("A sample city needs at least 1 feature; got " + parcels + ".");
        }
        if (!gdb.datasets().isEmpty()) {
            throw new GeodatabaseException("The sample city goes into an empty geodatabase; " + gdb.location() + " already has datasets.");
        }
        int owners = ownerCount(parcels);
        SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample city", parcels + owners / 100 + 5);
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
            g.createTable("owners", List.of(Field.of("NAME", FieldType.TEXT), new Field("PHONE", FieldType.TEXT, 20),
                    new Field("EMAIL", FieldType.TEXT, 80)));
            g.createRelationshipClass(RelationshipClass.simple(BUILDING_INSPECTIONS, "buildings", "inspections", "GLOBALID",
                    "BUILDING_GLOBALID", RelationshipClass.Cardinality.ONE_TO_MANY));
            g.createRelationshipClass(RelationshipClass.withTable(PARCEL_OWNERS, "parcels", "owners", "GLOBALID", "PARCEL_GLOBALID",
                    RelationshipClass.Cardinality.MANY_TO_MANY, true, "GLOBALID", "OWNER_GLOBALID",
                    List.of(Field.of("SHARE_PCT", FieldType.DOUBLE))));
            progress.worked(5);
            loadOwners(g, owners, progress);
            load(g, parcels, owners, progress);
            return null;
        });
    }

    /** Four owners for every five parcels (at least one): some own several parcels, some parcels have two owners. */
    static int ownerCount(int parcels) {
        return Math.max(1, parcels * 4 / 5);
    }

    /**
     * The GlobalID of owner {@code index}, drawn from a generator seeded by the index, so parcels can
     * refer to any owner without the owners being kept in memory.
     */
    private static String ownerGlobalId(int index) {
        return uuid(new Random(0x0A11_0000_0000L + index));
    }

    private static void loadOwners(Geodatabase g, int owners, SubMonitor progress) throws GeodatabaseException {
        Random random = new Random(7);
        for (int j = 0; j < owners; j++) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            String given = GIVEN_NAMES[random.nextInt(GIVEN_NAMES.length)], surname = SURNAMES[random.nextInt(SURNAMES.length)];
            g.insert("owners", ownerGlobalId(j), Map.of("NAME", given + " " + surname,
                    "PHONE", String.format(Locale.ROOT, "+44 20 7946 %04d", random.nextInt(10_000)),
                    "EMAIL", (given + "." + surname + (j + 1)).toLowerCase(Locale.ROOT) + "@example.org"), null);
            if (j % 100 == 99) {
                progress.worked(1);
            }
        }
    }

    private static void load(Geodatabase g, int parcels, int owners, SubMonitor progress) throws GeodatabaseException {
        Random random = new Random(42);
        Random ownership = new Random(11);
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
                inspection.put("INSPECTOR", SURNAMES[random.nextInt(SURNAMES.length)]);
                inspection.put("RESULT", random.nextInt(4) == 0 ? "failed" : "passed");
                inspection.put("INSPECTED", java.sql.Date.valueOf(java.time.LocalDate.of(2020 + random.nextInt(6), 1 + random.nextInt(12), 1 + random.nextInt(28))));
                g.insert("inspections", uuid(random), inspection, null);
            }
            // the first owner cycles through all owners, so each owns a parcel; every fourth parcel has a co-owner
            int owner = i % owners;
            if (owners > 1 && ownership.nextInt(4) == 0) {
                int coOwner = (owner + 1 + ownership.nextInt(owners - 1)) % owners;
                double share = 50 + 10 * ownership.nextInt(4);
                owns(g, ownership, parcelId, owner, share);
                owns(g, ownership, parcelId, coOwner, 100 - share);
            } else {
                owns(g, ownership, parcelId, owner, 100.0);
            }
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

    private static void owns(Geodatabase g, Random random, String parcelId, int owner, double share) throws GeodatabaseException {
        g.insert(PARCEL_OWNERS, uuid(random), Map.of("PARCEL_GLOBALID", parcelId, "OWNER_GLOBALID", ownerGlobalId(owner),
                "SHARE_PCT", share), null);
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
