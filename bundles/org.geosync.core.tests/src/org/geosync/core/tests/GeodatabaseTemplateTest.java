package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.internal.storage.DerbyConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new Derby geodatabase is a copy of an empty one made once per build (the template, in the folder the system property
 * {@code geosync.template.dir} names): the copy is a geodatabase of its own, never taken for a copy of another, and a
 * template that is damaged or missing only means the geodatabase is made from nothing.
 */
class GeodatabaseTemplateTest {

    @TempDir
    Path tmp;

    private String before;

    @BeforeEach
    void ownTemplates() {
        before = System.getProperty("geosync.template.dir");
        System.setProperty("geosync.template.dir", tmp.resolve("templates").toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("geosync.template.dir");
        } else {
            System.setProperty("geosync.template.dir", before);
        }
    }

    @Test
    void geodatabasesMadeFromTheTemplateAreEachTheirOwn() throws Exception {
        String first, second;
        try (Geodatabase a = Geodatabase.create(tmp.resolve("a"))) {
            first = a.guid();
            a.createFeatureClass("HYDRANTS", GeometryType.POINT, 3857, List.of(new Field("COLOR", FieldType.TEXT, 20)));
        }
        Path template = onlyTemplate();
        assertTrue(Files.isRegularFile(template.resolve("GEOSYNC_TEMPLATE_READY")), "the first creation made the template");
        try (Geodatabase b = Geodatabase.create(tmp.resolve("b"))) {
            second = b.guid();
            assertTrue(b.datasets().isEmpty(), "the template is empty: nothing of a's dataset");
            b.createFeatureClass("PARCELS", GeometryType.POLYGON, 3857, List.of());
        }
        assertNotEquals(first, second, "each copy has a GUID of its own");
        try (Geodatabase b = Geodatabase.open(tmp.resolve("b"))) {
            assertEquals(second, b.guid());
            assertEquals(List.of("PARCELS"), b.datasets().stream().map(d -> d.name()).toList());
            assertEquals(0, count(b, "SELECT COUNT(*) FROM GDB_COPY_POINT"), "not taken for a copy of the template or of another");
            assertEquals(1, count(b, "SELECT COUNT(*) FROM GDB_GENERATION"));
        }
        assertFalse(Files.exists(template.resolve("db.lck")), "the template is never opened itself");
    }

    @Test
    void aDamagedTemplateOnlyMeansTheGeodatabaseIsMadeFromNothing() throws Exception {
        try (Geodatabase a = Geodatabase.create(tmp.resolve("a"))) {
            a.guid();
        }
        Path template = onlyTemplate();
        try (Stream<Path> files = Files.walk(template.resolve("seg0"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.write(f, new byte[] { 1, 2, 3 }); // every container garbage
            }
        }
        try (Geodatabase b = Geodatabase.create(tmp.resolve("b"))) {
            b.createFeatureClass("PARCELS", GeometryType.POLYGON, 3857, List.of());
            assertEquals(1, b.datasets().size());
        }
        try (Geodatabase b = Geodatabase.open(tmp.resolve("b"))) {
            assertEquals(0, count(b, "SELECT COUNT(*) FROM GDB_COPY_POINT"));
        }
        assertFalse(Files.exists(template), "the damaged template is gone");
        try (Geodatabase c = Geodatabase.create(tmp.resolve("c"))) {
            assertTrue(c.datasets().isEmpty());
        }
        assertTrue(Files.isRegularFile(onlyTemplate().resolve("GEOSYNC_TEMPLATE_READY")), "made again");
    }

    @Test
    void aTemplateHoldingCodeGeoSyncDidNotMakeIsNotUsed() throws Exception {
        try (Geodatabase a = Geodatabase.create(tmp.resolve("a"))) {
            a.guid();
        }
        Path template = onlyTemplate();
        // someone with write access to the cache plants a stored procedure in the template
        java.sql.Connection c = DerbyConnector.connect(template, false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE PROCEDURE PLANTED() LANGUAGE JAVA PARAMETER STYLE JAVA EXTERNAL NAME 'java.lang.System.gc'");
        } finally {
            DerbyConnector.closeQuietly(c, template);
        }
        try (Geodatabase b = Geodatabase.create(tmp.resolve("b"))) {
            assertEquals(0, count(b, "SELECT COUNT(*) FROM SYS.SYSALIASES WHERE ALIAS = 'PLANTED'"), "made from nothing, not from the template");
        }
        assertFalse(Files.exists(template), "the planted template is removed (the next creation makes a new one)");
    }

    @Test
    void makingATemplateRemovesOtherBuildsButNotThisBuildsForAnotherDurability() throws Exception {
        try (Geodatabase a = Geodatabase.create(tmp.resolve("a"))) {
            a.guid();
        }
        Path template = onlyTemplate();
        String name = template.getFileName().toString();
        String build = name.substring(0, name.lastIndexOf('-') + 1);
        Path otherBuild = Files.createDirectories(tmp.resolve("templates").resolve("derby-0.0.1.old_10.17.1.0-" + name.substring(build.length())));
        Path otherDurability = Files.createDirectories(tmp.resolve("templates").resolve(build + (name.endsWith("-test") ? "normal" : "test")));
        Files.writeString(otherBuild.resolve("GEOSYNC_TEMPLATE_READY"), "x");
        Files.writeString(otherDurability.resolve("GEOSYNC_TEMPLATE_READY"), "x");
        try (Stream<Path> files = Files.walk(template)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f); // this build's template goes, so the next creation makes it again
            }
        }
        try (Geodatabase b = Geodatabase.create(tmp.resolve("b"))) {
            b.guid();
        }
        assertTrue(Files.isRegularFile(template.resolve("GEOSYNC_TEMPLATE_READY")), "made again");
        assertFalse(Files.exists(otherBuild), "another build's template is removed");
        assertTrue(Files.exists(otherDurability), "this build's template for the other durability stays");
    }

    @Test
    void withTemplatesTurnedOffNothingIsWrittenOutsideTheGeodatabase() throws Exception {
        System.setProperty("geosync.template.dir", "none");
        try (Geodatabase a = Geodatabase.create(tmp.resolve("a"))) {
            assertEquals(36, a.guid().length());
        }
        assertFalse(Files.exists(tmp.resolve("templates")));
    }

    private Path onlyTemplate() throws Exception {
        try (Stream<Path> entries = Files.list(tmp.resolve("templates"))) {
            List<Path> all = entries.toList();
            assertEquals(1, all.size(), "one template, no half-made one left: " + all);
            return all.get(0);
        }
    }

    private static long count(Geodatabase g, String sql) throws Exception {
        try (Statement s = g.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
