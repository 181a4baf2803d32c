package org.geosync.ui.views;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.catalog.ModelItemProviders;
import org.geosync.ui.catalog.RelationshipClassNode;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.catalog.ReplicasFolderNode;
import org.geosync.ui.catalog.ServerConnections;
import org.geosync.ui.catalog.ServerNode;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Geodatabase connections, their datasets (feature classes, tables, relationship classes) and replicas; then the sync service
 * connections and the served replicas the user may work.
 */
public class CatalogView extends ViewPart {

    /** System property naming the sample geodatabase the product's launcher created. */
    static final String SAMPLE_PROPERTY = "geosync.sample";

    private TreeViewer viewer;
    private final LocalResourceManager images = new LocalResourceManager(JFaceResources.getResources());
    private final Runnable refresher = this::reload;
    private final Runnable serverRefresher = this::reloadServers;
    /** What the last readings found (UI thread): the geodatabases, then the service connections. */
    private volatile List<GeodatabaseNode> geodatabases = List.of();
    private List<ServerNode> servers = List.of();
    /** A dataset to select once the geodatabases have been read again (after Alter Schema), or null. */
    private GeodatabaseLocation reselectLocation;
    private String reselectDataset;

    @Override
    public void createPartControl(Composite parent) {
        viewer = new TreeViewer(parent, SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL);
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ArrayContentProvider.getInstance().getElements(input);
            }

