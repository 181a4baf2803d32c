package org.geosync.ui.messages;

import java.nio.file.Path;

import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.Messages;

/** Export Acknowledgment Message: tells the relative which of its data change messages this side has received. */
public class ExportAcknowledgmentWizard extends MessageWizard {

    public static final String TITLE = "Export Acknowledgment Message";

    private final ExportPage page;

    public ExportAcknowledgmentWizard(IWorkbenchWindow window, Path geodatabase, String replica) {
        super(window, TITLE);
        page = new ExportPage("exportAck", "Export Acknowledgment Message",
                "Acknowledge every data change message this replica has received, so its relative need not send those changes again.",
                geodatabase, replica, "acknowledgment message", "ack") {
        };
    }

    @Override
    MessagePage page() {
        return page;
    }

    @Override
    MessageJob job() {
        Path file = page.file();
        String replica = page.replicaName();
        return new MessageJob("Exporting an acknowledgment of replica " + replica, page.geodatabase(),
                (gdb, monitor) -> Messages.exportAcknowledgment(gdb, replica, file, monitor));
    }
}
