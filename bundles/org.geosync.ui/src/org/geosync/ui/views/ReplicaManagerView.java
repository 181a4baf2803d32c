package org.geosync.ui.views;

import java.text.DateFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.resource.ColorRegistry;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITableColorProvider;
import org.eclipse.jface.viewers.ITableFontProvider;
import org.eclipse.jface.viewers.ITableLabelProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.Replica;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.catalog.ModelItemProviders;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Every replica of the geodatabase selected in the Catalog: type, role, sender or receiver,
 * generations, last synchronization, conflict state (highlighted) and the relative replica.
 */
public class ReplicaManagerView extends ViewPart {

    /** Colour registry keys of a replica in conflict. */
    public static final String CONFLICT_BACKGROUND = "org.geosync.ui.replicaInConflict.background";
    public static final String CONFLICT_FOREGROUND = "org.geosync.ui.replicaInConflict.foreground";

    /** Column titles, in order. */
    static final String[] COLUMNS = { UiTexts.Views_replicaName, UiTexts.Views_replicaType, UiTexts.Views_replicaRole,
            UiTexts.Views_replicaState, UiTexts.Views_myGeneration, UiTexts.Views_sibGeneration, UiTexts.Views_acknowledged,
            UiTexts.Views_lastSync, UiTexts.Views_inConflict, UiTexts.Views_relativeReplica };
    private static final int[] WIDTHS = { 120, 150, 60, 110, 100, 120, 100, 150, 80, 320 };

    private final AtomicLong latestRequest = new AtomicLong();
    private final Runnable refresher = this::reload;
    private final LocalResourceManager resources = new LocalResourceManager(JFaceResources.getResources());
    private TableViewer viewer;
    private Label heading;
    private volatile GeodatabaseLocation location;

    private final ISelectionListener catalogListener = (part, selection) -> {
        if (selection instanceof IStructuredSelection s && !s.isEmpty()) {
            GeodatabaseLocation dir = GeodatabaseNode.locationOf(s.getFirstElement());
            if (dir != null && !dir.equals(location)) {
                showGeodatabase(dir);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        ColorRegistry colors = JFaceResources.getColorRegistry();
        if (!colors.hasValueFor(CONFLICT_BACKGROUND)) {
            colors.put(CONFLICT_BACKGROUND, new RGB(255, 215, 215));
            colors.put(CONFLICT_FOREGROUND, new RGB(170, 0, 0));
        }
        HeadedTable body = HeadedTable.create(parent, UiTexts.Views_selectForReplicas, SWT.MULTI, COLUMNS, WIDTHS);
        heading = body.heading();
        viewer = body.viewer();
        viewer.setLabelProvider(new ReplicaLabelProvider());
        getSite().setSelectionProvider(viewer);
        viewer.addDoubleClickListener(e -> {
            try {
                getSite().getPage().showView(org.eclipse.ui.IPageLayout.ID_PROP_SHEET);
            } catch (org.eclipse.ui.PartInitException ex) {
                Failures.log(ex.getMessage(), ex);
                org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), UiTexts.Views_replicaManager, null, ex.getStatus());
            }
        });

        MenuManager menu = new MenuManager();
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(menu, viewer);

        getSite().getPage().addPostSelectionListener(DistributedGeodatabasePerspective.CATALOG, catalogListener);
        GeodatabaseConnections.getDefault().addListener(refresher);
        // start with what the Catalog already shows as selected
        var catalog = getSite().getPage().findView(DistributedGeodatabasePerspective.CATALOG);
        if (catalog != null && catalog.getSite().getSelectionProvider() != null) {
            catalogListener.selectionChanged(catalog, catalog.getSite().getSelectionProvider().getSelection());
        }
    }

    /** Shows the replicas of the geodatabase in {@code dir}. */
    public void showGeodatabase(GeodatabaseLocation dir) {
        location = dir;
        reload();
    }

    /** The geodatabase whose replicas are shown, or null. */
    public GeodatabaseLocation location() {
        return location;
    }

