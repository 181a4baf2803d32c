package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SchemaChange;
import org.geosync.core.SyncOptions;
import org.geosync.model.ReplicaState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema changes mixed into edits, at random, checked against a model of the rules (docs/sync-semantics.md, "Schema
 * changes"; docs/admin-guide.md, "Schema changes"): a parent and its two two-way children a and b add fields and widen text
 * fields through the engine ({@code gdb alter}), set values of old and new fields, insert rows, synchronize connected (both
 * ways or one) and carry data change messages. The model says, from the operations alone, each side's fields (names, types,
 * lengths, order), every value, and which exchanges are refused:
 * <ul>
 * <li>a connected synchronization makes on each receiving side, before the data, the fields its relative added and the
 * widenings it made that were not yet known made there, new fields at the end in the order they were made; it is refused
 * whole, nothing changed, when the relative has such a field with another type, or lacks a field the sender widened but did
 * not add;</li>
 * <li>a message is taken when the receiver's fields are the first fields of the sender's (same names and types, text no
 * longer than the sender's): the missing ones are added and the shorter widened first; otherwise it is refused, nothing
 * changed;</li>
 * <li>a change made on a side because it travelled there is, for that side's other replicas, a change of its own to send;</li>
 * <li>every value set survives: each row is edited on one side only, so there is no conflict, and each side holds, field by
 * field, the latest value that reached it.</li>
 * </ul>
 * A failure prints its seed and a shrunk operation list, which {@link #replay} repeats; a bug it finds is kept as a replay.
 * Runs {@link #SEEDS} and {@code -Dgeosync.schemaScenarios} random scenarios (12 by default) of a seed printed first
 * ({@code -Dgeosync.schemaSeed=S} repeats it).
 */
class SchemaOracleTest {

    /** Scenario seeds that found a bug. */
    static final long[] SEEDS = {};

    private static final String[] REPLICAS = { "parent", "a", "b" };
    private static final String[] PAIRS = { "a", "b" };
    private static final String DATASET = "PARCELS";
    /** The rows of the template and the side that edits each (rows a side inserts are that side's). */
    private static final int[] OWNER = { 0, 0, 1, 1, 2, 2 };
    /** The field names scenarios add, and the type each usually has (another now and then, so that types clash). */
    private static final String[] NAMES = { "F1", "F2", "F3", "F4", "F5" };
    private static final FieldType[] TYPES = { FieldType.TEXT, FieldType.INTEGER, FieldType.TEXT, FieldType.DOUBLE, FieldType.TEXT };

    @TempDir
    static Path tmp;
    private static Path template;
    private static final AtomicInteger runs = new AtomicInteger();

    @Test
    void fixedAndRandomScenarios() throws Exception {
        prepare();
        String given = System.getProperty("geosync.schemaSeed", "").trim();
        long seed = given.isEmpty() ? new Random().nextLong() : Long.parseLong(given);
        int count = Integer.getInteger("geosync.schemaScenarios", 12);
        System.out.println("SchemaOracleTest: " + SEEDS.length + " fixed scenario seed(s) and " + count + " scenarios of seed " + seed
                + " (repeat with -Dgeosync.schemaSeed=" + seed + ")");
        for (long s : SEEDS) {
            scenario(s);
        }
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            scenario(r.nextLong());
        }
    }

    @Test
    void aFieldAddedOnTheParentAndSetReachesBothChildrenWithItsValues() throws Exception {
        replay("add parent F1 TEXT 40", "set parent 0 F1 30", "sync 0 BOTH", "msg 1", "set a 2 F1 12", "sync 0 UP", "sync 1 BOTH");
    }

    @Test
    void fieldsAddedOnBothSidesTravelBothWaysAndAMessageWantsTheSameOrder() throws Exception {
        replay("add a F2 INTEGER 0", "add parent F4 DOUBLE 0", "set a 3 F2 0", "set parent 1 F4 0", "sync 0 BOTH", "msg 0", "msg 0");
    }

    @Test
    void aFieldOfTheSameNameAndAnotherTypeIsRefusedWhole() throws Exception {
        replay("add a F1 INTEGER 0", "add parent F1 TEXT 40", "set a 2 NAME 5", "sync 0 BOTH", "sync 0 UP", "sync 0 DOWN", "msg 0");
    }

    /**
     * Scenario seed 5552602497972790692: a field added and then widened on the parent, neither yet sent, was refused as a
     * widening of a field the child lacks; it travels whole, at its length now.
     */
    @Test
    void aFieldAddedAndThenWidenedTravelsWhole() throws Exception {
        replay("add parent F1 TEXT 40", "widen parent F1 104", "set parent 1 F1 90", "sync 1 DOWN", "msg 0");
    }

    /**
     * Scenario seed -1903517100650724401: an edit after a widening failed ("A PreparedStatement has been recompiled"), the
     * geodatabase's statements prepared before the change being used after it; they are forgotten with every schema change.
     */
    @Test
    void anEditAfterAWideningIsWritten() throws Exception {
        replay("set parent 0 NAME 144", "widen parent NAME 372", "set parent 0 NAME 25", "set parent 0 NAME 300", "sync 0 BOTH");
    }

    /**
     * Scenario seed 4505140259191529028: a field both sides added, which the child then widened, was widened twice on the
     * parent (for the addition and for the widening), and the second refused; a field goes once, as its sender has it now.
     */
    @Test
    void aFieldBothSidesAddedAndOneWidenedIsWidenedOnce() throws Exception {
        replay("add parent F1 TEXT 40", "add a F1 TEXT 40", "widen a F1 244", "set a 2 F1 200", "sync 0 UP", "sync 0 BOTH", "msg 0");
    }

    /** Repeats an operation list (as a failure prints it) on fresh geodatabases, checking after every operation. */
    void replay(String... ops) throws Exception {
        prepare();
        Failure f = run(List.of(ops));
        if (f != null) {
            fail("operation " + (f.index + 1) + " (" + ops[f.index] + ") failed: " + f.error.getMessage(), f.error);
        }
    }

    // ---- the template: a parent with six parcels and its two two-way children --------------------

    private static synchronized void prepare() throws Exception {
        if (template != null) {
            return;
        }
        Path t = tmp.resolve("template");
        try (Geodatabase parent = Geodatabase.create(t.resolve("parent"))) {
            parent.createFeatureClass("parcels", GeometryType.POLYGON, 3857,
                    List.of(Field.of("NAME", FieldType.TEXT), Field.of("OWNER", FieldType.TEXT), Field.of("AREA", FieldType.DOUBLE)));
            parent.applyWithoutTracking(g -> {
                for (int i = 0; i < OWNER.length; i++) {
                    g.insert("parcels", gid(i), Map.of("NAME", "P" + i, "OWNER", "city", "AREA", 100.0 + i), square(i));
                }
                return null;
            });
            Replicas.create(parent, t.resolve("a"), ReplicaSpec.twoWay("a"), null);
            Replicas.create(parent, t.resolve("b"), ReplicaSpec.twoWay("b"), null);
        }
        template = t;
    }

    private static String square(int i) {
        int x = 100 * i;
        return "POLYGON ((" + x + " 0, " + (x + 90) + " 0, " + (x + 90) + " 90, " + x + " 90, " + x + " 0))";
    }

    // ---- the model ---------------------------------------------------------------------------

    private record F(String name, FieldType type, int length) {
    }

    private record V(Object value, long version) {
    }

    /** A schema change made on a side and not yet known to be made on the relative of one of its replicas. */
    private record Pending(String field, boolean widen) {
    }

    private static final class Side {
        final List<F> fields = new ArrayList<>();
        final Map<String, Map<String, V>> rows = new TreeMap<>();
        /** By pair: the changes made here that the relative of that replica may not have, in the order they were made. */
        final Map<Integer, List<Pending>> pending = new HashMap<>();

        F field(String name) {
            return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }

        List<Pending> pending(int pair) {
            return pending.computeIfAbsent(pair, p -> new ArrayList<>());
        }
    }

    private static final class Model {
        final Side[] sides = new Side[3];
        long clock;

        Model() {
            for (int i = 0; i < 3; i++) {
                Side s = sides[i] = new Side();
                s.fields.addAll(List.of(new F("NAME", FieldType.TEXT, 255), new F("OWNER", FieldType.TEXT, 255), new F("AREA", FieldType.DOUBLE, 0)));
                for (int r = 0; r < OWNER.length; r++) {
                    Map<String, V> row = new TreeMap<>();
                    row.put("NAME", new V("P" + r, 0));
                    row.put("OWNER", new V("city", 0));
                    row.put("AREA", new V(100.0 + r, 0));
                    s.rows.put(gid(r), row);
                }
            }
        }

        static int[] pairsOf(int replica) {
            return replica == 0 ? new int[] { 0, 1 } : new int[] { replica - 1 };
        }

        /** Field {@code f} added to (or widened on) side {@code x}: a change to send to each of its relatives but {@code through}. */
        void made(int x, F f, boolean widen, int through) {
            Side s = sides[x];
            if (widen) {
                s.fields.set(s.fields.indexOf(s.field(f.name())), f);
            } else {
                s.fields.add(f);
            }
            for (int p : pairsOf(x)) {
                if (p != through) {
                    s.pending(p).add(new Pending(f.name(), widen));
                }
            }
        }

        /** What the rows of side {@code x} hold of field {@code f}, or null when it was never set. */
        Object value(int x, String gid, String f) {
            V v = sides[x].rows.get(gid).get(f);
            return v == null ? null : v.value();
        }

        void set(int x, String gid, String f, Object value) {
            sides[x].rows.get(gid).put(f, new V(value, ++clock));
        }

        /** A connected synchronization of pair {@code pair}; returns null, or "refused" when the model refuses it. */
        String sync(int pair, boolean childSends, boolean parentSends) {
            int c = pair + 1;
            if (childSends && travelProblem(c, 0, pair) || parentSends && travelProblem(0, c, pair)) {
                return "refused";
            }
            List<F> toParent = childSends ? steps(c, 0, pair) : List.of(), toChild = parentSends ? steps(0, c, pair) : List.of();
            make(0, toParent, pair);
            make(c, toChild, pair);
            if (childSends) {
                transfer(c, 0);
            }
            if (parentSends) {
                transfer(0, c);
            }
            if (childSends) {
                settle(c, 0, pair);
            }
            if (parentSends) {
                settle(0, c, pair);
            }
            return null;
        }

        private boolean travelProblem(int from, int to, int pair) {
            List<Pending> pending = sides[from].pending(pair);
            for (Pending p : pending) {
                F mine = sides[from].field(p.field()), there = sides[to].field(p.field());
                if (there != null && there.type() != mine.type()) {
                    return true;
                }
                if (there == null && p.widen() && pending.stream().noneMatch(q -> q.field().equalsIgnoreCase(p.field()) && !q.widen())) {
                    return true;
                }
            }
            return false;
        }

        /** The fields the receiver is to get (added, or widened to the sender's length), in the order the sender made them. */
        private List<F> steps(int from, int to, int pair) {
            Map<String, F> steps = new LinkedHashMap<>();
            for (Pending p : sides[from].pending(pair)) {
                F mine = sides[from].field(p.field()), there = sides[to].field(p.field());
                if (there == null || mine.type() == FieldType.TEXT && there.length() < mine.length()) {
                    steps.putIfAbsent(mine.name(), mine);
                }
            }
            return new ArrayList<>(steps.values());
        }

        private void make(int x, List<F> steps, int through) {
            for (F f : steps) {
                made(x, f, sides[x].field(f.name()) != null, through);
            }
        }

        /** The sender forgets the changes its relative now has. */
        private void settle(int from, int to, int pair) {
            sides[from].pending(pair).removeIf(p -> {
                F mine = sides[from].field(p.field()), there = sides[to].field(p.field());
                return there != null && there.type() == mine.type() && (mine.type() != FieldType.TEXT || there.length() >= mine.length());
            });
        }

        /** Side {@code to} takes, field by field, every value of side {@code from} later than its own. */
        private void transfer(int from, int to) {
            Side s = sides[from], r = sides[to];
            s.rows.forEach((gid, row) -> {
                Map<String, V> mine = r.rows.computeIfAbsent(gid, k -> new TreeMap<>());
                row.forEach((f, v) -> {
                    V had = mine.get(f);
                    if (r.field(f) != null && (had == null || v.version() > had.version())) {
                        mine.put(f, v);
                    }
                });
            });
        }

        /** A data change message of pair {@code pair} from side {@code from}, imported at once; null, or "refused". */
        String message(int pair, int from) {
            int to = from == 0 ? pair + 1 : 0;
            List<F> want = sides[from].fields, have = sides[to].fields;
            if (have.size() > want.size()) {
                return "refused";
            }
            for (int i = 0; i < have.size(); i++) {
                F w = want.get(i), h = have.get(i);
                if (!w.name().equalsIgnoreCase(h.name()) || w.type() != h.type() || h.length() > w.length()) {
                    return "refused";
                }
            }
            for (int i = 0; i < want.size(); i++) {
                F w = want.get(i);
                if (i >= have.size()) {
                    made(to, w, false, pair);
                } else if (have.get(i).length() < w.length()) {
                    made(to, w, true, pair);
                }
            }
            transfer(from, to);
            return null;
        }
    }

    // ---- scenarios ---------------------------------------------------------------------------

    private record Failure(int index, Throwable error) {
    }

    private void scenario(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> ops = new ArrayList<>();
        Failure f;
        try (Run run = new Run()) {
            f = null;
            int n = 20 + rnd.nextInt(25);
            for (int i = 0; i < n && f == null; i++) {
                String op = generate(rnd, run.model);
                ops.add(op);
                try {
                    run.apply(op);
                } catch (AssertionError | Exception e) {
                    f = new Failure(i, e);
                }
            }
            if (f == null) {
                // converge: every pair synchronizes both ways twice, so every change has reached every side that can take it
                for (String op : List.of("sync 0 BOTH", "sync 1 BOTH", "sync 0 BOTH", "sync 1 BOTH")) {
                    ops.add(op);
                    try {
                        run.apply(op);
                    } catch (AssertionError | Exception e) {
                        f = new Failure(ops.size() - 1, e);
                        break;
                    }
                }
            }
        }
        if (f == null) {
            return;
        }
        List<String> shrunk = shrink(new ArrayList<>(ops.subList(0, f.index + 1)));
        fail("SchemaOracleTest: scenario seed " + seed + ", operation " + (f.index + 1) + " (" + ops.get(f.index) + "): "
                + f.error.getMessage() + "\nShrunk from " + (f.index + 1) + " to " + shrunk.size() + " operations (replay(...) repeats them):\n    \""
                + String.join("\",\n    \"", shrunk) + "\"", f.error);
    }

    /** An operation that makes sense on the model's state (a replay skips one that does not, e.g. after shrinking). */
    private static String generate(Random rnd, Model m) {
        int x = rnd.nextInt(3);
        Side s = m.sides[x];
        int k = rnd.nextInt(100);
        if (k < 12) {
            List<Integer> free = new ArrayList<>();
            for (int i = 0; i < NAMES.length; i++) {
                if (s.field(NAMES[i]) == null) {
                    free.add(i);
                }
            }
            if (!free.isEmpty()) {
                int i = free.get(rnd.nextInt(free.size()));
                FieldType t = rnd.nextInt(20) == 0 ? (TYPES[i] == FieldType.TEXT ? FieldType.INTEGER : FieldType.TEXT) : TYPES[i];
                return "add " + REPLICAS[x] + " " + NAMES[i] + " " + t + " " + (t == FieldType.TEXT ? 20 + 20 * rnd.nextInt(3) : 0);
            }
        }
        if (k < 20) {
            List<F> text = s.fields.stream().filter(f -> f.type() == FieldType.TEXT && f.length() < 2000).toList();
            if (!text.isEmpty()) {
                F f = text.get(rnd.nextInt(text.size()));
                return "widen " + REPLICAS[x] + " " + f.name() + " " + (f.length() + 10 + rnd.nextInt(300));
            }
        }
        if (k < 26) {
            return "insert " + REPLICAS[x] + " " + (3 * (40 + rnd.nextInt(3000)) + x); // a row of side x (see owner)
        }
        if (k < 62) {
            List<String> mine = new ArrayList<>();
            for (String gid : s.rows.keySet()) {
                if (owner(gid) == x) {
                    mine.add(gid);
                }
            }
            if (!mine.isEmpty()) {
                String gid = mine.get(rnd.nextInt(mine.size()));
                F f = s.fields.get(rnd.nextInt(s.fields.size()));
                return "set " + REPLICAS[x] + " " + index(gid) + " " + f.name() + " "
                        + (f.type() == FieldType.TEXT ? 1 + rnd.nextInt(Math.min(f.length(), 600)) : 0);
            }
        }
        if (k < 88) {
            return "sync " + rnd.nextInt(2) + " " + List.of("BOTH", "BOTH", "UP", "DOWN").get(rnd.nextInt(4));
        }
        return "msg " + rnd.nextInt(2);
    }

    /** The side that edits a row: the template's rows as {@link #OWNER} says, an inserted row the side that inserted it. */
    private static int owner(String gid) {
        int i = index(gid);
        return i < OWNER.length ? OWNER[i] : i % 3;
    }

    private static int index(String gid) {
        return Integer.parseInt(gid.substring(gid.length() - 12));
    }

    private Failure run(List<String> ops) throws Exception {
        try (Run run = new Run()) {
            for (int i = 0; i < ops.size(); i++) {
                try {
                    run.apply(ops.get(i));
                } catch (AssertionError | Exception e) {
                    return new Failure(i, e);
                }
            }
        }
        return null;
    }

    /** Removes single operations (the failing last one stays) while the list still fails the same way. */
    private List<String> shrink(List<String> ops) throws Exception {
        List<String> current = ops;
        String signature = signature(run(current));
        boolean removed = true;
        while (removed) {
            removed = false;
            for (int i = current.size() - 2; i >= 0; i--) {
                List<String> candidate = new ArrayList<>(current);
                candidate.remove(i);
                Failure f = run(candidate);
                if (f != null && signature.equals(signature(f))) {
                    current = new ArrayList<>(candidate.subList(0, f.index + 1));
                    removed = true;
                    i = Math.min(i, current.size() - 1);
                }
            }
        }
        return current;
    }

    private static String signature(Failure f) {
        if (f == null) {
            return "";
        }
        String m = String.valueOf(f.error.getMessage());
        return m.startsWith("[") ? m.substring(0, m.indexOf(']') + 1) : f.error.getClass().getSimpleName();
    }

    private static final class Run implements AutoCloseable {
        final Path dir;
        final Geodatabase[] g = new Geodatabase[3];
        final Model model = new Model();

        Run() throws Exception {
            dir = tmp.resolve("run" + runs.getAndIncrement());
            OracleTest.copy(template, dir);
            for (int i = 0; i < 3; i++) {
                g[i] = Geodatabase.open(dir.resolve(REPLICAS[i]));
                if (i > 0) {
                    Replicas.relocate(g[i]); // the children of a copied template were moved, not copied
                }
            }
        }

        @Override
        public void close() {
            for (Geodatabase x : g) {
                if (x != null) {
                    x.close();
                }
            }
            OracleTest.delete(dir);
        }

        void apply(String line) throws Exception {
            String[] w = line.split(" ");
            String expected = null;
            GeodatabaseException refused = null;
            switch (w[0]) {
                case "add", "widen" -> {
                    int x = replica(w[1]);
                    Side s = model.sides[x];
                    boolean widen = w[0].equals("widen");
                    F had = s.field(w[2]);
                    if (widen ? had == null || had.type() != FieldType.TEXT || had.length() >= Integer.parseInt(w[3]) : had != null) {
                        return; // skipped: not so on this side (a shrunk list)
                    }
                    F f = widen ? new F(had.name(), FieldType.TEXT, Integer.parseInt(w[3]))
                            : new F(w[2], FieldType.valueOf(w[3]), Integer.parseInt(w[4]));
                    g[x].alter(DATASET, widen ? SchemaChange.widenField(f.name(), f.length()) : SchemaChange.addField(f.name(), f.type(), f.length()));
                    model.made(x, f, widen, -1);
                }
                case "set" -> {
                    int x = replica(w[1]);
                    String gid = gid(Integer.parseInt(w[2]));
                    F f = model.sides[x].field(w[3]);
                    if (!model.sides[x].rows.containsKey(gid) || owner(gid) != x || f == null) {
                        return;
                    }
                    Object value = value(f, Integer.parseInt(w[4]), model.clock + 1);
                    Map<String, Object> values = new HashMap<>();
                    values.put(f.name(), value);
                    g[x].update(DATASET, gid, values, null);
                    model.set(x, gid, f.name(), value);
                }
                case "insert" -> {
                    int x = replica(w[1]);
                    int i = Integer.parseInt(w[2]);
                    String gid = gid(i);
                    if (i % 3 != x || model.sides[x].rows.containsKey(gid)) {
                        return;
                    }
                    String name = "n" + (model.clock + 1);
                    g[x].insert(DATASET, gid, Map.of("NAME", name, "OWNER", REPLICAS[x], "AREA", (double) i), square(i % 50));
                    model.sides[x].rows.put(gid, new TreeMap<>());
                    model.set(x, gid, "NAME", name);
                    model.set(x, gid, "OWNER", REPLICAS[x]);
                    model.set(x, gid, "AREA", (double) i);
                }
                case "sync" -> {
                    int pair = Integer.parseInt(w[1]);
                    SyncOptions.Direction dir = switch (w[2]) {
                        case "UP" -> SyncOptions.Direction.FIRST_TO_SECOND;
                        case "DOWN" -> SyncOptions.Direction.SECOND_TO_FIRST;
                        default -> SyncOptions.Direction.BOTH;
                    };
                    expected = model.sync(pair, !w[2].equals("DOWN"), !w[2].equals("UP"));
                    refused = attempt(() -> Replicas.synchronize(g[pair + 1], g[0], PAIRS[pair], SyncOptions.defaults().withDirection(dir), null));
                }
                case "msg" -> {
                    int pair = Integer.parseInt(w[1]);
                    int from = -1;
                    for (int x : new int[] { 0, pair + 1 }) {
                        if (Replicas.get(g[x], PAIRS[pair]).getState() == ReplicaState.SENDER) {
                            from = x;
                        }
                    }
                    if (from < 0) {
                        return; // neither side may send a message now (a refused import left both receivers)
                    }
                    int sender = from, to = from == 0 ? pair + 1 : 0;
                    Path file = dir.resolve("m" + model.clock + "-" + runs.incrementAndGet() + ".zip");
                    Messages.exportChanges(g[sender], PAIRS[pair], file, ExportOptions.defaults().withSwitchToReceiver(true), null);
                    expected = model.message(pair, sender);
                    refused = attempt(() -> Messages.importMessage(g[to], file, ImportOptions.defaults(), null));
                }
                default -> throw new IllegalArgumentException(line);
            }
            if ((expected != null) != (refused != null)) {
                throw new AssertionError("[refusal] " + line + ": " + (refused != null ? "the engine refused (" + refused.getMessage()
                        + ") but the model takes it" : "the engine took it but the model refuses it"));
            }
            check();
        }

        /** Each side's fields and every value, against the model. */
        void check() throws Exception {
            for (int x = 0; x < 3; x++) {
                List<F> actual = new ArrayList<>();
                for (Field f : g[x].dataset(DATASET).fields()) {
                    actual.add(new F(f.name(), f.type(), f.type() == FieldType.TEXT ? f.length() : 0));
                }
                if (!actual.equals(model.sides[x].fields)) {
                    throw new AssertionError("[schema] " + REPLICAS[x] + " has " + actual + ", the model says " + model.sides[x].fields);
                }
                String problem = g[x].tableProblem(DATASET);
                if (problem != null) {
                    throw new AssertionError("[table] " + REPLICAS[x] + ": " + problem);
                }
                Map<String, Map<String, Object>> rows = rows(g[x], actual);
                if (!rows.keySet().equals(model.sides[x].rows.keySet())) {
                    throw new AssertionError("[rows] " + REPLICAS[x] + " has rows " + rows.keySet() + ", the model says " + model.sides[x].rows.keySet());
                }
                for (Map.Entry<String, Map<String, Object>> row : rows.entrySet()) {
                    for (F f : actual) {
                        Object want = model.value(x, row.getKey(), f.name()), have = row.getValue().get(f.name());
                        if (!String.valueOf(want).equals(String.valueOf(have))) {
                            throw new AssertionError("[values] " + REPLICAS[x] + ": row " + index(row.getKey()) + " " + f.name() + " = "
                                    + excerpt(have) + ", the model says " + excerpt(want));
                        }
                    }
                }
            }
        }

        private static Map<String, Map<String, Object>> rows(Geodatabase gdb, List<F> fields) throws Exception {
            Map<String, Map<String, Object>> rows = new TreeMap<>();
            try (Statement s = gdb.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + DATASET)) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (F f : fields) {
                        Object v = rs.getObject(f.name());
                        row.put(f.name(), v instanceof Number n && f.type() == FieldType.DOUBLE ? (Object) n.doubleValue() : v);
                    }
                    rows.put(rs.getString("GLOBALID").trim(), row);
                }
            } finally {
                gdb.connection().commit();
            }
            return rows;
        }

        private static String excerpt(Object v) {
            String s = String.valueOf(v);
            return s.length() > 40 ? s.substring(0, 20) + "...(" + s.length() + " characters)" : s;
        }
    }

    /** The value a set writes: text of {@code length} characters that says which edit made it, or a number. */
    private static Object value(F f, int length, long edit) {
        return switch (f.type()) {
            case TEXT -> {
                StringBuilder b = new StringBuilder("v" + edit + "-");
                while (b.length() < length) {
                    b.append((char) ('a' + b.length() % 26));
                }
                yield b.substring(0, Math.min(b.length(), Math.max(length, 1)));
            }
            case INTEGER -> (int) edit;
            case BIGINT -> edit;
            case DOUBLE -> edit + 0.5;
            default -> throw new IllegalArgumentException(f.type().toString());
        };
    }

    private static int replica(String name) {
        return List.of(REPLICAS).indexOf(name.toLowerCase(Locale.ROOT));
    }

    private interface Action {
        void run() throws GeodatabaseException;
    }

    private static GeodatabaseException attempt(Action a) {
        try {
            a.run();
            return null;
        } catch (GeodatabaseException e) {
            return e;
        }
    }

    static {
        assertEquals(NAMES.length, TYPES.length);
    }
}
