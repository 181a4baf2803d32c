package org.geosync.ui.catalog;

import java.util.Locale;

import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaType;

/** A replica as the Catalog and the Replica Manager show it: the geodatabase in {@code location} and its record of the replica. */
public record ReplicaNode(GeodatabaseLocation location, Replica replica) {

    /** The Catalog label: name, type and role, e.g. "field (two-way, parent)". */
    public String label() {
        return replica.getName() + " (" + typeText(replica) + ", " + lower(replica.getRole().getLiteral()) + ")";
    }

    /** The type as an administrator reads it, with the direction of a one-way replica. */
    public static String typeText(Replica r) {
        String type = lower(r.getType().getLiteral());
        if (r.getType() == ReplicaType.ONE_WAY && r.getOneWayDirection() != null && r.getOneWayDirection() != OneWayDirection.NONE) {
            type += ", " + lower(r.getOneWayDirection().getLiteral());
        }
        return type;
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public boolean equals(Object o) {
        // the same replica of the same geodatabase, however often it was read again
        return o instanceof ReplicaNode other && other.location.equals(location) && other.replica.getGuid().equals(replica.getGuid())
                && other.replica.getName().equals(replica.getName());
    }

    @Override
    public int hashCode() {
        return location.hashCode() * 31 + replica.getGuid().hashCode();
    }
}
