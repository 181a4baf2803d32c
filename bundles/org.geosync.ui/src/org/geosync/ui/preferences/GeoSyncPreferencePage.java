package org.geosync.ui.preferences;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.geosync.ui.internal.UiTexts;

/** Window > Preferences > GeoSync: the geodatabase folder and the defaults of automatic synchronization. */
public class GeoSyncPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public GeoSyncPreferencePage() {
        super(GRID);
        setDescription(UiTexts.Preferences_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, GeoSyncPreferences.NODE));
    }

    @Override
    protected void createFieldEditors() {
        DirectoryFieldEditor home = new DirectoryFieldEditor(GeoSyncPreferences.GEODATABASE_HOME,
                UiTexts.Preferences_geodatabaseFolder, getFieldEditorParent()) {
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
        home.setErrorMessage(UiTexts.Preferences_geodatabaseFolderProblem);
        addField(home);

        // automatic synchronization: the defaults a replica's Automatic Synchronization dialog starts from
        addField(new BooleanFieldEditor(GeoSyncPreferences.AUTO_SYNC_SCHEDULED, UiTexts.Preferences_scheduled,
                getFieldEditorParent()));
        IntegerFieldEditor interval = new IntegerFieldEditor(GeoSyncPreferences.AUTO_SYNC_INTERVAL, UiTexts.Preferences_interval,
                getFieldEditorParent());
        interval.setValidRange(1, 7 * 24 * 60);
        interval.setErrorMessage(UiTexts.Preferences_intervalProblem);
        addField(interval);
        addField(new BooleanFieldEditor(GeoSyncPreferences.AUTO_SYNC_WHEN_REACHABLE,
                UiTexts.Preferences_whenReachable, getFieldEditorParent()));
        IntegerFieldEditor check = new IntegerFieldEditor(GeoSyncPreferences.AUTO_SYNC_CHECK_SECONDS,
                UiTexts.Preferences_checkSeconds, getFieldEditorParent());
        check.setValidRange(1, 3600);
        check.setErrorMessage(UiTexts.Preferences_checkSecondsProblem);
        addField(check);
    }
}
