package org.geosync.core;

import java.util.List;

import org.geosync.model.OneWayDirection;
import org.geosync.model.ReplicaType;
import org.geosync.model.SchemaPolicy;
import org.geosync.model.SpatialRelation;
import org.geosync.model.SyncModel;

/**
 * What a new replica holds: its name and type (with the direction of a one-way replica), the datasets
 * (none listed: all), a replica area applying to every feature class (WKT in {@code areaEpsg}, 0: in each
 * dataset's own CRS) with its spatial relation, whether related rows come along, the sync model, and the schema policy (which
 * schema changes travel by themselves; both sides' records start with it).
 */
public record ReplicaSpec(String name, ReplicaType type, OneWayDirection direction, List<DatasetSpec> datasets, String areaWkt,
        int areaEpsg, SpatialRelation relation, boolean related, SyncModel syncModel, SchemaPolicy schemaPolicy) {

    /** A spec whose schema policy is the default: additive changes travel, drops and renames do not. */
    public ReplicaSpec(String name, ReplicaType type, OneWayDirection direction, List<DatasetSpec> datasets, String areaWkt,
            int areaEpsg, SpatialRelation relation, boolean related, SyncModel syncModel) {
        this(name, type, direction, datasets, areaWkt, areaEpsg, relation, related, syncModel, SchemaPolicy.ADDITIVE);
    }

    /** One dataset of the replica: a definition query, schema only, and a selection set of ObjectIDs (creation only). */
    public record DatasetSpec(String name, String where, boolean schemaOnly, List<Long> selection) {

        /** All rows of a dataset. */
        public static DatasetSpec all(String name) {
            return new DatasetSpec(name, null, false, List.of());
        }
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_\\-]{0,99}");

    /** Why {@code name} cannot name a replica, or null when it can (the rule every replica name follows). */
    public static String nameProblem(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "Invalid replica name '" + name + "'; use a letter followed by letters, digits, '_' or '-' (at most 100).";
        }
        return null;
    }

    /** A two-way replica of every dataset, all rows, per-replica sync. */
    public static ReplicaSpec twoWay(String name) {
        return new ReplicaSpec(name, ReplicaType.TWO_WAY, OneWayDirection.NONE, List.of(), null, 0, SpatialRelation.INTERSECTS, false,
                SyncModel.PER_REPLICA);
    }

    /** The same spec with other datasets. */
    public ReplicaSpec withDatasets(List<DatasetSpec> list) {
        return new ReplicaSpec(name, type, direction, list, areaWkt, areaEpsg, relation, related, syncModel, schemaPolicy);
    }

    /** The same spec with a replica area. */
    public ReplicaSpec withArea(String wkt, int epsg, SpatialRelation rel) {
        return new ReplicaSpec(name, type, direction, datasets, wkt, epsg, rel, related, syncModel, schemaPolicy);
    }

    /** The same spec with another type and one-way direction. */
    public ReplicaSpec withType(ReplicaType t, OneWayDirection d) {
        return new ReplicaSpec(name, t, d, datasets, areaWkt, areaEpsg, relation, related, syncModel, schemaPolicy);
    }

    /** The same spec with related data on or off. */
    public ReplicaSpec withRelated(boolean on) {
        return new ReplicaSpec(name, type, direction, datasets, areaWkt, areaEpsg, relation, on, syncModel, schemaPolicy);
    }

    /** The same spec with another sync model. */
    public ReplicaSpec withSyncModel(SyncModel model) {
        return new ReplicaSpec(name, type, direction, datasets, areaWkt, areaEpsg, relation, related, model, schemaPolicy);
    }

    /** The same spec with another schema policy. */
    public ReplicaSpec withSchemaPolicy(SchemaPolicy policy) {
        return new ReplicaSpec(name, type, direction, datasets, areaWkt, areaEpsg, relation, related, syncModel, policy);
    }
}
