package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The sync service connections the Catalog shows: locations of served geodatabases ({@code https://HOST[:PORT]/NAME}), kept
 * in the workspace's preferences beside the geodatabase connections. The tokens are never here: they are in
 * {@link ServerTokens}.
 */
public final class ServerConnections {

    private static final String NODE = "org.geosync.ui";
    private static final String KEY = "serverConnections";
    private static final ServerConnections INSTANCE = new ServerConnections();

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private ServerConnections() {
    }

    /** The workbench-wide list of service connections. */
    public static ServerConnections getDefault() {
        return INSTANCE;
    }

    /** The service locations, in the order they were added. */
    public synchronized List<String> list() {
        List<String> out = new ArrayList<>();
        for (String s : prefs().get(KEY, "").split("\n")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** Adds a service location (no effect when it is already there); returns whether it was new. */
    public boolean add(String location) {
        boolean added;
        synchronized (this) {
            Set<String> all = new LinkedHashSet<>(list());
            added = all.add(location.strip());
            store(all);
        }
        if (added) {
            fire();
        }
        return added;
    }

    /** Removes a service location; the served geodatabase and its replicas are left untouched. */
    public void remove(String location) {
        boolean removed;
        synchronized (this) {
            Set<String> all = new LinkedHashSet<>(list());
            removed = all.remove(location.strip());
            store(all);
        }
        if (removed) {
            fire();
        }
    }

    /** Tells the listeners to read the services again (their replicas changed, e.g. one was created or unregistered). */
    public void refresh() {
        fire();
    }

    /** Registers a listener told (on any thread) when the list changes or is to be read again. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }

    private static IEclipsePreferences prefs() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    private static void store(Set<String> all) {
        StringBuilder b = new StringBuilder();
        for (String l : all) {
            b.append(l).append('\n');
        }
        IEclipsePreferences node = prefs();
        node.put(KEY, b.toString());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("Cannot save the Catalog's service connections: " + e.getMessage(), e);
        }
    }
}
