package org.geosync.core.internal.sync;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SchemaChange;
import org.geosync.core.SchemaChangeRecord;
import org.geosync.core.SyncOptions;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.storage.SchemaChanges;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;

/**
 * Additive schema changes travel by themselves in a connected synchronization: the fields a sending side added and the text
 * fields it widened (through {@code geosync gdb alter}) that the relative lacks are made on the relative, before the edits
 * that use them, through the same engine code ({@link Geodatabase#alter}). Every change of both directions is checked
 * first: one the relative cannot make (a field of the same name and another type, a widened field it does not have)
 * refuses the whole synchronization with a sentence naming the dataset and the field, and nothing changes on either side.
 * <p>
 * The changes are made in a transaction of their own on each receiving side, committed just before the synchronization's:
 * Derby hands out the change log's sequence numbers in a nested transaction, which cannot run while the same transaction
 * holds the catalog locks of DDL ("too much contention on sequence"), so the rows cannot follow the DDL in one transaction.
 * A synchronization that fails afterwards leaves the relative with the new, empty fields (recorded in its schema change
 * log), which the next synchronization finds made. Inside the synchronization's transaction the sender then forgets the
 * changes the relative now has ({@link #settle}), so the schema check before every exchange ({@link ReplicaSchemaGuard})
 * refuses only what does not travel: drops and renames, and the changes of a side that does not send.
 */
final class SchemaTravel {

    private SchemaTravel() {
    }

    /** One change to make on the receiver, or (change null) one the receiver already has. */
    private record Step(SchemaChangeRecord logged, String dataset, SchemaChange change) {
    }

    /**
     * Makes on each receiving side of replica {@code name} the additive changes its relative made that it lacks, each side in a
     * transaction of its own, after checking every change of both directions; refuses, changing nothing, when one cannot be made.
     */
    static void beforeSync(Geodatabase first, Geodatabase second, String name, SyncOptions o) throws GeodatabaseException {
        Replica r1 = first.inTransaction(g -> new ReplicaStore(g.connection()).find(name).orElse(null));
        if (r1 == null) {
            return; // the synchronization says what is missing
        }
        Replica r2 = second.inTransaction(g -> new ReplicaStore(g.connection()).findByGuid(r1.getGuid()).orElse(null));
        if (r2 == null) {
            return;
        }
        boolean both = o.direction() == null || o.direction() == SyncOptions.Direction.BOTH;
        boolean oneSends = ReplicaRecords.typeAllowsSending(r1) && (both || o.direction() == SyncOptions.Direction.FIRST_TO_SECOND);
        boolean twoSends = ReplicaRecords.typeAllowsSending(r2) && (both || o.direction() == SyncOptions.Direction.SECOND_TO_FIRST);
        if (oneSends && blocked(first, r1) || twoSends && blocked(second, r2)) {
            return; // a drop or rename waits: the schema check refuses the synchronization, and nothing is made here
        }
        List<Step> onSecond = oneSends ? steps(first, r1, second, r2) : List.of();
        List<Step> onFirst = twoSends ? steps(second, r2, first, r1) : List.of();
        make(second, r2, onSecond);
        make(first, r1, onFirst);
    }

    /**
     * In the synchronization's transaction: the sender forgets, as not yet made on the relative, the additive changes the
     * relative now has (made by {@link #beforeSync} or on its own).
     */
    static void settle(Geodatabase sender, Replica from, Geodatabase receiver, Replica to) throws GeodatabaseException, SQLException {
        try (PreparedStatement p = sender.connection().prepareStatement("DELETE FROM " + SchemaChanges.PENDING
                + " WHERE REPLICA_GUID = ? AND CHANGE_ID = ?")) {
            for (Step s : steps(sender, from, receiver, to)) {
                if (s.change() == null) {
                    p.setString(1, from.getGuid());
                    p.setLong(2, s.logged().id());
                    p.executeUpdate();
                }
            }
        }
    }

