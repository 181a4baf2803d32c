package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.GeoPackages;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.RelationshipClass;
import org.geosync.core.SampleCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Relationship classes through GeoPackage's Related Tables Extension, on the real sample city and real
 * files: GDAL lists the relationships GeoSync writes, a GeoSync file round-trips its classes and related
 * rows exactly, a hand-made file's relation becomes an attributed M:N class, a broken one is refused.
 */
class GeoPackageRelationsTest {

    @TempDir
    Path tmp;
    Geodatabase city;
    Path file;

    @BeforeEach
    void exportTheCity() throws Exception {
        city = Geodatabase.create(tmp.resolve("city"));
        SampleCity.populate(city, 40, new NullProgressMonitor());
        file = tmp.resolve("city.gpkg");
        GeoPackages.export(city, file, List.of(), new NullProgressMonitor());
    }

    @AfterEach
    void close() {
        city.close();
    }

    @Test
    void gdalListsBothRelationshipsOfTheExportedCity() throws Exception {
        assertEquals(List.of("buildings_inspections_attributes: buildings -> inspections M:N mapping building_inspections type attributes",
                "parcels_owners_attributes: parcels -> owners M:N mapping parcel_owners type attributes"),
                Gdal.relationships(tmp, file).stream().sorted().toList());
        String layers = Gdal.run(tmp, "ogrinfo", "-so", "-q", file.toString()).out();
        assertTrue(layers.contains("parcel_owners"), "the relationship table stays a layer GDAL reads: " + layers);
        Gdal.validate(tmp, file);
    }

    @Test
    void theExportRoundTripsClassesAndRelatedRows() throws Exception {
        try (Geodatabase copy = Geodatabase.create(tmp.resolve("copy"))) {
            List<GeoPackages.Layer> layers = GeoPackages.importLayers(copy, file, List.of(), new NullProgressMonitor());
            assertEquals(city.datasets().stream().map(Dataset::name).filter(n -> !n.equals(SampleCity.PARCEL_OWNERS)).toList(),
                    layers.stream().map(l -> l.dataset().name()).sorted().toList(), "the mapping tables are not imported as layers");
            assertEquals(city.relationshipClasses(), copy.relationshipClasses());
            assertEquals(city.datasets().stream().map(Dataset::name).toList(), copy.datasets().stream().map(Dataset::name).toList());
            String inspections = "SELECT B.GLOBALID, I.GLOBALID FROM BUILDINGS B JOIN INSPECTIONS I ON I.BUILDING_GLOBALID = B.GLOBALID"
                    + " ORDER BY 1, 2";
            List<List<String>> expected = Sql.rows(city, inspections);
            assertFalse(expected.isEmpty());
            assertEquals(expected, Sql.rows(copy, inspections));
            String owners = "SELECT R.GLOBALID, P.GLOBALID, O.GLOBALID, R.SHARE_PCT FROM PARCEL_OWNERS R"
                    + " JOIN PARCELS P ON P.GLOBALID = R.PARCEL_GLOBALID JOIN OWNERS O ON O.GLOBALID = R.OWNER_GLOBALID ORDER BY 1";
            expected = Sql.rows(city, owners);
            assertEquals(city.rowCount(SampleCity.PARCEL_OWNERS), expected.size());
            assertEquals(expected, Sql.rows(copy, owners));
            assertEquals(city.rowCount(SampleCity.PARCEL_OWNERS), copy.rowCount(SampleCity.PARCEL_OWNERS));
        }
    }

    @Test
    void choosingLayersKeepsOnlyTheRelationsBetweenThem() throws Exception {
        try (Geodatabase copy = Geodatabase.create(tmp.resolve("copy"))) {
            GeoPackages.importLayers(copy, file, List.of("buildings", "INSPECTIONS", "parcels"), new NullProgressMonitor());
            assertEquals(List.of(city.relationshipClass(SampleCity.BUILDING_INSPECTIONS)), copy.relationshipClasses());
            assertEquals(List.of("BUILDINGS", "INSPECTIONS", "PARCELS"), copy.datasets().stream().map(Dataset::name).toList());
        }
    }

