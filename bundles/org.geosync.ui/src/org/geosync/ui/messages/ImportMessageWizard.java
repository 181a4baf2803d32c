package org.geosync.ui.messages;

import java.nio.file.Path;

import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.Messages;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.internal.UiTexts;

/**
 * Import Message: a data change or acknowledgment message (told apart by its header, shown before anything
 * is applied) into a geodatabase, with reconcile policy, conflict definition and an optional acknowledgment
 * written in the same step.
 */
public class ImportMessageWizard extends MessageWizard {

    public static final String TITLE = UiTexts.Msg_importTitle;

    private final ImportPage page;

    public ImportMessageWizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase) {
        super(window, TITLE);
        page = new ImportPage(geodatabase);
    }

    /** Proposes a message file (e.g. one dropped on the workbench). */
    public ImportMessageWizard prefill(Path file) {
        page.presetFile(file);
        return this;
    }

    @Override
    MessagePage page() {
        return page;
    }

    @Override
    GeodatabaseJob<MessageResult> job() {
        Path file = page.file();
        ImportOptions options = page.options();
        return messageJob(NLS.bind(UiTexts.Msg_importing, file.getFileName()), page.geodatabase(),
                (gdb, monitor) -> Messages.importMessage(gdb, file, options, monitor));
    }
}
