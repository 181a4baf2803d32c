package org.geosync.ui.preferences;

import java.nio.file.Path;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.ReconcilePolicy;

/** Workbench defaults the wizards start from: reconcile policy, conflict definition, where geodatabases live. */
public class GeoSyncPreferences extends AbstractPreferenceInitializer {

    public static final String NODE = "org.geosync.ui";
    public static final String RECONCILE_POLICY = "defaultReconcilePolicy";
    public static final String CONFLICT_DEFINITION = "defaultConflictDefinition";
    public static final String GEODATABASE_HOME = "geodatabaseHome";

    @Override
    public void initializeDefaultPreferences() {
        IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(NODE);
        // reference 002: the default reconcile policy favours the parent replica
        defaults.put(RECONCILE_POLICY, ReconcilePolicy.FAVOR_PARENT.getLiteral());
        defaults.put(CONFLICT_DEFINITION, ConflictDefinition.BY_ROW.getLiteral());
        defaults.put(GEODATABASE_HOME, Path.of(System.getProperty("user.home"), "geosync-workspace").toString());
    }

    /** The reconcile policy new synchronizations and imports start with. */
    public static ReconcilePolicy reconcilePolicy() {
        ReconcilePolicy p = ReconcilePolicy.get(value(RECONCILE_POLICY));
        return p == null ? ReconcilePolicy.FAVOR_PARENT : p;
    }

    /** The conflict definition new replicas start with. */
    public static ConflictDefinition conflictDefinition() {
        ConflictDefinition d = ConflictDefinition.get(value(CONFLICT_DEFINITION));
        return d == null ? ConflictDefinition.BY_ROW : d;
    }

    /** The folder new geodatabases are proposed in. */
    public static Path geodatabaseHome() {
        return Path.of(value(GEODATABASE_HOME));
    }

    private static String value(String key) {
        String fallback = DefaultScope.INSTANCE.getNode(NODE).get(key, "");
        return InstanceScope.INSTANCE.getNode(NODE).get(key, fallback);
    }
}
