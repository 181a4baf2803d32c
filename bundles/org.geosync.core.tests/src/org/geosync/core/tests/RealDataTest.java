package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.internal.geometry.Geometries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Imports published real data sets, written by GDAL, into real Derby geodatabases and checks every
 * feature against what GDAL itself reads from the source file: feature count, field names, types and
 * values, CRS, and geometries exactly equal; then exports them back to GeoPackage and checks GDAL reads
 * the same again. The data are the GeoPackages and shapefiles of Debian's r-cran-sf package (North
 * Carolina counties nc.gpkg in NAD27, the census tracts of Olinda, Brazil olinda1.shp converted with
 * ogr2ogr, a US state, London buildings, an attribute table): bin/machine.sh fetches them with
 * {@code apt-get download r-cran-sf} into the directory the system property geosync.testdata names
 * (~/.cache/geosync/testdata unless set otherwise). Without them the tests fail, naming the fix.
 */
class RealDataTest {

    /** The data directory (see bin/machine.sh, geosync_fetch_test_data). */
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findData() {
        String fix = "run 'bash bin/machine.sh' (bin/test and CI run it first): it downloads Debian's r-cran-sf with 'apt-get download"
                + " r-cran-sf', extracts its data files into ~/.cache/geosync/testdata and converts olinda1.shp with ogr2ogr"
                + " (elsewhere: GEOSYNC_TESTDATA=DIR bash bin/machine.sh, then -Dgeosync.testdata=DIR)";
        String dir = System.getProperty("geosync.testdata");
        if (dir == null || dir.isBlank()) {
            fail("The system property geosync.testdata (the root pom sets it to ~/.cache/geosync/testdata) is not set; " + fix + ".");
        }
        data = Path.of(dir);
        for (String f : List.of("sf/gpkg/nc.gpkg", "sf/gpkg/tl.gpkg", "sf/gpkg/nospatial.gpkg", "sf/gpkg/buildings.gpkg",
                "sf/gpkg/b_pump.gpkg", "sf/shape/olinda1.shp", "olinda1.gpkg")) {
            if (!Files.isRegularFile(data.resolve(f))) {
                fail("The real test data " + data.resolve(f) + " is missing; " + fix + ".");
            }
        }
    }

    static Path sf(String file) {
        return data.resolve("sf/gpkg").resolve(file);
    }

    /** A layer as GDAL reads it (see {@link Gdal#features}). */
    record GdalLayer(long count, String srs, String geometryType, List<String> fieldNames, List<String> fieldTypes,
            List<GdalFeature> features) {
    }

    /** A feature as GDAL reads it: fid, geometry (null when none) and field values (Long, Double, String or null). */
    record GdalFeature(long fid, Geometry geometry, List<Object> values) {
    }

    private GdalLayer gdal(Path file, String layer) throws Exception {
        long count = -1;
        String srs = null, type = null;
        List<String> names = new ArrayList<>(), types = new ArrayList<>();
        List<GdalFeature> features = new ArrayList<>();
        for (String line : Gdal.features(tmp, file, layer)) {
            if (line.startsWith("COUNT ")) {
                count = Long.parseLong(line.substring(6));
            } else if (line.startsWith("SRS ")) {
                srs = line.substring(4);
            } else if (line.startsWith("GEOMETRY ")) {
                type = line.substring(9);
            } else if (line.startsWith("FIELD ")) {
                String[] f = line.substring(6).split(" ", 2);
                names.add(f[0]);
                types.add(f[1]);
            } else if (line.startsWith("F\t")) {
                String[] cells = line.split("\t", -1);
                List<Object> values = new ArrayList<>();
                for (int i = 3; i < cells.length; i++) {
                    values.add(value(cells[i]));
                }
                features.add(new GdalFeature(Long.parseLong(cells[1]), "-".equals(cells[2]) ? null : wkb(cells[2]), values));
            } else {
                fail("Unexpected line from GDAL: " + line);
            }
        }
        assertEquals(count, features.size(), "GDAL's feature count and the features it read of " + layer + " in " + file);
        return new GdalLayer(count, srs, type, names, types, features);
    }

    private static Object value(String cell) {
        if ("null".equals(cell)) {
            return null;
        }
        String v = cell.substring(2);
        return switch (cell.charAt(0)) {
            case 'i' -> Long.valueOf(v);
            case 'd' -> Double.valueOf(v);
            case 's' -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(cell);
        };
    }

    private static Geometry wkb(String hex) throws ParseException {
        return new WKBReader().read(WKBReader.hexToBytes(hex));
    }

