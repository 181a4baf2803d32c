package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.internal.geometry.Geometries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

/**
 * GeoPackage export and import on real files and real Derby geodatabases: exact round trips of every
 * geometry type, field type, CRS and GlobalID; GDAL reads what GeoSync writes, and GeoSync reads what
 * GDAL writes.
 */
class GeoPackageTest {

    /** Geometry type, EPSG code and a geometry with coordinates that must survive exactly. */
    static final String[][] SHAPES = {
        { "POINT", "3857", "POINT (1000000.123456789 6000000.987654321)" },
        { "MULTIPOINT", "4326", "MULTIPOINT ((7.4395833 46.9524055), (-122.4194155 37.7749295))" },
        { "LINE", "2056", "LINESTRING (2600000.1 1200000.2, 2600100.3 1200050.4, 2600200.5 1199990.6)" },
        { "MULTILINE", "4269", "MULTILINESTRING ((-100.1 40.2, -99.3 40.4), (-98.5 41.6, -97.7 41.8))" },
        { "POLYGON", "3857", "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 3 2, 2 2))" },
        { "MULTIPOLYGON", "4326", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))" } };

    static final List<Field> FIELDS = List.of(new Field("NAME", FieldType.TEXT, 40), Field.of("COUNT", FieldType.INTEGER),
            Field.of("BIG", FieldType.BIGINT), Field.of("RATIO", FieldType.DOUBLE), Field.of("DAY", FieldType.DATE),
            Field.of("SEEN", FieldType.TIMESTAMP));

    @TempDir
    Path tmp;
    Geodatabase source;
    /** GlobalIDs of the rows written to {@link #source}, by dataset. */
    Map<String, List<String>> ids = new LinkedHashMap<>();

    @BeforeEach
    void fill() throws Exception {
        source = Geodatabase.create(tmp.resolve("source"));
        for (String[] s : SHAPES) {
            String name = "fc_" + s[0];
            source.createFeatureClass(name, GeometryType.valueOf(s[0]), Integer.parseInt(s[1]), FIELDS);
            add(name, values("Zoë \"quoted\", comma", 2147483647, 9007199254740993L, 0.1 + 0.2, "2024-02-29",
                    "2024-03-31 23:59:58.123"), s[2]);
            add(name, values(null, null, null, null, null, null), s[2]);
            add(name, values("no shape", -7, -1L, -1.5e-300, "1900-01-01", "1970-01-01 00:00:00.0"), null);
        }
        source.createTable("owners", List.of(Field.of("OWNER", FieldType.TEXT), Field.of("SHARE", FieldType.DOUBLE)));
        add("owners", Map.of("OWNER", "Ann", "SHARE", 50.0), null);
        add("owners", Map.of("OWNER", "Bob", "SHARE", 50.0), null);
    }

    @AfterEach
    void close() {
        source.close();
    }

    private void add(String dataset, Map<String, ?> values, String wkt) throws Exception {
        String gid = UUID.randomUUID().toString();
        source.insert(dataset, gid, values, wkt);
        ids.computeIfAbsent(dataset.toUpperCase(), k -> new ArrayList<>()).add(gid);
    }

    static Map<String, Object> values(String name, Integer count, Long big, Double ratio, String day, String seen) {
        Map<String, Object> v = new HashMap<>();
        v.put("NAME", name);
        v.put("COUNT", count);
        v.put("BIG", big);
        v.put("RATIO", ratio);
        v.put("DAY", day == null ? null : Date.valueOf(day));
        v.put("SEEN", seen == null ? null : Timestamp.valueOf(seen));
        return v;
    }

    @Test
    void roundTripKeepsGeometriesFieldsCrsAndGlobalIds() throws Exception {
        Path file = tmp.resolve("all.gpkg");
        List<GeoPackages.Layer> exported = GeoPackages.export(source, file, List.of(), new NullProgressMonitor());
        assertEquals(List.of("fc_line", "fc_multiline", "fc_multipoint", "fc_multipolygon", "fc_point", "fc_polygon", "owners"),
                exported.stream().map(GeoPackages.Layer::layer).toList());
        assertEquals(3, exported.get(0).rows());
        try (Geodatabase copy = Geodatabase.create(tmp.resolve("copy"))) {
            List<GeoPackages.Layer> imported = GeoPackages.importLayers(copy, file, List.of(), new NullProgressMonitor());
            assertEquals(7, imported.size());
            assertEquals(source.datasets(), copy.datasets(), "names, kinds, geometry types, EPSG codes, fields and their types");
            assertSameRows(source, copy);
            assertEquals(List.of(), copy.changesSince(0), "an import is a bulk load, not local edits");
            String gid = ids.get("FC_POLYGON").get(0);
            copy.update("fc_polygon", gid, Map.of("COUNT", 5), null);
            copy.executeSql("DELETE FROM OWNERS WHERE OWNER = 'Bob'", null);
            assertEquals(List.of(gid, ids.get("OWNERS").get(1)), copy.changesSince(0).stream().map(c -> c.globalId()).toList(),
                    "edits after the import are tracked: the bulk load's triggers are in place");
            assertTrue(copy.intersecting("fc_polygon", "POINT (5 5)").contains(gid), "the envelope indexes answer");
        }
    }