    private static boolean blocked(Geodatabase sender, Replica from) throws GeodatabaseException {
        return sender.inTransaction(g -> {
            for (SchemaChangeRecord c : new SchemaChanges(g.connection(), null, null).pending(from.getGuid())) {
                if (!additive(c) && ReplicaRecords.dataset(from, c.dataset()) != null) {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean additive(SchemaChangeRecord c) {
        return c.operation().equals(SchemaChange.Kind.ADD_FIELD.word()) || c.operation().equals(SchemaChange.Kind.WIDEN_FIELD.word());
    }

    /** What the receiver needs of the sender's pending additive changes; refuses a change it cannot make. */
    private static List<Step> steps(Geodatabase sender, Replica from, Geodatabase receiver, Replica to) throws GeodatabaseException {
        List<SchemaChangeRecord> pending = sender.inTransaction(g -> new SchemaChanges(g.connection(), null, null).pending(from.getGuid()));
        List<Step> steps = new ArrayList<>();
        java.util.Set<String> made = new java.util.HashSet<>(); // a field goes once, as the sender has it now, whatever it did to it
        for (SchemaChangeRecord c : pending) {
            if (!additive(c) || ReplicaRecords.dataset(from, c.dataset()) == null || ReplicaRecords.dataset(to, c.dataset()) == null) {
                continue;
            }
            Field mine = sender.dataset(c.dataset()).field(c.field());
            if (mine == null) {
                continue; // dropped or renamed since: the schema check refuses that change
            }
            Dataset theirs = receiver.dataset(c.dataset());
            Field there = theirs.field(mine.name());
            String side = role(to), by = role(from);
            boolean widen = c.operation().equals(SchemaChange.Kind.WIDEN_FIELD.word());
            if (there == null && widen && addedToo(pending, c)) {
                steps.add(new Step(c, theirs.name(), null)); // the field goes whole, at its length now, with its addition
                continue;
            }
            if (there == null && widen) {
                throw new GeodatabaseException("Field " + mine.name() + " of dataset " + theirs.name() + " was widened to " + mine.length()
                        + " characters on the " + by + " of replica " + to.getName() + ", but the " + side + " (" + receiver.directory()
                        + ") has no such field, so the change cannot be made there; give it the field with 'geosync gdb alter "
                        + receiver.directory() + " " + theirs.name() + " --add-field " + spec(mine) + "' and synchronize again;"
                        + " nothing was synchronized.");
            }
            if (there != null && there.type() != mine.type()) {
                throw new GeodatabaseException("Field " + mine.name() + " of dataset " + theirs.name() + " is " + word(mine) + " on the "
                        + by + " of replica " + to.getName() + " but " + word(there) + " on the " + side + " (" + receiver.directory()
                        + "), so the " + by + "'s change cannot be made there; rename one of the two with 'geosync gdb alter ..."
                        + " --rename-field' and synchronize again; nothing was synchronized.");
            }
            SchemaChange change = null;
            if (made.add(theirs.name() + "." + mine.name())) { // its first change in the list: later ones are in it already
                if (there == null) {
                    change = SchemaChange.addField(mine.name(), mine.type(), mine.type() == FieldType.TEXT ? mine.length() : 0);
                } else if (mine.type() == FieldType.TEXT && there.length() < mine.length()) {
                    change = SchemaChange.widenField(mine.name(), mine.length());
                }
            }
            // a longer field on the receiver takes every value of the sender's (its own widening travels the other way)
            steps.add(new Step(c, theirs.name(), change));
        }
        return steps;
    }

    /** Whether the sender added the field that change {@code widen} widened, in a change also still to send. */
    private static boolean addedToo(List<SchemaChangeRecord> pending, SchemaChangeRecord widen) {
        return pending.stream().anyMatch(c -> c.operation().equals(SchemaChange.Kind.ADD_FIELD.word()) && c.dataset().equalsIgnoreCase(widen.dataset())
                && c.field().equalsIgnoreCase(widen.field()));
    }

    /** Makes the steps on the receiver in one transaction; the relative has them, so they are not pending for this replica. */
    private static void make(Geodatabase receiver, Replica to, List<Step> steps) throws GeodatabaseException {
        if (steps.stream().allMatch(s -> s.change() == null)) {
            return;
        }
        receiver.inTransaction(g -> {
            for (Step s : steps) {
                if (s.change() != null) {
                    g.alter(s.dataset(), s.change());
                    try (PreparedStatement p = g.connection().prepareStatement("DELETE FROM " + SchemaChanges.PENDING
                            + " WHERE REPLICA_GUID = ? AND CHANGE_ID = (SELECT MAX(CHANGE_ID) FROM " + SchemaChanges.LOG + ")")) {
                        p.setString(1, to.getGuid());
                        p.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    private static String role(Replica r) {
        return r.getRole() == ReplicaRole.PARENT ? "parent" : "child";
    }

    private static String word(Field f) {
        return f.type().name().toLowerCase(Locale.ROOT) + (f.type() == FieldType.TEXT ? "(" + f.length() + ")" : "");
    }

    private static String spec(Field f) {
        return f.name() + ":" + f.type().name().toLowerCase(Locale.ROOT) + (f.type() == FieldType.TEXT ? ":" + f.length() : "");
    }
}
