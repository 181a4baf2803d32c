package org.geosync.ui.views;

import java.text.DateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.core.commands.common.CommandException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITableLabelProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.ViewPart;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Replicas;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.model.MessageOutcome;
import org.geosync.model.MessageRecord;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaType;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Every data change and acknowledgment message exported or imported — refusals included — for the replica
 * selected in the Catalog or the Replica Manager, or for every replica of the selected geodatabase: kind,
 * direction, generation range, file, SHA-256, time and outcome, newest first. Read again whenever a job
 * changed a geodatabase. "Re-Export..." in its toolbar and context menu (and a double-click) on an exported data
 * change message is the Re-Export command ({@value #REEXPORT}, plugin.xml), whose handler prefills its wizard from the row.
 */
public class MessageHistoryView extends ViewPart {

    /** Column titles, in order. */
    public static final String[] COLUMNS = { UiTexts.Views_messageReplica, UiTexts.Views_messageDirection, UiTexts.Views_messageKind,
            UiTexts.Views_messageGenerations, UiTexts.Views_messageFile, UiTexts.Views_messageTime, UiTexts.Views_messageOutcome,
            UiTexts.Views_messageChecksum, UiTexts.Views_messageDetail };
    private static final int[] WIDTHS = { 60, 75, 115, 85, 150, 150, 75, 150, 420 };

    /** The Re-Export command, shown in this view's toolbar and context menu. */
    public static final String REEXPORT = "org.geosync.ui.commands.reexport";

    /** One message of one replica of the geodatabase in {@code location}; {@code latestExport}: its latest successful export. */
    public record Row(GeodatabaseLocation location, Replica replica, MessageRecord message, boolean latestExport) {
    }

    private final AtomicLong latestRequest = new AtomicLong();
    private final Runnable refresher = this::reload;
    private TableViewer viewer;
    private Label heading;
    private volatile GeodatabaseLocation location;
    /** The replica shown, or null for every replica of the geodatabase. */
    private volatile String replicaGuid;

    private final ISelectionListener selectionListener = (part, selection) -> {
        if (!(selection instanceof IStructuredSelection s) || s.isEmpty()) {
            return;
        }
        Object first = s.getFirstElement();
        if (first instanceof ReplicaNode r) {
            show(r.location(), r.replica().getGuid());
        } else {
            GeodatabaseLocation dir = GeodatabaseNode.locationOf(first);
            if (dir != null) {
                show(dir, null);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        HeadedTable body = HeadedTable.create(parent,
                UiTexts.Views_selectForMessages, SWT.SINGLE, COLUMNS, WIDTHS);
        heading = body.heading();
        viewer = body.viewer();
        viewer.setLabelProvider(new RowLabels());
        viewer.setInput(List.of());

        viewer.addDoubleClickListener(e -> {
            if (reexportProblem(selected()) == null) {
                reexportSelected();
            }
        });
        // the toolbar and the context menu show the Re-Export command (menu contributions in plugin.xml)
        MenuManager menu = new MenuManager();
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(menu, viewer);
        getSite().setSelectionProvider(viewer);

        var page = getSite().getPage();
        page.addPostSelectionListener(DistributedGeodatabasePerspective.CATALOG, selectionListener);
        page.addPostSelectionListener(DistributedGeodatabasePerspective.REPLICA_MANAGER, selectionListener);
        GeodatabaseConnections.getDefault().addListener(refresher);
        for (String id : new String[] { DistributedGeodatabasePerspective.CATALOG, DistributedGeodatabasePerspective.REPLICA_MANAGER }) {
            var view = page.findView(id);
            if (view != null && view.getSite().getSelectionProvider() != null) {
                selectionListener.selectionChanged(view, view.getSite().getSelectionProvider().getSelection());
            }
        }
    }

    /** Shows the messages of replica {@code guid} (null: of every replica) of the geodatabase in {@code dir}. */
    public void show(GeodatabaseLocation dir, String guid) {
        GeodatabaseLocation d = dir;
        if (d.equals(location) && java.util.Objects.equals(guid, replicaGuid)) {
            return;
        }
        location = d;
        replicaGuid = guid;
        reload();
    }

    /** The table, for tests. */
    public TableViewer viewer() {
        return viewer;
    }

    /** Reads the histories again in the background. */
    private void reload() {
        GeodatabaseLocation dir = location;
        String guid = replicaGuid;
        if (dir == null || viewer == null) {
            return;
        }
        long request = latestRequest.incrementAndGet();
        if (!GeodatabaseConnections.getDefault().list().contains(dir)) {
            asyncOnView(request, () -> {
                location = null;
                heading.setText(UiTexts.Views_selectForMessages);
                viewer.setInput(List.of());
            });
            return;
        }
        Job job = Job.create(NLS.bind(UiTexts.Views_readingMessages, dir.name()), monitor -> {
            List<Row> rows = new ArrayList<>();
            String text;
            try (Geodatabase gdb = Geodatabase.open(dir)) {
                List<Replica> replicas = Replicas.list(gdb).stream().filter(r -> guid == null || r.getGuid().equals(guid)).toList();
                for (Replica r : replicas) {
                    MessageRecord latest = latestExport(r);
                    r.getMessages().forEach(m -> rows.add(new Row(dir, r, m, m == latest)));
                }
                java.util.Collections.reverse(rows); // newest first, also among messages of the same instant
                rows.sort(Comparator.comparing((Row x) -> x.message().getTime(), Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
                String whose = guid == null ? UiTexts.Views_everyReplica : replicas.isEmpty() ? UiTexts.Views_replicaGone
                        : NLS.bind(UiTexts.Views_replicaNamed, replicas.get(0).getName());
                text = NLS.bind(rows.isEmpty() ? UiTexts.Views_noMessages : rows.size() == 1 ? UiTexts.Views_oneMessage : UiTexts.Views_messages,
                        new Object[] { dir.name(), whose, dir, rows.size() });
            } catch (GeodatabaseException e) {
                text = dir.name() + ": " + e.getMessage();
            }
            String shown = text;
            asyncOnView(request, () -> {
                heading.setText(shown);
                viewer.setInput(rows);
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    private void asyncOnView(long request, Runnable r) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        viewer.getControl().getDisplay().asyncExec(() -> {
            if (!viewer.getControl().isDisposed() && request == latestRequest.get()) {
                r.run();
            }
        });
    }

    private static MessageRecord latestExport(Replica r) {
        MessageRecord latest = null;
        for (MessageRecord m : r.getMessages()) {
            if (m.getKind() == MessageKind.DATA_CHANGES && m.getDirection() == MessageDirection.EXPORTED && m.getOutcome() == MessageOutcome.SUCCEEDED) {
                latest = m;
            }
        }
        return latest;
    }

    private Row selected() {
        return viewer.getStructuredSelection().getFirstElement() instanceof Row r ? r : null;
    }

    /** Why {@code row} (null: none selected) cannot be re-exported, or null when it can. */
    public static String reexportProblem(Row row) {
        if (row == null) {
            return UiTexts.Views_selectExported;
        }
        MessageRecord m = row.message();
        if (m.getKind() != MessageKind.DATA_CHANGES || m.getDirection() != MessageDirection.EXPORTED || m.getOutcome() != MessageOutcome.SUCCEEDED) {
            return UiTexts.Views_onlyExported;
        }
        if (row.replica().getType() == ReplicaType.CHECKOUT) {
            return UiTexts.Views_checkoutNoReexport;
        }
        return null;
    }

    /** Runs the Re-Export command on the selected row, as its toolbar button does. */
    private void reexportSelected() {
        try {
            getSite().getService(IHandlerService.class).executeCommand(REEXPORT, null);
        } catch (CommandException e) {
            Failures.log(e.getMessage(), e);
        }
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(DistributedGeodatabasePerspective.CATALOG, selectionListener);
        getSite().getPage().removePostSelectionListener(DistributedGeodatabasePerspective.REPLICA_MANAGER, selectionListener);
        GeodatabaseConnections.getDefault().removeListener(refresher);
        super.dispose();
    }

    /** The columns of one message. */
    private static final class RowLabels extends LabelProvider implements ITableLabelProvider {
        @Override
        public Image getColumnImage(Object element, int column) {
            return null;
        }

        @Override
        public String getColumnText(Object element, int column) {
            if (!(element instanceof Row row)) {
                return "";
            }
            MessageRecord m = row.message();
            return switch (column) {
                case 0 -> row.replica().getName();
                case 1 -> m.getDirection().getLiteral();
                case 2 -> m.getKind().getLiteral();
                case 3 -> m.getKind() == MessageKind.ACKNOWLEDGMENT ? NLS.bind(UiTexts.Views_upTo, m.getToGeneration())
                        : NLS.bind(UiTexts.Views_fromTo, m.getFromGeneration(), m.getToGeneration());
                case 4 -> m.getFileName() == null ? "" : m.getFileName();
                case 5 -> m.getTime() == null ? "" : DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.MEDIUM).format(m.getTime());
                case 6 -> m.getOutcome().getLiteral();
                case 7 -> m.getChecksum() == null ? "" : m.getChecksum();
                case 8 -> m.getDetail() == null ? "" : m.getDetail();
                default -> "";
            };
        }
    }
}
