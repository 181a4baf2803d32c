package org.geosync.ui.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.Failures;
import org.osgi.service.prefs.BackingStoreException;

/** The geodatabase connections the Catalog shows, kept in the workspace's preferences. */
public final class GeodatabaseConnections {

    private static final String NODE = "org.geosync.ui";
    private static final String KEY = "connections";
    private static final GeodatabaseConnections INSTANCE = new GeodatabaseConnections();

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private GeodatabaseConnections() {
    }

    /** The workbench-wide connection list. */
    public static GeodatabaseConnections getDefault() {
        return INSTANCE;
    }

    /**
     * The connected geodatabases (Derby directories and PostgreSQL locations), in the order they were added; an entry that
     * no longer reads as a location (edited by hand) is left out and logged.
     */
    public synchronized List<GeodatabaseLocation> list() {
        List<GeodatabaseLocation> out = new ArrayList<>();
        for (String s : prefs().get(KEY, "").split("\n")) {
            if (!s.isBlank()) {
                try {
                    out.add(GeodatabaseLocation.parse(s));
                } catch (GeodatabaseException e) {
                    Failures.log(e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** Adds a connection to the Derby geodatabase in {@code directory}; see {@link #add(GeodatabaseLocation)}. */
    public boolean add(Path directory) {
        return add(GeodatabaseLocation.of(directory));
    }

    /** Adds a connection (no effect when it is already there); returns whether it was new. */
    public boolean add(GeodatabaseLocation location) {
        boolean added;
        synchronized (this) {
            Set<GeodatabaseLocation> all = new LinkedHashSet<>(list());
            added = all.add(location);
            store(all);
        }
        if (added) {
            fire();
        }
        return added;
    }

    /** Removes the connection to the Derby geodatabase in {@code directory}; see {@link #remove(GeodatabaseLocation)}. */
    public void remove(Path directory) {
        remove(GeodatabaseLocation.of(directory));
    }

    /** Removes a connection; the geodatabase itself is left untouched. */
    public void remove(GeodatabaseLocation location) {
        synchronized (this) {
            Set<GeodatabaseLocation> all = new LinkedHashSet<>(list());
            all.remove(location);
            store(all);
        }
        fire();
    }

    /** Tells the views to read every geodatabase again (their datasets or row counts may have changed). */
    public void refresh() {
        fire();
    }

    /** Registers a listener told (on any thread) when the list changes. */
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

    private static void store(Set<GeodatabaseLocation> all) {
        StringBuilder b = new StringBuilder();
        for (GeodatabaseLocation p : all) {
            b.append(p).append('\n');
        }
        IEclipsePreferences node = prefs();
        node.put(KEY, b.toString());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("Cannot save the Catalog's connections: " + e.getMessage(), e);
        }
    }
}
