package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictResolution;
import org.geosync.model.SyncJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conflicts keep any text value exactly, whatever characters it holds (XML cannot hold all of them as they are). */
class ConflictTextTest {

    @TempDir
    Path tmp;

    /** Control characters, NUL, a carriage return, non-characters, a backslash escape look-alike and the storage marker itself. */
    static final String[] AWKWARD = { "bell\u0007 and escape \u001b[31mred", "nul\u0000inside", "tab\tline\nreturn\r\nend",
        "back\\u0041slash", "\\gdb-escaped:looks escaped", "\ufffe\uffff", "plain" };

    @Test
    void manualConflictsKeepAnyTextExactlyAndResolveToIt() throws Exception {
        try (Geodatabase parent = ReplicaFixture.parent(tmp.resolve("parent"))) {
            Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("crew"), null);
            try (Geodatabase child = Geodatabase.open(tmp.resolve("child"))) {
                for (int i = 0; i < AWKWARD.length; i++) {
                    parent.update("parcels", gid(i), Map.of("NAME", "parent " + AWKWARD[i]), null);
                    child.update("parcels", gid(i), Map.of("NAME", AWKWARD[i]), null);
                }
                SyncJob job = Replicas.synchronize(parent, child, "crew",
                        SyncOptions.defaults().withPolicy(Winner.MANUAL).withConflicts(ConflictDefinition.BY_COLUMN), null);
                assertEquals(AWKWARD.length, job.getConflicts());
                List<Conflict> open = Replicas.conflicts(parent, "crew", true);
                assertEquals(AWKWARD.length, open.size());
                for (Conflict c : open) {
                    int i = Integer.parseInt(c.getGlobalId().substring(c.getGlobalId().length() - 3));
                    ConflictFieldValue name = c.getFieldValues().stream().filter(v -> v.getFieldName().equals("NAME")).findFirst().orElseThrow();
                    assertEquals(AWKWARD[i], name.getImportedValue(), "imported value of conflict " + i);
                    assertEquals("parent " + AWKWARD[i], name.getDatabaseValue(), "database value of conflict " + i);
                    assertEquals("P" + i, name.getAncestorValue());
                }
                assertEquals(AWKWARD.length, Replicas.resolve(parent, "crew", null, ConflictResolution.TAKE_IMPORTED, null));
                assertFalse(Replicas.get(parent, "crew").isInConflict());
                for (int i = 0; i < AWKWARD.length; i++) {
                    assertEquals(AWKWARD[i], value(parent, "parcels", gid(i), "NAME"), "resolved value " + i);
                }
            }
        }
    }
}