            @Override
            public Object[] getChildren(Object parentElement) {
                if (parentElement instanceof GeodatabaseNode n) {
                    return n.children().toArray();
                }
                if (parentElement instanceof ServerNode s) {
                    return s.replicas().toArray();
                }
                return parentElement instanceof ReplicasFolderNode f ? f.replicas().toArray() : new Object[0];
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return element instanceof GeodatabaseNode n && !n.children().isEmpty()
                        || element instanceof ReplicasFolderNode f && !f.replicas().isEmpty()
                        || element instanceof ServerNode s && !s.replicas().isEmpty();
            }
        });
        viewer.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                if (element instanceof GeodatabaseNode n) {
                    return n.problem() == null ? n.name() : NLS.bind(UiTexts.Catalog_unavailable, n.name());
                }
                if (element instanceof DatasetNode d) {
                    return d.label();
                }
                if (element instanceof RelationshipClassNode r) {
                    return r.label();
                }
                if (element instanceof ReplicasFolderNode f) {
                    return f.label();
                }
                if (element instanceof ReplicaNode r) {
                    return r.label();
                }
                if (element instanceof ServerNode s) {
                    return s.label();
                }
                if (element instanceof ServerReplicaNode r) {
                    return r.label();
                }
                return String.valueOf(element);
            }

            @Override
            public Image getImage(Object element) {
                if (element instanceof ReplicaNode r) {
                    ImageDescriptor d = ModelItemProviders.image(r.replica());
                    return d == null ? null : images.create(d);
                }
                if (element instanceof GeodatabaseNode n && n.location().isPostgresql()) {
                    return icon("icons/enterprise_connection.png");
                }
                if (element instanceof RelationshipClassNode) {
                    return icon("icons/relationship_class.png");
                }
                return element instanceof ServerNode ? icon("icons/server_connection.png") : null;
            }

            private Image icon(String path) {
                return org.eclipse.jface.resource.ResourceLocator.imageDescriptorFromBundle(getClass(), path).map(images::create).orElse(null);
            }

            @Override
            public String getToolTipText(Object element) {
                if (element instanceof GeodatabaseNode n) {
                    return n.problem() == null ? NLS.bind(UiTexts.Catalog_tooltip, n.location(), n.guid()) : n.problem();
                }
                if (element instanceof RelationshipClassNode r) {
                    return r.description();
                }
                if (element instanceof ServerNode s) {
                    return s.problem() == null ? NLS.bind(UiTexts.Server_tooltip, s.location(), s.replicas().size()) : s.problem();
                }
                return null;
            }
        });
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(viewer);
        getSite().setSelectionProvider(viewer);
        // double-click shows the details, as in the other Eclipse navigators
        viewer.addDoubleClickListener(e -> {
            try {
                getSite().getPage().showView(org.eclipse.ui.IPageLayout.ID_PROP_SHEET);
            } catch (org.eclipse.ui.PartInitException ex) {
                Failures.log(ex.getMessage(), ex);
                org.eclipse.jface.dialogs.ErrorDialog.openError(getSite().getShell(), UiTexts.Catalog_title, null, ex.getStatus());
            }
        });

        MenuManager menu = new MenuManager();
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(menu, viewer);

        addSampleGeodatabase();
        GeodatabaseConnections.getDefault().addListener(refresher);
        ServerConnections.getDefault().addListener(serverRefresher);
        reload();
    }

    /** The product's launcher names a sample geodatabase; the first start shows it. */
    private static void addSampleGeodatabase() {
        String sample = System.getProperty(SAMPLE_PROPERTY);
        if (sample != null && Files.isRegularFile(Path.of(sample, "service.properties"))) {
            GeodatabaseConnections.getDefault().add(Path.of(sample));
        }
    }

    /**
     * Re-reads the connections in the background (opening a geodatabase touches the disk); the service connections are read
     * again too, since a synchronization changes both sides.
     */
    private void reload() {
        Job job = Job.create(UiTexts.Catalog_reading, monitor -> {
            List<GeodatabaseLocation> locations = GeodatabaseConnections.getDefault().list();
            Map<GeodatabaseLocation, GeodatabaseNode> previous = new HashMap<>();
            for (GeodatabaseNode n : geodatabases) {
                previous.put(n.location(), n);
            }
            // every geodatabase is listed first (a large one with the row counts read before), then the rows are counted
            List<GeodatabaseNode> nodes = new ArrayList<>();
            List<Geodatabase> open = new ArrayList<>();
            try {
                for (GeodatabaseLocation location : locations) {
                    GeodatabaseNode before = previous.get(location);
                    try {
                        Geodatabase gdb = Geodatabase.open(location);
                        open.add(gdb);
                        nodes.add(GeodatabaseNode.read(gdb, location, before == null ? Map.of() : before.rowCounts(), COUNTED_WITH_LISTING));
                    } catch (GeodatabaseException e) {
                        open.add(null);
                        nodes.add(GeodatabaseNode.failed(location, e.getMessage()));
                    }
                }
                List<GeodatabaseNode> listed = List.copyOf(nodes);
                show(() -> {
                    geodatabases = listed;
                    return true;
                }, true);
                for (int i = 0; i < nodes.size(); i++) {
                    if (open.get(i) != null && nodes.get(i).datasets().size() > COUNTED_WITH_LISTING) {
                        showCounts(nodes.get(i).counted(open.get(i)));
                    }
                }
            } catch (GeodatabaseException e) {
                Failures.log(e.getMessage(), e); // the listing stands, without the counts
            } finally {
                open.stream().filter(Objects::nonNull).forEach(Geodatabase::close);
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
        reloadServers();
    }

    /** A geodatabase of up to this many datasets is listed with its row counts; a larger one is listed first and counted after. */
    private static final int COUNTED_WITH_LISTING = 50;

    /**
     * Re-reads the service connections in the background: each service lists the replicas its user may work. No geodatabase
     * is opened, so this job does not wait for (or hold up) the jobs that open geodatabases.
     */
    private void reloadServers() {
        Job job = Job.create(UiTexts.Server_reading, monitor -> {
            List<ServerNode> nodes = ServerConnections.getDefault().list().stream().map(ServerNode::inspect).toList();
            show(() -> {
                boolean changed = !nodes.equals(servers);
                servers = nodes;
                return changed; // an unchanged list leaves the tree (and its selection) alone
            }, false);
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.setRule(SERVERS);
        job.schedule();
    }

    /** One reading of the service connections at a time, so the latest one is shown last. */
    private static final org.eclipse.core.runtime.jobs.ISchedulingRule SERVERS = new org.eclipse.core.runtime.jobs.ISchedulingRule() {
        @Override
        public boolean contains(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
            return rule == this;
        }
    };

    /**
     * Takes a reading's result on the UI thread and shows the geodatabases and services as last read; a dataset waiting to be
     * selected again is selected once the geodatabases were read ({@code geodatabasesRead}), not on an earlier reading.
     */
    private void show(java.util.function.BooleanSupplier take, boolean geodatabasesRead) {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            viewer.getControl().getDisplay().asyncExec(() -> {
                if (!viewer.getControl().isDisposed()) {
                    if (take.getAsBoolean()) {
                        setInputKeepingExpansion(geodatabasesRead);
                    }
                }
            });
        }
    }

    /**
     * Shows the row counts of a geodatabase listed before they were counted: its datasets' labels change in place (a
     * dataset's identity leaves out its count, so what is selected or open stays so).
     */
    private void showCounts(GeodatabaseNode counted) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        viewer.getControl().getDisplay().asyncExec(() -> {
            if (viewer.getControl().isDisposed()) {
                return;
            }
            List<GeodatabaseNode> nodes = new ArrayList<>(geodatabases);
            int at = nodes.indexOf(counted);
            if (at < 0) {
                return; // read again or removed since
            }
            nodes.set(at, counted);
            geodatabases = List.copyOf(nodes);
            // the tree's elements become the counted ones: a geodatabase opened later lists its counted datasets
            viewer.update(counted, null);
            viewer.update(counted.datasets().toArray(), null);
        });
    }

    /** Replaces the tree's content; geodatabases, Replicas folders and services that were open stay open. */
    private void setInputKeepingExpansion(boolean geodatabasesRead) {
        List<GeodatabaseNode> nodes = geodatabases;
        Set<String> open = new HashSet<>();
        for (Object e : viewer.getExpandedElements()) {
            open.add(expansionKey(e));
        }
        List<Object> input = new ArrayList<>(nodes);
        input.addAll(servers);
        viewer.setInput(input);
        List<Object> reopen = new ArrayList<>();
        for (ServerNode s : servers) {
            if (open.contains(expansionKey(s))) {
                reopen.add(s);
            }
        }
        for (GeodatabaseNode n : nodes) {
            if (open.contains(expansionKey(n))) {
                reopen.add(n);
                for (Object child : n.children()) {
                    if (open.contains(expansionKey(child))) {
                        reopen.add(child);
                    }
                }
            }
        }
        viewer.setExpandedElements(reopen.toArray());
        if (reselectDataset != null && geodatabasesRead) {
            for (GeodatabaseNode n : nodes) {
                for (DatasetNode d : n.datasets()) {
                    if (d.location().equals(reselectLocation) && d.dataset().name().equals(reselectDataset)) {
                        viewer.setExpandedState(n, true);
                        viewer.setSelection(new StructuredSelection(d), true);
                    }
                }
            }
            reselectLocation = null;
            reselectDataset = null;
        }
    }

    /**
     * Selects dataset {@code dataset} of the geodatabase at {@code location} once the Catalog has read the geodatabases again
     * (on the UI thread, before the reading is asked for), so the Properties view shows the dataset as it now is.
     */
    public void selectAfterReading(GeodatabaseLocation location, String dataset) {
        reselectLocation = location;
        reselectDataset = dataset;
    }

    private static String expansionKey(Object e) {
        if (e instanceof ServerNode s) {
            return "ServerNode:" + s.location();
        }
        return e.getClass().getSimpleName() + ":" + GeodatabaseNode.locationOf(e);
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        GeodatabaseConnections.getDefault().removeListener(refresher);
        ServerConnections.getDefault().removeListener(serverRefresher);
        images.dispose();
        super.dispose();
    }
}
