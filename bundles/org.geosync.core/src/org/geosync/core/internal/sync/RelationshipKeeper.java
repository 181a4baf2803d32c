package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.Map;

import org.geosync.core.GeodatabaseException;

/**
 * Keeps relationships when synchronization brings rows; a delete, received or
 * not, is kept by the database's relationship triggers (see {@code Relationships}).
 */
interface RelationshipKeeper {

    /**
     * Called after a received insert or update of row {@code gid} of {@code store}'s dataset with the values
     * {@code incoming} (keys made local): a relationship those values name to a row deleted here (the relative related it while this side deleted that row) is voided the way
     * a received delete voids it — the foreign key set to NULL, the relationship row removed. The voiding is this
     * side's own edit (the relative must learn of it too); returns whether the row was voided.
     */
    boolean arrived(RowStore store, String gid, Map<String, Object> incoming) throws SQLException, GeodatabaseException;
}
