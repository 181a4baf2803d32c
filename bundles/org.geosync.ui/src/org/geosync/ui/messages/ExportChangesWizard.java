package org.geosync.ui.messages;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages.Content;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaState;
import org.geosync.model.ReplicaType;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.internal.UiTexts;

/** Export Data Change Message: the replica's new and/or unacknowledged changes to a file, optionally switching to receiver. */
public class ExportChangesWizard extends MessageWizard {

    public static final String TITLE = UiTexts.Msg_changesTitle;

    private final Page page;

    public ExportChangesWizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
        super(window, TITLE);
        page = new Page(geodatabase, replica);
    }

    @Override
    MessagePage page() {
        return page;
    }

    @Override
    GeodatabaseJob<MessageResult> job() {
        Path file = page.file();
        String replica = page.replicaName();
        ExportOptions options = ExportOptions.defaults().withContent(page.content()).withSwitchToReceiver(page.switchToReceiver());
        return messageJob(NLS.bind(UiTexts.Msg_exportingChanges, replica), page.geodatabase(),
                (gdb, monitor) -> Messages.exportChanges(gdb, replica, file, options, monitor));
    }

    private static final class Page extends ExportPage {
        private final Map<Content, Button> contents = new EnumMap<>(Content.class);
        private Button switchToReceiver;

        Page(GeodatabaseLocation geodatabase, String replica) {
            super("exportChanges", TITLE, UiTexts.Msg_changesDescription, geodatabase, replica, UiTexts.Msg_whatChanges, "changes");
        }

        @Override
        void createExportOptions(Composite body) {
            Group g = group(body, UiTexts.Msg_changesToExport);
            radio(g, Content.NEW_AND_UNACKNOWLEDGED, UiTexts.Msg_newAndUnacknowledged);
            radio(g, Content.NEW_ONLY, UiTexts.Msg_newOnly);
            radio(g, Content.UNACKNOWLEDGED_ONLY, UiTexts.Msg_unacknowledgedOnly);
            contents.get(Content.NEW_AND_UNACKNOWLEDGED).setSelection(true);
            switchToReceiver = new Button(body, SWT.CHECK);
            switchToReceiver.setText(UiTexts.Msg_switchToReceiver);
            switchToReceiver.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        }

        private void radio(Group g, Content c, String text) {
            Button b = new Button(g, SWT.RADIO);
            b.setText(text);
            contents.put(c, b);
        }

        @Override
        void updateEnablement() {
            Replica r = chooser.replica();
            boolean twoWay = r != null && r.getType() == ReplicaType.TWO_WAY;
            switchToReceiver.setEnabled(twoWay);
            if (!twoWay) {
                switchToReceiver.setSelection(false);
            }
        }

        @Override
        String warning() {
            Replica r = chooser.replica();
            if (r.isInConflict()) {
                return NLS.bind(UiTexts.Msg_inConflictCannotSend, r.getName());
            }
            if (r.getState() == ReplicaState.RECEIVER) {
                return NLS.bind(UiTexts.Msg_receiver, r.getName());
            }
            return null;
        }

        Content content() {
            return contents.entrySet().stream().filter(e -> e.getValue().getSelection()).map(Map.Entry::getKey).findFirst()
                    .orElse(Content.NEW_AND_UNACKNOWLEDGED);
        }

        boolean switchToReceiver() {
            return switchToReceiver.getSelection();
        }
    }
}
