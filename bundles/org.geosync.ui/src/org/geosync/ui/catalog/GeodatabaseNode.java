package org.geosync.ui.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;

/** A geodatabase connection as the Catalog shows it: its directory and what opening it revealed. */
public record GeodatabaseNode(Path directory, String guid, String problem, List<DatasetNode> datasets) {

    /** Opens the geodatabase briefly to read its identity and datasets; a failure becomes the node's problem text. */
    public static GeodatabaseNode inspect(Path directory) {
        try (Geodatabase gdb = Geodatabase.open(directory)) {
            List<DatasetNode> datasets = new ArrayList<>();
            for (Dataset d : gdb.datasets()) {
                datasets.add(new DatasetNode(gdb.directory(), d, gdb.rowCount(d.name())));
            }
            return new GeodatabaseNode(directory, gdb.guid(), null, List.copyOf(datasets));
        } catch (GeodatabaseException e) {
            return new GeodatabaseNode(directory, null, e.getMessage(), List.of());
        }
    }

    /** The name the Catalog shows: the directory's name. */
    public String name() {
        Path name = directory.getFileName();
        return name == null ? directory.toString() : name.toString();
    }
}
