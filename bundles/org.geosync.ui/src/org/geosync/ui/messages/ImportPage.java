package org.geosync.ui.messages;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.MessageHeader;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.Messages;
import org.geosync.core.SyncOptions.Winner;
import org.geosync.model.ConflictDefinition;
import org.geosync.model.MessageKind;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaType;
import org.geosync.ui.internal.UiTexts;

/**
 * The Import Message page: the geodatabase and the file, what the file's header says (read in a job, nothing
 * applied), and for data changes the policy, the conflict definition, an acknowledgment to write in the same
 * step and, for checkouts, reconcile with the parent.
 */
final class ImportPage extends MessagePage {

    /** What reading a file's header found (one of the two is null). */
    private record Read(Path file, MessageHeader header, String problem) {
    }

    private FileField file;
    private Label headerText;
    private final Map<Winner, Button> policies = new LinkedHashMap<>();
    private Button policyDefault;
    private Button definitionDefault;
    private Button byRow;
    private Button byColumn;
    private Button writeAck;
    private FileField ackFile;
    private Button ackOverwrite;
    private Button reconcile;
    private Read read;
    private boolean reading;
    private String presetFile;

    ImportPage(GeodatabaseLocation geodatabase) {
        super("import", ImportMessageWizard.TITLE,
                UiTexts.Msg_importDescription, geodatabase,
                null, false);
    }

    void presetFile(Path p) {
        presetFile = p == null ? null : p.toString();
    }

    @Override
    void createOptions(Composite body) {
        file = new FileField(body, UiTexts.Msg_messageFileLabel, false, this::fileChanged);
        headerText = new Label(body, SWT.WRAP);
        GridData h = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        h.widthHint = 600;
        h.heightHint = convertHeightInCharsToPixels(3); // the wizard is sized before a header is read
        headerText.setLayoutData(h);

        // policy and definition side by side: the page stays low enough for small screens
        Composite choices = new Composite(body, SWT.NONE);
        choices.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        org.eclipse.swt.layout.GridLayout two = new org.eclipse.swt.layout.GridLayout(2, true);
        two.marginWidth = 0;
        two.marginHeight = 0;
        choices.setLayout(two);
        Group policy = ExportPage.group(choices, UiTexts.Sync_policy);
        policyDefault = radio(policy, UiTexts.Msg_replicaDefault);
        // who wins, the importing geodatabase being the first
        policies.put(Winner.MANUAL, radio(policy, UiTexts.Msg_manual));
        policies.put(Winner.FIRST, radio(policy, UiTexts.Msg_favourDatabase));
        policies.put(Winner.SECOND, radio(policy, UiTexts.Msg_favourImported));
        policyDefault.setSelection(true);

        Group definition = ExportPage.group(choices, UiTexts.Sync_definition);
        definitionDefault = radio(definition, UiTexts.Msg_replicaDefault);
        byRow = radio(definition, UiTexts.Sync_byRow);
        byColumn = radio(definition, UiTexts.Sync_byColumn);
        definitionDefault.setSelection(true);

        writeAck = new Button(body, SWT.CHECK);
        writeAck.setText(UiTexts.Msg_writeAck);
        writeAck.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        writeAck.addListener(SWT.Selection, e -> {
            updateEnablement();
            validate();
        });
        ackFile = new FileField(body, UiTexts.Msg_ackFileLabel, true, this::validate);
        new Label(body, SWT.NONE);
        ackOverwrite = new Button(body, SWT.CHECK);
        ackOverwrite.setText(UiTexts.Msg_ackOverwrite);
        ackOverwrite.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        ackOverwrite.addListener(SWT.Selection, e -> validate());

        reconcile = new Button(body, SWT.CHECK);
        reconcile.setText(UiTexts.Msg_reconcile);
        reconcile.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        updateEnablement();
        if (presetFile != null) {
            file.setText(presetFile);
        }
    }

    private static Button radio(Group g, String text) {
        Button b = new Button(g, SWT.RADIO);
        b.setText(text);
        return b;
    }

