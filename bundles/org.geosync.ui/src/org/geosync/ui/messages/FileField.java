package org.geosync.ui.messages;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** A message file's path with a Browse... button, in a three-column grid, and what is wrong with it. */
final class FileField {

    private final Text text;
    private final Label label;
    private final Button browse;

    FileField(Composite parent, String labelText, boolean save, Runnable changed) {
        label = new Label(parent, SWT.NONE);
        label.setText(labelText);
        text = new Text(parent, SWT.BORDER);
        GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
        wide.widthHint = 480;
        text.setLayoutData(wide);
        browse = new Button(parent, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, e -> {
            FileDialog d = new FileDialog(parent.getShell(), save ? SWT.SAVE : SWT.OPEN);
            d.setText(labelText.replace(":", ""));
            d.setFilterExtensions(new String[] { "*.zip", "*" });
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
    Path path() {
        String t = text.getText().trim();
        try {
            return t.isEmpty() ? null : Path.of(t).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    void setText(String value) {
        text.setText(value == null ? "" : value);
    }

    void setEnabled(boolean on) {
        label.setEnabled(on);
        text.setEnabled(on);
        browse.setEnabled(on);
    }

    /** What is wrong with the path as a message file to read, or null. */
    String inputProblem(String what) {
        String t = text.getText().trim();
        if (t.isEmpty()) {
            return "Enter the " + what + " to import.";
        }
        Path p = path();
        if (p == null || !Path.of(t).isAbsolute()) {
            return "'" + t + "' is not an absolute file path.";
        }
        if (!Files.exists(p)) {
            return p + " does not exist.";
        }
        if (!Files.isRegularFile(p)) {
            return p + " is not a file.";
        }
        if (!Files.isReadable(p)) {
            return p + " cannot be read.";
        }
        return null;
    }

    /** What is wrong with the path as a file to write (an existing one only with {@code overwrite}), or null. */
    String outputProblem(String what, boolean overwrite) {
        String t = text.getText().trim();
        if (t.isEmpty()) {
            return "Enter the file to write the " + what + " to.";
        }
        Path p = path();
        if (p == null || !Path.of(t).isAbsolute()) {
            return "'" + t + "' is not an absolute file path.";
        }
        if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
            return "The folder " + p.getParent() + " does not exist.";
        }
        if (Files.isDirectory(p)) {
            return p + " is a folder; name a file.";
        }
        if (Files.exists(p) && !overwrite) {
            return p + " already exists; choose another name or check 'Overwrite an existing file'.";
        }
        return null;
    }
}
