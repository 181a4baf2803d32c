package org.geosync.model.util;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.Platform;

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

    /**
     * The engine's rules, or null when no engine is installed (the model used on its own, outside an Eclipse
     * platform): then these two rules are checked where the engine uses a filter, not by the validator.
     */
    static FilterRules engine() {
        return Holder.find();
    }

    /** Finds and keeps the contribution. */
    final class Holder {
        private static volatile FilterRules found;

        private Holder() {
        }

        static FilterRules find() {
            FilterRules r = found;
            if (r != null) {
                return r;
            }
            IExtensionRegistry registry;
            try {
                registry = Platform.getExtensionRegistry();
            } catch (LinkageError | RuntimeException noPlatform) {
                return null; // the model on a plain class path, without Eclipse's registry
            }
            if (registry == null) {
                return null;
            }
            for (IConfigurationElement e : registry.getConfigurationElementsFor(EXTENSION_POINT)) {
                try {
                    if (e.createExecutableExtension("class") instanceof FilterRules rules) {
                        found = rules;
                        return rules;
                    }
                } catch (CoreException ignored) {
                    // a broken contribution is as if none were there
                }
            }
            return null;
        }
    }
}
