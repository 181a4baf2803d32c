package org.geosync.ui.internal;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

/**
 * The one place the workbench reports a failure: every refusal or failure that reaches the administrator (a failed
 * job's status, a dialog, a wizard page's message) is also written to the Eclipse error log with its cause, so the
 * Error Log view and the workspace's {@code .metadata/.log} keep what the sentence summarises. What the administrator
 * sees stays the sentence alone.
 */
public final class Failures {

    /** The bundle whose entries these are. */
    static final String PLUGIN_ID = "org.geosync.ui";

    private Failures() {
    }

    /** Writes {@code sentence} with {@code cause} (null when there is none) to the error log. */
    public static void log(String sentence, Throwable cause) {
        ILog.of(Failures.class).log(new Status(IStatus.ERROR, PLUGIN_ID, sentence, cause));
    }

    /**
     * The error status a job ends with: the sentence, which the workbench shows, with its cause. The workbench writes a failed
     * job's status to the error log itself, so this writes nothing (an entry of its own would be a second one).
     */
    public static IStatus failed(String sentence, Throwable cause) {
        return new Status(IStatus.ERROR, PLUGIN_ID, sentence, cause);
    }

    /** Logs the failure and shows the sentence in an error dialog titled {@code title} (on the UI thread). */
    public static void show(Shell shell, String title, String sentence, Throwable cause) {
        log(sentence, cause);
        MessageDialog.openError(shell, title, sentence);
    }
}
