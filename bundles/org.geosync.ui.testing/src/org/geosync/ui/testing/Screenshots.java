package org.geosync.ui.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/** Writes PNG screenshots of the display under target/screenshots (or -Dgeosync.screenshots=DIR). */
public final class Screenshots {

    private Screenshots() {
    }

    /** The folder screenshots go to. */
    public static Path directory() {
        String configured = System.getProperty("geosync.screenshots");
        return Path.of(configured != null ? configured : "target/screenshots").toAbsolutePath();
    }

    /** The pixels a control shows now (call on the UI thread), for tests that check what was drawn. */
    public static ImageData pixels(org.eclipse.swt.widgets.Control control) {
        var size = control.getSize();
        return copy(control.getDisplay(), new GC(control), size.x, size.y);
    }

    private static ImageData copy(Display d, GC gc, int width, int height) {
        Image image = new Image(d, Math.max(width, 1), Math.max(height, 1));
        try {
            gc.copyArea(image, 0, 0);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** Captures the whole display into {@code <name>.png} and returns the file. */
    public static Path capture(String name) {
        Path file = directory().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        ImageData data = UI.call(() -> {
            Display d = UI.display();
            Rectangle bounds = d.getBounds();
            return copy(d, new GC(d), bounds.width, bounds.height);
        });
        try {
            Files.createDirectories(file.getParent());
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { data };
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot write screenshot " + file, e);
        }
        return file;
    }
}
