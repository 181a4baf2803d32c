package org.geosync.core.tests;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The intent of synchronization as an edit-history model, for {@link OracleTest}: it predicts, from the operations alone,
 * every row of every replica and every conflict that must be open.
 * <p>
 * Every local edit (a field set, a row inserted or deleted) gets a unique edit id; its history is everything its replica had
 * seen when it was made. Each replica holds, per row and field, the value and the id of the edit that wrote it, and the set
 * of edit ids it has seen. When a replica's state travels to another (a connected synchronization or an imported message),
 * for each field: an edit the receiver has seen changes nothing; an edit whose history holds the receiver's edit of that
 * field supersedes it and is taken; otherwise the two are concurrent, a conflict decided by the policy: the winner's value
 * stays or is taken as a new merge edit whose history holds both, so it supersedes the loser everywhere it travels; the
 * manual policy keeps this side's value and records an open conflict, which newer incoming edits refresh (this side keeps
 * its value) until it is resolved by a new edit that supersedes both. By row, any concurrent edit makes the whole row
 * conflict; by column, only the concurrent fields do and the others merge. A delete concurrent with an update is an
 * update/delete conflict.
 * <p>
 * Messages carry the sender's state as of the end of their range; the receiver accepts exactly the next range (the model
 * keeps each side's generation counters, as abstract numbers, only to predict which imports are accepted). Since an
 * accepted range starts at or before what the receiver has, everything older than the range is in the receiver's history,
 * so applying the sender's whole state filtered by "already seen" is the same as applying the changes in the range.
 */
final class SyncModel {

    static final String PARENT = "parent";
    /** The replicas: the parent, its children a and b, and c, a copy of a registered as a replica of its own (once registered). */
    static final String[] REPLICAS = { PARENT, "a", "b", "c" };
    /** The pairs: pair 0 is replica "a" (parent and child a), pair 1 is "b", pair 2 is "c" (the registered copy). */
    static final String[] PAIRS = { "a", "b", "c" };
    static final Map<String, List<String>> FIELDS = Map.of("PARCELS", List.of("NAME", "OWNER", "AREA", "SHAPE"), "NOTES",
            List.of("TEXT", "PRIORITY"));

    enum Policy {
        /** favour the imported (sending) side */
        TAKE,
        /** favour this database */
        KEEP,
        /** keep this side's values and record an open conflict */
        MANUAL,
        /** keep this side's values, record nothing (the second geodatabase of a manual connected synchronization) */
        SILENT
    }

    enum Kind {
        UPDATE_UPDATE, UPDATE_DELETE, DELETE_UPDATE
    }

    static final class Row {
        boolean exists;
        int existEdit;
        final Map<String, String> values = new TreeMap<>();
        final Map<String, Integer> edits = new TreeMap<>();
        /** Other replicas' deletes of the row received while it was deleted here by {@link #heldFor} (see transfer). */
        final java.util.Set<Integer> heldDeletes = new java.util.TreeSet<>();
        int heldFor = -1;

        /** The other deletes this side holds of its deleted row, if any (none once the row changed since). */
        java.util.Set<Integer> heldDeletes() {
            return heldFor == existEdit ? heldDeletes : java.util.Set.of();
        }

        Row copy() {
            Row r = new Row();
            r.exists = exists;
            r.existEdit = existEdit;
            r.heldDeletes.addAll(heldDeletes);
            r.heldFor = heldFor;
            r.values.putAll(values);
            r.edits.putAll(edits);
            return r;
        }

        @Override
        public String toString() {
            return (exists ? "" : "deleted ") + values + " edits " + edits + " @" + existEdit;
        }
    }

    /** A replica's state: its rows (dataset/GLOBALID to row, deleted rows kept as tombstones) and its history. */
    static final class State {
        final Map<String, Row> rows = new TreeMap<>();
        final BitSet seen = new BitSet();

        State copy() {
            State s = new State();
            rows.forEach((k, r) -> s.rows.put(k, r.copy()));
            s.seen.or(seen);
            return s;
        }
    }

    static final class Conflict {
        Kind kind;
        boolean byRow;
        final Set<String> fields = new LinkedHashSet<>();
        Row imported;

        @Override
        public String toString() {
            return kind + (kind == Kind.UPDATE_UPDATE && !byRow ? " " + new java.util.TreeSet<>(fields) : " (whole row)");
        }
    }

    /** One end of a replica pair: its generation counters, message state, exports and open conflicts. */
    static final class Side {
        long myGen, sibGen, sibMyGen;
        boolean sender;
        /** (from, to) of every data change message exported, re-exports included. */
        final List<long[]> exports = new ArrayList<>();
        final Map<Long, State> snapshots = new LinkedHashMap<>();
        /** What this side had received of the relative when it exported a message ending at a generation (a re-export says the same). */
        final Map<Long, Long> receivedAt = new java.util.HashMap<>();
        final Map<String, Conflict> conflicts = new TreeMap<>();
    }

    /** A data change message: the sending side, its range, whether its sender is a receiver, the sender's state at its end. */
    record Message(int pair, int from, long lo, long hi, boolean senderIsReceiver, State state, long received) {
    }

    /** An acknowledgment: what its sender had received. */
    record Ack(int pair, int from, long received) {
    }

    private final List<BitSet> history = new ArrayList<>();
    final State[] replicas = new State[4];
    final long[] generation = { 1, 1, 1, 1 };
    /** sides[pair][0] is the parent's end, sides[pair][1] the child's (null until c is registered). */
    final Side[][] sides = new Side[3][];

    /** A model of three replicas all holding {@code rows} (edit 0), parent the sender of both pairs unless told. */
    SyncModel(Map<String, Map<String, String>> rows, boolean[][] senders) {
        BitSet h0 = new BitSet();
        h0.set(0);
        history.add(h0);
        for (int i = 0; i < 3; i++) {
            State s = new State();
            s.seen.set(0);
            rows.forEach((k, v) -> {
                Row r = new Row();
                r.exists = true;
                r.values.putAll(v);
                v.keySet().forEach(f -> r.edits.put(f, 0));
                s.rows.put(k, r);
            });
            replicas[i] = s;
        }
        sweep();
        for (int p = 0; p < 2; p++) {
            sides[p] = new Side[2];
            for (int e = 0; e < 2; e++) {
                sides[p][e] = new Side();
                sides[p][e].sender = senders[p][e];
            }
        }
    }

    /** Whether replica (index) {@code r} exists: c only once registered. */
    boolean present(int r) {
        return replicas[r] != null;
    }

    int pairs() {
        return sides[2] == null ? 2 : 3;
    }

    /**
     * Registers c, a byte copy of a, as a replica of its own: it holds a's rows and history; the parent's new record
     * starts from what a had received (the parent has sent it everything up to there), and takes what a had
     * acknowledged as received from the copy; the copy's record is a's. Null, or a refusal's expected words.
     */
    /** What {@link #register} says of a registration the scenarios never make (c exists, or a is in conflict). */
    static final String NOT_GENERATED = "already exists, or a's conflicts would go with the copy";

