package org.geosync.ui.preferences;

import java.util.Arrays;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
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
        setDescription("Defaults for new replicas, synchronizations, message imports and automatic synchronization.");
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

        // automatic synchronization: the defaults a replica's Automatic Synchronization dialog starts from
        addField(new BooleanFieldEditor(GeoSyncPreferences.AUTO_SYNC_SCHEDULED, "Synchronize replicas on a schedule by default",
                getFieldEditorParent()));
        IntegerFieldEditor interval = new IntegerFieldEditor(GeoSyncPreferences.AUTO_SYNC_INTERVAL, "Schedule interval (minutes):",
                getFieldEditorParent());
        interval.setValidRange(1, 7 * 24 * 60);
        interval.setErrorMessage("Enter a schedule interval between 1 and 10080 minutes.");
        addField(interval);
        addField(new BooleanFieldEditor(GeoSyncPreferences.AUTO_SYNC_WHEN_REACHABLE,
                "Synchronize when the relative geodatabase becomes reachable by default", getFieldEditorParent()));
        IntegerFieldEditor check = new IntegerFieldEditor(GeoSyncPreferences.AUTO_SYNC_CHECK_SECONDS,
                "Look for due schedules and reachable relatives every (seconds):", getFieldEditorParent());
        check.setValidRange(1, 3600);
        check.setErrorMessage("Enter a number of seconds between 1 and 3600.");
        addField(check);
    }

    /** "favor-database" -> "Favor database". */
    static String label(String literal) {
        String words = literal.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
