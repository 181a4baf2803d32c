package org.geosync.ui.catalog;

import java.nio.file.Path;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;

/** A geodatabase connection as the Catalog shows it: its directory and what opening it revealed. */
public record GeodatabaseNode(Path directory, String guid, String problem) {

    /** Opens the geodatabase briefly to read its identity; a failure becomes the node's problem text. */
    public static GeodatabaseNode inspect(Path directory) {
        try (Geodatabase gdb = Geodatabase.open(directory)) {
            return new GeodatabaseNode(directory, gdb.guid(), null);
        } catch (GeodatabaseException e) {
            return new GeodatabaseNode(directory, null, e.getMessage());
        }
    }

    /** The name the Catalog shows: the directory's name. */
    public String name() {
        Path name = directory.getFileName();
        return name == null ? directory.toString() : name.toString();
    }
}
