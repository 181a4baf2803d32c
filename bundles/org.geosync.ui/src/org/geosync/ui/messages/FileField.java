package org.geosync.ui.messages;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.ui.internal.UiTexts;

/** A message (or replica schema) file's path with a Browse... button, in a three-column grid, and what is wrong with it. */
public final class FileField {

    private final Text text;
    private final Label label;
    private final Button browse;

    public FileField(Composite parent, String labelText, boolean save, Runnable changed) {
        this(parent, labelText, save, new String[] { "*.zip", "*" }, changed);
    }

    /** A file field whose Browse... dialog offers {@code extensions} (such as {@code *.xml}). */
    public FileField(Composite parent, String labelText, boolean save, String[] extensions, Runnable changed) {
        label = new Label(parent, SWT.NONE);
        label.setText(labelText);
        text = new Text(parent, SWT.BORDER);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 480;
        text.setLayoutData(wide);
        browse = new Button(parent, SWT.PUSH);
        browse.setText(UiTexts.Sync_browse);
        browse.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(parent.getShell(), save ? SWT.SAVE : SWT.OPEN);
            d.setText(labelText.replace(":", ""));
            d.setFilterExtensions(extensions);
            Path now = path();
            if (now != null && now.getParent() != null) {
                d.setFilterPath(now.getParent().toString());
                d.setFileName(now.getFileName().toString());
            }
            String chosen = d.open();
            if (chosen != null) {
                text.setText(chosen);
            }
        });
        text.addModifyListener(e -> changed.run());
    }

    /** The path as typed (absolute, normalized), or null when empty or not a path. */
    public Path path() {
        String t = text.getText().trim();
        try {
            return t.isEmpty() ? null : Path.of(t).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    public void setText(String value) {
        text.setText(value == null ? "" : value);
    }

    public void setEnabled(boolean on) {
        label.setEnabled(on);
        text.setEnabled(on);
        browse.setEnabled(on);
    }

    /** What is wrong with the path as a message file to read, or null. */
    public String inputProblem(String what) {
        String t = text.getText().trim();
        if (t.isEmpty()) {
            return NLS.bind(UiTexts.Msg_enterInput, what);
        }
        Path p = path();
        if (p == null || !Path.of(t).isAbsolute()) {
            return NLS.bind(UiTexts.Msg_notAbsolute, t);
        }
        if (!Files.exists(p)) {
            return NLS.bind(UiTexts.Sync_doesNotExist, p);
        }
        if (!Files.isRegularFile(p)) {
            return NLS.bind(UiTexts.Msg_notAFile, p);
        }
        if (!Files.isReadable(p)) {
            return NLS.bind(UiTexts.Msg_unreadable, p);
        }
        return null;
    }

    /** What is wrong with the path as a file to write (an existing one only with {@code overwrite}), or null. */
    public String outputProblem(String what, boolean overwrite) {
        String t = text.getText().trim();
        if (t.isEmpty()) {
            return NLS.bind(UiTexts.Msg_enterOutput, what);
        }
        Path p = path();
        if (p == null || !Path.of(t).isAbsolute()) {
            return NLS.bind(UiTexts.Msg_notAbsolute, t);
        }
        if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
            return NLS.bind(UiTexts.Msg_noFolder, p.getParent());
        }
        if (Files.isDirectory(p)) {
            return NLS.bind(UiTexts.Msg_isFolder, p);
        }
        if (Files.exists(p) && !overwrite) {
            return NLS.bind(UiTexts.Msg_exists, p);
        }
        return null;
    }
}