    private void fileChanged() {
        Path p = file.path();
        read = null;
        if (p == null || file.inputProblem(UiTexts.Msg_whatMessageFile) != null) {
            reading = false;
            showHeader();
            validate();
            return;
        }
        reading = true;
        showHeader();
        validate();
        Job job = Job.create(NLS.bind(UiTexts.Msg_readingHeaderJob, p.getFileName()), monitor -> {
            Read found;
            try {
                found = new Read(p, Messages.readHeader(p), null);
            } catch (GeodatabaseException e) {
                found = new Read(p, null, e.getMessage());
            }
            Read result = found;
            if (!headerText.isDisposed()) {
                headerText.getDisplay().asyncExec(() -> {
                    if (headerText.isDisposed() || !p.equals(file.path())) {
                        return;
                    }
                    reading = false;
                    read = result;
                    showHeader();
                    proposeAcknowledgment();
                    validate();
                });
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void showHeader() {
        String text = "";
        if (read != null && read.header() != null) {
            text = describe(read.header());
        }
        headerText.setText(text);
        updateEnablement();
        headerText.getParent().layout(true, true);
    }

    /** What the header says, in a sentence or two. */
    static String describe(MessageHeader h) {
        String sender = h.senderGeodatabaseName() == null ? h.senderGeodatabaseGuid() : h.senderGeodatabaseName();
        if (h.kind() == MessageKind.ACKNOWLEDGMENT) {
            return NLS.bind(UiTexts.Msg_ackHeader, new Object[] { h.replicaName(), h.senderRole().getLiteral(), sender, h.toGeneration() });
        }
        String text = NLS.bind(UiTexts.Msg_changesHeader, new Object[] { h.replicaName(), h.senderRole().getLiteral(), sender,
                h.fromGeneration(), h.toGeneration(), String.join(", ", h.datasets()) });
        return h.switchToReceiver() ? text + " " + UiTexts.Msg_senderSwitched : text;
    }

    private void proposeAcknowledgment() {
        MessageHeader h = read == null ? null : read.header();
        if (h != null && h.kind() == MessageKind.DATA_CHANGES && ackFile.path() == null) {
            Path p = read.file();
            String name = p.getFileName().toString().replaceFirst("\\.zip$", "");
            ackFile.setText(p.resolveSibling(name + "-ack.zip").toString());
        }
    }

    /** The replica the file's header names, among the chosen geodatabase's, or null. */
    private Replica target() {
        MessageHeader h = read == null ? null : read.header();
        if (h == null) {
            return null;
        }
        return chooser.replicas().stream().filter(r -> r.getGuid().equals(h.replicaGuid())).findFirst().orElse(null);
    }

    @Override
    void chosen() {
        updateEnablement();
    }

    @Override
    void updateEnablement() {
        if (reconcile == null) {
            return;
        }
        MessageHeader h = read == null ? null : read.header();
        boolean changes = h != null && h.kind() == MessageKind.DATA_CHANGES;
        policyDefault.getParent().setEnabled(changes);
        policyDefault.setEnabled(changes);
        policies.values().forEach(b -> b.setEnabled(changes));
        definitionDefault.setEnabled(changes);
        byRow.setEnabled(changes);
        byColumn.setEnabled(changes);
        writeAck.setEnabled(changes);
        ackFile.setEnabled(changes && writeAck.getSelection());
        ackOverwrite.setEnabled(changes && writeAck.getSelection());
        Replica r = target();
        boolean checkout = changes && r != null && r.getType() == ReplicaType.CHECKOUT;
        reconcile.setEnabled(checkout);
        if (!checkout) {
            reconcile.setSelection(false);
        }
        if (r != null) {
            policyDefault.setText(NLS.bind(UiTexts.Msg_replicaDefaultIs, r.getDefaultReconcilePolicy().getLiteral()));
            ConflictDefinition definition = org.geosync.core.SyncOptions.defaultConflicts(r);
            definitionDefault.setText(NLS.bind(UiTexts.Msg_replicaDefaultIs, definition.getLiteral()));
            policyDefault.getParent().getParent().layout(true, true); // the longer labels need their room
        }
    }

    @Override
    String optionsProblem() {
        String p = file.inputProblem(UiTexts.Msg_whatMessageFile);
        if (p != null) {
            return p;
        }
        if (reading || read == null) {
            return NLS.bind(UiTexts.Msg_readingHeader, file.path().getFileName());
        }
        if (read.problem() != null) {
            return read.problem();
        }
        MessageHeader h = read.header();
        Replica r = target();
        if (r == null) {
            return NLS.bind(UiTexts.Msg_notForHere,
                    new Object[] { file.path().getFileName(), h.replicaName(), h.replicaGuid(), chooser.geodatabase() });
        }
        if (r.getRole() == h.senderRole()) {
            return NLS.bind(UiTexts.Msg_fromThisSide, new Object[] { file.path().getFileName(), h.senderRole().getLiteral(), r.getName() });
        }
        if (h.kind() == MessageKind.DATA_CHANGES && writeAck.getSelection()) {
            String ack = ackFile.outputProblem(UiTexts.Msg_whatAck, ackOverwrite.getSelection());
            if (ack != null) {
                return ack;
            }
            if (ackFile.path().equals(file.path())) {
                return UiTexts.Msg_ackSameFile;
            }
        }
        return null;
    }

    @Override
    String warning() {
        Replica r = target();
        if (r != null && read.header().kind() == MessageKind.DATA_CHANGES && r.isInConflict()) {
            return NLS.bind(UiTexts.Msg_inConflictCanReceive, r.getName());
        }
        return null;
    }

    @Override
    Path file() {
        return file.path();
    }

    GeodatabaseLocation geodatabase() {
        return chooser.geodatabase();
    }

    /** The import options as chosen; call only when the page is complete. */
    ImportOptions options() {
        Winner policy = policies.entrySet().stream().filter(e -> e.getValue().getSelection()).map(Map.Entry::getKey).findFirst()
                .orElse(null);
        ConflictDefinition definition = byRow.getSelection() ? ConflictDefinition.BY_ROW
                : byColumn.getSelection() ? ConflictDefinition.BY_COLUMN : null;
        boolean changes = read.header().kind() == MessageKind.DATA_CHANGES;
        return ImportOptions.defaults().withPolicy(changes ? policy : null).withConflicts(changes ? definition : null)
                .withAcknowledgment(changes && writeAck.getSelection() ? ackFile.path() : null)
                .withReconcileWithParent(reconcile.getSelection());
    }
}