    /** A value as GDAL's would be: whole numbers as Long, the rest as they are. */
    private static Object normalized(Object v) {
        return v instanceof Integer || v instanceof Short || v instanceof Long ? ((Number) v).longValue() : v;
    }

    /**
     * Checks that {@code dataset} of {@code gdb} holds exactly the features {@code source} lists, in fid
     * order: fields named as the source's columns (in upper case, in the same order) with equal values,
     * and geometries of the same type with exactly the same coordinates.
     */
    private static void assertHolds(Geodatabase gdb, String dataset, GdalLayer source) throws Exception {
        Dataset d = gdb.dataset(dataset);
        assertEquals(source.fieldNames().stream().map(n -> n.toUpperCase(Locale.ROOT)).toList(), d.fields().stream().map(Field::name).toList(),
                "field names of " + dataset);
        assertEquals(source.count(), gdb.rowCount(dataset));
        List<String> columns = new ArrayList<>(d.fields().stream().map(f -> "\"" + f.name() + "\"").toList());
        columns.add(d.isFeatureClass() ? "SHAPE" : "CAST(NULL AS VARCHAR(1) FOR BIT DATA)");
        int n = 0;
        try (PreparedStatement p = gdb.connection().prepareStatement("SELECT " + String.join(", ", columns) + " FROM " + dataset
                + " ORDER BY OBJECTID"); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                GdalFeature f = source.features().get(n++);
                for (int i = 0; i < d.fields().size(); i++) {
                    assertEquals(f.values().get(i), normalized(rs.getObject(i + 1)),
                            dataset + " row " + n + " (fid " + f.fid() + "), field " + d.fields().get(i).name());
                }
                byte[] shape = rs.getBytes(d.fields().size() + 1);
                if (f.geometry() == null) {
                    assertNull(shape, dataset + " row " + n + " has a geometry, GDAL reads none");
                } else {
                    assertNotNull(shape, dataset + " row " + n + " has no geometry, GDAL reads one");
                    assertExact(f.geometry(), Geometries.fromWkb(shape), dataset + " row " + n + " (fid " + f.fid() + ")");
                }
            }
        }
        assertEquals(source.count(), n);
    }

    private static void assertExact(Geometry expected, Geometry actual, String what) {
        assertEquals(expected.getGeometryType(), actual.getGeometryType(), what);
        assertEquals(expected.getNumPoints(), actual.getNumPoints(), what);
        assertTrue(expected.equalsExact(actual), what + ": the geometry differs from GDAL's");
    }

    /**
     * Exports {@code dataset} to a GeoPackage that GDAL's validator accepts and checks that GDAL reads
     * from it what it read from {@code source}: count, CRS, geometry type, fields (after GLOBALID, which
     * export adds) with their types, every value and every geometry exactly.
     */
    private GdalLayer assertExportsAs(Geodatabase gdb, String dataset, GdalLayer source, String srs) throws Exception {
        Path out = tmp.resolve(dataset.toLowerCase(Locale.ROOT) + "-export.gpkg");
        List<GeoPackages.Layer> layers = GeoPackages.export(gdb, out, List.of(dataset), new NullProgressMonitor());
        assertEquals(source.count(), layers.get(0).rows());
        Gdal.validate(tmp, out);
        GdalLayer back = gdal(out, dataset.toLowerCase(Locale.ROOT));
        assertEquals(source.count(), back.count());
        assertEquals(srs, back.srs());
        assertEquals(source.geometryType(), back.geometryType());
        assertEquals("GLOBALID", back.fieldNames().get(0));
        assertEquals(source.fieldNames().stream().map(x -> x.toUpperCase(Locale.ROOT)).toList(), back.fieldNames().subList(1, back.fieldNames().size()));
        assertEquals(source.fieldTypes(), back.fieldTypes().subList(1, back.fieldTypes().size()), "field types GDAL reads from the export");
        for (int i = 0; i < source.features().size(); i++) {
            GdalFeature a = source.features().get(i), b = back.features().get(i);
            assertEquals(a.values(), b.values().subList(1, b.values().size()), "exported feature " + (i + 1));
            if (a.geometry() == null) {
                assertNull(b.geometry());
            } else {
                assertExact(a.geometry(), b.geometry(), "exported feature " + (i + 1));
            }
        }
        return back;
    }

    private static List<GeoPackages.Layer> importAll(Geodatabase gdb, Path gpkg) throws GeodatabaseException {
        return GeoPackages.importLayers(gdb, gpkg, List.of(), new NullProgressMonitor());
    }

    @Test
    void northCarolinaCountiesArriveExactlyAsGdalReadsThem() throws Exception {
        GdalLayer nc = gdal(sf("nc.gpkg"), "nc.gpkg");
        assertEquals(100, nc.count());
        assertEquals("EPSG:4267", nc.srs());
        assertEquals("Multi Polygon", nc.geometryType());
        assertTrue(nc.fieldNames().containsAll(List.of("AREA", "PERIMETER", "CNTY_", "CNTY_ID", "NAME", "FIPS", "BIR74", "SID74")), nc.toString());
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("gdb"))) {
            List<GeoPackages.Layer> layers = importAll(gdb, sf("nc.gpkg"));
            assertEquals(1, layers.size());
            assertEquals("nc.gpkg", layers.get(0).layer());
            assertEquals(100, layers.get(0).rows());
            Dataset d = gdb.dataset("NC_GPKG");
            assertEquals(GeometryType.MULTIPOLYGON, d.geometryType());
            assertEquals(4267, d.epsg());
            assertNotNull(d.field("CNTY_"), "the trailing underscore of CNTY_ is kept");
            assertHolds(gdb, "NC_GPKG", nc);
            // one county spelled out, as the source documents it (sf's nc data set): Ashe, FIPS 37009
            assertEquals(List.of(List.of("Ashe", "37009", "1091.0", "1.0", "1825.0")),
                    Sql.rows(gdb, "SELECT NAME, FIPS, BIR74, SID74, CNTY_ FROM NC_GPKG WHERE OBJECTID = 1"));
            // counties made of several polygons (the Outer Banks) stay multipolygons of as many parts
            assertTrue(nc.features().stream().anyMatch(f -> f.geometry().getNumGeometries() > 1));
            assertExportsAs(gdb, "NC_GPKG", nc, "EPSG:4267");
            String info = Gdal.run(tmp, "ogrinfo", "-al", "-so", tmp.resolve("nc_gpkg-export.gpkg").toString()).out();
            assertTrue(info.contains("Feature Count: 100"), info);
            assertTrue(info.contains("Geometry: Multi Polygon"), info);
            assertTrue(info.contains("ID[\"EPSG\",4267]]"), info);
            assertTrue(info.contains("CNTY_: Real"), info);
            assertTrue(info.contains("CRESS_ID: Integer (0.0)"), info);
        }
    }

    @Test
    void olindaCensusTractsConvertedWithOgr2ogrArriveExactlyAsGdalReadsTheShapefile() throws Exception {
        // the shapefile as published; machine.sh converted it with ogr2ogr -a_srs EPSG:4674 (its .prj names no EPSG code)
        GdalLayer shp = gdal(data.resolve("sf/shape/olinda1.shp"), "olinda1");
        assertEquals(470, shp.count());
        assertEquals(List.of("ID", "CD_GEOCODI", "TIPO", "CD_GEOCODB", "NM_BAIR", "V014"), shp.fieldNames());
        assertEquals("EPSG:4674", gdal(data.resolve("olinda1.gpkg"), "olinda1").srs());
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("gdb"))) {
            List<GeoPackages.Layer> layers = importAll(gdb, data.resolve("olinda1.gpkg"));
            assertEquals(List.of("olinda1"), layers.stream().map(GeoPackages.Layer::layer).toList());
            Dataset d = gdb.dataset("OLINDA1");
            assertEquals(GeometryType.POLYGON, d.geometryType());
            assertEquals(4674, d.epsg());
            assertHolds(gdb, "OLINDA1", shp);
            // neighbourhood names with accents, and tracts without one (NULL), as GDAL reads them from the .dbf
            assertTrue(shp.features().stream().anyMatch(f -> "São Benedito".equals(f.values().get(4))));
            assertTrue(shp.features().stream().anyMatch(f -> f.values().get(4) == null));
            assertFalse(Sql.rows(gdb, "SELECT OBJECTID FROM OLINDA1 WHERE NM_BAIR = 'São Benedito'").isEmpty());
            assertExportsAs(gdb, "OLINDA1", shp, "EPSG:4674");
        }
    }

    @Test
    void aStateOfTigerLinesAndAnAttributeTableArriveAsGdalReadsThem() throws Exception {
        GdalLayer tl = gdal(sf("tl.gpkg"), "tl_2016_us_state");
        GdalLayer table = gdal(sf("nospatial.gpkg"), "nospatial");
        assertEquals("EPSG:4269", tl.srs());
        assertEquals("None", table.geometryType());
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("gdb"))) {
            assertEquals(List.of("tl_2016_us_state"), importAll(gdb, sf("tl.gpkg")).stream().map(GeoPackages.Layer::layer).toList());
            // GDAL's placeholder ogr_empty_table (an empty features table with an undefined CRS) is no layer
            List<GeoPackages.Layer> layers = importAll(gdb, sf("nospatial.gpkg"));
            assertEquals(List.of("nospatial"), layers.stream().map(GeoPackages.Layer::layer).toList());
            assertEquals(Dataset.Kind.TABLE, gdb.dataset("NOSPATIAL").kind());
            assertEquals(GeometryType.POLYGON, gdb.dataset("TL_2016_US_STATE").geometryType());
            assertEquals(4269, gdb.dataset("TL_2016_US_STATE").epsg());
            assertHolds(gdb, "TL_2016_US_STATE", tl);
            assertHolds(gdb, "NOSPATIAL", table);
            assertExportsAs(gdb, "TL_2016_US_STATE", tl, "EPSG:4269");
            assertExportsAs(gdb, "NOSPATIAL", table, "NONE");
        }
    }

    @Test
    void londonBuildingsNeedTheirEpsgCodeAndThenArriveAsGdalReadsThem() throws Exception {
        // b_pump.gpkg and buildings.gpkg (John Snow's London) carry a Transverse Mercator CRS without an EPSG code
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("gdb"))) {
            for (String file : List.of("b_pump.gpkg", "buildings.gpkg")) {
                GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> importAll(gdb, sf(file)));
                assertTrue(e.getMessage().contains("uses the coordinate reference system 'Transverse_Mercator' (srs_id 100000),"
                        + " which has no EPSG code; assign the EPSG code it stands for first"), e.getMessage());
            }
            assertEquals(List.of(), gdb.datasets());
            // it is the British National Grid: assign EPSG:27700 with ogr2ogr, moving no coordinate
            Path assigned = tmp.resolve("buildings-27700.gpkg");
            Gdal.run(tmp, "ogr2ogr", "-f", "GPKG", "-a_srs", "EPSG:27700", assigned.toString(), sf("buildings.gpkg").toString());
            GdalLayer buildings = gdal(sf("buildings.gpkg"), "buildings");
            assertEquals(List.of("cat", "cat_"), buildings.fieldNames());
            importAll(gdb, assigned);
            Dataset d = gdb.dataset("BUILDINGS");
            assertEquals(27700, d.epsg());
            assertEquals(List.of("CAT", "CAT_"), d.fields().stream().map(Field::name).toList());
            assertHolds(gdb, "BUILDINGS", buildings);
            assertExportsAs(gdb, "BUILDINGS", buildings, "EPSG:27700");
        }
    }

    @Test
    void theCommandLineImportsAndExportsTheCounties() throws Exception {
        Cli cli = new Cli();
        Path gdb = tmp.resolve("gdb");
        try (Geodatabase g = Geodatabase.create(gdb)) {
            assertTrue(g.datasets().isEmpty());
        }
        assertEquals(0, cli.run("gdb", "import", gdb.toString(), sf("nc.gpkg").toString()), cli.err);
        assertEquals("Imported layer nc.gpkg as NC_GPKG: 100 features (multipolygon, EPSG:4267)\n", cli.out.replace("\r", ""));
        assertEquals("", cli.err);
        assertEquals(0, cli.run("gdb", "info", gdb.toString(), "--json"), cli.err);
        assertTrue(cli.out.contains("{\"name\":\"NC_GPKG\",\"kind\":\"feature_class\",\"geometryType\":\"multipolygon\",\"epsg\":4267,\"rows\":100"),
                cli.out);
        Path out = tmp.resolve("counties.gpkg");
        assertEquals(0, cli.run("gdb", "export", gdb.toString(), out.toString()), cli.err);
        assertEquals("Exported NC_GPKG as layer nc_gpkg: 100 features (multipolygon, EPSG:4267)\n", cli.out.replace("\r", ""));
        GdalLayer source = gdal(sf("nc.gpkg"), "nc.gpkg");
        GdalLayer back = gdal(out, "nc_gpkg");
        assertEquals(100, back.count());
        assertEquals("EPSG:4267", back.srs());
        for (int i = 0; i < 100; i++) {
            assertExact(source.features().get(i).geometry(), back.features().get(i).geometry(), "county " + (i + 1));
            List<Object> v = back.features().get(i).values();
            assertEquals(source.features().get(i).values(), v.subList(1, v.size()));
        }
    }
}
