package org.geosync.server;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.model.OneWayDirection;
import org.geosync.model.ReplicaType;
import org.geosync.model.SchemaPolicy;
import org.geosync.model.SpatialRelation;
import org.geosync.model.SyncModel;

/**
 * A replica's specification as the form fields of a createReplica request ({@code application/x-www-form-urlencoded}, as
 * ArcGIS feature services take their operations' parameters): {@code replicaName}, {@code type}, {@code direction},
 * {@code dataset} (repeated) with {@code where.NAME}, {@code schemaOnly.NAME} and {@code selection.NAME}, {@code area} (WKT),
 * {@code epsg}, {@code relation}, {@code related}, {@code syncModel}, {@code schemaPolicy}. The client writes it from the
 * same {@link ReplicaSpec} the command line builds; the service reads it back and the engine validates it as for a local
 * creation.
 */
public final class ReplicaForm {

    private ReplicaForm() {
    }

    /** The form body of {@code spec}. */
    public static String encode(ReplicaSpec spec) {
        List<String[]> f = new ArrayList<>();
        f.add(new String[] { "replicaName", spec.name() });
        f.add(new String[] { "type", spec.type().getLiteral() });
        if (spec.type() == ReplicaType.ONE_WAY && spec.direction() != null && spec.direction() != OneWayDirection.NONE) {
            f.add(new String[] { "direction", spec.direction().getLiteral() });
        }
        for (DatasetSpec d : spec.datasets() == null ? List.<DatasetSpec>of() : spec.datasets()) {
            f.add(new String[] { "dataset", d.name() });
            if (d.where() != null) {
                f.add(new String[] { "where." + d.name(), d.where() });
            }
            if (d.schemaOnly()) {
                f.add(new String[] { "schemaOnly." + d.name(), "true" });
            }
            if (d.selection() != null && !d.selection().isEmpty()) {
                f.add(new String[] { "selection." + d.name(), String.join(",", d.selection().stream().map(String::valueOf).toList()) });
            }
        }
        if (spec.areaWkt() != null) {
            f.add(new String[] { "area", spec.areaWkt() });
            if (spec.areaEpsg() > 0) {
                f.add(new String[] { "epsg", String.valueOf(spec.areaEpsg()) });
            }
            if (spec.relation() != null) {
                f.add(new String[] { "relation", spec.relation().getLiteral() });
            }
        }
        if (spec.related()) {
            f.add(new String[] { "related", "true" });
        }
        if (spec.syncModel() != null) {
            f.add(new String[] { "syncModel", spec.syncModel().getLiteral() });
        }
        if (spec.schemaPolicy() != null) {
            f.add(new String[] { "schemaPolicy", spec.schemaPolicy().getLiteral() });
        }
        StringBuilder b = new StringBuilder();
        for (String[] kv : f) {
            b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(kv[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** The fields of a form body, each name with its values in order. */
    static Map<String, List<String>> fields(String body) throws IllegalArgumentException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return fields;
        }
        for (String pair : body.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return fields;
    }

    /** The specification a form describes; refuses a missing or unknown value with one sentence. */
    static ReplicaSpec decode(Map<String, List<String>> f) throws IllegalArgumentException {
        String name = one(f, "replicaName");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("createReplica needs the field replicaName.");
        }
        ReplicaType type = ReplicaType.get(String.valueOf(one(f, "type")));
        if (type == null) {
            throw new IllegalArgumentException("The field type must be checkout, one-way or two-way.");
        }
        OneWayDirection direction = OneWayDirection.NONE;
        if (type == ReplicaType.ONE_WAY) {
            String d = one(f, "direction");
            direction = d == null ? OneWayDirection.PARENT_TO_CHILD : OneWayDirection.get(d);
            if (direction == null || direction == OneWayDirection.NONE) {
                throw new IllegalArgumentException("The field direction must be parent-to-child or child-to-parent.");
            }
        } else if (one(f, "direction") != null) {
            throw new IllegalArgumentException("The field direction is only for one-way replicas.");
        }
        List<DatasetSpec> datasets = new ArrayList<>();
        for (String d : f.getOrDefault("dataset", List.of())) {
            String n = d.strip().toUpperCase(Locale.ROOT);
            List<Long> selection = new ArrayList<>();
            String sel = one(f, "selection." + d);
            if (sel != null && !sel.isBlank()) {
                for (String oid : sel.split(",")) {
                    try {
                        selection.add(Long.parseLong(oid.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("The field selection." + d + " takes ObjectIDs such as 1,2,3.");
                    }
                }
            }
            datasets.add(new DatasetSpec(n, one(f, "where." + d), "true".equals(one(f, "schemaOnly." + d)), selection));
        }
        int epsg = 0;
        if (one(f, "epsg") != null) {
            try {
                epsg = Integer.parseInt(one(f, "epsg").strip());
            } catch (NumberFormatException e) {
                epsg = -1;
            }
            if (epsg <= 0) {
                throw new IllegalArgumentException("The field epsg takes an EPSG code such as 4326.");
            }
        }
        SpatialRelation relation = one(f, "relation") == null ? SpatialRelation.INTERSECTS : SpatialRelation.get(one(f, "relation"));
        if (relation == null) {
            throw new IllegalArgumentException("The field relation must be intersects, within or contains.");
        }
        SyncModel model = one(f, "syncModel") == null ? SyncModel.PER_REPLICA : SyncModel.get(one(f, "syncModel"));
        if (model == null) {
            throw new IllegalArgumentException("The field syncModel must be per-replica or per-layer.");
        }
        SchemaPolicy policy = one(f, "schemaPolicy") == null ? SchemaPolicy.ADDITIVE : SchemaPolicy.get(one(f, "schemaPolicy"));
        if (policy == null) {
            throw new IllegalArgumentException("The field schemaPolicy must be additive or all.");
        }
        return new ReplicaSpec(name.strip(), type, direction, datasets, one(f, "area"), epsg, relation, "true".equals(one(f, "related")),
                model, policy);
    }

    private static String one(Map<String, List<String>> f, String name) {
        List<String> v = f.get(name);
        if (v != null && v.size() > 1) {
            throw new IllegalArgumentException("The field " + name + " is given more than once.");
        }
        return v == null ? null : v.get(0);
    }
}
