package org.geosync.cli;

import java.io.PrintStream;
import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;

/** Prints {@code gdb info} as text or JSON. */
final class GdbInfo {
    private GdbInfo() {
    }

    /**
     * The datasets' row counts ({@link Geodatabase#rowCounts}); null when a dataset cannot be counted, and then each is counted
     * again as it is printed, so that one fails the command where it did, after the lines before it.
     */
    private static java.util.Map<String, Long> counts(Geodatabase gdb, List<Dataset> datasets) {
        try {
            return gdb.rowCounts(datasets);
        } catch (GeodatabaseException e) {
            return null;
        }
    }

    static void print(Geodatabase gdb, boolean json, PrintStream out) throws GeodatabaseException {
        List<Dataset> datasets = gdb.datasets();
        List<RelationshipClass> relationships = gdb.relationshipClasses();
        java.util.Map<String, Long> rows = counts(gdb, datasets);
        if (!json) {
            out.println("Geodatabase " + gdb.location());
            out.println("GUID: " + gdb.guid());
            out.println("Generation: " + gdb.generation());
            out.println("Datasets: " + datasets.size());
            for (Dataset d : datasets) {
                out.println("  " + d.name() + "  " + describe(d) + "  rows=" + (rows != null ? rows.get(d.name()) : gdb.rowCount(d.name())));
            }
            out.println("Relationship classes: " + relationships.size());
            for (RelationshipClass rc : relationships) {
                out.println("  " + rc.name() + "  " + kind(rc) + "  " + rc.origin() + " -> " + rc.destination() + "  keys "
                        + keys(rc) + (rc.hasTable() ? "  table=" + rc.table() : ""));
            }
            List<org.geosync.model.Replica> replicas = org.geosync.core.Replicas.list(gdb);
            out.println("Replicas: " + replicas.size());
            for (org.geosync.model.Replica r : replicas) {
                out.println("  " + r.getName() + "  " + r.getType().getLiteral() + "  " + r.getRole().getLiteral() + "  "
                        + r.getState().getLiteral() + (r.isInConflict() ? "  in conflict" : "") + "  relative " + r.getRelativeReplicaLocation());
            }
            return;
        }
        StringBuilder b = new StringBuilder("{\"directory\":").append(gdb.directory() == null ? "null" : str(gdb.directory().toString()))
                .append(",\"location\":").append(str(gdb.location().toString()))
                .append(",\"engine\":").append(str(gdb.isPostgresql() ? "postgresql" : "derby"))
                .append(",\"guid\":").append(str(gdb.guid()))
                .append(",\"generation\":").append(gdb.generation()).append(",\"datasets\":[");
        for (int i = 0; i < datasets.size(); i++) {
            Dataset d = datasets.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(str(d.name()))
                    .append(",\"kind\":").append(str(d.kind().name().toLowerCase()))
                    .append(",\"geometryType\":").append(d.geometryType() == null ? "null" : str(d.geometryType().name().toLowerCase()))
                    .append(",\"epsg\":").append(d.isFeatureClass() ? String.valueOf(d.epsg()) : "null")
                    .append(",\"rows\":").append(rows != null ? rows.get(d.name()) : gdb.rowCount(d.name()))
                    .append(",\"fields\":[");
            for (int f = 0; f < d.fields().size(); f++) {
                b.append(f == 0 ? "" : ",").append("{\"name\":").append(str(d.fields().get(f).name()))
                        .append(",\"type\":").append(str(d.fields().get(f).type().name().toLowerCase())).append('}');
            }
            b.append("]}");
        }
        b.append("],\"relationshipClasses\":[");
        for (int i = 0; i < relationships.size(); i++) {
            RelationshipClass rc = relationships.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(str(rc.name()))
                    .append(",\"origin\":").append(str(rc.origin()))
                    .append(",\"destination\":").append(str(rc.destination()))
                    .append(",\"originKey\":").append(str(rc.originKey()))
                    .append(",\"foreignKey\":").append(str(rc.foreignKey()))
                    .append(",\"cardinality\":").append(str(rc.cardinality().label()))
                    .append(",\"attributed\":").append(rc.attributed())
                    .append(",\"destinationKey\":").append(strOrNull(rc.destinationKey()))
                    .append(",\"destinationForeignKey\":").append(strOrNull(rc.destinationForeignKey()))
                    .append(",\"table\":").append(strOrNull(rc.table()))
                    .append(",\"attributes\":[");
            for (int f = 0; f < rc.attributes().size(); f++) {
                Field field = rc.attributes().get(f);
                b.append(f == 0 ? "" : ",").append("{\"name\":").append(str(field.name()))
                        .append(",\"type\":").append(str(field.type().name().toLowerCase())).append('}');
            }
            b.append("]}");
        }
        b.append("],\"replicas\":[");
        List<org.geosync.model.Replica> replicas = org.geosync.core.Replicas.list(gdb);
        for (int i = 0; i < replicas.size(); i++) {
            org.geosync.model.Replica r = replicas.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(str(r.getName()))
                    .append(",\"guid\":").append(str(r.getGuid()))
                    .append(",\"type\":").append(str(r.getType().getLiteral()))
                    .append(",\"role\":").append(str(r.getRole().getLiteral()))
                    .append(",\"state\":").append(str(r.getState().getLiteral()))
                    .append(",\"inConflict\":").append(r.isInConflict())
                    .append(",\"datasets\":").append(r.getDatasets().size())
                    .append(",\"relative\":").append(strOrNull(r.getRelativeReplicaLocation())).append('}');
        }
        out.println(b.append("]}"));
    }

    /** The cardinality, and "attributed" when it is: {@code 1:M} or {@code M:N, attributed}. */
    static String kind(RelationshipClass rc) {
        return rc.cardinality().label() + (rc.attributed() ? ", attributed" : "");
    }

    /**
     * Which columns hold equal values: {@code BUILDINGS.GLOBALID = INSPECTIONS.BUILDING_GLOBALID}, or for
     * a relationship table both pairs, origin first.
     */
    static String keys(RelationshipClass rc) {
        if (!rc.hasTable()) {
            return rc.origin() + "." + rc.originKey() + " = " + rc.destination() + "." + rc.foreignKey();
        }
        return rc.origin() + "." + rc.originKey() + " = " + rc.table() + "." + rc.foreignKey() + ", " + rc.destination() + "."
                + rc.destinationKey() + " = " + rc.table() + "." + rc.destinationForeignKey();
    }

    private static String strOrNull(String s) {
        return s == null ? "null" : str(s);
    }

    private static String describe(Dataset d) {
        return d.isFeatureClass() ? "feature class, " + d.geometryType().name().toLowerCase() + ", EPSG:" + d.epsg() : "table";
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
