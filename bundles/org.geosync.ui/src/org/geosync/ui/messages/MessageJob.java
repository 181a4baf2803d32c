package org.geosync.ui.messages;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.progress.IProgressConstants;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.MessageResult;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * Exports or imports one message in the background (scheduled by {@link GeodatabaseJobs#schedule(Job)}), with
 * progress and cancel; its {@link #result} or {@link #refusal} (the engine's sentence) is read when it is done.
 */
public class MessageJob extends Job {

    /** The engine call a message wizard makes with the opened geodatabase. */
    @FunctionalInterface
    public interface Work {
        MessageResult run(Geodatabase gdb, IProgressMonitor monitor) throws GeodatabaseException;
    }

    static final String PLUGIN_ID = "org.geosync.ui";

    private final Path directory;
    private final Work work;
    private volatile MessageResult result;
    private volatile String refusal;

    public MessageJob(String name, Path directory, Work work) {
        super(name);
        this.directory = directory;
        this.work = work;
        // the wizard page (or a dialog) shows the refusal as a sentence; the Progress view keeps the status
        setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
        try {
            progress.subTask(NLS.bind(UiTexts.Sync_opening, directory));
            try (Geodatabase gdb = Geodatabase.open(directory)) {
                progress.worked(5);
                result = work.run(gdb, progress.split(95));
                return Status.info(MessageResults.summary(result));
            }
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (GeodatabaseException e) {
            refusal = e.getMessage();
            return Failures.failed(refusal, e);
        } finally {
            // histories, generations and rows changed (or a refusal was recorded): the views read again
            GeodatabaseConnections.getDefault().refresh();
            monitor.done();
        }
    }

    /** What the export or import did, or null. */
    public MessageResult result() {
        return result;
    }

    /** The engine's sentence when it refused or failed, or null. */
    public String refusal() {
        return refusal;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == MessageJob.class || family == GeodatabaseJobs.RULE;
    }
}
