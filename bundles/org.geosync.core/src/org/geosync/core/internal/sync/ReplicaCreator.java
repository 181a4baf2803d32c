package org.geosync.core.internal.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.RelationshipClass;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.internal.storage.BulkInsert;
import org.geosync.core.internal.storage.Catalog;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReconcilePolicy;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaAccessType;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaFilter;
import org.geosync.model.ReplicaRole;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.model.SpatialRelation;
import org.geosync.model.SyncModel;

/**
 * Creates a replica: a new child geodatabase with the chosen datasets' schema and the rows the filters
 * select (plus related rows), and the replica record on both sides sharing one GUID. A cancelled or
 * failed creation removes the child directory and leaves the parent unchanged.
 */
public final class ReplicaCreator {


    private ReplicaCreator() {
    }

    /** Creates the replica; returns the parent's record of it. */
    public static Replica create(Geodatabase parent, Path childDir, ReplicaSpec spec, IProgressMonitor monitor) throws GeodatabaseException {
        return create(parent, GeodatabaseLocation.of(childDir), null, spec, monitor);
    }

    /**
     * Creates the replica in a new geodatabase at {@code childLocation}: a new (or empty) directory, or a new schema of a
     * PostgreSQL database ({@code password} null: the user's own sources); returns the parent's record of it. Cancelled or
     * failed, it leaves nothing behind (the directory's contents, or the schema, are removed).
     */
    public static Replica create(Geodatabase parent, GeodatabaseLocation childLocation, String password, ReplicaSpec spec, IProgressMonitor monitor)
            throws GeodatabaseException {
        SubMonitor progress = SubMonitor.convert(monitor, "Creating replica " + spec.name(), 100);
        List<Planned> plan = plan(parent, spec);
        Path dir = childLocation.directory();
        boolean existed = dir != null && Files.isDirectory(dir);
        if (childLocation.isPostgresql() && parent.location().equals(childLocation)) {
            throw new GeodatabaseException("A replica goes into a geodatabase of its own: " + childLocation + " is the parent itself; name another"
                    + " schema with ?schema=NAME.");
        }
        Geodatabase child = childLocation.isPostgresql() ? org.geosync.core.internal.postgres.PostgresSchemas.createNew(childLocation, password)
                : Geodatabase.create(dir);
        boolean done = false;
        try {
            String guid = UUID.randomUUID().toString();
            byte[] secret = ReplicaStore.newSecret();
            String keyRef = "key:" + guid;
            Map<String, Set<String>> copied = new LinkedHashMap<>();
            List<String> names = plan.stream().map(p -> p.dataset().name()).toList();
            List<RelationshipClass> relationships = RelatedRows.within(parent, names);
            Set<String> relationshipTables = new HashSet<>();
            relationships.stream().filter(RelationshipClass::hasTable).forEach(rc -> relationshipTables.add(rc.table()));
            // The parent is read in one snapshot transaction, its generation with it: the rows copied are the parent's as of
            // that generation, and an edit committed meanwhile by another connection (PostgreSQL) lies in a later one, sent at the
            // first synchronization; the parent's record of the replica is written in the same transaction.
            Replica result = parent.inSnapshot(pp -> {
                child.buildWithoutTracking(c -> {
                    // Each dataset is made and filled as a bulk load (indexes and tracking triggers once its rows are
                    // in): inserting row by row under triggers in this schema-changing transaction costs many times more.
                    SubMonitor rows = progress.split(80).setWorkRemaining(plan.size() + 1);
                    for (Planned p : plan) {
                        Dataset d = p.dataset();
                        if (!relationshipTables.contains(d.name())) {
                            copied.put(d.name(), c.createAndLoad(d.name(), d.isFeatureClass() ? d.geometryType() : null, d.epsg(), d.fields(),
                                    made -> copy(parent, c, p, true, rows.split(1))));
                        }
                    }
                    for (RelationshipClass rc : relationships) {
                        Planned table = rc.hasTable() ? plan.stream().filter(p -> p.dataset().name().equals(rc.table())).findFirst().orElse(null)
                                : null;
                        if (table == null) {
                            c.createRelationshipClass(rc);
                        } else {
                            c.createRelationshipClass(rc, made -> copied.put(rc.table(), copy(parent, c, table, true, rows.split(1))));
                        }
                    }
                    if (spec.related()) {
                        RelatedRows.copyRelated(parent, c, names, copied);
                    }
                    RelatedRows.rewriteObjectIdKeys(parent, c, names);
                    rows.worked(1);
                    return null;
                });
                progress.setWorkRemaining(20);
                long parentGeneration = parent.generation();
                Replica parentSide = record(spec, plan, guid, keyRef, ReplicaRole.PARENT, child, parentGeneration);
                Replica childSide = record(spec, plan, guid, keyRef, ReplicaRole.CHILD, parent, parentGeneration);
                childSide.setRelativeReplicaGuid(parent.guid());
                childSide.setRelativeReplicaLocation(parent.location().toString());
                parentSide.setRelativeReplicaGuid(child.guid());
                parentSide.setRelativeReplicaLocation(child.location().toString());
                child.inTransaction(c -> {
                    ReplicaStore store = new ReplicaStore(c.connection());
                    store.putKey(keyRef, secret);
                    store.save(childSide);
                    return null;
                });
                checkCancel(progress);
                ReplicaStore store = new ReplicaStore(parent.connection());
                store.putKey(keyRef, secret);
                store.save(parentSide);
                parent.markSynchronized(); // edits from now on are new to the child
                return parentSide;
            });
            done = true;
            return result;
        } finally {
            child.close();
            if (!done) {
                if (dir != null) {
                    deleteQuietly(dir, existed);
                } else {
                    org.geosync.core.internal.postgres.PostgresSchemas.dropQuietly(childLocation, password);
                }
            }
            progress.done();
        }
    }

