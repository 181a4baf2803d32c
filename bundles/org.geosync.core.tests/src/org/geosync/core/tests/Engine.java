package org.geosync.core.tests;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.testing.PostgresServer;

/**
 * The storage engines a parent geodatabase can live in, for the tests that run on each (a {@code @ParameterizedClass} over
 * this enum): an embedded Derby directory, or a schema of a database on the tests' own PostgreSQL cluster
 * ({@link PostgresServer}), one schema per geodatabase in one database that has PostGIS.
 */
enum Engine {
    DERBY, POSTGRESQL;

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String database;

    /** Where a new geodatabase named {@code name} of a test goes: {@code tmp/name}, or a new schema. */
    GeodatabaseLocation newLocation(Path tmp, String name) throws Exception {
        if (this == DERBY) {
            return GeodatabaseLocation.of(tmp.resolve(name));
        }
        return GeodatabaseLocation.parse(PostgresServer.get().location(database(), name.toLowerCase() + "_" + SCHEMAS.incrementAndGet()));
    }

    private static synchronized String database() throws Exception {
        if (database == null) {
            database = PostgresServer.get().newDatabase("engine_tests");
        }
        return database;
    }

    /** The parent of {@link ReplicaFixture#parent} on this engine: {@code tmp/parent}, or a new schema. */
    Geodatabase parent(Path tmp) throws Exception {
        return ReplicaFixture.fill(create(newLocation(tmp, "parent")));
    }

    /** Creates an empty geodatabase at a location from {@link #newLocation}. */
    static Geodatabase create(GeodatabaseLocation l) throws GeodatabaseException {
        return Geodatabase.create(l, l.isPostgresql() ? PostgresServer.PASSWORD : null);
    }

    /** Opens a geodatabase at a location from {@link #newLocation}. */
    static Geodatabase open(GeodatabaseLocation l) throws GeodatabaseException {
        return Geodatabase.open(l, l.isPostgresql() ? PostgresServer.PASSWORD : null);
    }
}
