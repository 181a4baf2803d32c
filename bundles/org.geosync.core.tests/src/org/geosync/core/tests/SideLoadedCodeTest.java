package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A geodatabase can arrive from anywhere (a side-loaded copy of a child): code stored in it that GeoSync did not create
 * (a trigger calling a procedure, a Java routine, a jar on the database class path) would run inside the administrator's
 * program when GeoSync writes it. Such a geodatabase is refused on open, with a sentence naming the object, before
 * anything of GeoSync's runs in it; GeoSync's own functions and tracking triggers are recognised as its own.
 */
class SideLoadedCodeTest {

    @TempDir
    Path tmp;

    /** A parent (with relationship classes when {@code related}) with a replica whose child gets {@code ddl} through a plain JDBC connection, then a byte copy of that child. */
    private Geodatabase parentWithDoctoredChild(String... ddl) throws Exception {
        return parentWithDoctoredChild(false, ddl);
    }

    private Geodatabase parentWithDoctoredChild(boolean related, String... ddl) throws Exception {
        Geodatabase parent = related ? ReplicaFixture.relatedParent(tmp.resolve("parent")) : ReplicaFixture.parent(tmp.resolve("parent"));
        Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew").withRelated(related), null);
        try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
            try (Statement s = child.connection().createStatement()) {
                for (String d : ddl) {
                    s.execute(d);
                }
            }
            child.connection().commit();
        }
        RegisterTest.copyDirectory(tmp.resolve("child"), tmp.resolve("copy"));
        return parent;
    }

    private static void refusedNaming(Geodatabase parent, Path copy, String object) {
        GeodatabaseException register = assertThrows(GeodatabaseException.class, () -> Replicas.register(parent, copy, "crew2"));
        assertTrue(register.getMessage().contains(object) && register.getMessage().contains("stored code GeoSync did not create"),
                register.getMessage());
        assertFalse(register.getMessage().contains("\n"));
        GeodatabaseException open = assertThrows(GeodatabaseException.class, () -> Geodatabase.open(copy).close());
        assertEquals(register.getMessage(), open.getMessage());
    }

    @Test
    void aJavaRoutineCalledByATriggerNeverRuns() throws Exception {
        System.clearProperty("geosync.test.sideloaded");
        try (Geodatabase parent = parentWithDoctoredChild(
                "CREATE TABLE LOOT (X VARCHAR(100))",
                "CREATE FUNCTION SETPROP(K VARCHAR(100), V VARCHAR(100)) RETURNS VARCHAR(100) LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL"
                        + " EXTERNAL NAME 'java.lang.System.setProperty'",
                // registering a copy gives it a new GUID: this fires when GeoSync writes GDB_INFO
                "CREATE TRIGGER PAYLOAD AFTER UPDATE ON GDB_INFO FOR EACH STATEMENT"
                        + " INSERT INTO LOOT SELECT SETPROP('geosync.test.sideloaded', 'ran') FROM SYSIBM.SYSDUMMY1")) {
            refusedNaming(parent, tmp.resolve("copy"), "the function APP.SETPROP (Java class java.lang.System)");
            assertNull(System.getProperty("geosync.test.sideloaded"), "the stored code never ran");
            assertEquals(1, Replicas.list(parent).size(), "nothing registered");
        }
    }

    @Test
    void triggersCallingSystemProceduresAreRefused() throws Exception {
        try (Geodatabase parent = parentWithDoctoredChild(
                "CREATE TRIGGER LOCKOUT AFTER UPDATE ON GDB_REPLICAS FOR EACH STATEMENT"
                        + " CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.connection.requireAuthentication', 'true')")) {
            refusedNaming(parent, tmp.resolve("copy"), "the trigger LOCKOUT on GDB_REPLICAS");
        }
    }

    @Test
    void aTrackingTriggerReplacedUnderItsOwnNameIsRefused() throws Exception {
        try (Geodatabase parent = parentWithDoctoredChild("DROP TRIGGER GDB_TUL_PARCELS",
                "CREATE TRIGGER GDB_TUL_PARCELS AFTER UPDATE ON PARCELS REFERENCING OLD AS O NEW AS N FOR EACH ROW"
                        + " CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.database.sqlAuthorization', 'true')")) {
            refusedNaming(parent, tmp.resolve("copy"), "the trigger GDB_TUL_PARCELS on PARCELS");
        }
    }

    /**
     * Opening a geodatabase again skips reading its triggers' statements when its triggers, datasets and relationship
     * classes are those this program found GeoSync's own before: a trigger created in between, even under the name of a
     * tracking trigger, is still refused.
     */
    @Test
    void aTriggerCreatedBetweenTwoOpeningsIsRefused() throws Exception {
        Path dir = tmp.resolve("again");
        ReplicaFixture.relatedParent(dir).close();
        for (int i = 0; i < 2; i++) {
            Geodatabase.open(dir).close(); // found its own, and remembered
        }
        doctor(dir, "DROP TRIGGER GDB_TUL_PARCELS", "CREATE TRIGGER GDB_TUL_PARCELS AFTER UPDATE ON PARCELS REFERENCING OLD AS O NEW AS N"
                + " FOR EACH ROW CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.database.sqlAuthorization', 'true')");
        GeodatabaseException replaced = assertThrows(GeodatabaseException.class, () -> Geodatabase.open(dir).close());
        assertTrue(replaced.getMessage().contains("the trigger GDB_TUL_PARCELS on PARCELS"), replaced.getMessage());

        Path other = tmp.resolve("other");
        ReplicaFixture.parent(other).close();
        Geodatabase.open(other).close();
        doctor(other, "CREATE TRIGGER LOCKOUT AFTER UPDATE ON GDB_REPLICAS FOR EACH STATEMENT"
                + " CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.connection.requireAuthentication', 'true')");
        GeodatabaseException added = assertThrows(GeodatabaseException.class, () -> Geodatabase.open(other).close());
        assertTrue(added.getMessage().contains("the trigger LOCKOUT on GDB_REPLICAS"), added.getMessage());
    }

    /** Opens the geodatabase in {@code dir} (its triggers found GeoSync's own) and runs {@code ddl} through its plain JDBC connection. */
    private static void doctor(Path dir, String... ddl) throws Exception {
        try (Geodatabase gdb = Geodatabase.open(dir); Statement s = gdb.connection().createStatement()) {
            for (String d : ddl) {
                s.execute(d);
            }
            gdb.connection().commit();
        }
    }

    @Test
    void aJarOnTheDatabaseClassPathIsRefused() throws Exception {
        Path jar = tmp.resolve("tools.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, new Manifest())) {
            // an empty jar is enough: what matters is that the database would load classes from it
        }
        try (Geodatabase parent = parentWithDoctoredChild("CALL SQLJ.INSTALL_JAR('" + jar.toUri() + "', 'APP.TOOLS', 0)",
                "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.database.classpath', 'APP.TOOLS')")) {
            refusedNaming(parent, tmp.resolve("copy"), "the jar file APP.TOOLS");
        }
    }

    @Test
    void geoSyncsOwnFunctionsAndTriggersAreItsOwn() throws Exception {
        try (Geodatabase parent = parentWithDoctoredChild(true)) { // relationship classes and their tables included
            Replicas.register(parent, tmp.resolve("copy"), "crew2");
            try (Geodatabase copy = Geodatabase.open(tmp.resolve("copy"))) {
                assertEquals("crew2", Replicas.list(copy).get(0).getName());
                Replicas.synchronize(parent, copy, "crew2", org.geosync.core.SyncOptions.defaults(), null);
            }
        }
        try (Geodatabase again = Geodatabase.open(tmp.resolve("parent"))) {
            assertEquals(2, Replicas.list(again).size());
        }
    }
}