    /** Every row of every dataset of {@code expected}, found by GlobalID in {@code actual} with the same values. */
    private void assertSameRows(Geodatabase expected, Geodatabase actual) throws Exception {
        for (Map.Entry<String, List<String>> e : ids.entrySet()) {
            assertEquals(expected.rowCount(e.getKey()), actual.rowCount(e.getKey()), e.getKey());
            for (String gid : e.getValue()) {
                assertEquals(expected.row(e.getKey(), gid).orElseThrow(), actual.row(e.getKey(), gid).orElseThrow(), e.getKey() + " " + gid);
            }
        }
    }

    @Test
    void singleGeometriesOfMultiTypesAreWrittenAsOnePartMultis() throws Exception {
        String gid = source.insert("fc_multipolygon", Map.of(), "POLYGON ((5 5, 6 5, 6 6, 5 5))");
        Path file = tmp.resolve("multi.gpkg");
        GeoPackages.export(source, file, List.of("FC_MULTIPOLYGON"), new NullProgressMonitor());
        try (Geodatabase copy = Geodatabase.create(tmp.resolve("copy"))) {
            GeoPackages.importLayers(copy, file, List.of("fc_multipolygon"), new NullProgressMonitor());
            assertEquals("MULTIPOLYGON (((5 5, 6 5, 6 6, 5 5)))", copy.row("fc_multipolygon", gid).orElseThrow().get("SHAPE"));
        }
    }

    @Test
    void gdalReadsTheExportWithFeatureCountsFieldsCrsAndCoordinates() throws Exception {
        Path file = tmp.resolve("for-gdal.gpkg");
        GeoPackages.export(source, file, List.of(), new NullProgressMonitor());
        Gdal.validate(tmp, file);
        Gdal.Result info = Gdal.run(tmp, "ogrinfo", "-al", "-so", file.toString());
        assertFalse(info.err().contains("ERROR") || info.err().contains("Warning"), info.err());
        Map<String, String> layers = layerBlocks(info.out());
        assertEquals(7, layers.size(), info.out());
        for (String[] s : SHAPES) {
            String block = layers.get("fc_" + s[0].toLowerCase());
            assertNotNull(block, info.out());
            assertTrue(block.contains("Feature Count: 3\n"), block);
            assertEquals(Integer.parseInt(s[1]), layerEpsg(block), block);
            assertTrue(block.contains("\nGLOBALID: String (36.0) UNIQUE NOT NULL\n") || block.contains("\nGLOBALID: String (36.0) NOT NULL UNIQUE\n"), block);
            for (String field : List.of("NAME: String (40.0)", "COUNT: Integer (0.0)", "BIG: Integer64 (0.0)",
                    "RATIO: Real (0.0)", "DAY: Date (0.0)", "SEEN: DateTime (0.0)")) {
                assertTrue(block.contains("\n" + field + "\n"), field + " in " + block);
            }
            assertTrue(block.contains("Geometry Column = SHAPE"), block);
        }
        assertTrue(layers.get("owners").contains("Feature Count: 2\n"), layers.get("owners"));
        assertTrue(layers.get("owners").contains("Geometry: None"), layers.get("owners"));
        for (String[] s : SHAPES) {
            // GDAL prints 15 significant digits: the exact coordinates are the round trip's business
            Gdal.Result feature = Gdal.run(tmp, "ogrinfo", "-q", file.toString(), "fc_" + s[0].toLowerCase(), "-fid", "1");
            assertTrue(Geometries.parseWkt(s[2]).equalsExact(gdalGeometry(feature.out()), 1e-6), s[2] + " in " + feature.out());
        }
        for (String[] s : SHAPES) {
            Gdal.Result index = Gdal.run(tmp, "ogrinfo", "-q", file.toString(), "-sql",
                    "SELECT HasSpatialIndex('fc_" + s[0].toLowerCase() + "', 'SHAPE')");
            assertTrue(index.out().contains("HasSpatialIndex (Integer) = 1"), index.out());
        }
        Gdal.Result hit = Gdal.run(tmp, "ogrinfo", "-q", file.toString(), "fc_polygon", "-spat", "4", "4", "6", "6");
        assertTrue(hit.out().contains("OGRFeature(fc_polygon):1\n") && hit.out().contains("OGRFeature(fc_polygon):2\n"), hit.out());
        Gdal.Result miss = Gdal.run(tmp, "ogrinfo", "-q", file.toString(), "fc_polygon", "-spat", "20", "20", "30", "30");
        assertFalse(miss.out().contains("OGRFeature"), "the spatial index finds nothing there: " + miss.out());
        Gdal.Result point = Gdal.run(tmp, "ogrinfo", "-q", file.toString(), "fc_point", "-fid", "1");
        assertTrue(point.out().contains("SEEN (DateTime) = 2024/03/31 23:59:58.123+00"), point.out());
        assertTrue(point.out().contains("DAY (Date) = 2024/02/29"), point.out());
        assertTrue(point.out().contains("BIG (Integer64) = 9007199254740993"), point.out());
    }

