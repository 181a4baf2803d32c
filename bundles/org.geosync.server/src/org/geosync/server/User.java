package org.geosync.server;

/** A user of the sync service, as a valid token identifies it. */
public record User(String name, Role role) {
}