    /** Export writes OBJECTIDs as fids and import numbers rows from 1 again: keys by OBJECTID must follow their rows. */
    @Test
    void objectIdKeysFollowTheirRowsWhenTheImportRenumbersThem() throws Exception {
        Path teams = tmp.resolve("teams.gpkg");
        try (Geodatabase g = Geodatabase.create(tmp.resolve("teams"))) {
            g.createTable("teams", List.of(Field.of("NAME", FieldType.TEXT)));
            g.createTable("players", List.of(Field.of("NAME", FieldType.TEXT), Field.of("TEAM_ID", FieldType.INTEGER)));
            g.createRelationshipClass(RelationshipClass.simple("TEAM_PLAYERS", "teams", "players", "OBJECTID", "TEAM_ID",
                    RelationshipClass.Cardinality.ONE_TO_MANY));
            g.createRelationshipClass(RelationshipClass.withTable("CAPTAINS", "teams", "players", "OBJECTID", "TEAM_OID",
                    RelationshipClass.Cardinality.ONE_TO_ONE, true, "OBJECTID", "PLAYER_OID", List.of(Field.of("SINCE", FieldType.INTEGER))));
            List<String> t = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                t.add(g.insert("teams", Map.of("NAME", "team " + i), null));
            }
            g.delete("teams", t.get(0));
            g.delete("teams", t.get(1));
            long t3 = objectId(g, "TEAMS", t.get(2)), t4 = objectId(g, "TEAMS", t.get(3));
            g.delete("players", g.insert("players", Map.of("NAME", "gone"), null));
            String p1 = g.insert("players", Map.of("NAME", "p1", "TEAM_ID", t3), null);
            g.insert("players", Map.of("NAME", "p2", "TEAM_ID", t4), null);
            g.insert("players", Map.of("NAME", "p3", "TEAM_ID", t4), null);
            g.insert("players", Map.of("NAME", "of a team deleted", "TEAM_ID", 1), null);
            g.insert("CAPTAINS", Map.of("TEAM_OID", t3, "PLAYER_OID", objectId(g, "PLAYERS", p1), "SINCE", 2019), null);
            g.insert("CAPTAINS", Map.of("TEAM_OID", 1, "PLAYER_OID", objectId(g, "PLAYERS", p1), "SINCE", 2001), null);
            GeoPackages.export(g, teams, List.of(), new NullProgressMonitor());
            try (Geodatabase copy = Geodatabase.create(tmp.resolve("copy"))) {
                GeoPackages.importLayers(copy, teams, List.of(), new NullProgressMonitor());
                assertEquals(g.relationshipClasses(), copy.relationshipClasses());
                assertEquals(List.of(List.of("1"), List.of("2")), Sql.rows(copy, "SELECT OBJECTID FROM TEAMS ORDER BY 1"),
                        "the rows are numbered again, so the keys must be translated");
                String members = "SELECT T.GLOBALID, P.GLOBALID FROM TEAMS T JOIN PLAYERS P ON P.TEAM_ID = T.OBJECTID ORDER BY 1, 2";
                assertEquals(3, Sql.rows(g, members).size());
                assertEquals(Sql.rows(g, members), Sql.rows(copy, members));
                String captains = "SELECT C.GLOBALID, T.GLOBALID, P.GLOBALID, C.SINCE FROM CAPTAINS C JOIN TEAMS T ON T.OBJECTID = C.TEAM_OID"
                        + " JOIN PLAYERS P ON P.OBJECTID = C.PLAYER_OID ORDER BY 1";
                assertEquals(1, Sql.rows(g, captains).size());
                assertEquals(Sql.rows(g, captains), Sql.rows(copy, captains));
                assertEquals(2, copy.rowCount("CAPTAINS"), "the captain of a team not in the file is kept, related to no team");
            }
        }
    }

    private static long objectId(Geodatabase g, String dataset, String globalId) throws Exception {
        return Long.parseLong(Sql.rows(g, "SELECT OBJECTID FROM " + dataset + " WHERE GLOBALID = '" + globalId + "'").get(0).get(0));
    }

    /** A GeoPackage with the layers roads and signs and a relation between them, as another tool writes it. */
    private Path handMade(boolean withMappingTable) throws Exception {
        Path made = tmp.resolve("made.gpkg");
        try (Geodatabase g = Geodatabase.create(tmp.resolve("made"))) {
            g.createFeatureClass("roads", GeometryType.LINE, 3857, List.of(Field.of("NAME", FieldType.TEXT)));
            g.createTable("signs", List.of(Field.of("TEXT", FieldType.TEXT)));
            for (int i = 1; i <= 3; i++) {
                g.insert("roads", Map.of("NAME", "road " + i), "LINESTRING (0 " + i + ", 10 " + i + ")");
                g.insert("signs", Map.of("TEXT", "sign " + i), null);
            }
            GeoPackages.export(g, made, List.of(), new NullProgressMonitor());
        }
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + made); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name TEXT NOT NULL,"
                    + " base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL,"
                    + " related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL, mapping_table_name TEXT NOT NULL UNIQUE)");
            s.executeUpdate("INSERT INTO gpkg_extensions VALUES ('gpkgext_relations', NULL, 'gpkg_related_tables',"
                    + " 'http://www.geopackage.org/18-000.html', 'read-write')");
            s.executeUpdate("INSERT INTO gpkgext_relations (base_table_name, base_primary_column, related_table_name,"
                    + " related_primary_column, relation_name, mapping_table_name) VALUES ('roads', 'fid', 'signs', 'fid', 'attributes', 'road_signs')");
            if (withMappingTable) {
                s.executeUpdate("CREATE TABLE road_signs (base_id INTEGER NOT NULL, related_id INTEGER NOT NULL, side TEXT)");
                s.executeUpdate("INSERT INTO gpkg_extensions VALUES ('road_signs', NULL, 'gpkg_related_tables',"
                        + " 'http://www.geopackage.org/18-000.html', 'read-write')");
                s.executeUpdate("INSERT INTO road_signs VALUES (1, 1, 'left'), (1, 2, 'right'), (3, 2, NULL)");
            }
        }
        return made;
    }

    @Test
    void aHandMadeRelationBecomesAnAttributedManyToManyClassKeyedByObjectId() throws Exception {
        Path made = handMade(true);
        try (Geodatabase g = Geodatabase.create(tmp.resolve("target"))) {
            GeoPackages.importLayers(g, made, List.of(), new NullProgressMonitor());
            RelationshipClass rc = g.relationshipClass("ROAD_SIGNS");
            assertEquals("ROADS", rc.origin());
            assertEquals("SIGNS", rc.destination());
            assertEquals(RelationshipClass.Cardinality.MANY_TO_MANY, rc.cardinality());
            assertTrue(rc.attributed());
            assertEquals("OBJECTID", rc.originKey());
            assertEquals("OBJECTID", rc.destinationKey());
            assertEquals(List.of("SIDE"), rc.attributes().stream().map(Field::name).toList());
            assertEquals(List.of(List.of("road 1", "sign 1", "left"), List.of("road 1", "sign 2", "right"),
                    java.util.Arrays.asList("road 3", "sign 2", null)),
                    Sql.rows(g, "SELECT R.NAME, S.TEXT, M.SIDE FROM ROAD_SIGNS M JOIN ROADS R ON R.OBJECTID = M." + rc.foreignKey()
                            + " JOIN SIGNS S ON S.OBJECTID = M." + rc.destinationForeignKey() + " ORDER BY 1, 2"));
        }
    }

    @Test
    void aRelationWithoutItsMappingTableIsRefusedAndNothingChanges() throws Exception {
        Path made = handMade(false);
        try (Geodatabase g = Geodatabase.create(tmp.resolve("target"))) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> GeoPackages.importLayers(g, made, List.of(), new NullProgressMonitor()));
            assertTrue(e.getMessage().contains("road_signs"), e.getMessage());
            assertTrue(e.getMessage().endsWith("."), e.getMessage());
            assertEquals(List.of(), g.datasets());
            assertEquals(List.of(), g.relationshipClasses());
        }
    }

    @Test
    void aRelationToALayerLeftOutIsRefusedAndNothingChanges() throws Exception {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE gpkgext_relations SET related_table_name = 'no_such_layer' WHERE mapping_table_name = 'parcel_owners'");
        }
        try (Geodatabase g = Geodatabase.create(tmp.resolve("target"))) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class,
                    () -> GeoPackages.importLayers(g, file, List.of(), new NullProgressMonitor()));
            assertTrue(e.getMessage().contains("no_such_layer"), e.getMessage());
            assertEquals(List.of(), g.datasets());
            assertEquals(List.of(), g.relationshipClasses());
        }
        assertTrue(Files.isRegularFile(file));
    }
}
