package org.geosync.ui.messages;

import java.nio.file.Path;

import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.internal.UiTexts;

/** Export Acknowledgment Message: tells the relative which of its data change messages this side has received. */
public class ExportAcknowledgmentWizard extends MessageWizard {

    public static final String TITLE = UiTexts.Msg_ackTitle;

    private final ExportPage page;

    public ExportAcknowledgmentWizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
        super(window, TITLE);
        page = new ExportPage("exportAck", TITLE, UiTexts.Msg_ackDescription, geodatabase, replica, UiTexts.Msg_whatAck, "ack") {
        };
    }

    @Override
    MessagePage page() {
        return page;
    }

    @Override
    GeodatabaseJob<MessageResult> job() {
        Path file = page.file();
        String replica = page.replicaName();
        return messageJob(NLS.bind(UiTexts.Msg_exportingAck, replica), page.geodatabase(),
                (gdb, monitor) -> Messages.exportAcknowledgment(gdb, replica, file, monitor));
    }
}
