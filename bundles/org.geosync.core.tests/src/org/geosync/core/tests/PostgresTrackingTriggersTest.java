package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.internal.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

/**
 * The texts of PostgreSQL's tracking trigger that earlier GeoSync versions installed, as they wrote them. Opening a
 * geodatabase replaces a trigger only when its text is exactly one of these (Catalog#upgradeTrackingTriggers), so they must
 * not change when the trigger is changed again: a change of this version's text adds a version, it does not edit one.
 */
class PostgresTrackingTriggersTest {

    private static final Dataset NOTES = new Dataset("NOTES", Dataset.Kind.TABLE, null, 0, List.of(new Field("NOTE", FieldType.TEXT, 80)));
    private static final List<String> COLUMNS = List.of("GLOBALID", "NOTE");

    /** Before snapshot transactions: every writer takes the cut's shared lock and reads the generation from its table. */
    private static final String GENERATION_FROM_TABLE =
            "ROW AFTER INSERT OR DELETE OR UPDATE\n" +
            "DECLARE\n" +
            "  g BIGINT;\n" +
            "BEGIN\n" +
            "  IF current_setting('geosync.tracking', true) = 'off' THEN\n" +
            "    RETURN NULL;\n" +
            "  END IF;\n" +
            "  PERFORM pg_advisory_xact_lock_shared(1196640067, 'pins'::regnamespace::oid::int);\n" +
            "  SELECT GENERATION INTO g FROM GDB_GENERATION;\n" +
            "  IF TG_OP = 'INSERT' THEN\n" +
            "    INSERT INTO GDB_A_NOTES (GENERATION, HAD_ANCESTOR, GLOBALID) SELECT g, 0, NEW.GLOBALID WHERE NOT EXISTS (SELECT 1 FROM GDB_A_NOTES A WHERE A.GLOBALID = NEW.GLOBALID AND A.GENERATION = g);\n" +
            "    INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) VALUES (nextval('gdb_change_seq'), 'NOTES', NEW.GLOBALID, 'I', g, NULLIF(current_setting('geosync.source', true), ''));\n" +
            "    RETURN NULL;\n" +
            "  END IF;\n" +
            "  IF TG_OP = 'UPDATE' AND NEW.GLOBALID IS DISTINCT FROM OLD.GLOBALID THEN\n" +
            "    RAISE EXCEPTION 'A GLOBALID cannot be changed: it names the row on every replica; delete the row and insert a new one instead.' USING ERRCODE = '23514';\n" +
            "  END IF;\n" +
            "  INSERT INTO GDB_A_NOTES (GENERATION, HAD_ANCESTOR, GLOBALID, NOTE) SELECT g, 1, OLD.GLOBALID, OLD.NOTE WHERE NOT EXISTS (SELECT 1 FROM GDB_A_NOTES A WHERE A.GLOBALID = OLD.GLOBALID AND A.GENERATION = g);\n" +
            "  IF TG_OP = 'UPDATE' THEN\n" +
            "    INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) VALUES (nextval('gdb_change_seq'), 'NOTES', OLD.GLOBALID, 'U', g, NULLIF(current_setting('geosync.source', true), ''));\n" +
            "  ELSE\n" +
            "    INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) VALUES (nextval('gdb_change_seq'), 'NOTES', OLD.GLOBALID, 'D', g, NULLIF(current_setting('geosync.source', true), ''));\n" +
            "  END IF;\n" +
            "  RETURN NULL;\n" +
            "END";

