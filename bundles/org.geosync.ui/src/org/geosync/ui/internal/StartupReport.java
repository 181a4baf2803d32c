package org.geosync.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.ui.IStartup;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/**
 * When started with {@code -Dgeosync.startupReport=FILE}, writes what the first workbench window shows
 * (perspective and view titles) once it is up: lets scripts check a launched product from outside.
 */
public class StartupReport implements IStartup {

    static final String PROPERTY = "geosync.startupReport";

    @Override
    public void earlyStartup() {
        String target = System.getProperty(PROPERTY);
        if (target == null) {
            return;
        }
        PlatformUI.getWorkbench().getDisplay().asyncExec(() -> write(Path.of(target)));
    }

    private static void write(Path file) {
        List<String> lines = new ArrayList<>();
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        if (page != null && page.getPerspective() != null) {
            lines.add("perspective=" + page.getPerspective().getId());
            lines.add("perspectiveName=" + page.getPerspective().getLabel());
            for (IViewReference v : page.getViewReferences()) {
                lines.add("view=" + v.getPartName());
            }
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Failures.log("GeoSync could not write the startup report " + file + ": " + e.getMessage(), e);
        }
    }
}