    /** Reads the replicas again in the background (after a job changed them, or on Refresh). */
    private void reload() {
        GeodatabaseLocation dir = location;
        if (dir == null || viewer == null) {
            return;
        }
        long request = latestRequest.incrementAndGet();
        if (!GeodatabaseConnections.getDefault().list().contains(dir)) {
            // the connection was removed: the geodatabase is no business of the workbench any more
            viewer.getControl().getDisplay().asyncExec(() -> {
                if (!viewer.getControl().isDisposed() && request == latestRequest.get()) {
                    location = null;
                    heading.setText(UiTexts.Views_selectForReplicas);
                    viewer.setInput(List.of());
                }
            });
            return;
        }
        Job job = Job.create(NLS.bind(UiTexts.Views_readingReplicas, dir.name()), monitor -> {
            GeodatabaseNode node = GeodatabaseNode.inspect(dir);
            if (!viewer.getControl().isDisposed()) {
                viewer.getControl().getDisplay().asyncExec(() -> {
                    if (viewer.getControl().isDisposed() || request != latestRequest.get()) {
                        return;
                    }
                    if (node.problem() != null) {
                        heading.setText(node.name() + ": " + node.problem());
                        viewer.setInput(List.of());
                    } else {
                        int n = node.replicas().size();
                        heading.setText(NLS.bind(n == 0 ? UiTexts.Views_noReplicas : n == 1 ? UiTexts.Views_oneReplica : UiTexts.Views_replicas,
                                new Object[] { node.name(), dir, n }));
                        viewer.setInput(node.replicas());
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    /** The table, for tests and the handlers. */
    public TableViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(DistributedGeodatabasePerspective.CATALOG, catalogListener);
        GeodatabaseConnections.getDefault().removeListener(refresher);
        resources.dispose();
        super.dispose();
    }

    /** One replica per row; the name and icon come from the model's item provider; a replica in conflict is bold and red. */
    private final class ReplicaLabelProvider extends LabelProvider implements ITableLabelProvider, ITableColorProvider, ITableFontProvider {

        @Override
        public Image getColumnImage(Object element, int column) {
            if (column == 0 && element instanceof ReplicaNode r) {
                ImageDescriptor d = ModelItemProviders.image(r.replica());
                return d == null ? null : resources.create(d);
            }
            return null;
        }

        @Override
        public String getColumnText(Object element, int column) {
            if (!(element instanceof ReplicaNode node)) {
                return "";
            }
            Replica r = node.replica();
            return switch (column) {
                case 0 -> r.getName();
                case 1 -> ReplicaNode.typeText(r);
                case 2 -> r.getRole().getLiteral();
                case 3 -> r.isUnregistered() ? NLS.bind(UiTexts.Views_unregistered, r.getState().getLiteral()) : r.getState().getLiteral();
                case 4 -> String.valueOf(r.getMyGeneration());
                case 5 -> String.valueOf(r.getSibGeneration());
                case 6 -> String.valueOf(r.getSibMyGeneration());
                case 7 -> r.getLastSync() == null ? UiTexts.Views_never : DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT).format(r.getLastSync());
                case 8 -> r.isInConflict() ? UiTexts.Views_yes : UiTexts.Views_no;
                case 9 -> relative(r);
                default -> "";
            };
        }

        private static String relative(Replica r) {
            String where = r.getRelativeReplicaLocation() == null ? "" : r.getRelativeReplicaLocation();
            String guid = r.getRelativeReplicaGuid() == null ? "" : " {" + r.getRelativeReplicaGuid() + "}";
            return where + guid;
        }

        @Override
        public Color getForeground(Object element, int column) {
            return inConflict(element) ? JFaceResources.getColorRegistry().get(CONFLICT_FOREGROUND) : null;
        }

        @Override
        public Color getBackground(Object element, int column) {
            return inConflict(element) ? JFaceResources.getColorRegistry().get(CONFLICT_BACKGROUND) : null;
        }

        @Override
        public Font getFont(Object element, int column) {
            return inConflict(element) ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT) : null;
        }

        private static boolean inConflict(Object element) {
            return element instanceof ReplicaNode r && r.replica().isInConflict();
        }
    }
}
