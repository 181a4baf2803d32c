package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.RelationshipClass;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;

/** A geodatabase connection as the Catalog shows it: its location (a Derby directory or a PostgreSQL schema) and what opening it revealed. */
public record GeodatabaseNode(GeodatabaseLocation location, String guid, String problem, List<DatasetNode> datasets,
        List<RelationshipClassNode> relationshipClasses, List<ReplicaNode> replicas) {

    /** Opens the geodatabase briefly to read its identity, datasets with their row counts and replicas; a failure becomes the node's problem text. */
    public static GeodatabaseNode inspect(GeodatabaseLocation location) {
        try (Geodatabase gdb = Geodatabase.open(location)) {
            return read(gdb, location, Map.of(), Integer.MAX_VALUE);
        } catch (GeodatabaseException e) {
            return failed(location, e.getMessage());
        }
    }

    /** Opens the geodatabase briefly to read what the Catalog lists, without counting rows; a failure becomes the node's problem text. */
    public static GeodatabaseNode list(GeodatabaseLocation location) {
        try (Geodatabase gdb = Geodatabase.open(location)) {
            return read(gdb, location, Map.of(), 0);
        } catch (GeodatabaseException e) {
            return failed(location, e.getMessage());
        }
    }

    /** A connection whose geodatabase did not open, with the reason. */
    public static GeodatabaseNode failed(GeodatabaseLocation location, String problem) {
        return new GeodatabaseNode(location, null, problem, List.of(), List.of(), List.of());
    }

    /**
     * Reads the identity, datasets, relationship classes and replicas of an open geodatabase (connected as {@code location}). The datasets' rows are
     * counted when there are at most {@code countUpTo} datasets; otherwise each dataset has its count in {@code known}
     * (by name, from an earlier reading) or {@link DatasetNode#NOT_COUNTED}, and {@link #counted} counts them afterwards:
     * a count is a query per dataset, most of the time of reading a geodatabase of hundreds of datasets, which a listing
     * need not wait for.
     */
    public static GeodatabaseNode read(Geodatabase gdb, GeodatabaseLocation location, Map<String, Long> known, int countUpTo) throws GeodatabaseException {
        List<Dataset> all = gdb.datasets();
        boolean count = all.size() <= countUpTo;
        Map<String, Long> counts = count ? gdb.rowCounts(all) : known;
        List<DatasetNode> datasets = new ArrayList<>();
        for (Dataset d : all) {
            long rows = counts.getOrDefault(d.name(), DatasetNode.NOT_COUNTED);
            datasets.add(new DatasetNode(gdb.location(), d, rows));
        }
        List<RelationshipClassNode> relationshipClasses = new ArrayList<>();
        for (RelationshipClass rc : gdb.relationshipClasses()) {
            relationshipClasses.add(new RelationshipClassNode(gdb.location(), rc));
        }
        List<ReplicaNode> replicas = new ArrayList<>();
        for (Replica r : Replicas.list(gdb)) {
            replicas.add(new ReplicaNode(gdb.location(), r));
        }
        return new GeodatabaseNode(location, gdb.guid(), null, List.copyOf(datasets), List.copyOf(relationshipClasses),
                List.copyOf(replicas));
    }

    /** This reading with every dataset's rows counted in {@code gdb}, the geodatabase it was read from. */
    public GeodatabaseNode counted(Geodatabase gdb) throws GeodatabaseException {
        Map<String, Long> counts = gdb.rowCounts(datasets.stream().map(DatasetNode::dataset).toList());
        List<DatasetNode> counted = new ArrayList<>(datasets.size());
        for (DatasetNode d : datasets) {
            counted.add(new DatasetNode(d.location(), d.dataset(), counts.get(d.dataset().name())));
        }
        return new GeodatabaseNode(location, guid, problem, List.copyOf(counted), relationshipClasses, replicas);
    }

    /** The row counts of this reading's datasets that were counted, by name (to show while the geodatabase is read again). */
    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (DatasetNode d : datasets) {
            if (d.rowCount() != DatasetNode.NOT_COUNTED) {
                counts.put(d.dataset().name(), d.rowCount());
            }
        }
        return counts;
    }

    /** The name the Catalog shows: the directory's name, or DATABASE.SCHEMA for PostgreSQL. */
    public String name() {
        return location.name();
    }

    /** What the Catalog shows below the geodatabase, as ArcGIS lists a geodatabase: its datasets and relationship classes, then the Replicas folder. */
    public List<Object> children() {
        if (problem != null) {
            return List.of();
        }
        List<Object> out = new ArrayList<>(datasets);
        out.addAll(relationshipClasses);
        out.add(new ReplicasFolderNode(location, replicas));
        return out;
    }

    /** The geodatabase a Catalog or Replica Manager element belongs to, or null for anything else. */
    public static GeodatabaseLocation locationOf(Object element) {
        if (element instanceof GeodatabaseNode n) {
            return n.location();
        }
        if (element instanceof DatasetNode n) {
            return n.location();
        }
        if (element instanceof RelationshipClassNode n) {
            return n.location();
        }
        if (element instanceof ReplicasFolderNode n) {
            return n.location();
        }
        if (element instanceof ReplicaNode n) {
            return n.location();
        }
        return null;
    }
}
