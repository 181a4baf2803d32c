package org.geosync.ui.internal;

import org.eclipse.osgi.util.NLS;

/**
 * The workbench's user-visible texts, read from {@code uitexts.properties} beside this class (translations go in
 * {@code uitexts_<locale>.properties}). Texts with placeholders take their values through {@link NLS#bind}. The labels
 * of plugin.xml are in the bundle's plugin.properties. Named so as not to collide with the engine's
 * {@code org.geosync.core.Messages}.
 */
public final class UiTexts extends NLS {

    private static final String BUNDLE_NAME = "org.geosync.ui.internal.uitexts";

    // handlers: Geodatabase and Replication commands
    public static String Handlers_connecting;
    public static String Handlers_creatingGeodatabase;
    public static String Handlers_created;
    public static String Handlers_creatingSample;
    public static String Handlers_removeConnectionTitle;
    public static String Handlers_removeConnectionQuestion;
    public static String Handlers_unregisterTitle;
    public static String Handlers_unregisterOneQuestion;
    public static String Handlers_unregisterManyQuestion;
    public static String Handlers_unregisterOnAChild;
    public static String Handlers_unregistering;
    public static String Handlers_unregisterFailed;

    // Window > Preferences > GeoSync
    public static String Preferences_description;
    public static String Preferences_reconcilePolicy;
    public static String Preferences_conflictDefinition;
    public static String Preferences_geodatabaseFolder;
    public static String Preferences_geodatabaseFolderProblem;
    public static String Preferences_scheduled;
    public static String Preferences_interval;
    public static String Preferences_intervalProblem;
    public static String Preferences_whenReachable;
    public static String Preferences_checkSeconds;
    public static String Preferences_checkSecondsProblem;

    // the Synchronize Changes wizard
    public static String Sync_optionsTitle;
    public static String Sync_optionsDescription;
    public static String Sync_direction;
    public static String Sync_policy;
    public static String Sync_manual;
    public static String Sync_definition;
    public static String Sync_byRow;
    public static String Sync_byColumn;
    public static String Sync_rollback;
    public static String Sync_layers;
    public static String Sync_favourHere;
    public static String Sync_favourRelative;
    public static String Sync_chooseReplica;
    public static String Sync_chooseDirection;
    public static String Sync_chooseLayer;
    public static String Sync_inConflict;
    public static String Sync_checkoutNote;
    public static String Sync_oneWayFromParentNote;
    public static String Sync_oneWayFromChildNote;
    public static String Sync_both;
    public static String Sync_fromHere;
    public static String Sync_fromRelative;
    public static String Sync_title;
    public static String Sync_jobAutomatic;
    public static String Sync_job;

    static {
        NLS.initializeMessages(BUNDLE_NAME, UiTexts.class);
    }

    private UiTexts() {
    }
}