    String register() {
        if (present(3) || !sides[0][1].conflicts.isEmpty()) {
            return NOT_GENERATED;
        }
        if (!sides[0][0].conflicts.isEmpty()) {
            return "open conflicts with replica a"; // the parent has not decided on a's edits in them
        }
        if (lastWrite[1] > sides[0][0].sibGen) {
            return "has not received from it"; // a wrote in a generation the parent does not record as received
        }
        for (Logged l : log) {
            if (keepMarks.contains(l) && sameRow(replicas[1].rows.get(l.key()), replicas[0].rows.get(l.key()))) {
                continue; // a decision to keep a's row, which the parent holds now: no mark to send
            }
            if (l.replica() == 1 && l.from() < 0 && l.generation() > sides[0][0].sibGen) {
                // a change of a's own in a generation the parent does not record as received (the engine's change log): both
                // would send it
                return "has not received from it";
            }
        }
        replicas[3] = replicas[1].copy();
        cloneUnsent();
        // the copy notes the generation it was copied at and closes it: what it holds up to there was a's to send
        long copied = generation[1];
        generation[3] = copied + 1;
        copyPoint = copied;
        Side pa = sides[0][0], ca = sides[0][1];
        Side p = new Side(), c = new Side();
        p.myGen = ca.sibGen;
        p.sibMyGen = ca.sibGen;
        p.sibGen = ca.sibMyGen;
        p.sender = pa.sender;
        c.myGen = Math.max(ca.myGen, copied);
        c.sibGen = ca.sibGen;
        c.sibMyGen = ca.sibMyGen;
        c.sender = ca.sender;
        ca.snapshots.forEach((g, st) -> c.snapshots.put(g, cloned(st)));
        c.snapshots.put(copied, replicas[3].copy());
        sides[2] = new Side[] { p, c };
        sweep(); // c's rows as registered: its later edits are changes of its own (its change log)
        return null;
    }

    /**
     * The copy's own edit for each edit of a's the parent had not received when c was copied (see {@link #cloneUnsent}):
     * clone to original.
     */
    private final Map<Integer, Integer> copyOf = new java.util.HashMap<>();
    private final Map<Integer, Integer> cloneOf = new java.util.HashMap<>();

    /**
     * The edits a held that the parent had not received become c's own (an edit of its own id, the same value and place in
     * history): the copy sends them as its edits, and a decision the parent makes against them in an exchange with c binds c
     * only; a sending the same edit later has it judged in its own exchange. What the parent received from a (before or after
     * the copy) it holds of c too: an edit that knows the original knows its copy ({@link #seen}, {@link #supersedes}).
     */
    private void cloneUnsent() {
        java.util.TreeSet<Integer> unsent = new java.util.TreeSet<>();
        for (int e = replicas[1].seen.nextSetBit(0); e >= 0; e = replicas[1].seen.nextSetBit(e + 1)) {
            if (!replicas[0].seen.get(e)) {
                unsent.add(e);
            }
        }
        for (int e : unsent) { // in order of creation: a clone's history names the clones of the earlier ones
            int id = history.size();
            history.add(new BitSet());
            cloneOf.put(e, id);
            copyOf.put(id, e);
        }
        for (int e : unsent) {
            history.set(cloneOf.get(e), mapped(history.get(e)));
            if (resolutions.get(e)) {
                resolutions.set(cloneOf.get(e));
            }
            Taken t = taken.get(e);
            if (t != null && t.replica == 1) {
                taken.put(cloneOf.get(e), new Taken(3, 2, mapped(t.edits)));
            }
            Taken k = keptRow.get(e);
            if (k != null && k.replica == 1) {
                keptRow.put(cloneOf.get(e), new Taken(3, 2, mapped(k.edits)));
            }
        }
        replicas[3] = cloned(replicas[3]);
    }

    private BitSet mapped(BitSet edits) {
        BitSet m = new BitSet();
        for (int e = edits.nextSetBit(0); e >= 0; e = edits.nextSetBit(e + 1)) {
            m.set(cloneOf.getOrDefault(e, e));
        }
        return m;
    }

    private State cloned(State st) {
        State s = st.copy();
        s.seen.clear();
        s.seen.or(mapped(st.seen));
        for (Row r : s.rows.values()) {
            r.existEdit = cloneOf.getOrDefault(r.existEdit, r.existEdit);
            r.edits.replaceAll((f, e) -> cloneOf.getOrDefault(e, e));
        }
        return s;
    }

    /** Whether {@code known} (a history or what a side has seen) holds edit {@code e}, or the original edit of the copy's clone. */
    private boolean knows(BitSet known, int e) {
        Integer original = copyOf.get(e);
        return known.get(e) || original != null && known.get(original);
    }

    /** Whether two replicas hold a row alike: both without it, or both with the same values. */
    private static boolean sameRow(Row a, Row b) {
        boolean hasA = a != null && a.exists, hasB = b != null && b.exists;
        return hasA == hasB && (!hasA || a.values.equals(b.values));
    }

    /** The generation c was copied at (-1 before it is registered). */
    private long copyPoint = -1;

    /** Before the parent exchanges with c: what it received from a up to the copy point it holds of c too. */
    private void catchUp(int pair) {
        if (pair == 2 && copyPoint >= 0) {
            Side p = sides[2][0];
            p.sibGen = Math.max(p.sibGen, Math.min(sides[0][0].sibGen, copyPoint));
        }
    }

    static int replicaOf(int pair, int end) {
        return end == 0 ? 0 : pair + 1;
    }

    static int endOf(int pair, int replica) {
        return replica == 0 ? 0 : 1;
    }

    Side side(int pair, int replica) {
        return sides[pair][endOf(pair, replica)];
    }

    boolean inConflict(int pair, int replica) {
        return !side(pair, replica).conflicts.isEmpty();
    }

    /** The value every edit wrote, per row and field (to find the value of two edits' common ancestor). */
    private final Map<String, TreeMap<Integer, String>> written = new java.util.HashMap<>();

    /**
     * When each replica came to hold each edit of a field: replica, row and field, edit, to the number of edits made by then
     * (an edit made later has a higher id).
     */
    private final Map<String, Integer> acquired = new java.util.HashMap<>();

    /**
     * Edits a replica received and overruled by its policy, keeping its own value of the field (replica, row and field, edit):
     * the replica has had the value, so a resolution elsewhere that re-asserts it is no edit of the field for that replica.
     */
    private final Set<String> overruled = new java.util.HashSet<>();

    /**
     * Records the value of every edit the replicas hold, and when each replica came to hold it (called after each operation:
     * an edit's value never changes).
     */
    private void sweep() {
        for (int i = 0; i < replicas.length; i++) {
            State st = replicas[i];
            if (st == null) {
                continue;
            }
            int replica = i;
            st.rows.forEach((k, r) -> {
                if (!r.exists) {
                    deleteEdits.set(r.existEdit);
                }
                if (r.existEdit != 0) {
                    rowOf.putIfAbsent(r.existEdit, k);
                }
                r.edits.values().forEach(e -> {
                    if (e != 0) {
                        rowOf.putIfAbsent(e, k);
                    }
                });
                r.edits.forEach((f, e) -> {
                    written.computeIfAbsent(k + "|" + f, x -> new TreeMap<>()).putIfAbsent(e, r.values.get(f));
                    acquired.putIfAbsent(replica + "|" + k + "|" + f + "|" + e, history.size());
                });
                String now = r.exists + " " + r.values;
                String was = lastSeen.put(replica + "|" + k, now);
                if (was != null && !was.equals(now) || was == null && logSource >= 0) {
                    // what a transfer writes lands in the generation the exchange opened (the engine closes the current one first)
                    log.add(new Logged(replica, k, generation[replica] + (logSource >= 0 ? 1 : 0), logSource));
                }
            });
        }
    }

    /** The edits that deleted a row (a replica held the row deleted by them). */
    private final BitSet deleteEdits = new BitSet();

    /**
     * Whether two existing rows have no common state: each exists again after a delete both know of (one side kept its row
     * against the delete, the other took it back from elsewhere), neither knowing the other's return. The last state the two
     * had in common is the delete, so every field in which they differ is in conflict.
     */
    private boolean noCommonState(Row x, Row y) {
        if (!x.exists || !y.exists || x.existEdit == y.existEdit || knows(history.get(x.existEdit), y.existEdit)
                || knows(history.get(y.existEdit), x.existEdit)) {
            return false;
        }
        BitSet both = (BitSet) history.get(x.existEdit).clone();
        both.and(history.get(y.existEdit));
        both.and(deleteEdits);
        return !both.isEmpty();
    }

