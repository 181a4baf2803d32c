package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.square;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.SyncOptions;
import org.geosync.core.SyncOptions.Direction;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.core.Replicas;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictResolution;
import org.geosync.model.SpatialRelation;
import org.junit.jupiter.api.Test;

/**
 * Ordinary disconnected workflows in which an edit used to be lost without anyone seeing it: each test makes the
 * edits a user would, exchanges the messages a user would, and asserts the value every edit must end with by the
 * rules (not only that both sides agree).
 */
class NoEditLostTest extends ParentChildFixture {

    private MessageResult export(Geodatabase from, String file, ExportOptions options) throws GeodatabaseException {
        return Messages.exportChanges(from, "r", tmp.resolve(file), options, null);
    }

    private MessageResult importInto(Geodatabase into, String file, ImportOptions options) throws GeodatabaseException {
        return Messages.importMessage(into, tmp.resolve(file), options, null);
    }

    private static final ExportOptions SWITCH = ExportOptions.defaults().withSwitchToReceiver(true);

    @Test
    void anEditMadeAfterReceivingTheRelativesEditIsNotAConflictWhenItComesBack() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(1), Map.of("OWNER", "parent"), null);
        export(parent, "m1.zip", SWITCH);
        importInto(child, "m1.zip", ImportOptions.defaults());
        assertEquals("parent", value(child, "parcels", gid(1), "OWNER"));

        // the child sees the parent's value and changes it: a later edit, not a concurrent one
        child.update("parcels", gid(1), Map.of("OWNER", "child"), null);
        export(child, "m2.zip", SWITCH);
        MessageResult got = importInto(parent, "m2.zip", ImportOptions.defaults());
        assertEquals(0, got.conflicts(), "the child had received the parent's edit before it made its own");
        assertEquals("child", value(parent, "parcels", gid(1), "OWNER"));
    }

    /**
     * The parent exports a message with its NAME edit; the child's AREA edit of the same row then reaches the parent by a
     * one-way synchronization, where the two merge by column. The child imports the older message by row, favouring it: the
     * parent has judged the child's edit already, so the child leaves the message's older row alone, and the parent's
     * verdict (both edits) reaches it at the next synchronization.
     */
    @Test
    void anOlderMessageIsNotJudgedASecondTimeAfterTheRelativeMergedTheEdit() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        child.update("parcels", gid(3), Map.of("AREA", 0.5), null);
        parent.update("parcels", gid(3), Map.of("NAME", "from parent"), null);
        export(parent, "m1.zip", ExportOptions.defaults());
        Replicas.synchronize(child, parent, "r", SyncOptions.defaults().withPolicy(Winner.FIRST).withConflicts(ConflictDefinition.BY_COLUMN)
                .withDirection(Direction.FIRST_TO_SECOND), null);
        assertEquals(0.5, ((Number) value(parent, "parcels", gid(3), "AREA")).doubleValue());
        assertEquals("from parent", value(parent, "parcels", gid(3), "NAME"));

        importInto(child, "m1.zip", ImportOptions.defaults().withPolicy(Winner.SECOND).withConflicts(ConflictDefinition.BY_ROW));
        assertEquals(0.5, ((Number) value(child, "parcels", gid(3), "AREA")).doubleValue(), "the child's edit is not judged a second time");

        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        for (Geodatabase side : List.of(parent, child)) {
            assertEquals(0.5, ((Number) value(side, "parcels", gid(3), "AREA")).doubleValue());
            assertEquals("from parent", value(side, "parcels", gid(3), "NAME"), "the parent's verdict holds both edits");
        }
    }

    /**
     * As above, but the parent took the child's row whole (by row, the child winning over the parent's NAME edit): the older
     * message's NAME, which the parent decided against, must not come back on the child.
     */
    @Test
    void anOlderMessageDoesNotBringBackAnEditItsSenderDecidedAgainst() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        child.update("parcels", gid(3), Map.of("AREA", 0.5), null);
        parent.update("parcels", gid(3), Map.of("NAME", "from parent"), null);
        Object name = value(child, "parcels", gid(3), "NAME");
        export(parent, "m1.zip", ExportOptions.defaults());
        Replicas.synchronize(child, parent, "r", SyncOptions.defaults().withPolicy(Winner.FIRST).withConflicts(ConflictDefinition.BY_ROW)
                .withDirection(Direction.FIRST_TO_SECOND), null);
        assertEquals(name, value(parent, "parcels", gid(3), "NAME"), "the child's row won whole");

        importInto(child, "m1.zip", ImportOptions.defaults().withPolicy(Winner.SECOND).withConflicts(ConflictDefinition.BY_ROW));
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        for (Geodatabase side : List.of(parent, child)) {
            assertEquals(0.5, ((Number) value(side, "parcels", gid(3), "AREA")).doubleValue());
            assertEquals(name, value(side, "parcels", gid(3), "NAME"));
        }
    }

    @Test
    void aColumnSentAgainUnchangedDoesNotOverwriteALaterEditOfIt() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        ImportOptions byColumn = ImportOptions.defaults().withConflicts(ConflictDefinition.BY_COLUMN);
        parent.update("parcels", gid(2), Map.of("NAME", "from parent"), null);
        export(parent, "m1.zip", ExportOptions.defaults());
        importInto(child, "m1.zip", byColumn);

        child.update("parcels", gid(2), Map.of("NAME", "from child"), null);
        parent.update("parcels", gid(2), Map.of("OWNER", "new owner"), null);
        // new and unacknowledged: NAME travels again, unchanged since the child received it
        export(parent, "m2.zip", ExportOptions.defaults());
        MessageResult got = importInto(child, "m2.zip", byColumn);
        assertEquals(0, got.conflicts());
        assertEquals("from child", value(child, "parcels", gid(2), "NAME"));
        assertEquals("new owner", value(child, "parcels", gid(2), "OWNER"));
    }

    @Test
    void aRowInsertedInOneMessageAndDeletedBeforeTheNextIsDeletedByTheNext() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        String added = parent.insert("parcels", Map.of("NAME", "short-lived", "OWNER", "city", "AREA", 1.0), square(3, 3));
        export(parent, "m1.zip", ExportOptions.defaults());
        importInto(child, "m1.zip", ImportOptions.defaults());
        assertTrue(child.row("parcels", added).isPresent());

        parent.delete("parcels", added);
        export(parent, "m2.zip", ExportOptions.defaults());
        importInto(child, "m2.zip", ImportOptions.defaults());
        assertFalse(child.row("parcels", added).isPresent(), "the delete reaches a child that holds the row from the first message");
        assertEquals(ReplicaFixture.rows(parent, "PARCELS"), ReplicaFixture.rows(child, "PARCELS"));
    }

    @Test
    void aRowTheRelativeSentAndThisSideDeletedIsDeletedThere() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        String added = parent.insert("notes", Map.of("TEXT", "from the parent", "PRIORITY", 1), null);
        export(parent, "m1.zip", SWITCH);
        importInto(child, "m1.zip", ImportOptions.defaults());
        child.delete("notes", added);
        export(child, "m2.zip", SWITCH);
        importInto(parent, "m2.zip", ImportOptions.defaults());
        assertFalse(parent.row("notes", added).isPresent(), "the child's delete of a row the parent sent it reaches the parent");
    }

    @Test
    void anEditRevertedBeforeTheNextMessageIsRevertedByIt() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(3), Map.of("NAME", "intermediate"), null);
        export(parent, "m1.zip", ExportOptions.defaults());
        importInto(child, "m1.zip", ImportOptions.defaults());

        parent.update("parcels", gid(3), Map.of("NAME", "P3"), null);
        export(parent, "m2.zip", ExportOptions.defaults());
        importInto(child, "m2.zip", ImportOptions.defaults());
        assertEquals("P3", value(child, "parcels", gid(3), "NAME"));
    }

    @Test
    void aRowMovedInAndOutBetweenMessagesLeavesTheReplicaOnTheChild() throws Exception {
        replica(ReplicaSpec.twoWay("r").withArea(ReplicaFixture.AREA, 3857, SpatialRelation.INTERSECTS));
        String added = parent.insert("parcels", Map.of("NAME", "inside", "OWNER", "city", "AREA", 1.0), square(1, 1));
        export(parent, "m1.zip", ExportOptions.defaults());
        importInto(child, "m1.zip", ImportOptions.defaults());
        assertTrue(child.row("parcels", added).isPresent());

        parent.update("parcels", added, Map.of(), square(8, 8)); // out of the area
        export(parent, "m2.zip", ExportOptions.defaults());
        importInto(child, "m2.zip", ImportOptions.defaults());
        assertEquals(parent.row("parcels", added), child.row("parcels", added), "the move out reaches the child");
    }

    /**
     * The parent moves a row out of the child's area (the move reaches the child, which keeps its copy at the new place), then
     * edits it outside, where the edit does not travel; the child moves its copy back into the area. The parent's edit made
     * while the row was outside never reached the child: it survives, and the row comes back whole to the child (seed
     * 40645665204394 of MessageConvergenceTest, scenario 34).
     */
    @Test
    void anEditMadeOutsideTheAreaSurvivesTheChildMovingTheRowBackIn() throws Exception {
        replica(ReplicaSpec.twoWay("r").withArea(ReplicaFixture.AREA, 3857, SpatialRelation.INTERSECTS));
        parent.update("parcels", gid(10), Map.of(), square(1, 7)); // out of the area
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertEquals(parent.row("parcels", gid(10)), child.row("parcels", gid(10)), "the move out reaches the child");
        parent.update("parcels", gid(10), Map.of("OWNER", "parent21"), null); // outside: does not travel
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        assertEquals("city", value(child, "parcels", gid(10), "OWNER"));

        child.update("parcels", gid(10), Map.of(), square(4, 4)); // back into the area, on the child
        Replicas.synchronize(child, parent, "r", SyncOptions.defaults().withPolicy(Winner.SECOND).withConflicts(ConflictDefinition.BY_COLUMN), null);
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        for (Geodatabase side : List.of(parent, child)) {
            assertEquals("parent21", value(side, "parcels", gid(10), "OWNER"), "the parent's edit made outside the area survives");
            assertEquals(parent.row("parcels", gid(10)), side.row("parcels", gid(10)));
        }
    }

    /** As above with messages, and the child's own edit made outside meeting the parent's by column. */
    @Test
    void editsMadeOutsideTheAreaOnBothSidesMeetWhenTheRowComesBackByMessage() throws Exception {
        replica(ReplicaSpec.twoWay("r").withArea(ReplicaFixture.AREA, 3857, SpatialRelation.INTERSECTS));
        parent.update("parcels", gid(10), Map.of(), square(1, 7)); // out of the area
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        parent.update("parcels", gid(10), Map.of("OWNER", "parent21"), null); // outside: neither edit travels
        child.update("parcels", gid(10), Map.of("NAME", "child9"), null);
        export(parent, "m1.zip", SWITCH);
        importInto(child, "m1.zip", ImportOptions.defaults());
        assertEquals("city", value(child, "parcels", gid(10), "OWNER"));

        child.update("parcels", gid(10), Map.of(), square(4, 4)); // back into the area, on the child
        export(child, "m2.zip", SWITCH);
        ImportOptions byColumn = ImportOptions.defaults().withConflicts(ConflictDefinition.BY_COLUMN);
        assertEquals(0, importInto(parent, "m2.zip", byColumn).conflicts(), "different fields edited outside merge by column");
        export(parent, "m3.zip", SWITCH);
        importInto(child, "m3.zip", byColumn);
        for (Geodatabase side : List.of(parent, child)) {
            assertEquals("parent21", value(side, "parcels", gid(10), "OWNER"), "the parent's edit made outside the area survives");
            assertEquals("child9", value(side, "parcels", gid(10), "NAME"), "the child's edit made outside the area survives");
            assertEquals(parent.row("parcels", gid(10)), side.row("parcels", gid(10)));
        }
    }

    @Test
    void anOpenConflictIsRefreshedByANewerIncomingEditAndThisSidesEditIsKept() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        ImportOptions manual = ImportOptions.defaults().withPolicy(Winner.MANUAL).withConflicts(ConflictDefinition.BY_COLUMN);
        parent.update("parcels", gid(4), Map.of("OWNER", "p1", "NAME", "n1"), null);
        child.update("parcels", gid(4), Map.of("OWNER", "c1"), null);
        export(parent, "m1.zip", ExportOptions.defaults());
        assertEquals(1, importInto(child, "m1.zip", manual).conflicts());
        assertEquals("c1", value(child, "parcels", gid(4), "OWNER"));
        assertEquals("n1", value(child, "parcels", gid(4), "NAME"), "the other field merged");

        parent.update("parcels", gid(4), Map.of("OWNER", "p2"), null);
        export(parent, "m2.zip", ExportOptions.defaults());
        importInto(child, "m2.zip", manual);
        assertEquals("c1", value(child, "parcels", gid(4), "OWNER"), "this side's edit waits for review, it is not overwritten");
        List<Conflict> open = Replicas.conflicts(child, "r", true);
        assertEquals(1, open.size());
        assertEquals("p2", field(open.get(0), "OWNER").getImportedValue(), "the open conflict shows the newest imported value");

        Replicas.resolve(child, "r", null, ConflictResolution.TAKE_IMPORTED, null);
        assertEquals("p2", value(child, "parcels", gid(4), "OWNER"));
        assertEquals("n1", value(child, "parcels", gid(4), "NAME"));
    }

    @Test
    void resolvingAColumnConflictWritesOnlyTheConflictingFieldsAndTheRestTravelsAsEdits() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        ImportOptions manual = ImportOptions.defaults().withPolicy(Winner.MANUAL).withConflicts(ConflictDefinition.BY_COLUMN);
        parent.update("parcels", gid(5), Map.of("OWNER", "p1"), null);
        child.update("parcels", gid(5), Map.of("OWNER", "c1", "NAME", "child name"), null);
        export(parent, "m1.zip", SWITCH);
        assertEquals(1, importInto(child, "m1.zip", manual).conflicts());
        // meanwhile the parent edits another field of the row
        parent.update("parcels", gid(5), Map.of("AREA", 5.0), null);

        Replicas.resolve(child, "r", null, ConflictResolution.TAKE_IMPORTED, null);
        assertEquals("p1", value(child, "parcels", gid(5), "OWNER"));
        assertEquals("child name", value(child, "parcels", gid(5), "NAME"), "the child's edit of a field not in conflict stays");

        export(child, "m2.zip", SWITCH);
        MessageResult got = importInto(parent, "m2.zip", ImportOptions.defaults().withConflicts(ConflictDefinition.BY_COLUMN));
        assertEquals(0, got.conflicts());
        assertEquals("child name", value(parent, "parcels", gid(5), "NAME"));
        assertEquals("p1", value(parent, "parcels", gid(5), "OWNER"));
        assertEquals(5.0, value(parent, "parcels", gid(5), "AREA"), "the parent's later edit of AREA is not undone by the resolution");
    }

    @Test
    void theAdministratorMayTakeTheWholeRow() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        ImportOptions manual = ImportOptions.defaults().withPolicy(Winner.MANUAL).withConflicts(ConflictDefinition.BY_COLUMN);
        parent.update("parcels", gid(7), Map.of("OWNER", "p1"), null);
        child.update("parcels", gid(7), Map.of("OWNER", "c1", "NAME", "child name"), null);
        export(parent, "m1.zip", ExportOptions.defaults());
        importInto(child, "m1.zip", manual);
        Replicas.resolve(child, "r", null, ConflictResolution.TAKE_IMPORTED, null, true);
        assertEquals("p1", value(child, "parcels", gid(7), "OWNER"));
        assertEquals("P7", value(child, "parcels", gid(7), "NAME"), "the whole row is the imported one");
    }

    @Test
    void aResolutionBackToTheAncestorMadeAfterReceivingTheRelativesEditReachesIt() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(6), Map.of("OWNER", "pp"), null);
        child.update("parcels", gid(6), Map.of("OWNER", "cc"), null);
        export(parent, "m1.zip", ExportOptions.defaults());
        assertEquals(1, importInto(child, "m1.zip", ImportOptions.defaults().withPolicy(Winner.MANUAL)).conflicts());
        Replicas.resolve(child, "r", null, ConflictResolution.TAKE_ANCESTOR, null);
        assertEquals("city", value(child, "parcels", gid(6), "OWNER"));

        org.geosync.model.SyncJob job = Replicas.synchronize(parent, child, "r", org.geosync.core.SyncOptions.defaults(), null);
        assertEquals(0, job.getConflicts(), "the child decided knowing the parent's edit");
        assertEquals("city", value(parent, "parcels", gid(6), "OWNER"));
        assertEquals("city", value(child, "parcels", gid(6), "OWNER"));
    }

    private static ConflictFieldValue field(Conflict c, String name) {
        return c.getFieldValues().stream().filter(v -> v.getFieldName().equals(name)).findFirst().orElseThrow();
    }

    /**
     * A manual synchronization leaves a conflict for review on the child; the parent then deletes the row, and the child's
     * reviewer takes the parent's row. The resolution took the parent's version, which the parent deleted knowing it: at the
     * next synchronization the delete stands on both sides without a conflict, although the child wins conflicts. Had the
     * reviewer kept the child's values, the row would meet the delete as a conflict.
     */
    @Test
    void theRelativesDeleteOfTheVersionAResolutionTookStands() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        parent.update("parcels", gid(2), Map.of("OWNER", "parent"), null);
        child.update("parcels", gid(2), Map.of("AREA", 1.5), null);
        Replicas.synchronize(child, parent, "r", SyncOptions.defaults().withPolicy(Winner.MANUAL).withConflicts(ConflictDefinition.BY_ROW), null);
        assertEquals(1, Replicas.conflicts(child, "r", true).size());
        parent.delete("parcels", gid(2));
        Replicas.resolve(child, "r", null, ConflictResolution.TAKE_IMPORTED, null);
        assertEquals("parent", value(child, "parcels", gid(2), "OWNER"));

        Replicas.synchronize(child, parent, "r", SyncOptions.defaults().withPolicy(Winner.FIRST).withConflicts(ConflictDefinition.BY_ROW), null);
        assertFalse(child.row("parcels", gid(2)).isPresent(), "the parent deleted the version the child's resolution took");
        assertFalse(parent.row("parcels", gid(2)).isPresent());
        assertTrue(Replicas.conflicts(child, "r", true).isEmpty());
    }

    /**
     * The parent deletes a row; the child, which had edited it, keeps its row against the delete on import. Another child
     * then brings the row back at the parent with an edit of its own. The child's kept row and the row brought back have
     * nothing in common since the delete: at the next synchronization every field in which they differ is in conflict, and
     * the winner's values stand on both sides (not the other child's OWNER merged into the child's row as an edit it never
     * met).
     */
    @Test
    void aRowKeptAgainstADeleteMeetsTheRowBroughtBackElsewhereFieldByField() throws Exception {
        replica(ReplicaSpec.twoWay("r"));
        Path otherDir = tmp.resolve("other");
        Replicas.create(parent, otherDir, ReplicaSpec.twoWay("o"), null);
        parent.delete("parcels", gid(2));
        export(parent, "m1.zip", ExportOptions.defaults());
        child.update("parcels", gid(2), Map.of("NAME", "child"), null);
        try (Geodatabase other = Geodatabase.open(otherDir)) {
            other.update("parcels", gid(2), Map.of("OWNER", "other"), null);
            MessageResult kept = importInto(child, "m1.zip", ImportOptions.defaults().withPolicy(Winner.FIRST));
            assertEquals(1, kept.conflicts());
            // the other child wins its conflict with the parent's delete: the row comes back at the parent
            Replicas.synchronize(other, parent, "o", SyncOptions.defaults().withPolicy(Winner.FIRST).withConflicts(ConflictDefinition.BY_ROW), null);
        }
        assertEquals("other", value(parent, "parcels", gid(2), "OWNER"));
        var result = Replicas.synchronize(child, parent, "r", SyncOptions.defaults().withPolicy(Winner.FIRST)
                .withConflicts(ConflictDefinition.BY_COLUMN), null);
        assertTrue(result.getConflicts() > 0, "the kept row and the row brought back meet as a conflict");
        for (Geodatabase g : List.of(child, parent)) {
            assertEquals("child", value(g, "parcels", gid(2), "NAME"));
            assertEquals("city", value(g, "parcels", gid(2), "OWNER"), "the child's row won whole");
        }
    }
}
