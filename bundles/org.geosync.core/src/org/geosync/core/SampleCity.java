package org.geosync.core;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.geosync.core.internal.geometry.Geometries;
import org.geosync.core.internal.storage.BulkInsert;
import org.geosync.core.internal.storage.Catalog;

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
        // each dataset is a bulk load (its rows in before its indexes and tracking triggers), the relationship table too, all in
        // one transaction: row by row under triggers, in the transaction that made the tables, cost seconds per thousand rows
        SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample city", 8);
        gdb.buildWithoutTracking(g -> {
            java.util.function.Function<SubMonitor, Geodatabase.Loader<Long>> rowsOf = split -> d -> load(g, d, parcels, owners, split);
            g.createAndLoad("parcels", GeometryType.POLYGON, EPSG, List.of(Field.of("PARCEL_NO", FieldType.INTEGER),
                    Field.of("ADDRESS", FieldType.TEXT), Field.of("LAND_USE", FieldType.TEXT), Field.of("AREA_M2", FieldType.DOUBLE)),
                    rowsOf.apply(progress.split(2)));
            g.createAndLoad("buildings", GeometryType.POLYGON, EPSG, List.of(Field.of("PARCEL_NO", FieldType.INTEGER),
                    Field.of("FLOORS", FieldType.INTEGER), Field.of("BUILT", FieldType.INTEGER)),
                    rowsOf.apply(progress.split(1)));
            g.createAndLoad("hydrants", GeometryType.POINT, EPSG, List.of(Field.of("HYDRANT_NO", FieldType.INTEGER),
                    Field.of("PRESSURE_BAR", FieldType.DOUBLE)),
                    rowsOf.apply(progress.split(1)));
            g.createAndLoad("water_mains", GeometryType.LINE, EPSG, List.of(Field.of("MAIN_NO", FieldType.INTEGER),
                    Field.of("DIAMETER_MM", FieldType.INTEGER), Field.of("MATERIAL", FieldType.TEXT)),
                    rowsOf.apply(progress.split(1)));
            g.createAndLoad("inspections", null, 0, List.of(Field.of("BUILDING_GLOBALID", FieldType.TEXT),
                    Field.of("INSPECTOR", FieldType.TEXT), Field.of("RESULT", FieldType.TEXT), Field.of("INSPECTED", FieldType.DATE)),
                    rowsOf.apply(progress.split(1)));
            g.createAndLoad("owners", null, 0, List.of(Field.of("NAME", FieldType.TEXT), new Field("PHONE", FieldType.TEXT, 20),
                    new Field("EMAIL", FieldType.TEXT, 80)),
                    rowsOf.apply(progress.split(1)));
            g.createRelationshipClass(RelationshipClass.simple(BUILDING_INSPECTIONS, "buildings", "inspections", "GLOBALID",
                    "BUILDING_GLOBALID", RelationshipClass.Cardinality.ONE_TO_MANY));
            g.createRelationshipClass(RelationshipClass.withTable(PARCEL_OWNERS, "parcels", "owners", "GLOBALID", "PARCEL_GLOBALID",
                    RelationshipClass.Cardinality.MANY_TO_MANY, true, "GLOBALID", "OWNER_GLOBALID",
                    List.of(Field.of("SHARE_PCT", FieldType.DOUBLE))), rowsOf.apply(progress.split(1)));
            return null;
        });
    }

    /** Fills a dataset made for a bulk load with its rows of the city. */
    private static long load(Geodatabase g, Dataset d, int parcels, int owners, SubMonitor progress) throws GeodatabaseException, SQLException {
        List<String> columns = Catalog.replicatedColumns(d);
        Rows rows = new Rows(parcels, owners);
        progress.setWorkRemaining(parcels + owners + 1);
        return BulkInsert.into(g.connection(), d.name(), columns, out -> {
            for (Row r; (r = rows.next()) != null;) {
                progress.worked(1);
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
                if (!r.dataset().equals(d.name())) {
                    continue;
                }
                out[0] = r.globalId();
                for (int i = 1; i < columns.size(); i++) {
                    out[i] = columns.get(i).equals("SHAPE") ? Geometries.toWkb(Geometries.parseWkt(r.wkt())) : r.values().get(columns.get(i));
                }
                return true;
            }
            return false;
        });
    }

    /** A row of the city: its dataset, GlobalID, field values and geometry (WKT, null for tables). */
    private record Row(String dataset, String globalId, Map<String, Object> values, String wkt) {
    }

    /**
     * The city's rows, one at a time, in the order the seeded generators draw them (owners first, then each parcel with its
     * building, inspection, ownership, hydrant and water main): the same size always gives the same rows, whichever dataset
     * is being filled.
     */
    private static final class Rows {
        private final int parcels, owners, columns;
        private final Random names = new Random(7), random = new Random(42), ownership = new Random(11);
        private final java.util.ArrayDeque<Row> queue = new java.util.ArrayDeque<>();
        private int owner, parcel;

        Rows(int parcels, int owners) {
            this.parcels = parcels;
            this.owners = owners;
            this.columns = (int) Math.ceil(Math.sqrt(parcels));
        }

        /** The next row, or null after the last. */
        Row next() {
            while (queue.isEmpty()) {
                if (owner < owners) {
                    owner(owner++);
                } else if (parcel < parcels) {
                    parcel(parcel++);
                } else {
                    return null;
                }
            }
            return queue.poll();
        }

        private void owner(int j) {
            String given = GIVEN_NAMES[names.nextInt(GIVEN_NAMES.length)], surname = SURNAMES[names.nextInt(SURNAMES.length)];
            queue.add(new Row("OWNERS", ownerGlobalId(j), Map.of("NAME", given + " " + surname,
                    "PHONE", String.format(Locale.ROOT, "+44 20 7946 %04d", names.nextInt(10_000)),
                    "EMAIL", (given + "." + surname + (j + 1)).toLowerCase(Locale.ROOT) + "@example.org"), null));
        }

        private void parcel(int i) {
            int col = i % columns, row = i / columns;
            double x = ORIGIN_X + col * BLOCK, y = ORIGIN_Y + row * BLOCK;
            double w = BLOCK - 10, h = BLOCK - 10;
            String parcelId = uuid(random);
            String land = random.nextInt(5) == 0 ? "commercial" : "residential";
            queue.add(new Row("PARCELS", parcelId, Map.of("PARCEL_NO", i + 1, "ADDRESS", (i % 90 + 1) + " " + STREETS[row % STREETS.length]
                    + " Street", "LAND_USE", land, "AREA_M2", w * h), box(x, y, x + w, y + h)));
            double bw = 20 + random.nextInt(40), bh = 20 + random.nextInt(40);
            String buildingId = uuid(random);
            queue.add(new Row("BUILDINGS", buildingId, Map.of("PARCEL_NO", i + 1, "FLOORS", 1 + random.nextInt(6), "BUILT",
                    1900 + random.nextInt(125)), box(x + 10, y + 10, x + 10 + bw, y + 10 + bh)));
            if (i % 2 == 0) {
                Map<String, Object> inspection = new LinkedHashMap<>();
                inspection.put("BUILDING_GLOBALID", buildingId);
                inspection.put("INSPECTOR", SURNAMES[random.nextInt(SURNAMES.length)]);
                inspection.put("RESULT", random.nextInt(4) == 0 ? "failed" : "passed");
                inspection.put("INSPECTED", java.sql.Date.valueOf(java.time.LocalDate.of(2020 + random.nextInt(6), 1 + random.nextInt(12),
                        1 + random.nextInt(28))));
                queue.add(new Row("INSPECTIONS", uuid(random), inspection, null));
            }
            // the first owner cycles through all owners, so each owns a parcel; every fourth parcel has a co-owner
            int first = i % owners;
            if (owners > 1 && ownership.nextInt(4) == 0) {
                int coOwner = (first + 1 + ownership.nextInt(owners - 1)) % owners;
                double share = 50 + 10 * ownership.nextInt(4);
                owns(parcelId, first, share);
                owns(parcelId, coOwner, 100 - share);
            } else {
                owns(parcelId, first, 100.0);
            }
            if (i % 3 == 0) {
                queue.add(new Row("HYDRANTS", uuid(random), Map.of("HYDRANT_NO", i / 3 + 1, "PRESSURE_BAR", 3 + random.nextInt(40) / 10.0),
                        String.format(Locale.ROOT, "POINT (%.1f %.1f)", x - 5, y - 5)));
            }
            if (col == 0) {
                queue.add(new Row("WATER_MAINS", uuid(random), Map.of("MAIN_NO", row + 1, "DIAMETER_MM", 150 + 50 * random.nextInt(4),
                        "MATERIAL", random.nextBoolean() ? "ductile iron" : "PVC"),
                        String.format(Locale.ROOT, "LINESTRING (%.1f %.1f, %.1f %.1f)", x - 5, y - 5, x - 5 + columns * BLOCK, y - 5)));
            }
        }

        private void owns(String parcelId, int owner, double share) {
            queue.add(new Row(PARCEL_OWNERS, uuid(ownership), Map.of("PARCEL_GLOBALID", parcelId, "OWNER_GLOBALID", ownerGlobalId(owner),
                    "SHARE_PCT", share), null));
        }
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
