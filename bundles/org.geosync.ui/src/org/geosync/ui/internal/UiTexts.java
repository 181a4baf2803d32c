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

    // views: Replica Manager, Message History
    public static String Views_selectForReplicas;
    public static String Views_replicaName;
    public static String Views_replicaType;
    public static String Views_replicaRole;
    public static String Views_replicaState;
    public static String Views_myGeneration;
    public static String Views_sibGeneration;
    public static String Views_acknowledged;
    public static String Views_lastSync;
    public static String Views_inConflict;
    public static String Views_relativeReplica;
    public static String Views_replicaManager;
    public static String Views_readingReplicas;
    public static String Views_noReplicas;
    public static String Views_oneReplica;
    public static String Views_replicas;
    public static String Views_unregistered;
    public static String Views_never;
    public static String Views_yes;
    public static String Views_no;
    public static String Views_selectForMessages;
    public static String Views_messageReplica;
    public static String Views_messageDirection;
    public static String Views_messageKind;
    public static String Views_messageGenerations;
    public static String Views_messageFile;
    public static String Views_messageTime;
    public static String Views_messageOutcome;
    public static String Views_messageChecksum;
    public static String Views_messageDetail;
    public static String Views_reexport;
    public static String Views_reexportTip;
    public static String Views_readingMessages;
    public static String Views_everyReplica;
    public static String Views_replicaGone;
    public static String Views_replicaNamed;
    public static String Views_noMessages;
    public static String Views_oneMessage;
    public static String Views_messages;
    public static String Views_selectExported;
    public static String Views_onlyExported;
    public static String Views_checkoutNoReexport;
    public static String Views_upTo;
    public static String Views_fromTo;

    // views: Conflicts
    public static String Conflicts_dataset;
    public static String Conflicts_globalId;
    public static String Conflicts_kind;
    public static String Conflicts_fields;
    public static String Conflicts_replica;
    public static String Conflicts_take;
    public static String Conflicts_takeTip;
    public static String Conflicts_databaseValues;
    public static String Conflicts_importedValues;
    public static String Conflicts_ancestorValues;
    public static String Conflicts_takeDataset;
    public static String Conflicts_takeField;
    public static String Conflicts_thisField;
    public static String Conflicts_refresh;
    public static String Conflicts_refreshTip;
    public static String Conflicts_thisDatabase;
    public static String Conflicts_imported;
    public static String Conflicts_ancestor;
    public static String Conflicts_select;
    public static String Conflicts_readingHeadline;
    public static String Conflicts_reading;
    public static String Conflicts_replicaCleared;
    public static String Conflicts_replicasCleared;
    public static String Conflicts_takeAllOf;
    public static String Conflicts_theDataset;
    public static String Conflicts_resolvingOne;
    public static String Conflicts_resolving;
    public static String Conflicts_resolveTitle;

    // views: Map Preview, Catalog
    public static String Map_navigate;
    public static String Map_intro;
    public static String Map_drawArea;
    public static String Map_drawing;
    public static String Map_drawAreaTip;
    public static String Map_drawnInEpsg;
    public static String Map_drawn;
    public static String Map_readingDataset;
    public static String Map_readingFeatures;
    public static String Map_datasetFeatures;
    public static String Map_readingReplica;
    public static String Map_readingArea;
    public static String Map_noFeatureClass;
    public static String Map_replicaFeatures;
    public static String Map_noArea;
    public static String Map_reprojected;
    public static String Map_areaLayer;
    public static String Map_area;
    public static String Map_areaProblem;
    public static String Catalog_unavailable;
    public static String Catalog_tooltip;
    public static String Catalog_title;
    public static String Catalog_reading;

    // the Synchronize Changes wizard (continued), its result and automatic synchronization
    public static String Sync_enterRelative;
    public static String Sync_invalidDirectory;
    public static String Sync_absoluteRelative;
    public static String Sync_otherRelative;
    public static String Sync_browse;
    public static String Sync_relativeLabel;
    public static String Sync_resultTitle;
    public static String Sync_resultPartial;
    public static String Sync_resultDone;
    public static String Sync_resultMessage;
    public static String Sync_colDataset;
    public static String Sync_colSent;
    public static String Sync_colReceived;
    public static String Sync_colInserts;
    public static String Sync_colUpdates;
    public static String Sync_colDeletes;
    public static String Sync_colConflicts;
    public static String Sync_colSkipped;
    public static String Sync_skippedEdits;
    public static String Sync_colGlobalId;
    public static String Sync_colEdit;
    public static String Sync_colReason;
    public static String Sync_summaryOne;
    public static String Sync_summary;
    public static String Sync_conflictsKept;
    public static String Sync_conflictsReconciled;
    public static String Auto_ticker;
    public static String Auto_becameReachable;
    public static String Auto_everyMinute;
    public static String Auto_everyMinutes;
    public static String Auto_skipped;
    public static String Auto_requested;
    public static String Auto_refused;
    public static String Auto_title;
    public static String Auto_heading;
    public static String Auto_scheduled;
    public static String Auto_every;
    public static String Auto_whenReachable;
    public static String Auto_direction;
    public static String Auto_policy;
    public static String Auto_manual;
    public static String Auto_definition;
    public static String Auto_byRow;
    public static String Auto_byColumn;
    public static String Auto_background;
    public static String Auto_onlyWhenAsked;
    public static String Auto_notSaved;
    public static String Sync_replicaTitle;
    public static String Sync_replicaDescription;
    public static String Sync_geodatabaseLabel;
    public static String Sync_replicaLabel;
    public static String Sync_relativeDialog;
    public static String Sync_readingReplicasJob;
    public static String Sync_replicaItemInConflict;
    public static String Sync_replicaItem;
    public static String Sync_noGeodatabase;
    public static String Sync_chooseGeodatabase;
    public static String Sync_readingReplicas;
    public static String Sync_noReplicas;
    public static String Sync_chooseReplicaHere;
    public static String Sync_doesNotExist;
    public static String Sync_checking;
    public static String Sync_checkingJob;
    public static String Sync_sameGeodatabase;
    public static String Sync_noSuchReplica;
    public static String Sync_relativeHolds;
    public static String Sync_lockAutomatic;
    public static String Sync_lockWizard;
    public static String Sync_opening;
    public static String Sync_done;

    // conflicts
    public static String Conflicts_ancestorLayer;
    public static String Conflicts_databaseLayer;
    public static String Conflicts_importedLayer;
    public static String Conflicts_allReplicasOf;
    public static String Conflicts_replicaOf;
    public static String Conflicts_none;
    public static String Conflicts_countOne;
    public static String Conflicts_count;
    public static String Conflicts_headline;
    public static String Conflicts_headlineInConflict;
    public static String Conflicts_colField;
    public static String Conflicts_colAncestor;
    public static String Conflicts_colDatabase;
    public static String Conflicts_colImported;
    public static String Conflicts_null;
    public static String Conflicts_resolvingJob;
    public static String Conflicts_replicaTask;
    public static String Conflicts_readingAgain;

    // the Catalog: nodes, property sources and dialogs
    public static String Catalog_name;
    public static String Location_addTitle;
    public static String Location_addMessage;
    public static String Location_newTitle;
    public static String Location_newMessage;
    public static String Location_sampleTitle;
    public static String Location_sampleMessage;
    public static String Location_directory;
    public static String Location_enterExisting;
    public static String Location_enterNew;
    public static String Location_absolute;
    public static String Location_notGeodatabase;
    public static String Location_alreadyGeodatabase;
    public static String Location_file;
    public static String Location_notEmpty;
    public static String Location_cannotRead;
    public static String Catalog_geodatabaseCategory;
    public static String Catalog_directory;
    public static String Catalog_guid;
    public static String Catalog_status;
    public static String Catalog_available;
    public static String Catalog_datasetCategory;
    public static String Catalog_kind;
    public static String Catalog_geometryType;
    public static String Catalog_epsg;
    public static String Catalog_rows;
    public static String Catalog_fields;
    public static String Catalog_featureClass;
    public static String Catalog_table;
    public static String Catalog_tableKind;
    public static String Catalog_datasetOneRow;
    public static String Catalog_datasetRows;
    public static String Catalog_replicas;
    public static String Sample_features;
    public static String Sample_hint;
    public static String Sample_range;
    public static String Sample_notNumber;
    public static String RC_category;
    public static String RC_keys;
    public static String RC_attributes;
    public static String RC_type;
    public static String RC_cardinality;
    public static String RC_origin;
    public static String RC_destination;
    public static String RC_table;
    public static String RC_stored;
    public static String RC_originKey;
    public static String RC_foreignKey;
    public static String RC_destinationKey;
    public static String RC_destinationForeignKey;
    public static String RC_attributed;
    public static String RC_simple;
    public static String RC_oneToOne;
    public static String RC_oneToMany;
    public static String RC_manyToMany;
    public static String RC_noTable;
    public static String RC_label;
    public static String RC_attributedKind;
    public static String RC_simpleKind;
    public static String RC_key;
    public static String RC_twoKeys;
    public static String RC_foreignKeyDescription;
    public static String RC_tableDescription;
    public static String RC_tableDescriptionOne;
    public static String RC_tableDescriptionMany;

    static {
        NLS.initializeMessages(BUNDLE_NAME, UiTexts.class);
    }

    private UiTexts() {
    }
}
