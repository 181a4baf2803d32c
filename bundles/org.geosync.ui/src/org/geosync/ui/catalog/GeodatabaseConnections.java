package org.geosync.ui.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
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

    /** The connected geodatabase directories, in the order they were added. */
    public synchronized List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (String s : prefs().get(KEY, "").split("\n")) {
            if (!s.isBlank()) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    /** Adds a connection (no effect when it is already there); returns whether it was new. */
    public boolean add(Path directory) {
        boolean added;
        synchronized (this) {
            Set<Path> all = new LinkedHashSet<>(list());
            added = all.add(directory.toAbsolutePath().normalize());
            store(all);
        }
        if (added) {
            fire();
        }
        return added;
    }

    /** Removes a connection; the geodatabase itself is left untouched on disk. */
    public void remove(Path directory) {
        synchronized (this) {
            Set<Path> all = new LinkedHashSet<>(list());
            all.remove(directory.toAbsolutePath().normalize());
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

    private static void store(Set<Path> all) {
        StringBuilder b = new StringBuilder();
        for (Path p : all) {
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
