package org.geosync.ui.catalog;

import java.nio.file.Path;
import java.util.List;

import org.geosync.ui.internal.UiTexts;

/** The "Replicas" folder under a geodatabase in the Catalog. */
public record ReplicasFolderNode(Path directory, List<ReplicaNode> replicas) {

    /** The Catalog label. */
    public String label() {
        return UiTexts.Catalog_replicas;
    }
}
