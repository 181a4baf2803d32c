package org.geosync.ui.catalog;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.eclipse.osgi.util.NLS;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.internal.UiTexts;

/**
 * A geodatabase location typed into a wizard or dialog, read as the engine reads it ({@link GeodatabaseLocation#parse}): a
 * Derby directory or a {@code postgresql://} location. What can be checked without opening the geodatabase is checked here;
 * whether it is a geodatabase, and the right one, is answered only by opening it in a job.
 */
public final class Locations {

    private Locations() {
    }

    /** The location {@code text} names, or null when it names none (see {@link #problemOfExisting}). */
    public static GeodatabaseLocation parseOrNull(String text) {
        try {
            return GeodatabaseLocation.parse(text);
        } catch (GeodatabaseException | InvalidPathException e) {
            return null;
        }
    }

    /**
     * Why {@code text} cannot name an existing geodatabase, or null: a malformed location (the engine's sentence), a relative
     * or missing directory. A well-formed PostgreSQL location passes; the server answers when the geodatabase is opened.
     */
    public static String problemOfExisting(String text) {
        GeodatabaseLocation l;
        try {
            l = GeodatabaseLocation.parse(text);
        } catch (GeodatabaseException e) {
            return e.getMessage();
        } catch (InvalidPathException e) {
            return NLS.bind(UiTexts.Sync_invalidDirectory, text);
        }
        if (!l.isPostgresql()) {
            if (!Path.of(text.trim()).isAbsolute()) {
                return UiTexts.Sync_absoluteRelative;
            }
            if (!Files.isDirectory(l.directory())) {
                return NLS.bind(UiTexts.Sync_doesNotExist, l);
            }
        }
        return null;
    }

    /**
     * Whether the geodatabase may be there, judged without opening it: a Derby directory exists; a PostgreSQL geodatabase
     * is judged only by opening it, so this answers true.
     */
    public static boolean mayBeThere(GeodatabaseLocation location) {
        return location.isPostgresql() || Files.isDirectory(location.directory());
    }
}
