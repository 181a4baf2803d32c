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
    /** The parent's engine: set by a {@code @ParameterizedClass} over {@link Engine} on the test class; Derby otherwise. */
    @org.junit.jupiter.params.Parameter
    Engine engine;
    Geodatabase parent;
    /** Where the parent lies. */
    org.geosync.core.GeodatabaseLocation parentLocation;
    Geodatabase child;

    /** Creates the parent in tmp/parent (or a PostgreSQL schema) and the replica {@code spec} in tmp/child, and opens both. */
    void replica(ReplicaSpec spec) throws Exception {
        parentLocation = (engine == null ? Engine.DERBY : engine).newLocation(tmp, "parent");
        parent = ReplicaFixture.fill(Engine.create(parentLocation));
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
