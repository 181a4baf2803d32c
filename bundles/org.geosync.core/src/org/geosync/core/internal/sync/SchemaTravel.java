package org.geosync.core.internal.sync;

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
import org.geosync.model.SchemaPolicy;

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
public final class SchemaTravel {

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
        if (blocked(first, r1, r2, oneSends) || blocked(second, r2, r1, twoSends)) {
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
        SchemaChanges log = new SchemaChanges(sender.connection(), null, null);
        for (Step s : steps(sender, from, receiver, to)) {
            if (s.change() == null) {
                log.forgetPending(from.getGuid(), s.logged().id());
            }
        }
    }

    /**
     * Whether a drop or rename made on {@code from}'s side waits: it travels only in a synchronization in which that side
     * sends, under both sides' schema policy {@code all} (otherwise the relative's values of the field would be lost, so the
     * schema check refuses the synchronization).
     */
    private static boolean blocked(Geodatabase sender, Replica from, Replica to, boolean sends) throws GeodatabaseException {
        if (sends && destructiveTravels(from, to)) {
            return false;
        }
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

    /**
     * Whether drops and renames of fields travel from {@code from}'s side to {@code to}'s: both records' schema policies allow
     * it (each side decides what may change its own data).
     */
    static boolean destructiveTravels(Replica from, Replica to) {
        return from.getSchemaPolicy() == SchemaPolicy.ALL && to.getSchemaPolicy() == SchemaPolicy.ALL;
    }

    /**
     * What the receiver needs of the sender's pending changes (additive ones, and drops and renames where they travel), in the
     * order they were made, each checked against the receiver's fields as the steps before it leave them; refuses a change
     * it cannot make.
     */
    private static List<Step> steps(Geodatabase sender, Replica from, Geodatabase receiver, Replica to) throws GeodatabaseException {
        List<SchemaChangeRecord> pending = sender.inTransaction(g -> new SchemaChanges(g.connection(), null, null).pending(from.getGuid()));
        List<SchemaChangeRecord> log = destructiveTravels(from, to)
                ? sender.inTransaction(g -> new SchemaChanges(g.connection(), null, null).log()) : List.of();
        boolean destructive = destructiveTravels(from, to);
        // what the receiver made of these changes already (its relative did not yet learn so): each is made once
        java.util.Set<Long> madeThere = receiver.inTransaction(g -> new SchemaChanges(g.connection(), null, null).madeFrom(to.getGuid()));
        List<SchemaChangeRecord> receiverLog = destructive
                ? receiver.inTransaction(g -> new SchemaChanges(g.connection(), null, null).log()) : List.of();
        // the receiver's renames the sender has not made: a field they named is not the sender's field of that name
        List<SchemaChangeRecord> renamedThere = new ArrayList<>();
        if (destructive) {
            java.util.Set<Long> madeHere = sender.inTransaction(g -> new SchemaChanges(g.connection(), null, null).madeFrom(from.getGuid()));
            for (SchemaChangeRecord r : receiver.inTransaction(g -> new SchemaChanges(g.connection(), null, null).pending(to.getGuid()))) {
                if (r.operation().equals(SchemaChange.Kind.RENAME_FIELD.word()) && !madeHere.contains(r.id())) {
                    renamedThere.add(r);
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        java.util.Set<String> made = new java.util.HashSet<>(); // a field goes once, as the sender has it now, whatever it did to it
        java.util.Map<String, java.util.Map<String, Field>> receiverFields = new java.util.HashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            SchemaChangeRecord c = pending.get(i);
            if (ReplicaRecords.dataset(from, c.dataset()) == null || ReplicaRecords.dataset(to, c.dataset()) == null) {
                continue;
            }
            if (madeThere.contains(c.id())) {
                steps.add(new Step(c, c.dataset(), null)); // made there: its fields as they are now say the rest
                continue;
            }
            Dataset theirs = receiver.dataset(c.dataset());
            java.util.Map<String, Field> fields = receiverFields.computeIfAbsent(theirs.name(), k -> {
                java.util.Map<String, Field> m = new java.util.LinkedHashMap<>();
                theirs.fields().forEach(f -> m.put(f.name(), f));
                return m;
            });
            if (!additive(c)) {
                if (destructive) {
                    steps.addAll(destructiveStep(sender, from, receiver, to, c, theirs, fields, made, superseded(pending, i, c.dataset(),
                            c.detail()), receiverLog, renamedThere));
                }
                continue; // otherwise the schema check refuses it (see beforeSync)
            }
            if (superseded(pending, i, c.dataset(), c.field())) {
                steps.add(new Step(c, theirs.name(), null)); // that field is dropped or renamed later: the later change says what goes
                continue;
            }
            // under its name now: a rename that travelled here from another relative since renamed it on this side too
            Field mine = sender.dataset(c.dataset()).field(nameNow(log, c));
            if (mine == null) {
                continue; // dropped or renamed since: that change says what the receiver needs
            }
            Field there = fields.get(mine.name());
            String side = role(to), by = role(from);
            boolean widen = c.operation().equals(SchemaChange.Kind.WIDEN_FIELD.word());
            if (there == null && widen && addedToo(pending, c)) {
                steps.add(new Step(c, theirs.name(), null)); // the field goes whole, at its length now, with its addition
                continue;
            }
            if (there == null && widen && !made.contains(theirs.name() + "." + mine.name())) {
                throw new GeodatabaseException("Field " + mine.name() + " of dataset " + theirs.name() + " was widened to " + mine.length()
                        + " characters on the " + by + " of replica " + to.getName() + ", but the " + side + " (" + receiver.location()
                        + ") has no such field, so the change cannot be made there; give it the field with 'geosync gdb alter "
                        + receiver.location() + " " + theirs.name() + " --add-field " + spec(mine) + "' and synchronize again;"
                        + " nothing was synchronized.");
            }
            if (there != null && there.type() != mine.type()) {
                throw new GeodatabaseException("Field " + mine.name() + " of dataset " + theirs.name() + " is " + word(mine) + " on the "
                        + by + " of replica " + to.getName() + " but " + word(there) + " on the " + side + " (" + receiver.location()
                        + "), so the " + by + "'s change cannot be made there; rename one of the two with 'geosync gdb alter ..."
                        + " --rename-field' and synchronize again; nothing was synchronized.");
            }
            SchemaChange change = null;
            if (made.add(theirs.name() + "." + mine.name())) { // its first change in the list: later ones are in it already
                change = toSenders(mine, there);
                if (change != null) {
                    fields.put(mine.name(), mine);
                }
            }
            // a longer field on the receiver takes every value of the sender's (its own widening travels the other way)
            steps.add(new Step(c, theirs.name(), change));
        }
        return steps;
    }

    /**
     * The drops and renames a data change message carries ({@code changes}, in the order the sender made them) that the
     * receiver's dataset {@code theirs} still needs, each checked against its fields as the ones before leave them. Refuses,
     * changing nothing, when one is needed and the receiver's schema policy does not take drops and renames, or a rename
     * lands on a name the receiver uses for another field. A rename of a field the receiver never had is none (the field
     * comes with the message's added fields), and so is a change the receiver made before (see {@link #noteMade}).
     */
    public static List<SchemaChange> fieldMoves(Geodatabase receiver, Replica to, Replica from, Dataset theirs,
            List<org.geosync.model.FieldChange> changes) throws GeodatabaseException {
        java.util.Map<String, Field> fields = new java.util.LinkedHashMap<>();
        theirs.fields().forEach(f -> fields.put(f.name(), f));
        List<SchemaChange> steps = new ArrayList<>();
        java.util.Set<Long> made;
        try {
            made = new SchemaChanges(receiver.connection(), null, null).madeFrom(to.getGuid());
        } catch (SQLException e) {
            throw new GeodatabaseException("Could not read the schema changes made in " + receiver.location() + ": " + e.getMessage(), e);
        }
        for (org.geosync.model.FieldChange c : changes) {
            if (made.contains(c.getChangeId())) {
                continue; // made here before, from an earlier message or synchronization
            }
            String old = c.getField() == null ? "" : c.getField().trim().toUpperCase(Locale.ROOT);
            String renamed = c.getNewName() == null || c.getNewName().isBlank() ? null : c.getNewName().trim().toUpperCase(Locale.ROOT);
            Field had = fields.get(old);
            if (had == null) {
                if (renamed != null && !fields.containsKey(renamed)) {
                    try {
                        refuseMovedThereToo(new SchemaChanges(receiver.connection(), null, null).log(), null, theirs.name(), old, renamed,
                                role(from), role(to), receiver, to);
                    } catch (SQLException e) {
                        throw new GeodatabaseException("Could not read the schema changes of " + receiver.location() + ": " + e.getMessage(), e);
                    }
                }
                continue; // made here already, or a field this side never had
            }
            SchemaChange step = renamed == null ? SchemaChange.dropField(old) : SchemaChange.renameField(old, renamed);
            if (to.getSchemaPolicy() != SchemaPolicy.ALL) {
                throw new GeodatabaseException("The message " + (renamed == null ? "drops field " + old : "renames field " + old + " to " + renamed)
                        + " of dataset " + theirs.name() + ", as the " + role(from) + " of replica " + to.getName() + " did, but the schema"
                        + " policy of the replica in " + receiver.location() + " takes only added and widened fields: make the change here"
                        + " with 'geosync gdb alter " + receiver.location() + " " + theirs.name() + " --" + step.kind().word() + " " + old
                        + (renamed == null ? "" : ":" + renamed) + "', or let drops and renames travel with 'geosync replica schema-policy "
                        + receiver.location() + " " + to.getName() + " all', and import it again; nothing was imported.");
            }
            if (renamed != null && fields.containsKey(renamed)) {
                throw new GeodatabaseException("The message renames field " + old + " of dataset " + theirs.name() + " to " + renamed + ", but "
                        + receiver.location() + " has fields of both names, so the rename cannot be made there; rename or drop its " + renamed
                        + " with 'geosync gdb alter " + receiver.location() + " " + theirs.name() + " ...' and import it again; nothing was"
                        + " imported.");
            }
            fields.remove(old);
            if (renamed != null) {
                fields.put(renamed, new Field(renamed, had.type(), had.length()));
            }
            steps.add(step);
        }
        return steps;
    }

    /** Notes, in the receiver's transaction, that the relative's changes a message carried are made here: never made again. */
    public static void noteMade(Geodatabase receiver, Replica to, List<org.geosync.model.FieldChange> changes) throws GeodatabaseException {
        try {
            SchemaChanges made = new SchemaChanges(receiver.connection(), null, null);
            for (org.geosync.model.FieldChange c : changes) {
                made.noteMadeFrom(to.getGuid(), c.getChangeId());
            }
        } catch (SQLException e) {
            throw new GeodatabaseException("Could not record the schema changes made in " + receiver.location() + ": " + e.getMessage(), e);
        }
    }

    /** The drops and renames of {@code dataset} made on this side that replica {@code r}'s relative is not known to have made. */
    public static List<org.geosync.model.FieldChange> pendingMoves(Geodatabase g, Replica r, String dataset) throws GeodatabaseException {
        List<org.geosync.model.FieldChange> result = new ArrayList<>();
        try {
            for (SchemaChangeRecord c : new SchemaChanges(g.connection(), null, null).pending(r.getGuid())) {
                if (additive(c) || !c.dataset().equalsIgnoreCase(dataset)
                        || !(c.operation().equals(SchemaChange.Kind.DROP_FIELD.word()) || c.operation().equals(SchemaChange.Kind.RENAME_FIELD.word()))) {
                    continue;
                }
                org.geosync.model.FieldChange f = org.geosync.model.GeosyncFactory.eINSTANCE.createFieldChange();
                f.setField(c.field());
                f.setNewName(c.operation().equals(SchemaChange.Kind.RENAME_FIELD.word()) ? c.detail() : null);
                f.setChangeId(c.id());
                result.add(f);
            }
        } catch (SQLException e) {
            throw new GeodatabaseException("Could not read the schema changes of " + dataset + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** The change that gives the receiver's field {@code there} (null: none) the sender's {@code mine}; null when none is needed. */
    private static SchemaChange toSenders(Field mine, Field there) {
        if (there == null) {
            return SchemaChange.addField(mine.name(), mine.type(), mine.type() == FieldType.TEXT ? mine.length() : 0);
        }
        if (mine.type() == FieldType.TEXT && there.length() < mine.length()) {
            return SchemaChange.widenField(mine.name(), mine.length());
        }
        return null;
    }

    /**
     * The step a drop or rename of the sender's needs on the receiver, whose fields are {@code fields} (updated): a drop of a
     * field it has, a rename of the field it holds under the old name; none when it already has the change (no field of the
     * old name). A rename onto a name the receiver uses for another field is refused; a rename of a field the receiver never
     * had gives it the field as the sender has it now.
     */
    private static List<Step> destructiveStep(Geodatabase sender, Replica from, Geodatabase receiver, Replica to, SchemaChangeRecord c,
            Dataset theirs, java.util.Map<String, Field> fields, java.util.Set<String> made, boolean renamedAgain, List<SchemaChangeRecord> receiverLog,
            List<SchemaChangeRecord> renamedThere) throws GeodatabaseException {
        String old = c.field().toUpperCase(Locale.ROOT);
        if (fields.containsKey(old)) {
            refuseRenamedThereOnto(renamedThere, c, theirs.name(), old, role(from), role(to), receiver, to);
        }
        if (c.operation().equals(SchemaChange.Kind.DROP_FIELD.word())) {
            return List.of(new Step(c, theirs.name(), fields.remove(old) == null ? null : SchemaChange.dropField(old)));
        }
        String renamed = c.detail().trim().toUpperCase(Locale.ROOT);
        Field had = fields.get(old), taken = fields.get(renamed);
        // the field as the sender has it now, unless a later change drops or renames it again (that one says what goes)
        Field mine = renamedAgain ? null : sender.dataset(c.dataset()).field(renamed);
        if (had != null && (taken != null || mine != null && mine.type() != had.type())) {
            throw new GeodatabaseException("Field " + old + " of dataset " + theirs.name() + " was renamed to " + renamed + " on the " + role(from)
                    + " of replica " + to.getName() + ", but the " + role(to) + " (" + receiver.location() + ") has " + (taken != null
                            ? "fields of both names" : "its " + old + " as " + word(had) + ", not " + word(mine)) + ", so"
                    + " the rename cannot be made there; rename or drop its " + (taken != null ? renamed : old) + " with 'geosync gdb alter "
                    + receiver.location() + " " + theirs.name() + " ...' and synchronize again; nothing was synchronized.");
        }
        if (had != null) {
            fields.remove(old);
            fields.put(renamed, new Field(renamed, had.type(), had.length()));
            List<Step> steps = new ArrayList<>(List.of(new Step(c, theirs.name(), SchemaChange.renameField(old, renamed))));
            if (mine != null && made.add(theirs.name() + "." + renamed)) {
                SchemaChange widen = toSenders(mine, fields.get(renamed)); // widened on the sender before it was renamed there
                if (widen != null) {
                    fields.put(renamed, mine);
                    steps.add(new Step(c, theirs.name(), widen));
                }
            }
            return steps;
        }
        if (taken == null) {
            refuseMovedThereToo(receiverLog, c, theirs.name(), old, renamed, role(from), role(to), receiver, to);
        }
        if (taken == null && mine != null && made.add(theirs.name() + "." + renamed)) {
            fields.put(renamed, mine); // added on the sender and renamed there before it ever reached the receiver
            return List.of(new Step(c, theirs.name(), toSenders(mine, null)));
        }
        return List.of(new Step(c, theirs.name(), null));
    }

    /** The name the field of change {@code c} has after the renames the log holds after it. */
    private static String nameNow(List<SchemaChangeRecord> log, SchemaChangeRecord c) {
        String name = c.field();
        for (SchemaChangeRecord r : log) {
            if (r.id() > c.id() && r.dataset().equalsIgnoreCase(c.dataset()) && r.field().equalsIgnoreCase(name)
                    && r.operation().equals(SchemaChange.Kind.RENAME_FIELD.word())) {
                name = r.detail();
            }
        }
        return name;
    }

    /**
     * Refuses the sender's rename of {@code old} where the receiver, which no longer has a field of that name, renamed or
     * dropped it itself: the two sides moved the same field apart, and taking the sender's name as a new, empty field would
     * leave the values on one side only.
     */
    private static void refuseMovedThereToo(List<SchemaChangeRecord> receiverLog, SchemaChangeRecord c, String dataset, String old, String renamed,
            String by, String side, Geodatabase receiver, Replica to) throws GeodatabaseException {
        for (SchemaChangeRecord r : receiverLog) {
            if (!additive(r) && r.dataset().equalsIgnoreCase(dataset) && r.field().equalsIgnoreCase(old)) {
                boolean drop = r.operation().equals(SchemaChange.Kind.DROP_FIELD.word());
                throw new GeodatabaseException("Field " + old + " of dataset " + dataset + " was renamed to " + renamed + " on the " + by
                        + " of replica " + to.getName() + ", but the " + side + " (" + receiver.location() + ") " + (drop ? "dropped it"
                                : "renamed it to " + r.detail()) + ", so the two sides cannot agree by themselves; make them agree with"
                        + " 'geosync gdb alter' on one side (then 'geosync replica schema-compare') and synchronize again; nothing was"
                        + " synchronized.");
            }
        }
    }

    /**
     * Refuses the sender's drop or rename of {@code old} where the receiver's field of that name is another field: one the
     * receiver gave that name itself, by a rename the sender has not made ({@code renamedThere}). Dropping or renaming it would
     * take the receiver's field, values and all, for the sender's.
     */
    private static void refuseRenamedThereOnto(List<SchemaChangeRecord> renamedThere, SchemaChangeRecord c, String dataset, String old,
            String by, String side, Geodatabase receiver, Replica to) throws GeodatabaseException {
        for (SchemaChangeRecord r : renamedThere) {
            if (r.dataset().equalsIgnoreCase(dataset) && r.detail().trim().equalsIgnoreCase(old)) {
                boolean drop = c.operation().equals(SchemaChange.Kind.DROP_FIELD.word());
                throw new GeodatabaseException("Field " + old + " of dataset " + dataset + " was " + (drop ? "dropped" : "renamed to "
                        + c.detail().trim().toUpperCase(Locale.ROOT)) + " on the " + by + " of replica " + to.getName() + ", but the " + side
                        + "'s " + old + " (" + receiver.location() + ") is another field, its " + r.field().toUpperCase(Locale.ROOT)
                        + " renamed there, so the two sides cannot agree by themselves; make them agree with 'geosync gdb alter' on one"
                        + " side (then 'geosync replica schema-compare') and synchronize again; nothing was synchronized.");
            }
        }
    }

    /** Whether a change after the {@code i}th of {@code pending} drops or renames field {@code field} of {@code dataset}. */
    private static boolean superseded(List<SchemaChangeRecord> pending, int i, String dataset, String field) {
        for (int j = i + 1; j < pending.size(); j++) {
            SchemaChangeRecord c = pending.get(j);
            if (!additive(c) && c.dataset().equalsIgnoreCase(dataset) && c.field().equalsIgnoreCase(field)) {
                return true;
            }
        }
        return false;
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
            SchemaChanges made = new SchemaChanges(g.connection(), null, null);
            for (Step s : steps) {
                made.noteMadeFrom(to.getGuid(), s.logged().id()); // made here (or needing nothing): never made again
                if (s.change() != null) {
                    g.alter(s.dataset(), s.change());
                    made.forgetLastPending(to.getGuid()); // the relative has it
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
