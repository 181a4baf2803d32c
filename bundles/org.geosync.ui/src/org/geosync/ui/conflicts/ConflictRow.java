package org.geosync.ui.conflicts;

import java.util.stream.Collectors;

import org.geosync.model.Conflict;
import org.geosync.model.ConflictFieldValue;

/** One open conflict as the Conflicts view lists it: the replica it belongs to and the engine's record. */
public record ConflictRow(String replica, Conflict conflict) {

    /** The dataset the conflicting row belongs to. */
    public String dataset() {
        return conflict.getDatasetName();
    }

    /** The names of the fields whose values conflict, comma separated. */
    public String conflictingFields() {
        return conflict.getFieldValues().stream().filter(ConflictFieldValue::isConflicting).map(ConflictFieldValue::getFieldName)
                .collect(Collectors.joining(", "));
    }
}
