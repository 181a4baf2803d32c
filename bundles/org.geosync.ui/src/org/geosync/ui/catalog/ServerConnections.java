package org.geosync.ui.catalog;

import java.util.List;

/**
 * The sync service connections the Catalog shows: locations of served geodatabases ({@code https://HOST[:PORT]/NAME}), kept
 * in the workspace's preferences beside the geodatabase connections. The tokens are never here: they are in
 * {@link ServerTokens}.
 */
public final class ServerConnections {

    private static final ServerConnections INSTANCE = new ServerConnections();

    private final PreferenceList entries = new PreferenceList("serverConnections", "the Catalog's service connections");

    private ServerConnections() {
    }

    /** The workbench-wide list of service connections. */
    public static ServerConnections getDefault() {
        return INSTANCE;
    }

    /** The service locations, in the order they were added. */
    public List<String> list() {
        return entries.entries();
    }

    /** Adds a service location (no effect when it is already there); returns whether it was new. */
    public boolean add(String location) {
        return entries.add(location);
    }

    /** Removes a service location; the served geodatabase and its replicas are left untouched. */
    public void remove(String location) {
        entries.remove(location);
    }

    /** Tells the listeners to read the services again (their replicas changed, e.g. one was created or unregistered). */
    public void refresh() {
        entries.fire();
    }

    /** Registers a listener told (on any thread) when the list changes or is to be read again. */
    public void addListener(Runnable listener) {
        entries.addListener(listener);
    }

    public void removeListener(Runnable listener) {
        entries.removeListener(listener);
    }
}