    /** ogrinfo's summary split by layer: name to its block. */
    private static Map<String, String> layerBlocks(String out) {
        Map<String, String> blocks = new LinkedHashMap<>();
        String[] parts = out.split("\nLayer name: ");
        for (int i = 1; i < parts.length; i++) {
            int nl = parts[i].indexOf('\n');
            blocks.put(parts[i].substring(0, nl).trim(), parts[i].substring(nl + 1) + "\n");
        }
        return blocks;
    }

    /** The EPSG code of the layer's CRS as GDAL reports it: the last ID of its WKT. */
    private static int layerEpsg(String block) {
        int start = block.indexOf("Layer SRS WKT:"), end = block.indexOf("Data axis to CRS axis mapping");
        assertTrue(start >= 0 && end > start, block);
        Matcher m = Pattern.compile("ID\\[\"EPSG\",(\\d+)\\]\\]\\s*$").matcher(block.substring(start, end));
        assertTrue(m.find(), block);
        return Integer.parseInt(m.group(1));
    }

    /** The geometry of the first feature ogrinfo printed (the indented WKT line after its fields). */
    private static Geometry gdalGeometry(String out) {
        Matcher m = Pattern.compile("(?m)^  ((?:MULTI)?(?:POINT|LINESTRING|POLYGON) \\(.*)$").matcher(out);
        assertTrue(m.find(), out);
        return Geometries.parseWkt(m.group(1));
    }

    @Test
    void aGeoPackageRewrittenByGdalImportsWithTheSameRows() throws Exception {
        Path ours = tmp.resolve("ours.gpkg");
        GeoPackages.export(source, ours, List.of(), new NullProgressMonitor());
        Path theirs = tmp.resolve("theirs.gpkg");
        Gdal.run(tmp, "ogr2ogr", "-f", "GPKG", theirs.toString(), ours.toString());
        try (Geodatabase copy = Geodatabase.create(tmp.resolve("copy"))) {
            GeoPackages.importLayers(copy, theirs, List.of(), new NullProgressMonitor());
            assertEquals(source.datasets(), copy.datasets());
            assertSameRows(source, copy);
        }
    }

