package org.geosync.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** The "Distributed Geodatabase" perspective: catalog left, map centre, properties right, replicas below. */
public class DistributedGeodatabasePerspective implements IPerspectiveFactory {

    public static final String ID = "org.geosync.ui.perspective";
    public static final String CATALOG = "org.geosync.ui.views.catalog";
    public static final String REPLICA_MANAGER = "org.geosync.ui.views.replicaManager";
    public static final String MAP_PREVIEW = "org.geosync.ui.views.mapPreview";
    public static final String CONFLICTS = "org.geosync.ui.views.conflicts";
    public static final String MESSAGE_HISTORY = "org.geosync.ui.views.messageHistory";
    static final String PROGRESS = "org.eclipse.ui.views.ProgressView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        layout.addView(CATALOG, IPageLayout.LEFT, 0.22f, editors);
        IFolderLayout bottom = layout.createFolder("org.geosync.ui.bottom", IPageLayout.BOTTOM, 0.62f, editors);
        bottom.addView(REPLICA_MANAGER);
        bottom.addView(CONFLICTS);
        bottom.addView(MESSAGE_HISTORY);
        bottom.addView(PROGRESS);
        layout.addView(IPageLayout.ID_PROP_SHEET, IPageLayout.RIGHT, 0.72f, editors);
        layout.addView(MAP_PREVIEW, IPageLayout.TOP, 0.62f, editors);
        layout.addShowViewShortcut(CATALOG);
        layout.addShowViewShortcut(REPLICA_MANAGER);
        layout.addShowViewShortcut(MAP_PREVIEW);
        layout.addShowViewShortcut(CONFLICTS);
        layout.addShowViewShortcut(MESSAGE_HISTORY);
        layout.addShowViewShortcut(IPageLayout.ID_PROP_SHEET);
        layout.addShowViewShortcut(PROGRESS);
    }
}
