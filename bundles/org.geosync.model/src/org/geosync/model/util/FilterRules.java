package org.geosync.model.util;

/**
 * The rules of a replica filter that the engine decides (a definition query, a replica area). The model cannot
 * depend on the engine, which depends on the model, so the engine contributes its implementation to the extension
 * point {@value #EXTENSION_POINT} and {@link GeosyncConstraints} calls it: the validator reports the engine's own
 * sentences. Each method returns null when the value is acceptable, otherwise the sentence.
 */
public interface FilterRules {

    /** The extension point (declared by the engine bundle) whose {@code rules} element names the implementation. */
    String EXTENSION_POINT = "org.geosync.core.filterRules";

    /** Why {@code query} cannot be the definition query of dataset {@code datasetName}, or null. */
    String definitionQueryProblem(String datasetName, String query);

    /** Why {@code wkt} cannot be a replica area, or null. */
    String areaProblem(String wkt);
}
