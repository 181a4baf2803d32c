package org.geosync.core.internal.sync;

import java.util.Map;
import java.util.Set;

import org.geosync.model.EditOperation;

/**
 * One row's net change between two generations, as sent to the relative replica: the operation, the
 * row's values afterwards (all replicated columns, SHAPE as WKB; null for a delete), the columns that
 * changed (conflict detection by column needs them), and the generation of the row's last change.
 */
public record ChangeRecord(String dataset, String globalId, EditOperation operation, Map<String, Object> values,
        Set<String> changedColumns, long generation) {
}
