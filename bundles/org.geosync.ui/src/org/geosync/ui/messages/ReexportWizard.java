package org.geosync.ui.messages;

import java.nio.file.Path;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.MessageResult;
import org.geosync.core.Messages;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaType;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.internal.UiTexts;

/** Re-Export Unacknowledged Messages: the changes sent before and not acknowledged, as they were sent (all, or the latest export only). */
public class ReexportWizard extends MessageWizard {

    public static final String TITLE = UiTexts.Msg_reexportTitle;

    private final Page page;

    public ReexportWizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
        super(window, TITLE);
        page = new Page(geodatabase, replica);
    }

    /** Prefills the file and the choice (the Message History's Re-Export from a row). */
    public ReexportWizard prefill(Path file, boolean latestOnly) {
        page.presetFile(file);
        page.latestOnlyPreset = latestOnly;
        return this;
    }

    /** The file a re-export of the exported message {@code fileName} is proposed in: beside the last message, named after it. */
    public static Path proposal(String fileName) {
        String base = fileName == null ? "message" : fileName.replaceFirst("\\.zip$", "");
        return MessagePage.lastFolder().resolve(base + "-reexport.zip");
    }

    @Override
    MessagePage page() {
        return page;
    }

    @Override
    GeodatabaseJob<MessageResult> job() {
        Path file = page.file();
        String replica = page.replicaName();
        boolean latestOnly = page.latestOnly.getSelection();
        return messageJob(NLS.bind(UiTexts.Msg_reexporting, replica), page.geodatabase(),
                (gdb, monitor) -> Messages.reexport(gdb, replica, file, latestOnly, monitor));
    }

    private static final class Page extends ExportPage {
        private Button all;
        private Button latestOnly;
        private boolean latestOnlyPreset;

        Page(GeodatabaseLocation geodatabase, String replica) {
            super("reexport", TITLE, UiTexts.Msg_reexportDescription, geodatabase, replica, UiTexts.Msg_whatReexport, "reexport");
        }

        @Override
        void createExportOptions(Composite body) {
            Group g = group(body, UiTexts.Msg_messagesToReexport);
            all = new Button(g, SWT.RADIO);
            all.setText(UiTexts.Msg_allUnacknowledged);
            latestOnly = new Button(g, SWT.RADIO);
            latestOnly.setText(UiTexts.Msg_latestOnly);
            all.setSelection(!latestOnlyPreset);
            latestOnly.setSelection(latestOnlyPreset);
        }

        @Override
        String optionsProblem() {
            Replica r = chooser.replica();
            if (r.getType() == ReplicaType.CHECKOUT) {
                return NLS.bind(UiTexts.Msg_checkoutNoReexport, r.getName());
            }
            return super.optionsProblem();
        }
    }
}
