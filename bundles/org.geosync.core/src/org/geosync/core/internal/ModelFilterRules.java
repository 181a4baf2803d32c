package org.geosync.core.internal;

import org.geosync.core.ReplicaRules;
import org.geosync.model.util.FilterRules;

/** {@link ReplicaRules} for the model's validator, contributed through the extension point {@value FilterRules#EXTENSION_POINT}. */
public final class ModelFilterRules implements FilterRules {

    @Override
    public String definitionQueryProblem(String datasetName, String query) {
        return ReplicaRules.definitionQueryProblem(datasetName, query);
    }

    @Override
    public String areaProblem(String wkt) {
        return ReplicaRules.areaProblem(wkt);
    }
}
