package org.geosync.ui.catalog;

import java.nio.file.Path;
import java.util.List;

/** The "Replicas" folder under a geodatabase in the Catalog. */
public record ReplicasFolderNode(Path directory, List<ReplicaNode> replicas) {

    /** The Catalog label. */
    public String label() {
        return "Replicas";
    }
}
