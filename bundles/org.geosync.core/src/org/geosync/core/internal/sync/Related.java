package org.geosync.core.internal.sync;

import java.sql.SQLException;

import org.geosync.core.GeodatabaseException;

/** Related-data rules of a replica (reference 003): whether a row travels because it is related to a replicated row. */
interface Related {

    /** Whether the row of {@code dataset} in state {@code state} is related to a row that is in the replica. */
    boolean isRelatedToReplicated(String dataset, String gid, RowStore.RowState state) throws SQLException, GeodatabaseException;
}
