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

    /** Captures the whole display into {@code <name>.png} and returns the file. */
    public static Path capture(String name) {
        Path file = directory().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        ImageData data = UI.call(() -> {
            Display d = UI.display();
            Rectangle bounds = d.getBounds();
            Image image = new Image(d, bounds.width, bounds.height);
            GC gc = new GC(d);
            try {
                gc.copyArea(image, 0, 0);
            } finally {
                gc.dispose();
            }
            ImageData copy = image.getImageData();
            image.dispose();
            return copy;
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
