package org.geosync.core.internal.sync;

import java.sql.SQLException;

import org.geosync.core.GeodatabaseException;

/** Related-data rules of a replica (the replica filter rules): whether a row travels because it is related to a replicated row. */
interface Related {

    /**
     * Whether the row of {@code dataset} in state {@code state}, its state at the end of {@code generation}, is
     * related to a row that was in the replica at the end of that generation: the related rows are judged as they
     * were then too (a relationship row deleted after its origin moved out of the replica was in it before).
     */
    boolean isRelatedToReplicated(String dataset, String gid, RowStore.RowState state, long generation)
            throws SQLException, GeodatabaseException;
}
