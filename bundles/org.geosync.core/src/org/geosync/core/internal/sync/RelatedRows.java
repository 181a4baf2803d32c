package org.geosync.core.internal.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.model.Replica;

/** Related data along relationship classes (reference 003). Filled in with the relationship-class storage. */
final class RelatedRows {

    private RelatedRows() {
    }

    static Related rules(Geodatabase gdb, Replica replica) {
        return null;
    }

    static RelationshipKeeper keeper(Geodatabase gdb) {
        return null;
    }

    static void copyRelated(Geodatabase parent, Geodatabase child, List<String> datasets, Map<String, Set<String>> copied) {
    }

    static void copyRelationshipClasses(Geodatabase parent, Geodatabase child, Collection<String> datasets) {
    }
}
