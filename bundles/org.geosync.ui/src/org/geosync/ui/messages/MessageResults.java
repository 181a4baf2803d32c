package org.geosync.ui.messages;

import org.eclipse.osgi.util.NLS;
import org.geosync.core.MessageResult;
import org.geosync.model.MessageDirection;
import org.geosync.model.MessageKind;
import org.geosync.ui.internal.UiTexts;

/** What an export or import did, in the administrator's words. */
public final class MessageResults {

    private MessageResults() {
    }

    /** The dialog title for a result. */
    static String title(MessageResult r) {
        return r.direction() == MessageDirection.EXPORTED ? UiTexts.Msg_exportedTitle : UiTexts.Msg_importedTitle;
    }

    /** One paragraph with the counts. */
    public static String summary(MessageResult r) {
        String file = r.file().getFileName().toString();
        StringBuilder b = new StringBuilder();
        if (r.kind() == MessageKind.ACKNOWLEDGMENT) {
            if (r.direction() == MessageDirection.EXPORTED) {
                b.append(NLS.bind(UiTexts.Msg_ackExported, new Object[] { file, r.replica(), r.toGeneration() }));
            } else {
                b.append(NLS.bind(UiTexts.Msg_ackImported, new Object[] { file, r.replica(), r.toGeneration() }));
            }
            return b.toString();
        }
        String range = NLS.bind(UiTexts.Msg_range, r.fromGeneration(), r.toGeneration());
        if (r.direction() == MessageDirection.EXPORTED) {
            b.append(NLS.bind(r.records() == 1 ? UiTexts.Msg_changesExportedOne : UiTexts.Msg_changesExported,
                    new Object[] { file, r.replica(), range, r.records() }));
            if (r.switched()) {
                b.append(' ').append(UiTexts.Msg_switchedHere);
            }
        } else {
            b.append(NLS.bind(r.conflicts() == 1 ? UiTexts.Msg_changesImportedOne : UiTexts.Msg_changesImported,
                    new Object[] { file, r.replica(), range, r.inserts(), r.updates(), r.deletes(), r.conflicts() }));
            if (r.alreadyReceived() > 0) {
                b.append(NLS.bind(UiTexts.Msg_alreadyReceived, r.alreadyReceived()));
            }
            b.append('.');
            if (r.switched()) {
                b.append(' ').append(UiTexts.Msg_switchedThere);
            }
            if (r.acknowledgment() != null) {
                b.append(' ').append(NLS.bind(UiTexts.Msg_ackWritten, r.acknowledgment()));
            }
        }
        return b.toString();
    }
}
