package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.Map;

import org.geosync.core.GeodatabaseException;

/** Keeps relationships when a received delete removes an origin row (reference 003, "maintaining relationships"). */
interface RelationshipKeeper {

    /** Called before the origin row {@code values} of {@code store}'s dataset is deleted. */
    void originDeleted(RowStore store, Map<String, Object> values) throws SQLException, GeodatabaseException;
}
