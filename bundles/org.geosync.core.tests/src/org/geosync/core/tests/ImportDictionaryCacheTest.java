package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import applies its rows with Derby's data dictionary caches on. Whatever writes the data dictionary in a transaction
 * turns those caches off until it ends (a DDL statement, or the first compile of a stored statement such as Derby's own
 * DatabaseMetaData queries): then every statement that fires a trigger reads the trigger's stored statement from disk again
 * and loads its generated class, once per row, and a large import spends its time loading classes and collecting them
 * (a million changes at -Xmx256m took more than twice as long). The import's checks before the rows (the schema checks
 * included) must therefore only read. Counted by the classes the JVM loads while a new replica imports its first message:
 * the statements the import compiles, not a class per row.
 */
class ImportDictionaryCacheTest {

    private static final int UPDATES = 3000;

    @TempDir
    Path tmp;

    @Test
    void aFirstImportLoadsNoClassPerRow() throws Exception {
        Path file = tmp.resolve("updates.zip");
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            parent.applyWithoutTracking(g -> g.executeSql("INSERT INTO NOTES (GLOBALID, TEXT, PRIORITY) SELECT '20000000-0000-4000-8000-'"
                    + " || SUBSTR(TRIM(CHAR(1000000000000 + A.I + 10 * B.I + 100 * C.I + 1000 * D.I)), 2, 12), 'note', 0 FROM "
                    + digits("A") + ", " + digits("B") + ", " + digits("C") + ", " + digits("D") + " WHERE A.I + 10 * B.I + 100 * C.I"
                    + " + 1000 * D.I < " + UPDATES, null));
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
            assertEquals(UPDATES, parent.executeSql("UPDATE NOTES SET PRIORITY = 1 WHERE TEXT = 'note'", null));
            Messages.exportChanges(parent, "r", file, Messages.ExportOptions.defaults(), null);
        }
        try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
            ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
            long before = classes.getTotalLoadedClassCount();
            MessageResult result = Messages.importMessage(child, file, Messages.ImportOptions.defaults(), null);
            long loaded = classes.getTotalLoadedClassCount() - before;
            System.out.println("ImportDictionaryCacheTest: " + result.records() + " updates imported, " + loaded + " classes loaded");
            assertEquals(UPDATES, result.records());
            assertTrue(loaded < UPDATES / 3, "an import of " + UPDATES + " updates loaded " + loaded + " classes: Derby loads a trigger's"
                    + " class for each row when the import's transaction wrote the data dictionary before them");
            try (Statement s = child.connection().createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM NOTES WHERE PRIORITY = 1 AND TEXT = 'note'")) {
                rs.next();
                assertEquals(UPDATES, rs.getInt(1));
            }
        }
    }

    /** The schema check reads the same column types from Derby's catalog as before: a table matches, a widened column is named. */
    @Test
    void theSchemaCheckStillNamesAColumnChangedOutsideGeoSync() throws Exception {
        try (Geodatabase g = ReplicaFixture.parent(tmp.resolve("gdb"))) {
            g.createTable("notes_2", java.util.List.of(Field.of("TEXT", FieldType.TEXT)));
            for (String dataset : new String[] { "PARCELS", "NOTES", "NOTES_2" }) {
                assertEquals(null, g.tableProblem(dataset), dataset);
            }
            try (Statement s = g.connection().createStatement()) {
                s.execute("ALTER TABLE NOTES ALTER COLUMN TEXT SET DATA TYPE VARCHAR(500)");
                g.connection().commit();
            }
            assertEquals("field TEXT is VARCHAR(500) but its catalog entry says VARCHAR(255) (changed outside GeoSync)", g.tableProblem("NOTES"));
            assertEquals(null, g.tableProblem("NOTES_2"));
        }
    }

    private static String digits(String name) {
        return "(VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9) AS " + name + "(I)";
    }
}
