package org.geosync.core.tests;

import java.nio.file.Path;

import org.geosync.core.Geodatabase;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A parent made by {@link ReplicaFixture#parent} and one child replica of it, both open, closed after each test. */
abstract class ParentChildFixture {

    @TempDir
    Path tmp;
    Geodatabase parent;
    Geodatabase child;

    /** Creates the parent in tmp/parent and the replica {@code spec} in tmp/child, and opens both. */
    void replica(ReplicaSpec spec) throws Exception {
        parent = ReplicaFixture.parent(tmp.resolve("parent"));
        Replicas.create(parent, tmp.resolve("child"), spec, null);
        child = Geodatabase.open(tmp.resolve("child"));
    }

    @AfterEach
    void close() {
        if (child != null) {
            child.close();
        }
        if (parent != null) {
            parent.close();
        }
    }
}