    @Test
    void aGeoPackageWrittenByGdalFromGeoJsonAndCsvImports() throws Exception {
        Path places = tmp.resolve("places.geojson");
        Files.writeString(places, """
                {"type": "FeatureCollection",
                 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
                 "features": [
                  {"type": "Feature", "properties": {"name": "Town hall", "floors": 4, "height": 18.5, "opened": "1898-06-01", "year": 1898},
                   "geometry": {"type": "Point", "coordinates": [1000010.25, 6000020.5]}},
                  {"type": "Feature", "properties": {"name": "Library", "floors": null, "height": 9.25, "opened": "2004-09-17", "year": 2004},
                   "geometry": {"type": "Point", "coordinates": [1000110.75, 6000120.125]}}]}
                """, StandardCharsets.UTF_8);
        Path stops = tmp.resolve("stops.geojson");
        Files.writeString(stops, """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "properties": {"line-no": 1}, "geometry": {"type": "Point", "coordinates": [7.5, 46.9]}},
                  {"type": "Feature", "properties": {"line-no": 2}, "geometry": {"type": "MultiPoint", "coordinates": [[7.25, 46.5], [7.0, 46.0]]}}]}
                """, StandardCharsets.UTF_8);
        Path people = tmp.resolve("people.csv");
        Files.writeString(people, "id,name,score,day\n1,\"Ann, B\",3.5,2024-01-02\n2,Bob,4,2024-03-04\n", StandardCharsets.UTF_8);
        Path file = tmp.resolve("gdal.gpkg");
        Gdal.run(tmp, "ogr2ogr", "-f", "GPKG", file.toString(), places.toString(), "-nln", "Places");
        Gdal.run(tmp, "ogr2ogr", "-update", "-f", "GPKG", file.toString(), stops.toString(), "-nln", "bus stops");
        Gdal.run(tmp, "ogr2ogr", "-update", "-f", "GPKG", file.toString(), people.toString(), "-nln", "people",
                "-oo", "AUTODETECT_TYPE=YES");
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("target"))) {
            List<GeoPackages.Layer> layers = GeoPackages.importLayers(gdb, file, List.of(), new NullProgressMonitor());
            assertEquals(List.of("Places", "bus stops", "people"), layers.stream().map(GeoPackages.Layer::layer).sorted().toList());
            Dataset placesSet = gdb.dataset("PLACES");
            assertEquals(GeometryType.POINT, placesSet.geometryType());
            assertEquals(3857, placesSet.epsg());
            assertEquals(List.of(Field.of("NAME", FieldType.TEXT), Field.of("FLOORS", FieldType.INTEGER),
                    Field.of("HEIGHT", FieldType.DOUBLE), Field.of("OPENED", FieldType.DATE), Field.of("YEAR_", FieldType.INTEGER)),
                    placesSet.fields(), "YEAR is an SQL reserved word: the field becomes YEAR_");
            assertEquals(List.of(List.of("Town hall", "4", "18.5", "1898-06-01", "1898", "POINT (1000010.25 6000020.5)"),
                    Arrays.asList("Library", null, "9.25", "2004-09-17", "2004", "POINT (1000110.75 6000120.125)")),
                    Sql.rows(gdb, "SELECT NAME, FLOORS, HEIGHT, OPENED, YEAR_, ST_AsText(SHAPE) FROM PLACES ORDER BY OBJECTID"));
            Dataset stopsSet = gdb.dataset("BUS_STOPS");
            assertEquals(GeometryType.MULTIPOINT, stopsSet.geometryType(), "GDAL declares GEOMETRY; the data has points and multipoints");
            assertEquals(4326, stopsSet.epsg());
            assertEquals(List.of(Field.of("LINE_NO", FieldType.INTEGER)), stopsSet.fields());
            assertEquals(List.of(List.of("POINT (7.5 46.9)"), List.of("MULTIPOINT ((7.25 46.5), (7 46))")),
                    Sql.rows(gdb, "SELECT ST_AsText(SHAPE) FROM BUS_STOPS ORDER BY OBJECTID"));
            Dataset peopleSet = gdb.dataset("PEOPLE");
            assertEquals(Dataset.Kind.TABLE, peopleSet.kind());
            assertEquals(List.of(List.of("1", "Ann, B", "3.5", "2024-01-02"), List.of("2", "Bob", "4.0", "2024-03-04")),
                    Sql.rows(gdb, "SELECT ID, NAME, SCORE, DAY FROM PEOPLE ORDER BY OBJECTID"));
            List<List<String>> gids = Sql.rows(gdb, "SELECT GLOBALID FROM PLACES");
            assertEquals(2, gids.size());
            gids.forEach(g -> assertEquals(g.get(0), UUID.fromString(g.get(0)).toString(), "a new GlobalID for each row"));
            assertEquals(List.of(), gdb.changesSince(0));
        }
    }

    @Test
    void cancellingAnImportLeavesTheGeodatabaseAsItWas() throws Exception {
        Path file = tmp.resolve("many.gpkg");
        GeoPackageBenchmark.writePoints(file, 3000);
        try (Geodatabase target = Geodatabase.create(tmp.resolve("target"))) {
            target.createTable("existing", List.of());
            NullProgressMonitor cancelLater = new NullProgressMonitor() {
                int asked;

                @Override
                public boolean isCanceled() {
                    return ++asked > 2500;
                }
            };
            assertThrows(OperationCanceledException.class, () -> GeoPackages.importLayers(target, file, List.of(), cancelLater));
            assertEquals(List.of("EXISTING"), target.datasets().stream().map(Dataset::name).toList());
            assertEquals(3000, GeoPackages.importLayers(target, file, List.of("POINTS"), new NullProgressMonitor()).get(0).rows());
            assertEquals(3000, target.rowCount("points"));
            assertEquals(List.of(List.of("point 2999", "749.75", "89", "POINT (1010489.5 6000021)")),
                    Sql.rows(target, "SELECT NAME, \"VALUE\", CODE, ST_AsText(SHAPE) FROM POINTS WHERE OBJECTID = 3000"));
        }
    }

    @Test
    void theGdalCheckUsesTheShapeLine() {
        assertEquals("POINT (1 2)", gdalGeometry("OGRFeature(x):1\n  NAME (String) = POINT (3 4)\n  POINT (1 2)\n").toText());
    }
}
