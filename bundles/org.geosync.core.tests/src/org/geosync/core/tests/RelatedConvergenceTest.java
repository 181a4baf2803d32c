package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.square;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Messages;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.ReplicaState;
import org.geosync.model.SpatialRelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Randomized convergence with relationship classes and random filters (the replica filter rules): the
 * parcels of {@link ReplicaFixture#relatedParent} with their INSPECTIONS (simple 1:M keyed by GLOBALID) and
 * OWNERS (attributed M:N, relationship rows with SHARE_PCT in PARCEL_OWNERS), and three two-way children
 * whose filters are drawn from the seed: a random replica area box (or none) with a random spatial relation,
 * a random definition query on PARCELS, each related dataset schema-only (its rows travel with their origins
 * when related data is on), all rows or cut by its own definition query, related data on or off.
 * <p>
 * Random edits on every side insert, update and delete parcels, inspections, owners and relationship rows,
 * relating rows to rows another side deletes meanwhile; a delete of a parcel or an owner, by an editor that removes
 * its relationships first or by plain SQL, has its relationships removed on that side by the database. Random connected
 * synchronizations (one-way and both ways, every automatic policy and conflict definition) and message
 * round trips (export from the sender, import with an automatic policy, sometimes switching roles) keep
 * them in step.
 * <p>
 * The oracle after each scenario's final bidirectional synchronizations: for every child and dataset the
 * rows that the replica filter rules put in the replica — by the dataset's own filter, or, for a
 * schema-only dataset with related data, being related to a row in the replica (through the relationship
 * table for OWNERS) — are the same rows with the same values on the parent and the child, evaluated on
 * each side's data. Rows that only entered the replica because their origin did (an origin moved into the
 * filter, a relationship row added to an owner) without being edited themselves are left out: the replica filter rules
 * evaluates edits only. Everywhere: GlobalIDs unique, every inserted row at most once, no relationship row or
 * foreign key in a replica naming a row that no longer exists on any replica (unless that row never reached the parent
 * or a child deleted it outside its replica: such a delete is not synchronized; nor when a child's edit brought the row
 * back into its replica, which sends the child's stale copy whole).
 * <p>
 * Runs a tenth of {@code -Dgeosync.scenarios} (50 in CI, 1,000 in the soak); {@code -Dgeosync.seed=S}
 * repeats a run. A failure prints the seed, the filters, the scenario and its operations.
 */
class RelatedConvergenceTest {

    private static final int CHILDREN = 3;
    private static final String[] PARCEL_QUERIES = { null, "OWNER = 'city'", "NAME LIKE 'P%'", "AREA > 100" };

    @TempDir
    Path tmp;

    private Random random;
    private List<String> log = new ArrayList<>();
    private int inserted;
    private int files;
    private final WKTReader reader = new WKTReader();

    /** The random filter of one child. */
    private record Filter(String name, String areaWkt, Geometry area, SpatialRelation relation, int parcelQuery, int inspections,
            boolean ownersSchemaOnly, boolean tableSchemaOnly, boolean notesSchemaOnly, boolean related) {

        ReplicaSpec spec() {
            List<DatasetSpec> ds = new ArrayList<>();
            ds.add(new DatasetSpec("PARCELS", PARCEL_QUERIES[parcelQuery], false, List.of()));
            ds.add(new DatasetSpec("INSPECTIONS", inspections == 2 ? "RESULT <> 'fail'" : null, inspections == 0, List.of()));
            ds.add(new DatasetSpec("OWNERS", null, ownersSchemaOnly, List.of()));
            ds.add(new DatasetSpec("PARCEL_OWNERS", null, tableSchemaOnly, List.of()));
            ds.add(new DatasetSpec("NOTES", null, notesSchemaOnly, List.of()));
            ReplicaSpec s = ReplicaSpec.twoWay(name).withDatasets(ds).withRelated(related);
            return areaWkt == null ? s : s.withArea(areaWkt, 3857, relation);
        }

        @Override
        public String toString() {
            return name + ": area " + (areaWkt == null ? "none" : areaWkt + " " + relation) + ", PARCELS where " + PARCEL_QUERIES[parcelQuery]
                    + ", INSPECTIONS " + (inspections == 0 ? "schema-only" : inspections == 1 ? "all" : "where RESULT <> 'fail'")
                    + ", OWNERS " + (ownersSchemaOnly ? "schema-only" : "all") + ", PARCEL_OWNERS " + (tableSchemaOnly ? "schema-only" : "all")
                    + ", NOTES " + (notesSchemaOnly ? "schema-only" : "all") + ", related data " + (related ? "on" : "off");
        }
    }

    /** One side of the test: a geodatabase and its name in the log. */
    private record Side(Geodatabase gdb, String name, Filter filter) {
    }

    /** Per child: parcels whose membership in its filter changed by an edit (their related rows may have stayed behind). */
    private final Map<String, Set<String>> entered = new HashMap<>();
    /** Owners that got or lost a relationship row (they may have entered a replica without being edited). */
    private final Set<String> relinkedOwners = new HashSet<>();
    private final List<Filter> filters = new ArrayList<>();
    /** Parcels and owners the parent has held (a row that never reached it may be named by a relationship that did). */
    private final Set<String> parentEver = new HashSet<>();
    /**
     * Parcels and owners a child deleted outside its replica: the delete is not synchronized (the replica filter rules), so a relationship
     * that reached other replicas before may go on naming them.
     */
    private final Set<String> deletedOutside = new HashSet<>();
    private Geodatabase parentGdb;
    /**
     * Inspections a child's edit brought back into its replica (by its own definition query): the child sends its copy whole,
     * foreign key included, which it may have kept from before a parcel's delete that every replica has acknowledged since.
     */
    private final Set<String> revived = new HashSet<>();
    private final long[] time = new long[4];

    @Test
    void randomEditsOfRelatedDataWithRandomFiltersConverge() throws Exception {
        int scenarios = Math.max(1, Integer.getInteger("geosync.scenarios", 500) / 10);
        long seed = Long.getLong("geosync.seed", System.nanoTime());
        System.out.println("RelatedConvergenceTest: " + scenarios + " scenarios, seed " + seed + " (repeat with -Dgeosync.seed=" + seed + ")");
        random = new Random(seed);
        long setup = System.nanoTime();
        try (Geodatabase parent = ReplicaFixture.relatedParent(tmp.resolve("parent"))) {
            List<Side> children = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                Filter f = randomFilter("c" + i);
                filters.add(f);
                entered.put(f.name(), new HashSet<>());
                System.out.println("RelatedConvergenceTest: " + f);
                Replicas.create(parent, tmp.resolve(f.name()), f.spec(), null);
                children.add(new Side(Geodatabase.open(tmp.resolve(f.name())), f.name(), f));
            }
            Side root = new Side(parent, "parent", null);
            parentGdb = parent;
            seen();
            System.out.printf(Locale.ROOT, "RelatedConvergenceTest: parent and children made in %.1f s%n", (System.nanoTime() - setup) / 1e9);
            List<String> previous = new ArrayList<>();
            try {
                for (int scenario = 0; scenario < scenarios; scenario++) {
                    previous = log;
                    log = new ArrayList<>();
                    try {
                        int steps = 1 + random.nextInt(4);
                        for (int step = 0; step < steps; step++) {
                            long t = System.nanoTime();
                            for (int e = random.nextInt(7); e > 0; e--) {
                                int s = random.nextInt(CHILDREN + 1);
                                edit(s == CHILDREN ? root : children.get(s));
                            }
                            time[0] += System.nanoTime() - t;
                            t = System.nanoTime();
                            if (random.nextInt(3) > 0) {
                                Side child = children.get(random.nextInt(CHILDREN));
                                if (random.nextInt(3) == 0) {
                                    message(root, child);
                                } else {
                                    sync(root, child, false);
                                }
                            }
                            time[1] += System.nanoTime() - t;
                        }
                        log.add("-- final synchronizations");
                        long t = System.nanoTime();
                        for (Side child : children) {
                            sync(root, child, true);
                        }
                        // the edits of the children after it reach each child; and an edit a child made to a row outside its
                        // replica travels once the row comes into it (seed 58417154652144: another child's edit brought it in
                        // during the passes), so the passes go on until one changes nothing, and a synchronization that kept
                        // changing the sides would fail here
                        Map<String, Object> before = state(root, children);
                        for (int pass = 0;; pass++) {
                            for (Side child : children) {
                                sync(root, child, true);
                            }
                            Map<String, Object> after = state(root, children);
                            if (after.equals(before)) {
                                break;
                            }
                            if (pass == 3) {
                                throw new AssertionError("the sides still change after " + (pass + 2) + " passes of synchronizations");
                            }
                            before = after;
                        }
                        time[2] += System.nanoTime() - t;
                        t = System.nanoTime();
                        Map<String, Map<String, Map<String, Object>>> onParent = snapshot(parent);
                        Map<String, Map<String, Map<String, Map<String, Object>>>> data = new HashMap<>();
                        data.put("parent", onParent);
                        for (Side child : children) {
                            data.put(child.name(), snapshot(child.gdb()));
                            check(onParent, child, data.get(child.name()));
                        }
                        unique(data);
                        time[3] += System.nanoTime() - t;
                    } catch (AssertionError | Exception e) {
                        StringBuilder fs = new StringBuilder();
                        filters.forEach(f -> fs.append("\n  ").append(f));
                        fail("Scenario " + scenario + " of seed " + seed + " failed: " + e.getMessage() + "\nFilters:" + fs
                                + "\nOperations of the scenario before:\n  " + String.join("\n  ", previous)
                                + "\nOperations (repeat with -Dgeosync.seed=" + seed + "):\n  " + String.join("\n  ", log), e);
                    }
                }
            } finally {
                children.forEach(c -> c.gdb().close());
            }
            System.out.printf(Locale.ROOT, "RelatedConvergenceTest: edits %.1f s, synchronizations and messages %.1f s, final synchronizations %.1f s,"
                    + " oracle %.1f s%n", time[0] / 1e9, time[1] / 1e9, time[2] / 1e9, time[3] / 1e9);
        }
    }

    // ---- filters --------------------------------------------------------------------------------

    private Filter randomFilter(String name) throws ParseException {
        String wkt = null;
        Geometry area = null;
        SpatialRelation relation = random.nextBoolean() ? SpatialRelation.INTERSECTS : SpatialRelation.WITHIN;
        if (random.nextInt(4) > 0) {
            // a box over grid cells whose edges either clear the squares or cut through them (intersects and within differ there)
            int c0 = random.nextInt(8), r0 = random.nextInt(8);
            int c1 = c0 + 1 + random.nextInt(10 - c0 - 1), r1 = r0 + 1 + random.nextInt(10 - r0 - 1);
            double x0 = c0 * 100 + (random.nextBoolean() ? -5 : 45), y0 = r0 * 100 + (random.nextBoolean() ? -5 : 45);
            double x1 = c1 * 100 + (random.nextBoolean() ? 95 : 45), y1 = r1 * 100 + (random.nextBoolean() ? 95 : 45);
            wkt = String.format(Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))", n(x0), n(y0), n(x1), n(y0), n(x1), n(y1), n(x0),
                    n(y1), n(x0), n(y0));
            area = reader.read(wkt);
        }
        return new Filter(name, wkt, area, relation, random.nextInt(PARCEL_QUERIES.length), random.nextInt(3), random.nextBoolean(),
                random.nextBoolean(), random.nextInt(4) == 0, random.nextInt(4) > 0);
    }

    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Whether a parcel (its values, SHAPE as WKT) is in the replica of {@code f} by the filter of PARCELS. */
    private boolean parcelIn(Filter f, Map<String, Object> row) {
        if (row == null) {
            return false;
        }
        if (f.area() != null) {
            Geometry g;
            try {
                g = reader.read((String) row.get("SHAPE"));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
            if (f.relation() == SpatialRelation.WITHIN ? !f.area().contains(g) : !f.area().intersects(g)) {
                return false;
            }
        }
        return switch (f.parcelQuery()) {
            case 1 -> "city".equals(row.get("OWNER"));
            case 2 -> row.get("NAME") instanceof String s && s.startsWith("P");
            case 3 -> row.get("AREA") instanceof Number a && a.doubleValue() > 100;
            default -> true;
        };
    }

    // ---- edits ----------------------------------------------------------------------------------

    private void edit(Side side) throws Exception {
        Geodatabase g = side.gdb();
        String who = side.name();
        int what = random.nextInt(16);
        if (what < 6) {
            editParcel(side, what);
        } else if (what < 10) {
            String id = any(g, "INSPECTIONS");
            int how = id == null ? 0 : random.nextInt(5);
            if (how == 0) {
                String parcel = random.nextInt(5) == 0 ? null : any(g, "PARCELS");
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("PARCEL_GID", parcel);
                v.put("RESULT", "new " + who + " " + inserted++);
                id = g.insert("inspections", v, null);
                log.add(who + ": insert inspection " + id + " " + v);
            } else if (how == 1) {
                String parcel = any(g, "PARCELS");
                Map<String, Object> v = new HashMap<>();
                v.put("PARCEL_GID", parcel);
                g.update("inspections", id, v, null);
                log.add(who + ": relate inspection " + id + " to parcel " + parcel);
            } else if (how == 2) {
                g.delete("inspections", id);
                log.add(who + ": delete inspection " + id);
            } else {
                String result = random.nextInt(3) == 0 ? "fail" : who + random.nextInt(1000);
                Object was = ReplicaFixture.value(g, "inspections", id, "RESULT");
                if (side.filter() != null && side.filter().inspections() == 2 && (was == null || "fail".equals(was)) && !"fail".equals(result)) {
                    revived.add(id);
                }
                g.update("inspections", id, Map.of("RESULT", result), null);
                log.add(who + ": set RESULT of inspection " + id + " to " + result);
            }
        } else if (what < 12) {
            String id = any(g, "OWNERS");
            int how = id == null ? 0 : random.nextInt(4);
            if (how == 0) {
                id = g.insert("owners", Map.of("NAME", "new " + who + " " + inserted++), null);
                log.add(who + ": insert owner " + id);
            } else if (how == 1) {
                // the database removes the owner's relationship rows with it, whoever deletes it: an editor that removes them
                // first, or a plain SQL delete (chosen by the GlobalID, so the seed's random numbers stay as they were)
                List<String> links = ids(g, "SELECT GLOBALID FROM PARCEL_OWNERS WHERE OWNER_GID = '" + id + "'");
                if (bySql(id)) {
                    g.executeSql("DELETE FROM OWNERS WHERE GLOBALID = '" + id + "'", null);
                } else {
                    for (String link : links) {
                        g.delete("parcel_owners", link);
                    }
                    g.delete("owners", id);
                }
                relinkedOwners.add(id);
                if (side.filter() != null && side.filter().ownersSchemaOnly()) {
                    deletedOutside.add(id); // possibly outside the replica (when no parcel in it relates to the owner)
                }
                log.add(who + ": delete owner " + id + (bySql(id) ? " by SQL (the database removes" : " and (as an editor)") + " its relationship rows "
                        + links + (bySql(id) ? ")" : ""));
            } else {
                String name = who + random.nextInt(1000);
                g.update("owners", id, Map.of("NAME", name), null);
                log.add(who + ": set NAME of owner " + id + " to " + name);
            }
        } else {
            String id = any(g, "PARCEL_OWNERS");
            int how = id == null ? 0 : random.nextInt(4);
            if (how <= 1) {
                String parcel = any(g, "PARCELS"), owner = any(g, "OWNERS");
                if (parcel == null || owner == null) {
                    return;
                }
                int share = random.nextInt(101);
                id = g.insert("parcel_owners", Map.of("PARCEL_GID", parcel, "OWNER_GID", owner, "SHARE_PCT", share), null);
                relinkedOwners.add(owner);
                log.add(who + ": relate parcel " + parcel + " to owner " + owner + " (" + share + "%) as " + id);
            } else if (how == 2) {
                Object owner = ReplicaFixture.value(g, "parcel_owners", id, "OWNER_GID");
                g.delete("parcel_owners", id);
                relinkedOwners.add(String.valueOf(owner).trim());
                log.add(who + ": delete relationship row " + id);
            } else {
                int share = random.nextInt(101);
                g.update("parcel_owners", id, Map.of("SHARE_PCT", share), null);
                log.add(who + ": set SHARE_PCT of " + id + " to " + share);
            }
        }
    }

    private void editParcel(Side side, int what) throws Exception {
        Geodatabase g = side.gdb();
        String who = side.name();
        if (what == 0) {
            String wkt = square(random.nextInt(10), random.nextInt(10));
            Map<String, Object> v = Map.of("NAME", random.nextBoolean() ? "P new " + who + " " + inserted : "new " + who + " " + inserted,
                    "OWNER", random.nextBoolean() ? "city" : who, "AREA", random.nextBoolean() ? 1.0 : 8100.0);
            inserted++;
            String id = g.insert("parcels", v, wkt);
            log.add(who + ": insert parcel " + id + " " + v + " at " + wkt);
            return;
        }
        String id = any(g, "PARCELS");
        if (id == null) {
            return;
        }
        Map<String, Object> before = g.row("parcels", id).orElseThrow();
        if (what == 1) {
            // the relationships are kept by the database whoever deletes the parcel: an editor's relationship messaging first
            // (foreign keys of its inspections to NULL, its relationship rows removed), or a plain SQL delete
            List<String> inspections = ids(g, "SELECT GLOBALID FROM INSPECTIONS WHERE PARCEL_GID = '" + id + "'");
            List<List<String>> links = Sql.rows(g, "SELECT GLOBALID, OWNER_GID FROM PARCEL_OWNERS WHERE PARCEL_GID = '" + id + "'");
            for (List<String> link : links) {
                relinkedOwners.add(link.get(1).trim());
            }
            if (bySql(id)) {
                g.executeSql("DELETE FROM PARCELS WHERE GLOBALID = '" + id + "'", null);
            } else {
                for (String i : inspections) {
                    Map<String, Object> v = new HashMap<>();
                    v.put("PARCEL_GID", null);
                    g.update("inspections", i, v, null);
                }
                for (List<String> link : links) {
                    g.delete("parcel_owners", link.get(0).trim());
                }
                g.delete("parcels", id);
            }
            if (side.filter() != null && !parcelIn(side.filter(), before)) {
                deletedOutside.add(id);
            }
            log.add(who + ": delete parcel " + id + (bySql(id) ? " by SQL" : "") + " (its inspections " + inspections + " released, relationship rows "
                    + links + " removed" + (bySql(id) ? " by the database)" : ")"));
            return;
        }
        if (what == 2) {
            String wkt = square(random.nextInt(10), random.nextInt(10));
            g.update("parcels", id, Map.of(), wkt);
            log.add(who + ": move parcel " + id + " to " + wkt);
        } else {
            String field = switch (random.nextInt(3)) {
                case 0 -> "NAME";
                case 1 -> "OWNER";
                default -> "AREA";
            };
            Object value = switch (field) {
                case "NAME" -> random.nextBoolean() ? "P" + who + random.nextInt(1000) : who + random.nextInt(1000);
                case "OWNER" -> random.nextBoolean() ? "city" : who + random.nextInt(1000);
                default -> random.nextBoolean() ? 1.0 + random.nextInt(50) : 8100.0 + random.nextInt(50);
            };
            g.update("parcels", id, Map.of(field, value), null);
            log.add(who + ": set " + field + " of parcel " + id + " to " + value);
        }
        Map<String, Object> after = g.row("parcels", id).orElseThrow();
        for (Filter f : filters) {
            if (parcelIn(f, before) != parcelIn(f, after)) {
                entered.get(f.name()).add(id);
            }
        }
    }

    /** Whether the row is deleted by plain SQL, relationships left to the database (half the rows, by their GlobalID). */
    private static boolean bySql(String gid) {
        return (gid.hashCode() & 1) == 0;
    }

    /** A random row of a dataset on {@code g}, or null when it has none. */
    private String any(Geodatabase g, String dataset) throws GeodatabaseException {
        List<String> all = ids(g, "SELECT GLOBALID FROM " + dataset + " ORDER BY GLOBALID");
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    private static List<String> ids(Geodatabase g, String sql) throws GeodatabaseException {
        List<String> result = new ArrayList<>();
        for (List<String> r : Sql.rows(g, sql)) {
            result.add(r.get(0).trim());
        }
        return result;
    }

    // ---- synchronization ------------------------------------------------------------------------

    private void sync(Side parent, Side child, boolean both) throws GeodatabaseException {
        SyncOptions o = SyncOptions.defaults().withPolicy(random.nextBoolean() ? SyncOptions.Winner.FIRST : SyncOptions.Winner.SECOND)
                .withConflicts(random.nextBoolean() ? ConflictDefinition.BY_ROW : ConflictDefinition.BY_COLUMN);
        if (!both && random.nextBoolean()) {
            o = o.withDirection(random.nextBoolean() ? SyncOptions.Direction.FIRST_TO_SECOND : SyncOptions.Direction.SECOND_TO_FIRST);
        }
        boolean childFirst = random.nextBoolean();
        Side first = childFirst ? child : parent, second = childFirst ? parent : child;
        log.add("sync " + first.name() + " with " + second.name() + " " + o);
        Replicas.synchronize(first.gdb(), second.gdb(), child.name(), o, null);
        seen();
    }

    /** Every side's data, to tell whether a pass of synchronizations changed anything. */
    private static Map<String, Object> state(Side root, List<Side> children) throws GeodatabaseException {
        Map<String, Object> all = new HashMap<>();
        all.put(root.name(), snapshot(root.gdb()));
        for (Side c : children) {
            all.put(c.name(), snapshot(c.gdb()));
        }
        return all;
    }

    private void seen() throws GeodatabaseException {
        parentEver.addAll(ids(parentGdb, "SELECT GLOBALID FROM PARCELS"));
        parentEver.addAll(ids(parentGdb, "SELECT GLOBALID FROM OWNERS"));
    }

    /** A message round trip: the sender exports its changes (sometimes switching to receiver), the other side imports them. */
    private void message(Side parent, Side child) throws Exception {
        String name = child.name();
        Side sender = Replicas.get(parent.gdb(), name).getState() == ReplicaState.SENDER ? parent : child;
        Side receiver = sender == parent ? child : parent;
        boolean switching = random.nextInt(3) == 0;
        Path file = tmp.resolve(sender.name() + "-" + name + "-" + files++ + ".zip");
        Messages.exportChanges(sender.gdb(), name, file, ExportOptions.defaults().withSwitchToReceiver(switching), null);
        Winner policy = random.nextBoolean() ? Winner.FIRST : Winner.SECOND;
        ConflictDefinition definition = random.nextBoolean() ? ConflictDefinition.BY_ROW : ConflictDefinition.BY_COLUMN;
        log.add(sender.name() + ": export (" + name + ")" + (switching ? " switching to receiver" : "") + "; " + receiver.name() + ": import "
                + policy + " " + definition);
        Messages.importMessage(receiver.gdb(), file, ImportOptions.defaults().withPolicy(policy).withConflicts(definition), null);
        seen();
    }

    // ---- the oracle -----------------------------------------------------------------------------

    private static final Map<String, String> COLUMNS = Map.of("PARCELS", "NAME, OWNER, AREA, ST_AsText(SHAPE) AS SHAPE", "INSPECTIONS",
            "PARCEL_GID, RESULT", "OWNERS", "NAME", "PARCEL_OWNERS", "PARCEL_GID, OWNER_GID, SHARE_PCT", "NOTES", "TEXT, PRIORITY");

    /** Every row of every dataset of {@code g}, by dataset and GlobalID, read in bulk. */
    private static Map<String, Map<String, Map<String, Object>>> snapshot(Geodatabase g) throws GeodatabaseException {
        for (String dataset : COLUMNS.keySet()) {
            List<String> counts = Sql.rows(g, "SELECT COUNT(*), COUNT(DISTINCT GLOBALID) FROM " + dataset).get(0);
            if (!counts.get(0).equals(counts.get(1))) {
                throw new AssertionError(dataset + " in " + g.directory() + " holds a GlobalID twice: " + counts);
            }
        }
        return g.inTransaction(x -> {
            Map<String, Map<String, Map<String, Object>>> result = new HashMap<>();
            for (Map.Entry<String, String> e : COLUMNS.entrySet()) {
                Map<String, Map<String, Object>> rows = new java.util.TreeMap<>();
                try (java.sql.Statement st = x.connection().createStatement();
                        java.sql.ResultSet rs = st.executeQuery("SELECT GLOBALID, " + e.getValue() + " FROM " + e.getKey())) {
                    java.sql.ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 2; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.put(md.getColumnLabel(i).toUpperCase(Locale.ROOT), v instanceof java.sql.Clob clob ? clob.getSubString(1, (int) clob.length())
                                    : v instanceof String t ? t.trim() : v);
                        }
                        rows.put(rs.getString(1).trim(), row);
                    }
                } catch (java.sql.SQLException ex) {
                    throw new GeodatabaseException(ex.getMessage(), ex);
                }
                result.put(e.getKey(), rows);
            }
            return result;
        });
    }

    /** The rows of one dataset in the replica of {@code f} by the replica filter rules, evaluated on one side's data. */
    private Set<String> inReplica(Map<String, Map<String, Map<String, Object>>> data, Filter f, String dataset) {
        Set<String> parcels = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> e : data.get("PARCELS").entrySet()) {
            if (parcelIn(f, e.getValue())) {
                parcels.add(e.getKey());
            }
        }
        Set<String> owners = new HashSet<>();
        for (Map<String, Object> link : data.get("PARCEL_OWNERS").values()) {
            if (parcels.contains(key(link.get("PARCEL_GID")))) {
                owners.add(key(link.get("OWNER_GID")));
            }
        }
        Set<String> result = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> e : data.get(dataset).entrySet()) {
            Map<String, Object> row = e.getValue();
            boolean in = switch (dataset) {
                case "PARCELS" -> parcels.contains(e.getKey());
                case "INSPECTIONS" -> switch (f.inspections()) {
                    case 0 -> f.related() && parcels.contains(key(row.get("PARCEL_GID")));
                    case 1 -> true;
                    default -> row.get("RESULT") != null && !"fail".equals(row.get("RESULT"));
                };
                case "OWNERS" -> f.ownersSchemaOnly() ? f.related() && owners.contains(e.getKey()) : true;
                case "PARCEL_OWNERS" -> f.tableSchemaOnly() ? f.related() && parcels.contains(key(row.get("PARCEL_GID"))) : true;
                default -> !f.notesSchemaOnly();
            };
            if (in) {
                result.add(e.getKey());
            }
        }
        return result;
    }

    /** Whether the row may have entered the replica without being edited (only edits are evaluated at synchronization). */
    private boolean exempt(Filter f, String dataset, String gid, Map<String, Object> row, Map<String, Map<String, Object>> links) {
        Set<String> moved = entered.get(f.name());
        return switch (dataset) {
            case "INSPECTIONS" -> f.inspections() == 0 && moved.contains(key(row.get("PARCEL_GID")));
            case "PARCEL_OWNERS" -> f.tableSchemaOnly() && moved.contains(key(row.get("PARCEL_GID")));
            case "OWNERS" -> f.ownersSchemaOnly() && (relinkedOwners.contains(gid) || links.values().stream()
                    .anyMatch(l -> gid.equals(key(l.get("OWNER_GID"))) && moved.contains(key(l.get("PARCEL_GID")))));
            default -> false;
        };
    }

    private void check(Map<String, Map<String, Map<String, Object>>> parent, Side child, Map<String, Map<String, Map<String, Object>>> mine) {
        Filter f = child.filter();
        for (String dataset : List.of("PARCELS", "INSPECTIONS", "OWNERS", "PARCEL_OWNERS", "NOTES")) {
            Set<String> keys = new TreeSet<>(inReplica(parent, f, dataset));
            Set<String> c = inReplica(mine, f, dataset);
            Set<String> p = new HashSet<>(keys);
            keys.addAll(c);
            List<String> diffs = new ArrayList<>();
            for (String k : keys) {
                Map<String, Object> onParent = parent.get(dataset).get(k), onChild = mine.get(dataset).get(k);
                if (Objects.equals(onParent, onChild)) {
                    continue;
                }
                if (onParent != null && exempt(f, dataset, k, onParent, parent.get("PARCEL_OWNERS"))
                        || onChild != null && exempt(f, dataset, k, onChild, mine.get("PARCEL_OWNERS"))) {
                    continue;
                }
                diffs.add(k + (p.contains(k) ? " (in the replica on the parent)" : "") + (c.contains(k) ? " (in the replica on the child)" : "")
                        + ": " + onParent + " on the parent, " + onChild + " on " + child.name());
            }
            if (!diffs.isEmpty()) {
                throw new AssertionError(dataset + " of " + child.name() + " differs from the parent where the filter rules say it holds the same rows: "
                        + String.join("; ", diffs));
            }
        }
    }

    /**
     * Inserted rows at most once anywhere; no relationship (foreign key or relationship row) in a replica naming a row that exists
     * on no replica (GlobalIDs unique: see {@link #snapshot}).
     */
    private void unique(Map<String, Map<String, Map<String, Map<String, Object>>>> data) throws Exception {
        Set<String> parcels = new HashSet<>(), owners = new HashSet<>();
        for (Map.Entry<String, Map<String, Map<String, Map<String, Object>>>> side : data.entrySet()) {
            for (Map.Entry<String, Map<String, Map<String, Object>>> d : side.getValue().entrySet()) {
                Set<String> seen = new HashSet<>();
                for (Map<String, Object> row : d.getValue().values()) {
                    for (Object v : row.values()) {
                        if (v instanceof String t && t.startsWith("new ") && !seen.add(t)) {
                            throw new AssertionError("the inserted row '" + t + "' is in " + d.getKey() + " on " + side.getKey() + " twice");
                        }
                    }
                }
            }
            parcels.addAll(side.getValue().get("PARCELS").keySet());
            owners.addAll(side.getValue().get("OWNERS").keySet());
        }
        for (Map.Entry<String, Map<String, Map<String, Map<String, Object>>>> side : data.entrySet()) {
            // a child's rows outside its filter may be stale (edits outside the filter are not synchronized): only the rows in the
            // replica count there
            Filter f = filters.stream().filter(x -> x.name().equals(side.getKey())).findFirst().orElse(null);
            Set<String> inspections = f == null ? side.getValue().get("INSPECTIONS").keySet() : inReplica(side.getValue(), f, "INSPECTIONS");
            Set<String> links = f == null ? side.getValue().get("PARCEL_OWNERS").keySet() : inReplica(side.getValue(), f, "PARCEL_OWNERS");
            for (Map.Entry<String, Map<String, Object>> r : side.getValue().get("INSPECTIONS").entrySet()) {
                Object parcel = r.getValue().get("PARCEL_GID");
                if (parcel != null && !parcels.contains(key(parcel)) && inspections.contains(r.getKey()) && reachable(parcel)
                        && !revived.contains(r.getKey())) {
                    throw new AssertionError("inspection " + r.getKey() + " on " + side.getKey() + " relates to parcel " + parcel
                            + ", which exists on no replica (its foreign key should be NULL)");
                }
            }
            for (Map.Entry<String, Map<String, Object>> r : side.getValue().get("PARCEL_OWNERS").entrySet()) {
                Object parcel = r.getValue().get("PARCEL_GID"), owner = r.getValue().get("OWNER_GID");
                if ((!parcels.contains(key(parcel)) && reachable(parcel) || !owners.contains(key(owner)) && reachable(owner))
                        && links.contains(r.getKey())) {
                    throw new AssertionError("relationship row " + r.getKey() + " on " + side.getKey() + " relates parcel " + parcel + " to owner "
                            + owner + ", one of which exists on no replica");
                }
            }
        }
    }

    /** Whether synchronization had to learn that the row is gone: the parent held it, and no child deleted it outside its replica. */
    private boolean reachable(Object gid) {
        return parentEver.contains(key(gid)) && !deletedOutside.contains(key(gid));
    }

    private static String key(Object v) {
        return v == null ? "" : v.toString().trim();
    }
}
