package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.Locale;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.message.MessageSchemas;
import org.geosync.core.internal.storage.SchemaChanges;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaRole;

/**
 * The schema check every synchronization, message export and import makes of each side before it reads or writes anything
 * of replica {@code r}: each replicated dataset's table still matches its catalog entry (a column added, dropped or changed
 * outside GeoSync would not travel, or would break what does), and no schema change made here through
 * {@code geosync gdb alter} that the relative is not known to have made would lose values without a word: a field dropped
 * or renamed here (the relative's values of it would be dropped). Added and widened fields travel by themselves (see
 * {@link SchemaTravel}), so they are not refused here. A comparison of the two sides that finds their schemas equal
 * ({@code geosync replica schema-compare}) records that the relative has made them. Under the schema policy {@code all} on
 * both sides drops and renames travel too, and are made on the relative before this check.
 */
public final class ReplicaSchemaGuard {

    private ReplicaSchemaGuard() {
    }

    /** Refuses, with a sentence naming the dataset and the field, when synchronizing replica {@code r} of {@code g} would lose values. */
    public static void check(Geodatabase g, Replica r) throws GeodatabaseException {
        check(g, r, false);
    }

    /**
     * As {@link #check(Geodatabase, Replica)}; with {@code destructiveTravels} (a data change message of a replica whose
     * schema policy here lets drops and renames travel) the fields dropped or renamed here are no refusal: the message
     * carries them, and the receiver makes them, or refuses the message if its own policy does not take them.
     */
    public static void check(Geodatabase g, Replica r, boolean destructiveTravels) throws GeodatabaseException {
        g.inTransaction(x -> {
            for (ReplicaDataset rd : r.getDatasets()) {
                String n = rd.getDatasetName().toUpperCase(Locale.ROOT);
                String problem = g.tableProblem(n);
                if (problem != null) {
                    throw new GeodatabaseException("Dataset " + n + " in " + g.location() + " no longer matches its catalog entry: " + problem
                            + "; replica " + r.getName() + " can neither synchronize nor exchange messages until it does (make schema changes"
                            + " with 'geosync gdb alter'; 'geosync gdb repair " + g.location() + "' tells what it can restore).");
                }
            }
            for (org.geosync.core.SchemaChangeRecord c : new SchemaChanges(g.connection(), null, null).pending(r.getGuid())) {
                if (!destructiveTravels) {
                    refuseIfLosing(g, r, c);
                }
            }
            return null;
        });
    }

    private static void refuseIfLosing(Geodatabase g, Replica r, org.geosync.core.SchemaChangeRecord c) throws GeodatabaseException, SQLException {
        if (ReplicaRecords.dataset(r, c.dataset()) == null) {
            return;
        }
        Dataset d = g.dataset(c.dataset());
        String here = r.getRole() == ReplicaRole.PARENT ? "parent" : "child";
        String there = r.getRole() == ReplicaRole.PARENT ? "child" : "parent";
        String relative = r.getRelativeReplicaLocation() == null ? there.toUpperCase(Locale.ROOT) + "_DIR" : r.getRelativeReplicaLocation();
        String compare = " and confirm with 'geosync replica schema-compare " + g.location() + " " + relative + " --replica " + r.getName()
                + "' (or let drops and renames travel by themselves: 'geosync replica schema-policy DIR " + r.getName()
                + " all' on both sides)";
        String alter = "'geosync gdb alter " + relative + " " + d.name();
        switch (c.operation()) {
            // an added or widened field travels by itself, in a connected synchronization in which its side sends
            // (SchemaTravel) and in a data change message's schema (MessageSchemas): nothing of it is lost
            case "drop-field" -> throw new GeodatabaseException("Field " + c.field() + " of dataset " + d.name() + " was dropped on the " + here
                    + " but still exists on the " + there + " of replica " + r.getName() + ", and synchronizing would drop the " + there
                    + "'s values of it without a word; drop it on the " + there + " too with " + alter + " --drop-field " + c.field() + "'"
                    + compare + ".");
            case "rename-field" -> throw new GeodatabaseException("Field " + c.field() + " of dataset " + d.name() + " was renamed to "
                    + c.detail() + " on the " + here + " but not on the " + there + " of replica " + r.getName() + ", so synchronizing would"
                    + " drop its values without a word; rename it on the " + there + " too with " + alter + " --rename-field " + c.field()
                    + ":" + c.detail() + "'" + compare + ".");
            default -> {
            }
        }
    }
}
