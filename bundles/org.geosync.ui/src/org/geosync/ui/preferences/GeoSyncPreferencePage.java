package org.geosync.ui.preferences;

import java.util.Arrays;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.ReconcilePolicy;

/** Window > Preferences > GeoSync: the defaults for reconcile policy, conflict definition and geodatabase folder. */
public class GeoSyncPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public GeoSyncPreferencePage() {
        super(GRID);
        setDescription("Defaults for new replicas, synchronizations and message imports.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, GeoSyncPreferences.NODE));
    }

    @Override
    protected void createFieldEditors() {
        addField(new ComboFieldEditor(GeoSyncPreferences.RECONCILE_POLICY, "Reconcile policy:",
                Arrays.stream(ReconcilePolicy.values()).map(p -> new String[] { label(p.getLiteral()), p.getLiteral() })
                        .toArray(String[][]::new), getFieldEditorParent()));
        addField(new ComboFieldEditor(GeoSyncPreferences.CONFLICT_DEFINITION, "Conflict definition:",
                Arrays.stream(ConflictDefinition.values()).map(d -> new String[] { label(d.getLiteral()), d.getLiteral() })
                        .toArray(String[][]::new), getFieldEditorParent()));
        DirectoryFieldEditor home = new DirectoryFieldEditor(GeoSyncPreferences.GEODATABASE_HOME,
                "Geodatabase folder:", getFieldEditorParent()) {
            // the folder is created with the first geodatabase, so it need not exist yet
            @Override
            protected boolean doCheckState() {
                String text = getStringValue().trim();
                try {
                    return !text.isEmpty() && java.nio.file.Path.of(text).isAbsolute()
                            && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(text));
                } catch (java.nio.file.InvalidPathException e) {
                    return false;
                }
            }
        };
        home.setEmptyStringAllowed(false);
        home.setErrorMessage("Enter the absolute path of a folder for new geodatabases.");
        addField(home);
    }

    /** "favor-database" -> "Favor database". */
    static String label(String literal) {
        String words = literal.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