    /** A dataset of the new replica with its checked filter. */
    record Planned(Dataset dataset, ReplicaFilter filter, RowFilter rowFilter, List<Long> selection) {
    }

    private static List<Planned> plan(Geodatabase parent, ReplicaSpec spec) throws GeodatabaseException {
        String nameProblem = ReplicaSpec.nameProblem(spec.name());
        if (nameProblem != null) {
            throw new GeodatabaseException(nameProblem);
        }
        if (spec.type() == null) {
            throw new GeodatabaseException("Choose the replica type: checkout, one-way or two-way.");
        }
        if (spec.type() != ReplicaType.ONE_WAY && spec.direction() != null && spec.direction() != OneWayDirection.NONE) {
            throw new GeodatabaseException("A direction is only for one-way replicas; " + spec.name() + " is " + spec.type().getLiteral() + ".");
        }
        return parent.inTransaction(g -> {
            if (new ReplicaStore(g.connection()).find(spec.name()).isPresent()) {
                throw new GeodatabaseException("A replica named " + spec.name() + " already exists in " + g.location() + "; choose another name.");
            }
            List<ReplicaSpec.DatasetSpec> wanted = spec.datasets() == null || spec.datasets().isEmpty()
                    ? g.datasets().stream().map(d -> ReplicaSpec.DatasetSpec.all(d.name())).toList() : spec.datasets();
            if (wanted.isEmpty()) {
                throw new GeodatabaseException(g.location() + " has no datasets to replicate.");
            }
            List<Planned> plan = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            boolean anyFeatureClass = false;
            for (ReplicaSpec.DatasetSpec ds : wanted) {
                Dataset d = g.dataset(ds.name());
                if (!seen.add(d.name())) {
                    throw new GeodatabaseException("The dataset " + d.name() + " is listed twice; list each dataset once.");
                }
                ReplicaFilter f = GeosyncFactory.eINSTANCE.createReplicaFilter();
                f.setSchemaOnly(ds.schemaOnly());
                f.setRelatedData(spec.related());
                String refused = org.geosync.core.ReplicaRules.datasetProblem(d, ds);
                if (refused != null) {
                    throw new GeodatabaseException(refused);
                }
                if (!ds.schemaOnly()) {
                    f.setDefinitionQuery(ds.where() == null || ds.where().isBlank() ? null : ds.where().trim());
                    if (spec.areaWkt() != null && !spec.areaWkt().isBlank() && d.isFeatureClass()) {
                        f.setAreaWkt(spec.areaWkt().trim());
                        f.setAreaEpsg(spec.areaEpsg() > 0 ? spec.areaEpsg() : d.epsg());
                        f.setSpatialRelation(spec.relation() == null ? SpatialRelation.INTERSECTS : spec.relation());
                        anyFeatureClass = true;
                    }
                    if (ds.selection() != null && !ds.selection().isEmpty()) {
                        // a selection naming rows that do not exist is a mistake to show, not rows to skip quietly
                        String problem = org.geosync.core.SelectionSet.parse(String.join(",", ds.selection().stream().map(String::valueOf).toList()))
                                .resolve(g, d.name()).problem();
                        if (problem != null) {
                            throw new GeodatabaseException(problem);
                        }
                        f.getSelectionOids().addAll(ds.selection());
                    }
                }
                RowFilter rf = RowFilter.of(g.connection(), d, f);
                plan.add(new Planned(d, f, rf, ds.selection() == null ? List.of() : ds.selection()));
            }
            // a relationship class between two replicated datasets comes along with its table
            List<String> planned = plan.stream().map(x -> x.dataset().name()).toList();
            for (RelationshipClass rc : RelatedRows.within(g, planned)) {
                if (rc.hasTable() && !planned.contains(rc.table()) && seen.add(rc.table())) {
                    ReplicaFilter f = GeosyncFactory.eINSTANCE.createReplicaFilter();
                    f.setSchemaOnly(true);
                    f.setRelatedData(spec.related());
                    Dataset table = g.dataset(rc.table());
                    plan.add(new Planned(table, f, RowFilter.of(g.connection(), table, f), List.of()));
                }
            }
            if (spec.areaWkt() != null && !spec.areaWkt().isBlank() && !anyFeatureClass) {
                // an area that would filter nothing is refused, not ignored (a typo in it is named first)
                String problem = org.geosync.core.ReplicaRules.areaProblem(spec.areaWkt());
                throw new GeodatabaseException(problem != null ? problem : org.geosync.core.ReplicaRules.areaScopeProblem(false));
            }
            return plan;
        });
    }

