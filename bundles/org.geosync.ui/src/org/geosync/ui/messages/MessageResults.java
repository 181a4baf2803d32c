package org.geosync.ui.messages;

import org.geosync.core.MessageResult;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;

/** What an export or import did, in the administrator's words. */
public final class MessageResults {

    private MessageResults() {
    }

    /** The dialog title for a result. */
    static String title(MessageResult r) {
        return r.direction() == MessageDirection.EXPORTED ? "Message Exported" : "Message Imported";
    }

    /** One paragraph with the counts. */
    public static String summary(MessageResult r) {
        String file = r.file().getFileName().toString();
        StringBuilder b = new StringBuilder();
        if (r.kind() == MessageKind.ACKNOWLEDGMENT) {
            if (r.direction() == MessageDirection.EXPORTED) {
                b.append("Exported the acknowledgment message ").append(file).append(" of replica ").append(r.replica())
                        .append(": it acknowledges the relative's generations up to ").append(r.toGeneration()).append('.');
            } else {
                b.append("Imported the acknowledgment message ").append(file).append(" into replica ").append(r.replica())
                        .append(": the relative has received this side's generations up to ").append(r.toGeneration())
                        .append("; they will not be sent again.");
            }
            return b.toString();
        }
        String range = "generations " + r.fromGeneration() + " to " + r.toGeneration();
        if (r.direction() == MessageDirection.EXPORTED) {
            b.append("Exported the data change message ").append(file).append(" of replica ").append(r.replica()).append(": ")
                    .append(range).append(", ").append(r.records()).append(r.records() == 1 ? " change." : " changes.");
            if (r.switched()) {
                b.append(" This side switched to receiver: the relative becomes the sender when it imports the message.");
            }
        } else {
            b.append("Imported the data change message ").append(file).append(" into replica ").append(r.replica()).append(": ")
                    .append(range).append("; ").append(r.inserts()).append(" inserted, ").append(r.updates()).append(" updated, ")
                    .append(r.deletes()).append(" deleted, ").append(r.conflicts()).append(r.conflicts() == 1 ? " conflict" : " conflicts");
            if (r.alreadyReceived() > 0) {
                b.append(", ").append(r.alreadyReceived()).append(" already received");
            }
            b.append('.');
            if (r.switched()) {
                b.append(" The relative switched to receiver: this side is now the sender.");
            }
            if (r.acknowledgment() != null) {
                b.append(" Acknowledgment written to ").append(r.acknowledgment()).append('.');
            }
        }
        return b.toString();
    }
}