    /** Before the image was kept with ON CONFLICT: a NOT EXISTS probe, whose plan PostgreSQL chose once per session. */
    private static final String IMAGE_PROBED =
            "ROW AFTER INSERT OR DELETE OR UPDATE\n" +
            "DECLARE\n" +
            "  g BIGINT;\n" +
            "BEGIN\n" +
            "  IF current_setting('geosync.tracking', true) = 'off' THEN\n" +
            "    RETURN NULL;\n" +
            "  END IF;\n" +
            "  g := NULLIF(current_setting('geosync.generation', true), '')::bigint;\n" +
            "  IF g IS NULL THEN\n" +
            "    PERFORM pg_advisory_xact_lock_shared(1196640067, 'pins'::regnamespace::oid::int);\n" +
            "    SELECT GENERATION INTO g FROM GDB_GENERATION;\n" +
            "  END IF;\n" +
            "  IF TG_OP = 'INSERT' THEN\n" +
            "    INSERT INTO GDB_A_NOTES (GENERATION, HAD_ANCESTOR, GLOBALID) SELECT g, 0, NEW.GLOBALID WHERE NOT EXISTS (SELECT 1 FROM GDB_A_NOTES A WHERE A.GLOBALID = NEW.GLOBALID AND A.GENERATION = g);\n" +
            "    INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) VALUES (nextval('gdb_change_seq'), 'NOTES', NEW.GLOBALID, 'I', g, NULLIF(current_setting('geosync.source', true), ''));\n" +
            "    RETURN NULL;\n" +
            "  END IF;\n" +
            "  IF TG_OP = 'UPDATE' AND NEW.GLOBALID IS DISTINCT FROM OLD.GLOBALID THEN\n" +
            "    RAISE EXCEPTION 'A GLOBALID cannot be changed: it names the row on every replica; delete the row and insert a new one instead.' USING ERRCODE = '23514';\n" +
            "  END IF;\n" +
            "  INSERT INTO GDB_A_NOTES (GENERATION, HAD_ANCESTOR, GLOBALID, NOTE) SELECT g, 1, OLD.GLOBALID, OLD.NOTE WHERE NOT EXISTS (SELECT 1 FROM GDB_A_NOTES A WHERE A.GLOBALID = OLD.GLOBALID AND A.GENERATION = g);\n" +
            "  IF TG_OP = 'UPDATE' THEN\n" +
            "    INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) VALUES (nextval('gdb_change_seq'), 'NOTES', OLD.GLOBALID, 'U', g, NULLIF(current_setting('geosync.source', true), ''));\n" +
            "  ELSE\n" +
            "    INSERT INTO GDB_CHANGES (CHANGE_ID, DATASET, GLOBALID, OPERATION, GENERATION, SOURCE) VALUES (nextval('gdb_change_seq'), 'NOTES', OLD.GLOBALID, 'D', g, NULLIF(current_setting('geosync.source', true), ''));\n" +
            "  END IF;\n" +
            "  RETURN NULL;\n" +
            "END";

    @Test
    void theEarlierVersionsAreTheTextsThoseVersionsWrote() {
        List<Map<String, String>> earlier = new PostgresDialect("pins").earlierTrackingTriggers(NOTES, "NOTES", "GDB_A_NOTES", COLUMNS);
        assertEquals(List.of(Map.of("GDB_TT_NOTES", GENERATION_FROM_TABLE), Map.of("GDB_TT_NOTES", IMAGE_PROBED)), earlier);
    }

    @Test
    void thisVersionKeepsTheImageOnTheImageKeyAndDiffersFromEveryEarlierVersion() {
        PostgresDialect dialect = new PostgresDialect("pins");
        String now = dialect.trackingTriggers(NOTES, "NOTES", "GDB_A_NOTES", COLUMNS).get("GDB_TT_NOTES");
        assertTrue(now.contains("INSERT INTO GDB_A_NOTES (GENERATION, HAD_ANCESTOR, GLOBALID, NOTE) VALUES (g, 1, OLD.GLOBALID, OLD.NOTE)"
                + " ON CONFLICT (GLOBALID, GENERATION) DO NOTHING;\n"), now);
        assertTrue(now.contains("INSERT INTO GDB_A_NOTES (GENERATION, HAD_ANCESTOR, GLOBALID) VALUES (g, 0, NEW.GLOBALID)"
                + " ON CONFLICT (GLOBALID, GENERATION) DO NOTHING;\n"), now);
        assertFalse(now.contains("NOT EXISTS"), now);
        for (Map<String, String> version : dialect.earlierTrackingTriggers(NOTES, "NOTES", "GDB_A_NOTES", COLUMNS)) {
            assertFalse(now.equals(version.get("GDB_TT_NOTES")));
        }
        // apart from how the image is kept, the text is the one before: the same generation, lock and change-log row
        assertEquals(IMAGE_PROBED.replace(" SELECT g, 0, NEW.GLOBALID WHERE NOT EXISTS (SELECT 1 FROM GDB_A_NOTES A WHERE A.GLOBALID"
                + " = NEW.GLOBALID AND A.GENERATION = g);", " VALUES (g, 0, NEW.GLOBALID) ON CONFLICT (GLOBALID, GENERATION) DO NOTHING;")
                .replace(" SELECT g, 1, OLD.GLOBALID, OLD.NOTE WHERE NOT EXISTS (SELECT 1 FROM GDB_A_NOTES A WHERE A.GLOBALID"
                        + " = OLD.GLOBALID AND A.GENERATION = g);", " VALUES (g, 1, OLD.GLOBALID, OLD.NOTE) ON CONFLICT (GLOBALID, GENERATION) DO NOTHING;"),
                now);
    }
}
