package org.geosync.core;

/**
 * Where the password for a PostgreSQL geodatabase comes from when the caller gives none: the workbench answers from
 * Eclipse secure storage. Registered once with {@link Geodatabase#setPasswordProvider}; when it has no password for a
 * location (returns null), the user's own PostgreSQL sources follow ({@code PGPASSWORD}, {@code ~/.pgpass}, a service entry).
 */
@FunctionalInterface
public interface PasswordProvider {

    /** The password for {@code location}, or null when this provider has none. */
    String passwordFor(GeodatabaseLocation location);
}
