package org.geosync.ui.sync;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.ReconcilePolicy;
import org.geosync.model.SyncError;
import org.geosync.model.SyncJob;
import org.geosync.model.SyncLayerResult;
import org.geosync.model.SyncOutcome;
import org.geosync.ui.internal.UiTexts;

/**
 * What a synchronization did, seen from the geodatabase it was started on: changes sent and received and the edits applied per
 * dataset, conflicts found, and each skipped edit with its reason.
 */
public class SyncResultDialog extends TitleAreaDialog {

    static final String TITLE = UiTexts.Sync_resultTitle;

    private final String replica;
    private final GeodatabaseLocation here;
    private final GeodatabaseLocation relative;
    private final SyncJob job;

    public SyncResultDialog(Shell parent, String replica, GeodatabaseLocation here, GeodatabaseLocation relative, SyncJob job) {
        super(parent);
        this.replica = replica;
        this.here = here;
        this.relative = relative;
        this.job = job;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        boolean partial = job.getOutcome() == SyncOutcome.PARTIAL;
        setTitle(NLS.bind(partial ? UiTexts.Sync_resultPartial : UiTexts.Sync_resultDone, replica));
        setMessage(NLS.bind(UiTexts.Sync_resultMessage, new Object[] { here, relative, job.getDirection().getLiteral(),
                job.getPolicy().getLiteral(), job.getConflictDefinition().getLiteral(), job.isRollbackOnFailure() }),
                partial ? IMessageProvider.WARNING : IMessageProvider.INFORMATION);
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(new GridLayout(1, false));

        Label summary = new Label(body, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        summary.setText(summary());

        Table layers = table(body, UiTexts.Sync_colDataset, UiTexts.Sync_colSent, UiTexts.Sync_colReceived, UiTexts.Sync_colInserts,
                UiTexts.Sync_colUpdates, UiTexts.Sync_colDeletes, UiTexts.Sync_colConflicts, UiTexts.Sync_colSkipped);
        for (SyncLayerResult l : job.getLayerResults()) {
            row(layers, l.getDatasetName(), l.getSent(), l.getReceived(), l.getInserts(), l.getUpdates(), l.getDeletes(), l.getConflicts(),
                    l.getSkipped());
        }
        pack(layers);
        if (!job.getErrors().isEmpty()) {
            new Label(body, SWT.NONE).setText(UiTexts.Sync_skippedEdits);
            Table errors = table(body, UiTexts.Sync_colDataset, UiTexts.Sync_colGlobalId, UiTexts.Sync_colEdit, UiTexts.Sync_colReason);
            for (SyncError e : job.getErrors()) {
                row(errors, e.getDatasetName(), e.getGlobalId(), e.getOperation().getLiteral(), e.getMessage());
            }
            pack(errors);
        }
        return area;
    }

    /** The counts in one paragraph, as the administrator reads them. */
    String summary() {
        long skipped = job.getErrors().size();
        StringBuilder b = new StringBuilder();
        b.append(NLS.bind(job.getSent() == 1 ? UiTexts.Sync_summaryOne : UiTexts.Sync_summary, new Object[] { job.getSent(),
                job.getReceived(), job.getInserts(), job.getUpdates(), job.getDeletes(), job.getConflicts(), skipped }));
        if (job.getConflicts() > 0) {
            b.append(' ').append(job.getPolicy() == ReconcilePolicy.MANUAL ? NLS.bind(UiTexts.Sync_conflictsKept, here)
                    : NLS.bind(UiTexts.Sync_conflictsReconciled, job.getPolicy().getLiteral()));
        }
        return b.toString();
    }

    private static Table table(Composite parent, String... columns) {
        Table t = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.heightHint = 110;
        data.widthHint = 560;
        t.setLayoutData(data);
        for (String c : columns) {
            new TableColumn(t, SWT.LEFT).setText(c);
        }
        return t;
    }

    private static void row(Table t, Object... values) {
        TableItem item = new TableItem(t, SWT.NONE);
        for (int i = 0; i < values.length; i++) {
            item.setText(i, String.valueOf(values[i]));
        }
    }

    private static void pack(Table t) {
        for (TableColumn c : t.getColumns()) {
            c.pack();
        }
    }

    @Override
    protected org.eclipse.swt.graphics.Point getInitialSize() {
        org.eclipse.swt.graphics.Point size = super.getInitialSize();
        return new org.eclipse.swt.graphics.Point(Math.min(size.x, 820), size.y); // long directories wrap
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }
}