    /**
     * Copies the rows the filters select; into a table made in this transaction ({@code bulk}: no indexes or
     * triggers yet) as a bulk insert streaming from the parent, else row by row.
     */
    private static Set<String> copy(Geodatabase parent, Geodatabase child, Planned p, boolean bulk, SubMonitor monitor)
            throws SQLException, GeodatabaseException {
        Set<String> gids = new HashSet<>();
        if (p.filter().isSchemaOnly()) {
            return gids;
        }
        Dataset d = p.dataset();
        List<String> cols = Catalog.replicatedColumns(d);
        StringBuilder sql = new StringBuilder("SELECT OBJECTID, " + String.join(", ", cols) + " FROM " + d.name() + " WHERE 1 = 1");
        if (p.rowFilter().where() != null) {
            sql.append(" AND (").append(p.rowFilter().where()).append(')');
        }
        Set<Long> selection = new HashSet<>(p.selection());
        org.locationtech.jts.geom.Envelope box = p.rowFilter().box();
        if (box != null) {
            // the envelope columns pre-select by box through their indexes; JTS refines below
            sql.append(" AND MINX <= ").append(box.getMaxX()).append(" AND MAXX >= ").append(box.getMinX())
                    .append(" AND MINY <= ").append(box.getMaxY()).append(" AND MAXY >= ").append(box.getMinY());
        }
        sql.append(" ORDER BY OBJECTID");
        monitor.setWorkRemaining(1000);
        try (PreparedStatement s = parent.connection().prepareStatement(sql.toString()); ResultSet rs = s.executeQuery()) {
            int[] n = { 0 };
            // the next selected row of the parent, or null
            RowSource next = () -> {
                while (rs.next()) {
                    if (!selection.isEmpty() && !selection.contains(rs.getLong(1))) {
                        continue;
                    }
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 0; i < cols.size(); i++) {
                        Object v = rs.getObject(i + 2);
                        if (v instanceof Blob b) {
                            v = b.getBytes(1, (int) b.length());
                        } else if (i == 0) {
                            v = ((String) v).trim();
                        }
                        values.put(cols.get(i), v);
                    }
                    if (!p.rowFilter().spatial(values, bulk)) {
                        continue;
                    }
                    gids.add((String) values.get("GLOBALID"));
                    if (++n[0] % 200 == 0) {
                        monitor.setWorkRemaining(1000).worked(1);
                        checkCancel(monitor);
                    }
                    return values;
                }
                return null;
            };
            if (bulk) {
                BulkInsert.into(child.connection(), d.name(), cols, row -> {
                    Map<String, Object> values = next.get();
                    if (values == null) {
                        return false;
                    }
                    for (int i = 0; i < cols.size(); i++) {
                        row[i] = values.get(cols.get(i));
                    }
                    return true;
                });
            } else {
                RowStore target = new RowStore(child, d);
                for (Map<String, Object> values; (values = next.get()) != null;) {
                    target.insert(values);
                }
            }
        }
        return gids;
    }

    /** Supplies rows one at a time. */
    @FunctionalInterface
    private interface RowSource {
        Map<String, Object> get() throws SQLException, GeodatabaseException;
    }

    private static Replica record(ReplicaSpec spec, List<Planned> plan, String guid, String keyRef, ReplicaRole role, Geodatabase relative,
            long parentGeneration) {
        Replica r = GeosyncFactory.eINSTANCE.createReplica();
        r.setName(spec.name());
        r.setGuid(guid);
        r.setType(spec.type());
        r.setOneWayDirection(spec.type() == ReplicaType.ONE_WAY
                ? spec.direction() == null || spec.direction() == OneWayDirection.NONE ? OneWayDirection.PARENT_TO_CHILD : spec.direction()
                : OneWayDirection.NONE);
        r.setRole(role);
        r.setSyncModel(spec.syncModel() == null ? SyncModel.PER_REPLICA : spec.syncModel());
        boolean sends = switch (spec.type()) {
            case CHECKOUT -> role == ReplicaRole.CHILD;
            case ONE_WAY -> (r.getOneWayDirection() == OneWayDirection.PARENT_TO_CHILD) == (role == ReplicaRole.PARENT);
            case TWO_WAY -> role == ReplicaRole.PARENT;
        };
        r.setState(sends ? ReplicaState.SENDER : ReplicaState.RECEIVER);
        r.setAccessType(ReplicaAccessType.FULL);
        Date now = new Date();
        r.setCreated(now);
        r.setRelativeReplicaName(spec.name());
        r.setDefaultReconcilePolicy(ReconcilePolicy.FAVOR_PARENT);
        r.setDefaultConflictDefinition(ConflictDefinition.BY_ROW);
        r.setSchemaPolicy(spec.schemaPolicy() == null ? org.geosync.model.SchemaPolicy.ADDITIVE : spec.schemaPolicy());
        r.setMessageKeyRef(keyRef);
        for (Planned p : plan) {
            ReplicaDataset rd = GeosyncFactory.eINSTANCE.createReplicaDataset();
            rd.setDatasetName(p.dataset().name());
            rd.setFilter(EcoreUtil.copy(p.filter()));
            if (role == ReplicaRole.PARENT) {
                rd.setMyGeneration(parentGeneration);
                rd.setSibMyGeneration(parentGeneration);
            } else {
                rd.setSibGeneration(parentGeneration);
            }
            r.getDatasets().add(rd);
        }
        Generations.rollUp(r);
        return r;
    }

    private static void checkCancel(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static void deleteQuietly(Path dir, boolean keepDirectory) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!(keepDirectory && p.equals(dir))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // best effort: the caller reports the original failure
        }
    }

}
