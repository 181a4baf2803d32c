package org.geosync.ui.catalog;

import java.util.List;

import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.UiTexts;

/** The "Replicas" folder under a geodatabase in the Catalog. */
public record ReplicasFolderNode(GeodatabaseLocation location, List<ReplicaNode> replicas) {

    /** The Catalog label. */
    public String label() {
        return UiTexts.Catalog_replicas;
    }
}
