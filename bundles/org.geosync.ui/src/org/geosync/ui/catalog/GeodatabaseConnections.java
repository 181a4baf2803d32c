package org.geosync.ui.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.Failures;

/** The geodatabase connections the Catalog shows, kept in the workspace's preferences. */
public final class GeodatabaseConnections {

    private static final GeodatabaseConnections INSTANCE = new GeodatabaseConnections();

    private final PreferenceList entries = new PreferenceList("connections", "the Catalog's connections");

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
    public List<GeodatabaseLocation> list() {
        List<GeodatabaseLocation> out = new ArrayList<>();
        for (String s : entries.entries()) {
            try {
                out.add(GeodatabaseLocation.parse(s));
            } catch (GeodatabaseException e) {
                Failures.log(e.getMessage(), e);
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
        return entries.add(location.toString());
    }

    /** Removes the connection to the Derby geodatabase in {@code directory}; see {@link #remove(GeodatabaseLocation)}. */
    public void remove(Path directory) {
        remove(GeodatabaseLocation.of(directory));
    }

    /** Removes a connection; the geodatabase itself is left untouched. The views read the geodatabases again either way. */
    public void remove(GeodatabaseLocation location) {
        if (!entries.remove(location.toString())) {
            entries.fire();
        }
    }

    /** Tells the views to read every geodatabase again (their datasets or row counts may have changed). */
    public void refresh() {
        entries.fire();
    }

    /** Registers a listener told (on any thread) when the list changes. */
    public void addListener(Runnable listener) {
        entries.addListener(listener);
    }

    public void removeListener(Runnable listener) {
        entries.removeListener(listener);
    }
}