    /**
     * The value of the latest edit of a field that both {@code xe} and {@code ye} have in their history and, in a transfer, one of
     * its two replicas held (the other knowing it): an edit of a third replica that both knew of only because a conflict kept it
     * out was never a value the two had in common.
     */
    private String ancestorValue(String key, String field, int xe, int ye) {
        TreeMap<Integer, String> w = written.get(key + "|" + field);
        int relative = transferTarget < 0 ? -1 : transferTarget == 0 ? transferPair + 1 : 0;
        if (w != null) {
            for (Map.Entry<Integer, String> e : w.descendingMap().entrySet()) {
                if (builtOn(xe, e.getKey()) && builtOn(ye, e.getKey())
                        && (relative < 0 || e.getKey() == 0 || held(transferTarget, key, field, e.getKey()) || held(relative, key, field, e.getKey()))) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /**
     * Whether edit {@code x} was made knowing edit {@code e}; between the parent and c, an edit made on c's clone of an
     * original edit builds on the original too (see {@link #supersedes}).
     */
    private boolean builtOn(int x, int e) {
        Integer clone = cloneOf.get(e);
        return history.get(x).get(e) || transferPair == 2 && clone != null && history.get(x).get(clone);
    }

    /** Whether {@code replica} held edit {@code e} of the field at some time (or its copy's clone of it, or the clone's original). */
    private boolean held(int replica, String key, String field, int e) {
        String at = replica + "|" + key + "|" + field + "|";
        Integer clone = cloneOf.get(e), original = copyOf.get(e);
        return holds(at + e) || clone != null && holds(at + clone) || original != null && holds(at + original);
    }

    /**
     * Whether edit {@code e} is a resolution that wrote a value replica {@code other} never held: an edit of the field for that
     * replica whatever the common ancestor (a resolution that re-asserts a value the other side held is no edit of it for them).
     */
    private boolean resolutionNewTo(int e, int other, String key, String field, String value) {
        if (!resolutions.get(e) || other < 0) {
            return false;
        }
        TreeMap<Integer, String> w = written.get(key + "|" + field);
        if (w != null) {
            for (Map.Entry<Integer, String> x : w.entrySet()) {
                String at = other + "|" + key + "|" + field + "|" + x.getKey();
                if (x.getKey() != e && value.equals(x.getValue()) && (x.getKey() == 0 || holds(at) || overruled.contains(at))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the replica, row, field and edit of {@code at} (see {@link #acquired}) came to be held by the replica (before
     * the synchronization under way, while {@link #heldBefore} is set).
     */
    private boolean holds(String at) {
        return heldBefore == null ? acquired.containsKey(at) : heldBefore.contains(at);
    }

    /**
     * While a synchronization judges what the second side sent: what the replicas held before it began (the second side sent
     * the state it had then, not what it took from the first a moment ago). Null otherwise.
     */
    private Set<String> heldBefore;

    private int newEdit(BitSet past) {
        int id = history.size();
        BitSet h = (BitSet) past.clone();
        h.set(id);
        history.add(h);
        return id;
    }

    /**
     * Whether edit {@code later} supersedes {@code earlier}: its history holds it, or {@code earlier} is a decision made in
     * the pair under way to take the other side's version, and {@code later} builds on every edit that decision took. Between
     * the two sides of that pair the decision is the version it took: a side that took the relative's version holds that
     * version, so the relative's later edits of it are no conflict, and the edit the decision overruled is settled already.
     */
    private boolean supersedes(int later, int earlier) {
        if (later == earlier || knows(history.get(later), earlier)) {
            return true;
        }
        // between the parent and c: c held the original's edit as its own (its clone), so an edit c made on it builds on it,
        // whichever of a and c sent it to the parent first (a decision of c's that took the parent's version went against it)
        Integer clone = cloneOf.get(earlier);
        if (transferPair == 2 && clone != null && history.get(later).get(clone) && !taken.containsKey(later)) {
            return true;
        }
        if (settledForCopy(earlier, orderingRow)) {
            return true;
        }
        // between the parent and a: an edit made on c's clone of a's edit builds on a's edit, on the parent (which holds a's edit
        // as common through c), and on a once a knows that the parent holds its edit (what the parent acknowledged covers it)
        if (transferPair == 0 && clone != null && history.get(later).get(clone) && !taken.containsKey(later)
                && (transferTarget == 0 || transferTarget == 1 && madeAt.getOrDefault(earlier, Long.MAX_VALUE) <= sides[0][1].sibMyGen)) {
            return true;
        }
        Taken t = taken.get(earlier);
        if (t != null && t.pair == transferPair && holdsAll(history.get(later), t.edits) && !retracts(earlier, later)) {
            return true; // (a decision that took the version a resolution overruled is no later version than the resolution)
        }
        // a decision that kept this side's row against one relative is no change for the others: an edit of another pair that
        // builds on every edit the decision kept supersedes it
        Taken k = keptRow.get(earlier);
        return k != null && transferPair >= 0 && !boundBy(k.pair) && holdsAll(history.get(later), k.edits);
    }

    /**
     * Whether a decision made in {@code pair} binds the pair under way: its own, and, for c, a's (the parent's decisions with
     * the original count for its copy, which held what the original held; a decision with the copy binds the copy only).
     */
    private boolean boundBy(int pair) {
        return pair == transferPair || pair == 0 && transferPair == 2 && copyPoint >= 0;
    }

    /**
     * Whether, the parent sending to c, c's edit {@code e} is its clone of an original edit the parent has received from a
     * (its generations up to there are c's too, so c never sends it): the parent's row, unless a conflict on {@code key} with a
     * is still open, is what became of that version there (taken, or decided against, by the parent or by a before sending).
     */
    private boolean settledForCopy(int e, String key) {
        Integer original = copyOf.get(e);
        return transferPair == 2 && transferTarget == 3 && original != null && replicas[0].seen.get(original)
                && (key == null || !sides[0][0].conflicts.containsKey(key));
    }

    /** Decisions that kept this side's row against a relative's delete or update: made in {@code pair}, keeping {@code edits}. */
    private final Map<Integer, Taken> keptRow = new java.util.HashMap<>();

    /**
     * Whether a side that has seen {@code seen} has, in effect, seen edit {@code e}: it has, or {@code e} is a decision made in
     * the pair under way to take edits all of which it has seen (the decision took this side's own version).
     */
    private boolean seen(BitSet seen, int e) {
        if (knows(seen, e)) {
            return true;
        }
        // the parent judging a's edits: a's edit the parent received from c, as c's clone of it, it holds as common with a
        Integer clone = cloneOf.get(e);
        if (transferPair == 0 && transferTarget == 0 && clone != null && seen.get(clone)) {
            return true;
        }
        Taken t = taken.get(e);
        if (t != null && t.pair == transferPair && holdsAll(seen, t.edits)) {
            return true;
        }
        // a decision that kept this side's row (or its delete) against another relative is no change for this one: it has
        // seen the decision when it has seen the row the decision kept
        Taken k = keptRow.get(e);
        return k != null && transferPair >= 0 && !boundBy(k.pair) && holdsAll(seen, k.edits);
    }

    /**
     * A side takes edit {@code later} over {@code earlier}. When it does so only because {@code earlier} is a decision that took
     * this pair's relative's version (not because {@code later} knew it), the side has now ordered the two: from here on,
     * wherever they meet (in another pair too), {@code later} and every edit made knowing it supersede {@code earlier}.
     */
    /** The row of every edit (set when an operation ends, see {@link #sweep}, and when a transfer makes a decision). */
    private final Map<Integer, String> rowOf = new java.util.HashMap<>();
    /** The row a transfer is judging (null outside one). */
    private String orderingRow;

    private void adopt(Integer later, Integer earlier) {
        if (later != null && earlier != null && supersedes(later, earlier)) {
            order(later, earlier);
        }
    }

    /**
     * A side replaces its edit {@code earlier} by {@code later} (it took {@code later}, or a delete settled its row): from here on,
     * wherever they meet, {@code later} and every edit made knowing it supersede {@code earlier} and all it knew. The side's
     * relatives judge what it sends after this knowing that it had received {@code earlier} (a relative whose edit this side
     * had received, and decided on, takes this side's later version of the row without a conflict).
     */
    private void order(Integer later, Integer earlier) {
        if (later == null || earlier == null || later.equals(earlier) || history.get(later).get(earlier) || history.get(earlier).get(later)) {
            return;
        }
        // all it knew of this row: a decision's history holds everything both sides had seen, edits of other rows too, which
        // an edit of another row made knowing {@code later} must not come to know by this (it would hide a conflict there)
        BitSet before = (BitSet) history.get(earlier).clone();
        if (orderingRow != null) {
            for (int e = before.nextSetBit(1); e >= 0; e = before.nextSetBit(e + 1)) {
                String row = rowOf.get(e);
                if (row != null && !row.equals(orderingRow)) {
                    before.clear(e);
                }
            }
        }
        for (BitSet h : history) {
            if (h.get(later)) {
                h.or(before);
            }
        }
    }

    private static boolean holdsAll(BitSet set, BitSet edits) {
        BitSet missing = (BitSet) edits.clone();
        missing.andNot(set);
        return missing.isEmpty();
    }

    /** A decision that took the relative's version: made by {@code replica} in {@code pair}, taking {@code edits}. */
    private record Taken(int replica, int pair, BitSet edits) {
    }

    private final Map<Integer, Taken> taken = new java.util.HashMap<>();
    /** The edits that are resolutions of conflicts. */
    private final BitSet resolutions = new BitSet();
    /** The replica and pair of the transfer under way (-1 outside one). */
    private int transferTarget = -1, transferPair = -1;

    private void took(int merge, int... edits) {
        Taken t = taken.computeIfAbsent(merge, m -> new Taken(transferTarget, transferPair, new BitSet()));
        for (int e : edits) {
            t.edits.set(e);
        }
    }

    // ---- local edits ---------------------------------------------------------------------------

    /** The generation each local edit was made in, on its replica. */
    private final Map<Integer, Long> madeAt = new java.util.HashMap<>();

    /**
     * The generation of each replica's last local write (an edit, a resolution, or a write of the value a field has, which
     * changes nothing but is in the engine's change log): what a registration of a copy looks at.
     */
    private final long[] lastWrite = { -1, -1, -1, -1 };

    void set(int replica, String key, String field, String value) {
        State s = replicas[replica];
        Row r = s.rows.get(key);
        lastWrite[replica] = Math.max(lastWrite[replica], generation[replica]);
        if (value.equals(r.values.get(field))) {
            return; // the value it has: no edit (a field counts as changed only when its value differs)
        }
        int e = newEdit(s.seen);
        madeAt.put(e, generation[replica]);
        s.seen.set(e);
        r.values.put(field, value);
        r.edits.put(field, e);
        sweep();
    }

    void insert(int replica, String key, Map<String, String> values) {
        State s = replicas[replica];
        lastWrite[replica] = Math.max(lastWrite[replica], generation[replica]);
        int e = newEdit(s.seen);
        madeAt.put(e, generation[replica]);
        s.seen.set(e);
        Row r = new Row();
        r.exists = true;
        r.existEdit = e;
        r.values.putAll(values);
        values.keySet().forEach(f -> r.edits.put(f, e));
        s.rows.put(key, r);
        logMark(replica, key);
        sweep();
    }

    void delete(int replica, String key) {
        State s = replicas[replica];
        lastWrite[replica] = Math.max(lastWrite[replica], generation[replica]);
        Row r = s.rows.get(key);
        int e = newEdit(s.seen);
        madeAt.put(e, generation[replica]);
        s.seen.set(e);
        r.exists = false;
        r.existEdit = e;
        sweep();
    }

    boolean exists(int replica, String key) {
        Row r = replicas[replica].rows.get(key);
        return r != null && r.exists;
    }

    // ---- travel ----------------------------------------------------------------------------------

    private boolean allSeen(Row x, BitSet seen) {
        if (!seen(seen, x.existEdit)) {
            return false;
        }
        if (!x.exists) {
            return true; // a deleted row is its delete: the field edits it carries from before are settled by it
        }
        for (int e : x.edits.values()) {
            if (!seen(seen, e)) {
                return false;
            }
        }
        return true;
    }

    /** Applies {@code source} (a state of the relative in {@code pair}) to {@code target} with {@code policy}; returns the merges made. */
    BitSet transfer(State source, int target, int pair, Policy policy, boolean byRow) {
        transferTarget = target;
        transferPair = pair;
        logSource = target == 0 ? pair + 1 : 0;
        try {
            return transfer(source, target, pair, policy, byRow, replicas[target]);
        } finally {
            transferTarget = -1;
            transferPair = -1;
            logSource = -1;
            orderingRow = null;
        }
    }

    private BitSet transfer(State source, int target, int pair, Policy policy, boolean byRow, State y) {
        Side ys = side(pair, target);
        BitSet seenBefore = (BitSet) y.seen.clone();
        BitSet both = (BitSet) y.seen.clone();
        both.or(source.seen);
        BitSet merges = new BitSet();
        for (Map.Entry<String, Row> e : source.rows.entrySet()) {
            String key = e.getKey();
            Row x = e.getValue();
            Row yr = y.rows.get(key);
            if (skip.contains(key)) {
                continue;
            }
            if (yr != null && overrules(x.existEdit, yr.existEdit)) {
                order(x.existEdit, yr.existEdit);
                y.rows.put(key, x.copy()); // the relative's resolution against the version this side took: it is the later one
                continue;
            }
            if (yr != null && x.exists && yr.exists) {
                List<String> resolved = new ArrayList<>();
                x.edits.forEach((f, xe) -> {
                    if (overrules(xe, yr.edits.get(f))) {
                        resolved.add(f);
                    }
                });
                take(x, yr, resolved);
            }
            if (allSeen(x, seenBefore) && (yr == null || movedOn(key, x, yr).isEmpty())) {
                continue;
            }
            if (yr == null) {
                y.rows.put(key, x.copy());
                continue;
            }
            if (!x.exists && !yr.exists) {
                // deleted on both sides: this side now holds the relative's delete too, so a row it takes later (another
                // replica's, brought back against its delete) it takes knowing that delete: for the relative it is a later
                // version, no conflict
                java.util.Set<Integer> held = new java.util.TreeSet<>(yr.heldDeletes());
                held.add(x.existEdit);
                held.addAll(x.heldDeletes());
                held.remove(yr.existEdit);
                yr.heldDeletes.clear();
                yr.heldDeletes.addAll(held);
                yr.heldFor = yr.existEdit;
                continue;
            }
            orderingRow = key;
            Conflict open = ys.conflicts.get(key);
            if (open != null) {
                refresh(open, x, yr, seenBefore, byRow);
                continue;
            }
            int[] merge = { -1 };
            java.util.function.IntSupplier m = () -> {
                if (merge[0] < 0) {
                    merge[0] = newEdit(both);
                    merges.set(merge[0]);
                    rowOf.put(merge[0], key);
                }
                return merge[0];
            };
            if (!x.exists) { // deleted there
                if (allSuperseded(yr, x.existEdit) || unchangedSince(key, yr, x.existEdit)) {
                    order(x.existEdit, yr.existEdit);
                    for (int fe : yr.edits.values()) {
                        order(x.existEdit, fe); // the delete now supersedes every edit of the row it settled here
                    }
                    yr.exists = false;
                    yr.existEdit = x.existEdit;
                } else {
                    decide(key, ys, Kind.UPDATE_DELETE, x, yr, null, policy, byRow, m);
                }
            } else if (!yr.exists) { // deleted here
                if (supersedes(x.existEdit, yr.existEdit)) {
                    adopt(x.existEdit, yr.existEdit);
                    for (int d : yr.heldDeletes()) {
                        order(x.existEdit, d); // taken here knowing the other deletes this side held
                    }
                    y.rows.put(key, x.copy());
                } else if (allSuperseded(x, yr.existEdit) || unchangedSince(key, x, yr.existEdit)) {
                    continue; // the relative's row is as this side's delete found it: no update, the delete stays (and goes there)
                } else {
                    decide(key, ys, Kind.DELETE_UPDATE, x, yr, null, policy, byRow, m);
                }
            } else {
                if (noCommonState(x, yr)) {
                    // no common state since a delete: every field in which the two rows differ is in conflict
                    List<String> differ = differing(x, yr);
                    if (!differ.isEmpty()) {
                        decide(key, ys, Kind.UPDATE_UPDATE, x, yr, byRow ? null : differ, policy, byRow, m);
                    }
                    continue;
                }
                List<String> fresh = new ArrayList<>(), concurrent = new ArrayList<>();
                List<Integer> yEdits = new ArrayList<>(yr.edits.values());
                BitSet known = new BitSet();
                for (Map.Entry<String, Integer> f : x.edits.entrySet()) {
                    String field = f.getKey();
                    int xe = f.getValue(), ye = yr.edits.get(field);
                    known.or(history.get(xe));
                    if (xe != ye && seen(seenBefore, xe) && movedOn(key, x, yr).contains(field)) {
                        fresh.add(field); // the relative moved on from the version a decision here took: its value is later
                        continue;
                    }
                    if (xe != ye && settledForCopy(ye, key) && !x.values.get(field).equals(yr.values.get(field))) {
                        fresh.add(field); // c still holds its clone of a version the parent settled (see settledForCopy)
                        continue;
                    }
                    if (!seen(seenBefore, xe) && xe != ye) {
                        if (x.values.get(field).equals(yr.values.get(field))) {
                            // the same value on both sides: nothing to take and no conflict, but this side now knows both edits
                            yr.edits.put(field, supersedes(xe, ye) ? xe : supersedes(ye, xe) ? ye : m.getAsInt());
                            continue;
                        }
                        if (!supersedes(xe, ye)) {
                            // concurrent: a side whose value is the common ancestor's did not change the field
                            // (a resolution that wrote a value the other side never held is an edit of the field whatever the ancestor)
                            String ancestor = ancestorValue(key, field, xe, ye);
                            int relative = target == 0 ? pair + 1 : 0;
                            if (x.values.get(field).equals(ancestor) && !resolutionNewTo(xe, target, key, field, x.values.get(field))) {
                                continue; // unchanged there: this side's edit stays (and goes there later)
                            }
                            if (!yr.values.get(field).equals(ancestor) || resolutionNewTo(ye, relative, key, field, yr.values.get(field))) {
                                concurrent.add(field);
                            }
                        }
                        fresh.add(field);
                    }
                }
                if (fresh.isEmpty()) {
                    continue;
                }
                if (byRow) {
                    // by row: fields changed on both sides since their common ancestor (edits the sender had not seen)
                    boolean conflict = !concurrent.isEmpty();
                    int i = 0;
                    for (Map.Entry<String, Integer> f : x.edits.entrySet()) {
                        int ye = yEdits.get(i++), xe = f.getValue();
                        if (!knows(known, ye) && !supersededByAny(x, ye) && (!yr.values.get(f.getKey()).equals(ancestorValue(key, f.getKey(), xe, ye))
                                || resolutionNewTo(ye, target == 0 ? pair + 1 : 0, key, f.getKey(), yr.values.get(f.getKey())))
                                && !yr.values.get(f.getKey()).equals(x.values.get(f.getKey()))) { // the same value on both sides is no conflicting edit
                            conflict = true;
                        }
                    }
                    if (conflict) {
                        decide(key, ys, Kind.UPDATE_UPDATE, x, yr, null, policy, true, m);
                    } else {
                        take(x, yr, fresh);
                    }
                } else {
                    List<String> merged = new ArrayList<>(fresh);
                    merged.removeAll(concurrent);
                    take(x, yr, merged);
                    if (!concurrent.isEmpty()) {
                        decide(key, ys, Kind.UPDATE_UPDATE, x, yr, concurrent, policy, false, m);
                    }
                }
            }
        }
        y.seen.or(source.seen);
        for (String key : skip) {
            Row x = source.rows.get(key);
            if (x != null) {
                // left alone: this side has not got these edits (the sender's verdict on the row brings them)
                BitSet unseen = new BitSet();
                unseen.set(x.existEdit);
                x.edits.values().forEach(unseen::set);
                unseen.andNot(seenBefore);
                y.seen.andNot(unseen);
            }
        }
        y.seen.or(merges);
        sweep();
        return merges;
    }

    /**
     * The fields of {@code y} that hold a decision made here, in the pair under way, to take the relative's version, where the
     * relative {@code x} now holds another edit with another value: the relative moved on from the version the decision took
     * (it changed the field after the message the decision judged, even to an edit this side had made), so its value is the
     * later one between the two sides, whatever this side had seen.
     */
    private List<String> movedOn(String key, Row x, Row y) {
        List<String> fields = new ArrayList<>();
        if (!x.exists || !y.exists) {
            return fields;
        }
        for (Map.Entry<String, Integer> f : y.edits.entrySet()) {
            Taken t = taken.get(f.getValue());
            Integer xe = x.edits.get(f.getKey());
            if (t != null && t.replica == transferTarget && t.pair == transferPair && xe != null && !t.edits.get(xe)
                    && !xe.equals(f.getValue()) && !java.util.Objects.equals(x.values.get(f.getKey()), y.values.get(f.getKey()))
                    && acquiredBefore(key, f.getKey(), xe, f.getValue()) && !retracts(f.getValue(), xe)) {
                fields.add(f.getKey());
            }
        }
        return fields;
    }

    /**
     * Whether the relative of the transfer under way came to hold edit {@code xe} of the field before edit {@code decision}
     * was made here: its verdict came first, and the later judgement here (of an older message) yields to it. An edit it came
     * to hold after the decision (by judging an older message of this side's itself) is no later version of the relative's.
     */
    private boolean acquiredBefore(String key, String field, int xe, int decision) {
        if (key == null) {
            return true;
        }
        int relative = transferTarget == 0 ? transferPair + 1 : 0;
        Integer at = acquired.get(relative + "|" + key + "|" + field + "|" + xe);
        return at == null || at <= decision;
    }

    /**
     * Whether the relative's edit {@code r} is a resolution, made in the pair under way, that took this side's version against
     * the relative's own edit, while this side has since taken that very edit of the relative's by a decision {@code mine} of
     * this pair (an older message of the relative's, judged here after the relative stored its conflict). The resolution was
     * made knowing every edit that decision took, and that decision was the relative's version, which the relative's
     * resolution replaced: the resolution is the later version, and wins against the edit it overruled wherever it travels.
     */
    private boolean overrules(Integer r, Integer mine) {
        Taken decision = mine == null ? null : taken.get(mine);
        return retracts(r, mine) && decision.pair == transferPair && decision.replica == transferTarget;
    }

    /**
     * Whether resolution {@code r}, which took the relative's version, was made knowing every edit that the relative's decision
     * {@code d} (of the same pair, not known to the resolution) took: {@code d} took the very version {@code r} overruled.
     */
    private boolean retracts(Integer r, Integer d) {
        if (r == null || d == null || !resolutions.get(r)) {
            return false;
        }
        Taken resolution = taken.get(r), decision = taken.get(d);
        return resolution != null && decision != null && resolution.pair == decision.pair && resolution.replica != decision.replica
                && holdsAll(history.get(r), decision.edits) && !knows(history.get(r), d);
    }

    /** The fields in which two existing rows hold different values. */
    private static List<String> differing(Row x, Row y) {
        List<String> d = new ArrayList<>();
        for (String f : x.values.keySet()) {
            if (!java.util.Objects.equals(x.values.get(f), y.values.get(f))) {
                d.add(f);
            }
        }
        return d;
    }

    private boolean allSuperseded(Row r, int by) {
        if (!supersedes(by, r.existEdit)) {
            return false;
        }
        for (int e : r.edits.values()) {
            if (!supersedes(by, e)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether existing row {@code r} holds, in every field, the value of the common ancestor of its edit and the delete
     * {@code delete}: edits that end where the deleting side's copy began are no update, so they do not conflict with the delete.
     */
    private boolean unchangedSince(String key, Row r, int delete) {
        if (!r.exists) {
            return false;
        }
        for (Map.Entry<String, Integer> f : r.edits.entrySet()) {
            if (resolutions.get(f.getValue()) && !history.get(delete).get(f.getValue())) {
                return false; // a resolution is an edit of the row, whatever values it took
            }
            if (!history.get(delete).get(f.getValue()) && !java.util.Objects.equals(r.values.get(f.getKey()), ancestorValue(key, f.getKey(), delete, f.getValue()))) {
                return false;
            }
        }
        return history.get(delete).get(r.existEdit);
    }

    private boolean supersededByAny(Row x, int edit) {
        for (int e : x.edits.values()) {
            if (supersedes(e, edit)) {
                return true;
            }
        }
        return false;
    }

    private void take(Row x, Row y, List<String> fields) {
        for (String f : fields) {
            order(x.edits.get(f), y.edits.get(f));
            y.values.put(f, x.values.get(f));
            y.edits.put(f, x.edits.get(f));
        }
    }

    /** A conflict on row {@code key}: {@code fields} concurrent (by column), or the whole row (null). */
    private void decide(String key, Side ys, Kind kind, Row x, Row y, List<String> fields, Policy policy, boolean byRow,
            java.util.function.IntSupplier merge) {
        switch (policy) {
            case TAKE -> {
                switch (kind) {
                    case UPDATE_DELETE -> {
                        y.exists = false;
                        y.existEdit = merge.getAsInt();
                        took(y.existEdit, x.existEdit);
                    }
                    case DELETE_UPDATE -> {
                        // the relative's row comes back whole, as a decision on the whole row: a third replica's edit of a field
                        // that the delete had superseded does not outlive it
                        Row r = x.copy();
                        r.existEdit = merge.getAsInt();
                        took(r.existEdit, x.existEdit);
                        took(r.existEdit, x.edits.values().stream().mapToInt(Integer::intValue).toArray());
                        r.edits.replaceAll((f, e) -> r.existEdit);
                        y.exists = true;
                        y.existEdit = r.existEdit;
                        y.values.clear();
                        y.values.putAll(r.values);
                        y.edits.clear();
                        y.edits.putAll(r.edits);
                    }
                    case UPDATE_UPDATE -> {
                        for (String f : fields == null ? List.copyOf(x.edits.keySet()) : fields) {
                            int xe = x.edits.get(f), ye = y.edits.get(f);
                            y.values.put(f, x.values.get(f));
                            if (supersedes(xe, ye)) {
                                y.edits.put(f, xe);
                            } else {
                                y.edits.put(f, merge.getAsInt());
                                took(merge.getAsInt(), xe);
                            }
                        }
                    }
                }
            }
            case KEEP -> {
                keptAny = true;
                logMark(transferTarget, key);
                keepMarks.add(log.get(log.size() - 1));
                switch (kind) {
                    case UPDATE_DELETE, DELETE_UPDATE -> {
                        Taken k = keptRow.computeIfAbsent(merge.getAsInt(), m -> new Taken(transferTarget, transferPair, new BitSet()));
                        k.edits.set(y.existEdit);
                        if (y.exists) {
                            y.edits.values().forEach(k.edits::set);
                        }
                        y.existEdit = merge.getAsInt();
                    }
                    case UPDATE_UPDATE -> {
                        for (String f : fields == null ? List.copyOf(x.edits.keySet()) : fields) {
                            int xe = x.edits.get(f), ye = y.edits.get(f);
                            if (!supersedes(ye, xe)) {
                                y.edits.put(f, merge.getAsInt());
                            }
                            overruled.add(transferTarget + "|" + key + "|" + f + "|" + xe);
                        }
                    }
                }
            }
            case MANUAL -> {
                Conflict c = new Conflict();
                c.kind = kind;
                c.byRow = kind != Kind.UPDATE_UPDATE || byRow;
                // by row, the fields in which the two rows differ are in conflict (an edit of another field made here later
                // is not undone by the resolution)
                c.fields.addAll(kind == Kind.UPDATE_UPDATE && byRow ? differing(x, y) : c.byRow ? x.edits.keySet() : fields);
                c.imported = x.copy();
                ys.conflicts.put(key, c);
            }
            case SILENT -> {
                // this side keeps its values; the first geodatabase holds the conflict
                keptAny = true;
                if (unsettled != null) {
                    unsettled.set(x.existEdit);
                    x.edits.values().forEach(unsettled::set);
                }
                if (unsettled == null) {
                    keptForCopy(kind, x, y, fields); // (a synchronization that failed before a committed decided nothing)
                }
            }
        }
    }

    /**
     * The parent kept its values against a's edits in a manual synchronization (a holds the conflict): for c, which held
     * those edits as its own when copied (clones), this is the parent's decision against them. The parent counts what it
     * received from a as received from c too (c never sends them), so c takes the parent's version, while a's own edits wait
     * for a's review. The parent's edit of each such field (or of the row) now knows the clone, not the original.
     */
    private void keptForCopy(Kind kind, Row x, Row y, List<String> fields) {
        if (copyPoint < 0 || transferPair != 0 || transferTarget != 0) {
            return;
        }
        if (kind == Kind.UPDATE_UPDATE) {
            for (String f : fields == null ? List.copyOf(x.edits.keySet()) : fields) {
                Integer clone = cloneOf.get(x.edits.get(f));
                int ye = y.edits.get(f);
                if (clone != null && !history.get(ye).get(clone)) {
                    BitSet h = (BitSet) history.get(ye).clone();
                    h.or(history.get(clone));
                    y.edits.put(f, newEdit(h));
                    replicas[0].seen.set(y.edits.get(f));
                }
            }
            return;
        }
        BitSet clones = new BitSet();
        java.util.stream.IntStream.concat(java.util.stream.IntStream.of(x.existEdit), x.edits.values().stream().mapToInt(Integer::intValue))
                .mapToObj(cloneOf::get).filter(java.util.Objects::nonNull).forEach(cl -> clones.or(history.get(cl)));
        if (!clones.isEmpty()) {
            BitSet h = (BitSet) history.get(y.existEdit).clone();
            h.or(clones);
            y.existEdit = newEdit(h);
            replicas[0].seen.set(y.existEdit);
        }
    }

    /**
     * A newer incoming edit of a row in open conflict: this side keeps its values in the fields waiting for review, and the
     * conflict shows the newest imported row. In an exchange by row the row is the unit, so the whole row waits (every field
     * that differs is then in conflict), whatever definition stored the conflict; in an exchange by column an edit of a field
     * not in conflict merges.
     */
    private void refresh(Conflict c, Row x, Row y, BitSet seenBefore, boolean byRowNow) {
        c.imported = x.copy();
        if (!x.exists && y.exists) {
            c.kind = Kind.UPDATE_DELETE;
            c.byRow = true;
        } else if (x.exists && !y.exists) {
            c.kind = Kind.DELETE_UPDATE;
            c.byRow = true;
        } else if (c.kind != Kind.UPDATE_UPDATE) {
            c.kind = Kind.UPDATE_UPDATE;
            c.byRow = true;
        }
        if (c.kind != Kind.UPDATE_UPDATE || byRowNow) {
            c.fields.addAll(c.kind == Kind.UPDATE_UPDATE && y.exists && x.exists ? differing(x, y) : x.edits.keySet());
            return;
        }
        List<String> merged = new ArrayList<>();
        for (Map.Entry<String, Integer> f : x.edits.entrySet()) {
            int xe = f.getValue(), ye = y.edits.get(f.getKey());
            if (c.fields.contains(f.getKey()) || seen(seenBefore, xe) || xe == ye) {
                continue;
            }
            if (supersedes(xe, ye)) {
                merged.add(f.getKey());
            } else {
                c.fields.add(f.getKey());
            }
        }
        take(x, y, merged);
    }

    // ---- connected synchronization ---------------------------------------------------------------

    /**
     * A connected synchronization of {@code pair} between {@code first} and {@code second} (replica indexes); {@code winner} 0
     * manual, 1 the first, 2 the second; returns a refusal's expected words, or null.
     */
    String sync(int pair, int first, int second, int winner, boolean byRow, boolean oneSends, boolean twoSends) {
        if (oneSends && inConflict(pair, first) || twoSends && inConflict(pair, second)) {
            return "is in conflict";
        }
        catchUp(pair);
        recover(pair, first, second);
        recover(pair, second, first);
        State s1 = replicas[first].copy(), s2 = replicas[second].copy();
        Policy on1 = winner == 0 ? Policy.MANUAL : winner == 1 ? Policy.KEEP : Policy.TAKE;
        Policy on2 = winner == 0 ? (oneSends && twoSends ? Policy.SILENT : Policy.KEEP) : winner == 1 ? Policy.TAKE : Policy.KEEP;
        keptAny = false;
        Set<String> before = new java.util.HashSet<>(acquired.keySet());
        BitSet m2 = oneSends ? transfer(s1, second, pair, on2, byRow) : new BitSet();
        keptOnSecond = keptAny;
        heldBefore = before;
        BitSet m1;
        try {
            m1 = twoSends ? transfer(s2, first, pair, on1, byRow) : new BitSet();
        } finally {
            heldBefore = null;
        }
        // a conflict decided in a synchronization is one decision on both sides (the winner keeps its row, the other takes it): the
        // merge edit each side made of it knows the other's, so neither counts as an edit of the row the other has not seen
        for (int i = m1.nextSetBit(0); i >= 0; i = m1.nextSetBit(i + 1)) {
            history.get(i).or(m2);
        }
        for (int i = m2.nextSetBit(0); i >= 0; i = m2.nextSetBit(i + 1)) {
            history.get(i).or(m1);
        }
        if (oneSends && twoSends && winner != 0) {
            // a conflict the winner settled by keeping its row sends that row to the other side at once, even when the other side,
            // judging what it received, met no conflict there (its edits of the row were the winner's already, or the same values)
            int w = winner == 1 ? first : second, l = winner == 1 ? second : first;
            transfer(replicas[w].copy(), l, pair, Policy.TAKE, byRow);
        }
        if (oneSends && twoSends) {
            BitSet u = (BitSet) replicas[first].seen.clone();
            u.or(replicas[second].seen);
            replicas[first].seen.or(u);
            replicas[second].seen.or(u);
        }
        long c1 = generation[first]++, c2 = generation[second]++;
        Side one = side(pair, first), two = side(pair, second);
        if (oneSends) {
            one.myGen = Math.max(one.myGen, c1);
            one.sibMyGen = Math.max(one.sibMyGen, c1);
            two.sibGen = Math.max(two.sibGen, c1);
        }
        if (twoSends) {
            two.myGen = Math.max(two.myGen, c2);
            two.sibMyGen = Math.max(two.sibMyGen, c2);
            one.sibGen = Math.max(one.sibGen, c2);
        }
        if (oneSends && twoSends && !one.sender && !two.sender) {
            sides[pair][0].sender = true;
        }
        return null;
    }

    /** While a half-done synchronization is applied: the edits of the relative a conflict kept out (see {@link #crash}). */
    private BitSet unsettled;

    /**
     * A connected synchronization that fails between its commits. The first closes its generation in a transaction of its own,
     * then the second geodatabase commits, with its record of what it received of the first's closed generations when it took
     * every edit (no conflict settled by keeping its values), the rest of its record held back for a third transaction after
     * the first's commit. With {@code firstCommitted} the failure comes after the first's commit: the rows and the first's
     * counters are as after the synchronization, the second's counters as before but that (it sends its part again; the first
     * has it already). Without, the first rolled back: it is as before (its generation closed), and the second holds the first's
     * edits as received, except that a conflict the second settled by keeping its own values is no decision: the first never
     * learned it, so the second's edit stays concurrent with the first's, to be judged again (the second marked the row
     * resolved; it goes to the first whole and meets the first's edit once more). The next synchronization completes each
     * side's counters from the other's ({@link #recover}). Returns a refusal's expected words, or null.
     */
    String crash(int pair, int first, int second, int winner, boolean byRow, boolean oneSends, boolean twoSends, boolean firstCommitted) {
        if (oneSends && inConflict(pair, first) || twoSends && inConflict(pair, second)) {
            return "is in conflict"; // refused before the second commits: the first's generation is open again
        }
        // the first closed its generation in a transaction of its own before the synchronization
        long closed1 = generation[first]++;
        if (firstCommitted) {
            Side two = side(pair, second);
            catchUp(pair);
            recover(pair, first, second);
            recover(pair, second, first);
            long my = two.myGen, sib = two.sibGen, sibMy = two.sibMyGen;
            keptOnSecond = false;
            String refused = sync(pair, first, second, winner, byRow, oneSends, twoSends);
            two.myGen = my;
            two.sibGen = oneSends && !keptOnSecond ? Math.max(sib, closed1) : sib;
            two.sibMyGen = sibMy;
            return refused;
        }
        catchUp(pair);
        recover(pair, first, second);
        recover(pair, second, first);
        keptAny = false;
        if (oneSends) {
            State s1 = replicas[first].copy();
            BitSet before = (BitSet) replicas[second].seen.clone();
            unsettled = new BitSet();
            try {
                transfer(s1, second, pair, winner == 1 ? Policy.TAKE : Policy.SILENT, byRow);
            } finally {
                unsettled.andNot(before);
                replicas[second].seen.andNot(unsettled);
                unsettled = null;
            }
        }
        if (oneSends && !keptAny) {
            // committed with the second's rows: it took every edit of the first's closed generations
            Side two = side(pair, second);
            two.sibGen = Math.max(two.sibGen, closed1);
        }
        generation[second]++;
        Side one = side(pair, first), two = side(pair, second);
        if (oneSends && twoSends && !one.sender && !two.sender && first != 0) {
            sides[pair][0].sender = true; // the parent is the second: its state is committed with its rows
        }
        return null;
    }

    /** Whether a transfer since this was last cleared met a conflict settled by keeping the receiving side's values. */
    private boolean keptAny;
    /** Whether the second side's transfer of the synchronization under way kept its values in a conflict (see {@link #crash}). */
    private boolean keptOnSecond;

    /**
     * What a connected synchronization learns from the relative's committed record before it starts (the engine's recovery
     * after a failure between the commits): {@code mine}'s generations the relative received count as sent and acknowledged
     * (when the record does not run ahead of {@code mine}'s open generation), and what the relative says {@code mine}
     * acknowledged of its own, {@code mine} received.
     */
    private void recover(int pair, int mine, int relative) {
        Side m = side(pair, mine), r = side(pair, relative);
        if (r.sibGen < generation[mine]) {
            m.myGen = Math.max(m.myGen, r.sibGen);
            m.sibMyGen = Math.max(m.sibMyGen, r.sibGen);
        }
        m.sibGen = Math.max(m.sibGen, r.sibMyGen);
    }

    // ---- messages --------------------------------------------------------------------------------

    /** Exports a data change message of {@code pair} from {@code from}; the message, or a refusal's expected words. */
    Object export(int pair, int from, boolean newOnly, boolean switching) {
        Side s = side(pair, from);
        if (inConflict(pair, from)) {
            return "is in conflict";
        }
        if (!s.sender) {
            return "is the receiver";
        }
        if (from == 0) {
            catchUp(pair); // the header says what the parent holds of c through a
        }
        long lo = newOnly ? s.myGen : s.sibMyGen, hi = generation[from]++;
        s.myGen = Math.max(s.myGen, hi);
        if (switching) {
            s.sender = false;
        }
        s.exports.add(new long[] { Math.min(lo, hi), hi });
        State snapshot = replicas[from].copy();
        s.snapshots.put(hi, snapshot);
        s.receivedAt.putIfAbsent(hi, s.sibGen);
        return new Message(pair, from, Math.min(lo, hi), hi, !s.sender, snapshot, s.sibGen);
    }

    Object reexport(int pair, int from, boolean latestOnly) {
        Side s = side(pair, from);
        if (inConflict(pair, from)) {
            return "is in conflict";
        }
        long lo = s.sibMyGen, hi = s.myGen;
        if (latestOnly) {
            if (s.exports.isEmpty()) {
                return "has exported no data change";
            }
            lo = Math.max(lo, s.exports.get(s.exports.size() - 1)[0]);
        }
        if (lo >= hi) {
            return "no unacknowledged changes";
        }
        State snapshot = s.snapshots.get(hi);
        if (snapshot == null) {
            throw new IllegalStateException("the model has no state of " + REPLICAS[from] + " at the end of generation " + hi);
        }
        s.exports.add(new long[] { lo, hi });
        // the rows as they were at the end of the range, and what the sender had received when it first exported that range
        return new Message(pair, from, lo, hi, !s.sender, snapshot, s.receivedAt.getOrDefault(hi, s.sibGen));
    }

    /** Imports {@code m} into the other side of its pair; null, or a refusal's expected words. */
    String importMessage(Message m, Policy policy, boolean byRow) {
        int into = m.from() == 0 ? m.pair() + 1 : 0;
        Side s = side(m.pair(), into);
        long before = s.sibGen;
        if (into == 0) {
            catchUp(m.pair()); // kept only when the import is accepted (a refusal changes nothing)
        }
        if (m.lo() > s.sibGen) {
            s.sibGen = before;
            return "Message for generation";
        }
        if (m.hi() <= s.sibGen) {
            s.sibGen = before;
            return "was already imported";
        }
        // the rows the sender judged itself since it made the message: this side's edits of them reached it only later
        long heldThen = Math.min(m.received(), s.myGen), heldNow = s.sibMyGen;
        Set<String> judgedThere = new java.util.HashSet<>();
        if (heldNow > heldThen) {
            int relative = m.from() == 0 ? 0 : m.pair() + 1;
            for (String key : m.state().rows.keySet()) {
                if (!s.conflicts.containsKey(key) && changedSince(into, key, relative, heldThen) && !changedSince(into, key, relative, heldNow)) {
                    judgedThere.add(key);
                }
            }
        }
        skip = judgedThere;
        try {
            transfer(m.state(), into, m.pair(), policy, byRow);
        } finally {
            skip = Set.of();
        }
        s.sibGen = m.hi();
        generation[into]++;
        if (m.senderIsReceiver()) {
            s.sender = true;
        }
        return null;
    }

    /** The rows a transfer under way leaves alone (their edits stay unseen), see {@link #importMessage}. */
    private Set<String> skip = Set.of();

    /** One change of a row on a replica, as its change log records it: the generation, and the replica it came from (-1: its own). */
    private record Logged(int replica, String key, long generation, int from) {
    }

    private final List<Logged> log = new ArrayList<>();
    /** Each replica's rows as the last sweep saw them (to log what an operation changed). */
    private final Map<String, String> lastSeen = new java.util.HashMap<>();
    /** The replica whose state the transfer under way brings (-1: a local operation). */
    private int logSource = -1;

    /** Whether {@code replica} changed row {@code key} after generation {@code after} other than by receiving it from {@code relative}. */
    private boolean changedSince(int replica, String key, int relative, long after) {
        for (Logged l : log) {
            if (l.replica == replica && l.key.equals(key) && l.generation > after && l.from != relative) {
                return true;
            }
        }
        return false;
    }

    /**
     * The marks {@link #logMark} made for a decision to keep this side's row: the engine marks the row (to send it whole) only
     * while the relative does not hold this side's version, so a registration counts such a mark only then.
     */
    private final java.util.Set<Logged> keepMarks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Logs a change that writes no value (a decision to keep this side's row, a resolution): the engine marks the row. */
    private void logMark(int replica, String key) {
        log.add(new Logged(replica, key, generation[replica] + (logSource >= 0 ? 1 : 0), -1));
    }

    Ack exportAck(int pair, int from) {
        if (from == 0) {
            catchUp(pair);
        }
        return new Ack(pair, from, side(pair, from).sibGen);
    }

    String importAck(Ack a) {
        int into = a.from() == 0 ? a.pair() + 1 : 0;
        Side s = side(a.pair(), into);
        long acked = Math.min(Math.max(s.sibMyGen, a.received()), s.myGen);
        if (acked <= s.sibMyGen) {
            return "already knows every acknowledgment";
        }
        s.sibMyGen = acked;
        return null;
    }

    // ---- conflicts -------------------------------------------------------------------------------

    /** Resolves the open conflict of {@code key} (every field in conflict, or only {@code field}) taking imported or database values. */
    void resolve(int pair, int replica, String key, boolean imported, String field) {
        Side s = side(pair, replica);
        State st = replicas[replica];
        Conflict c = s.conflicts.get(key);
        Row y = st.rows.get(key);
        int r = newEdit(st.seen);
        st.seen.set(r);
        resolutions.set(r);
        logMark(replica, key); // a resolution is an edit of the row for every relative
        transferTarget = replica;
        transferPair = pair;
        try {
            resolve(pair, c, y, r, imported, field);
        } finally {
            transferTarget = -1;
            transferPair = -1;
        }
        if (c.fields.isEmpty() || field == null) {
            s.conflicts.remove(key);
        }
        sweep();
    }

    /**
     * Writes a resolution (edit {@code r}). Taking the imported values is a decision to take the relative's version, as the
     * policy favouring the imported side makes it: the relative's later edits of those fields, made there or brought there
     * from another replica, are later versions, no conflict.
     */
    private void resolve(int pair, Conflict c, Row y, int r, boolean imported, String field) {
        if (!y.exists && c.kind == Kind.UPDATE_UPDATE) {
            // deleted here since the conflict was stored: the resolution keeps it deleted, a decision made knowing the imported
            // version, which it supersedes wherever it travels
            y.existEdit = r;
            if (field == null) {
                return;
            }
        }
        if (field != null) {
            if (imported) {
                y.values.put(field, c.imported.values.get(field));
                took(r, c.imported.edits.get(field));
            }
            y.edits.put(field, r);
            c.fields.remove(field);
            return;
        }
        switch (c.kind) {
            case UPDATE_UPDATE -> {
                for (String f : c.fields) {
                    if (imported) {
                        y.values.put(f, c.imported.values.get(f));
                        took(r, c.imported.edits.get(f));
                    }
                    y.edits.put(f, r);
                }
            }
            case UPDATE_DELETE -> {
                if (y.exists) { // a row deleted here since the conflict (another replica's delete, taken later) stays deleted
                    y.exists = !imported;
                    y.existEdit = r;
                    if (imported) {
                        took(r, c.imported.existEdit); // this side now holds the relative's delete
                    }
                }
            }
            case DELETE_UPDATE -> {
                y.existEdit = r;
                if (imported) {
                    y.exists = true;
                    y.values.clear();
                    y.values.putAll(c.imported.values);
                    for (String f : c.imported.edits.keySet()) {
                        y.edits.put(f, r);
                        took(r, c.imported.edits.get(f));
                    }
                    took(r, c.imported.existEdit);
                }
            }
        }
    }
}
