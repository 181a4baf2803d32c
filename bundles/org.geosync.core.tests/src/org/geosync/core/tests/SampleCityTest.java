package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.cli.CommandLine;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;
import org.geosync.core.SampleCity;
import org.geosync.core.SqlResultHandler;
import org.geosync.core.internal.storage.Relationships;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample city: the datasets a demo needs, sized on request, identical from run to run, not tracked as edits. */
class SampleCityTest {

    @TempDir
    Path tmp;

    @Test
    void sampleHasEveryDatasetScaledToTheRequestAndNoTrackedEdits() throws Exception {
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("city"))) {
            SampleCity.populate(gdb, 50, new NullProgressMonitor());
            assertEquals(50, gdb.rowCount("parcels"));
            assertEquals(50, gdb.rowCount("buildings"));
            assertEquals(17, gdb.rowCount("hydrants"));
            assertEquals(7, gdb.rowCount("water_mains"), "one main per street row of an 8-column grid");
            assertEquals(25, gdb.rowCount("inspections"));
            assertEquals(40, gdb.rowCount("owners"), "four owners for every five parcels");
            long links = gdb.rowCount(SampleCity.PARCEL_OWNERS);
            assertTrue(links > 50 && links < 100, "one or two owners per parcel, some with two: " + links);
            assertTrue(gdb.changesSince(0).isEmpty(), "a bulk load is not a local edit to send");
            assertEquals(1, (long) gdb.intersecting("buildings", "POINT (1000015 6000015)").size(),
                    "the first building lies in the first parcel's corner");
        }
    }

    @Test
    void sampleHasConsistentRelationshipClasses() throws Exception {
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("related"))) {
            SampleCity.populate(gdb, 60, new NullProgressMonitor());
            RelationshipClass inspections = RelationshipClass.simple("BUILDING_INSPECTIONS", "BUILDINGS", "INSPECTIONS", "GLOBALID",
                    "BUILDING_GLOBALID", Cardinality.ONE_TO_MANY);
            RelationshipClass owners = new RelationshipClass("PARCEL_OWNERS", "PARCELS", "OWNERS", "GLOBALID", "PARCEL_GLOBALID",
                    Cardinality.MANY_TO_MANY, true, "GLOBALID", "OWNER_GLOBALID", List.of(new Field("SHARE_PCT", FieldType.DOUBLE, 0)));
            assertEquals(List.of(inspections, owners), gdb.relationshipClasses());
            assertEquals(List.of("BUILDINGS", "HYDRANTS", "INSPECTIONS", "OWNERS", "PARCELS", "PARCEL_OWNERS", "WATER_MAINS"),
                    gdb.datasets().stream().map(Dataset::name).toList());

            assertEquals(30, gdb.rowCount("inspections"));
            assertEquals(0, count(gdb, "SELECT COUNT(*) FROM INSPECTIONS I WHERE NOT EXISTS"
                    + " (SELECT 1 FROM BUILDINGS B WHERE B.GLOBALID = I.BUILDING_GLOBALID)"), "every inspection has its building");
            assertEquals(0, count(gdb, "SELECT COUNT(*) FROM PARCEL_OWNERS R WHERE NOT EXISTS"
                    + " (SELECT 1 FROM PARCELS P WHERE P.GLOBALID = R.PARCEL_GLOBALID)"), "every ownership has its parcel");
            assertEquals(0, count(gdb, "SELECT COUNT(*) FROM PARCEL_OWNERS R WHERE NOT EXISTS"
                    + " (SELECT 1 FROM OWNERS O WHERE O.GLOBALID = R.OWNER_GLOBALID)"), "every ownership has its owner");
            assertEquals(0, count(gdb, "SELECT COUNT(*) FROM PARCELS P WHERE NOT EXISTS"
                    + " (SELECT 1 FROM PARCEL_OWNERS R WHERE R.PARCEL_GLOBALID = P.GLOBALID)"), "every parcel is owned");
            assertEquals(0, count(gdb, "SELECT COUNT(*) FROM OWNERS O WHERE NOT EXISTS"
                    + " (SELECT 1 FROM PARCEL_OWNERS R WHERE R.OWNER_GLOBALID = O.GLOBALID)"), "every owner owns a parcel");
            assertEquals(List.of(), Sql.rows(gdb, "SELECT PARCEL_GLOBALID FROM PARCEL_OWNERS GROUP BY PARCEL_GLOBALID"
                    + " HAVING SUM(SHARE_PCT) <> 100 OR COUNT(DISTINCT OWNER_GLOBALID) <> COUNT(*)"), "shares add up to 100");
            assertTrue(count(gdb, "SELECT COUNT(*) FROM (SELECT PARCEL_GLOBALID FROM PARCEL_OWNERS GROUP BY PARCEL_GLOBALID"
                    + " HAVING COUNT(*) = 2) T") > 0, "some parcels have two owners");
            assertTrue(count(gdb, "SELECT COUNT(*) FROM (SELECT OWNER_GLOBALID FROM PARCEL_OWNERS GROUP BY OWNER_GLOBALID"
                    + " HAVING COUNT(*) > 1) T") > 0, "some owners own several parcels");

            String parcel = Sql.rows(gdb, "SELECT GLOBALID FROM PARCELS WHERE PARCEL_NO = 1").get(0).get(0).trim();
            List<String> expectedOwners = Sql.rows(gdb, "SELECT OWNER_GLOBALID FROM PARCEL_OWNERS WHERE PARCEL_GLOBALID = '"
                    + parcel + "'").stream().map(r -> r.get(0)).sorted().toList();
            Relationships lookups = new Relationships(gdb.connection(), gdb.dialect());
            assertEquals(expectedOwners, lookups.relatedDestinationGlobalIds(owners, List.of(parcel)).stream().sorted().toList());
            String building = Sql.rows(gdb, "SELECT GLOBALID FROM BUILDINGS WHERE PARCEL_NO = 1").get(0).get(0).trim();
            assertEquals(1, lookups.relatedDestinationGlobalIds(inspections, List.of(building)).size(),
                    "the first building has its inspection");
        }
    }

    private static long count(Geodatabase gdb, String query) throws GeodatabaseException {
        return Long.parseLong(Sql.rows(gdb, query).get(0).get(0));
    }

    @Test
    void sameSizeGivesTheSameRowsAndGlobalIds() throws Exception {
        assertEquals(sampleRows(tmp.resolve("a")), sampleRows(tmp.resolve("b")));
    }

    private static List<String> sampleRows(Path dir) throws GeodatabaseException {
        List<String> rows = new ArrayList<>();
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            SampleCity.populate(gdb, 20, new NullProgressMonitor());
            for (String query : List.of("SELECT GLOBALID, ADDRESS, ST_AsText(SHAPE) FROM PARCELS ORDER BY GLOBALID",
                    "SELECT GLOBALID, NAME, PHONE, EMAIL FROM OWNERS ORDER BY GLOBALID",
                    "SELECT GLOBALID, PARCEL_GLOBALID, OWNER_GLOBALID, SHARE_PCT FROM PARCEL_OWNERS ORDER BY GLOBALID",
                    "SELECT GLOBALID, BUILDING_GLOBALID, INSPECTOR, RESULT, INSPECTED FROM INSPECTIONS ORDER BY GLOBALID")) {
                gdb.executeSql(query, new SqlResultHandler() {
                    @Override
                    public void header(List<String> columns) {
                        rows.add(String.join("|", columns));
                    }

                    @Override
                    public void row(List<String> values) {
                        rows.add(String.join("|", values));
                    }
                });
            }
        }
        assertTrue(rows.size() > 20 + 16 + 20 + 10, rows.size() + " rows");
        return rows;
    }

    @Test
    void aGeodatabaseWithDataIsRefusedAndKeptAsItWas() throws Exception {
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("busy"))) {
            SampleCity.populate(gdb, 5, new NullProgressMonitor());
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> SampleCity.populate(gdb, 5, new NullProgressMonitor()));
            assertTrue(e.getMessage().contains("empty geodatabase"), e.getMessage());
            assertEquals(5, gdb.rowCount("parcels"));
        }
    }

    @Test
    void cliCreatesTheSampleAndRefusesABadSize() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Path dir = tmp.resolve("cli-city");
        assertEquals(0, cli.run(new String[] { "gdb", "create", dir.toString(), "--sample", "--features", "12" }));
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            assertEquals(12, gdb.rowCount("parcels"));
            assertEquals(List.of(SampleCity.BUILDING_INSPECTIONS, SampleCity.PARCEL_OWNERS),
                    gdb.relationshipClasses().stream().map(RelationshipClass::name).toList());
        }
        assertEquals(2, cli.run(new String[] { "gdb", "create", tmp.resolve("x").toString(), "--sample", "--features", "many" }));
        assertEquals(1, cli.run(new String[] { "gdb", "create", tmp.resolve("y").toString(), "--sample", "--features", "0" }));
        assertTrue(!tmp.resolve("y").toFile().exists(), "a refused size creates nothing");
    }
}
