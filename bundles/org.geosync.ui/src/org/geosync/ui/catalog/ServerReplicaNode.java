package org.geosync.ui.catalog;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A replica of a served geodatabase as the service records it (the served side of the replica, usually its parent), under
 * its service connection in the Catalog.
 */
public record ServerReplicaNode(String location, String name, String replicaId, String type, String role, String state,
        String syncModel, boolean inConflict, long myGeneration, long sibGeneration, long sibMyGeneration, Long lastSync) {

    /** The node of one record of the service's replica list. */
    static ServerReplicaNode of(String location, JsonObject r) {
        JsonElement last = r.get("lastSync");
        return new ServerReplicaNode(location, r.get("name").getAsString(), r.get("replicaID").getAsString(), r.get("type").getAsString(),
                r.get("role").getAsString(), r.get("state").getAsString(), r.get("syncModel").getAsString(),
                r.get("inConflict").getAsBoolean(), r.get("myGeneration").getAsLong(), r.get("sibGeneration").getAsLong(),
                r.get("sibMyGeneration").getAsLong(), last == null || last.isJsonNull() ? null : last.getAsLong());
    }

    /** The Catalog label: name, type and role as the service records them, e.g. "crew (two-way, parent)". */
    public String label() {
        return name + " (" + ReplicaNode.lower(type) + ", " + ReplicaNode.lower(role) + ")";
    }
}
