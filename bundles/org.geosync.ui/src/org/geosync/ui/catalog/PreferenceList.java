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
 * A list of connections the Catalog shows, one location a line under {@code key} of the workspace's preferences, in the
 * order they were added, with listeners told (on any thread) when it changes or is to be read again.
 */
final class PreferenceList {

    private static final String NODE = "org.geosync.ui";

    private final String key;
    private final String what;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** @param what what the list holds, for the sentence of a failure to save it ("the Catalog's connections") */
    PreferenceList(String key, String what) {
        this.key = key;
        this.what = what;
    }

    /** The entries, in the order they were added. */
    synchronized List<String> entries() {
        List<String> out = new ArrayList<>();
        for (String s : prefs().get(key, "").split("\n")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** Adds an entry (no effect when it is already there); returns whether it was new, telling the listeners if so. */
    boolean add(String entry) {
        boolean added;
        synchronized (this) {
            Set<String> all = new LinkedHashSet<>(entries());
            added = all.add(entry.strip());
            store(all);
        }
        if (added) {
            fire();
        }
        return added;
    }

    /** Removes an entry; returns whether it was there, telling the listeners if so. */
    boolean remove(String entry) {
        boolean removed;
        synchronized (this) {
            Set<String> all = new LinkedHashSet<>(entries());
            removed = all.remove(entry.strip());
            store(all);
        }
        if (removed) {
            fire();
        }
        return removed;
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Tells the listeners. */
    void fire() {
        listeners.forEach(Runnable::run);
    }

    private static IEclipsePreferences prefs() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    private void store(Set<String> all) {
        StringBuilder b = new StringBuilder();
        for (String l : all) {
            b.append(l).append('\n');
        }
        IEclipsePreferences node = prefs();
        node.put(key, b.toString());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("Cannot save " + what + ": " + e.getMessage(), e);
        }
    }
}
