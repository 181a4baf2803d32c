package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.List;

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

    /** Opens the geodatabase briefly to read its identity, datasets and replicas; a failure becomes the node's problem text. */
    public static GeodatabaseNode inspect(GeodatabaseLocation location) {
        try (Geodatabase gdb = Geodatabase.open(location)) {
            List<DatasetNode> datasets = new ArrayList<>();
            for (Dataset d : gdb.datasets()) {
                datasets.add(new DatasetNode(gdb.location(), d, gdb.rowCount(d.name())));
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
        } catch (GeodatabaseException e) {
            return new GeodatabaseNode(location, null, e.getMessage(), List.of(), List.of(), List.of());
        }
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
