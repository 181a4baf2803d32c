package org.geosync.ui.messages;

import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.Replica;
import org.geosync.ui.internal.UiTexts;

/** An export page: the geodatabase, the replica, the message file to write (not an existing one unless asked) and the wizard's options. */
abstract class ExportPage extends MessagePage {

    private final String what;
    private final String suffix;
    private FileField file;
    private Button overwrite;
    private String proposed;
    private String presetFile;

    /** {@code what}: "data change message" etc., for sentences; {@code suffix}: the proposed file name's ending. */
    ExportPage(String name, String title, String description, GeodatabaseLocation preselected, String replica, String what, String suffix) {
        super(name, title, description, preselected, replica, true);
        this.what = what;
        this.suffix = suffix;
    }

    /** Proposes this file instead of a name made from the replica's (the Message History's Re-Export from a row). */
    void presetFile(Path p) {
        presetFile = p == null ? null : p.toString();
    }

    @Override
    final void createOptions(Composite body) {
        file = new FileField(body, UiTexts.Msg_messageFileLabel, true, this::validate);
        new Label(body, SWT.NONE);
        overwrite = new Button(body, SWT.CHECK);
        overwrite.setText(UiTexts.Msg_overwrite);
        overwrite.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        overwrite.addListener(SWT.Selection, e -> validate());
        createExportOptions(body);
        if (presetFile != null) {
            file.setText(presetFile); // kept as if typed: it does not follow the replica
        }
    }

    /** Adds the wizard's own options below the file. */
    void createExportOptions(Composite body) {
    }

    /** A group spanning the page's three columns. */
    static Group group(Composite body, String text) {
        Group g = new Group(body, SWT.NONE);
        g.setText(text);
        g.setLayout(new GridLayout(1, false));
        int span = body.getLayout() instanceof GridLayout grid ? grid.numColumns : 1;
        g.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false, span == 3 ? 3 : 1, 1));
        return g;
    }

    @Override
    void chosen() {
        Replica r = chooser.replica();
        if (r == null || file == null) {
            return;
        }
        String now = file.path() == null ? "" : file.path().toString();
        if (now.isEmpty() || now.equals(proposed)) {
            // a name the administrator did not type follows the replica
            proposed = lastFolder().resolve(r.getName() + "-" + r.getRole().getLiteral() + "-" + suffix + ".zip").toString();
            file.setText(proposed);
        }
        updateEnablement();
    }

    @Override
    String optionsProblem() {
        return file.outputProblem(what, overwrite.getSelection());
    }

    @Override
    Path file() {
        return file.path();
    }

    /** The page's replica's name; call only when the page is complete. */
    String replicaName() {
        return chooser.replica().getName();
    }

    /** The chosen geodatabase; call only when the page is complete. */
    GeodatabaseLocation geodatabase() {
        return chooser.geodatabase();
    }
}
