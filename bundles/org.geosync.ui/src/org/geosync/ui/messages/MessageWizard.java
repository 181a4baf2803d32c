package org.geosync.ui.messages;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.MessageResult;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.UiTexts;

/**
 * What the four message wizards share: Finish runs the engine in a {@link GeodatabaseJob} (progress in the
 * Progress view, cancel there or with Cancel) while the wizard stays open; a refusal is shown on the page
 * as the engine's sentence, a success closes the wizard and shows the counts.
 */
abstract class MessageWizard extends Wizard {

    private final IWorkbenchWindow window;
    private GeodatabaseJob<MessageResult> running;

    MessageWizard(IWorkbenchWindow window, String title) {
        this.window = window;
        setWindowTitle(title);
    }

    /** The page whose controls describe the work (each wizard has one). */
    abstract MessagePage page();

    /** The job for what the page describes; called on Finish only when the page is complete. */
    /** A job that runs one message call of the engine; its status says what the export or import did. */
    static GeodatabaseJob<MessageResult> messageJob(String name, GeodatabaseLocation location, GeodatabaseJob.Work<MessageResult> work) {
        return new GeodatabaseJob<>(name, location, work, MessageResults::summary);
    }

    abstract GeodatabaseJob<MessageResult> job();

    @Override
    public void addPages() {
        addPage(page());
    }

    @Override
    public boolean canFinish() {
        return running == null && super.canFinish();
    }

    @Override
    public boolean performFinish() {
        if (running != null) {
            return false;
        }
        page().remember();
        GeodatabaseJob<MessageResult> job = job();
        running = job;
        MessagePage page = page();
        page.setErrorMessage(null);
        page.setMessage(NLS.bind(UiTexts.Msg_running, job.getName()), IMessageProvider.INFORMATION);
        page.setEnabled(false);
        getContainer().updateButtons();
        Display display = getShell().getDisplay();
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                display.asyncExec(() -> finished(job, event.getResult()));
            }
        });
        GeodatabaseJobs.schedule(job);
        return false; // the wizard closes when the job has succeeded
    }

    @Override
    public boolean performCancel() {
        if (running != null) {
            running.cancel(); // the engine rolls back; nothing is changed
        }
        return true;
    }

    private void finished(GeodatabaseJob<MessageResult> job, IStatus status) {
        running = null;
        MessagePage page = page();
        boolean open = getShell() != null && !getShell().isDisposed();
        MessageResult result = job.result();
        if (result != null) {
            if (open) {
                ((WizardDialog) getContainer()).close();
            }
            MessageDialog.openInformation(shell(), MessageResults.title(result), MessageResults.summary(result));
            return;
        }
        String sentence = job.refusal() != null ? job.refusal()
                : status.getSeverity() == IStatus.CANCEL ? UiTexts.Msg_cancelled : status.getMessage();
        if (!open) {
            if (status.getSeverity() != IStatus.CANCEL) {
                MessageDialog.openError(shell(), getWindowTitle(), sentence);
            }
            return;
        }
        page.setEnabled(true);
        page.showRefusal(sentence);
        getContainer().updateButtons();
    }

    private Shell shell() {
        return window.getShell();
    }
}
