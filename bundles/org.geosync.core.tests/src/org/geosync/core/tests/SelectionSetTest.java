package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SampleCity;
import org.geosync.core.SelectionSet;
import org.geosync.core.SqlResultHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection sets as an administrator types them: ObjectIDs and GlobalIDs, looked up in the dataset, unknown ones named. */
class SelectionSetTest {

    @TempDir
    Path tmp;

    @Test
    void parsesObjectIdsAndGlobalIdsWhateverTheSeparators() throws Exception {
        SelectionSet s = SelectionSet.parse(" 3, 1;2\n3\t{123E4567-E89B-12D3-A456-426614174000} 123e4567-e89b-12d3-a456-426614174000 ");
        assertEquals(List.of(3L, 1L, 2L), s.objectIds());
        assertEquals(List.of("123e4567-e89b-12d3-a456-426614174000"), s.globalIds(), "braces and case do not matter");
        assertEquals(4, s.size());
        assertTrue(SelectionSet.parse("  \n ").isEmpty());
        assertTrue(SelectionSet.parse(null).isEmpty());
    }

    @Test
    void refusesAWordThatIsNoId() {
        var e = assertThrows(GeodatabaseException.class, () -> SelectionSet.parse("1, 2, abc"));
        assertTrue(e.getMessage().startsWith("'abc' is neither an ObjectID"), e.getMessage());
        assertTrue(assertThrows(GeodatabaseException.class, () -> SelectionSet.parse("0")).getMessage().contains("start at 1"));
        assertTrue(assertThrows(GeodatabaseException.class, () -> SelectionSet.parse("99999999999999999999")).getMessage()
                .contains("too large"));
        assertThrows(GeodatabaseException.class, () -> SelectionSet.parse("-5"));
    }

    @Test
    void resolvesToTheObjectIdsOfTheRowsAndNamesUnknownIds() throws Exception {
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("city"))) {
            SampleCity.populate(gdb, 30, new NullProgressMonitor());
            List<String> rows = new ArrayList<>();
            gdb.executeSql("SELECT OBJECTID, GLOBALID FROM BUILDINGS ORDER BY OBJECTID", new SqlResultHandler() {
                @Override
                public void header(List<String> columns) {
                }

                @Override
                public void row(List<String> values) {
                    rows.add(values.get(0) + " " + values.get(1));
                }
            });
            long oid5 = Long.parseLong(rows.get(4).split(" ")[0]);
            long oid2 = Long.parseLong(rows.get(1).split(" ")[0]);
            String gid9 = rows.get(8).split(" ")[1];
            long oid9 = Long.parseLong(rows.get(8).split(" ")[0]);

            var ok = SelectionSet.parse(oid5 + " " + oid2 + " {" + gid9.toUpperCase(Locale.ROOT) + "} " + oid9).resolve(gdb, "buildings");
            assertEquals("BUILDINGS", ok.dataset());
            assertEquals(List.of(oid2, oid5, oid9), ok.objectIds(), "sorted, each row once although named twice");
            assertNull(ok.problem());

            String stranger = "00000000-0000-4000-8000-000000000001";
            var bad = SelectionSet.parse(oid2 + ", 99999, " + stranger).resolve(gdb, "buildings");
            assertEquals(List.of(oid2), bad.objectIds());
            assertEquals(List.of("ObjectID 99999", "GlobalID " + stranger), bad.unknown());
            assertEquals("BUILDINGS has no row with ObjectID 99999, GlobalID " + stranger + "; correct or remove them.", bad.problem());

            // a GlobalID of another dataset names no row here
            String parcel = firstGlobalId(gdb, "PARCELS");
            assertEquals(List.of("GlobalID " + parcel), SelectionSet.parse(parcel).resolve(gdb, "buildings").unknown());

            // many IDs (more than one statement's worth), most unknown: the message stays short
            StringBuilder many = new StringBuilder();
            for (int i = 1; i <= 450; i++) {
                many.append(i).append(' ');
            }
            var big = SelectionSet.parse(many.toString()).resolve(gdb, "buildings");
            assertEquals(30, big.objectIds().size());
            assertEquals(420, big.unknown().size());
            assertTrue(big.problem().endsWith(" and 410 more; correct or remove them."), big.problem());

            assertThrows(GeodatabaseException.class, () -> SelectionSet.parse("1").resolve(gdb, "no_such"));
        }
    }

    private static String firstGlobalId(Geodatabase gdb, String table) throws GeodatabaseException {
        List<String> out = new ArrayList<>();
        gdb.executeSql("SELECT GLOBALID FROM " + table + " ORDER BY OBJECTID FETCH FIRST 1 ROW ONLY", new SqlResultHandler() {
            @Override
            public void header(List<String> columns) {
            }

            @Override
            public void row(List<String> values) {
                out.add(values.get(0).trim());
            }
        });
        return out.get(0);
    }
}
