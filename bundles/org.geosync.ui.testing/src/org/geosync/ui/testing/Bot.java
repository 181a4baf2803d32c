package org.geosync.ui.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;

/**
 * The root of the test bot, shaped like SWTBot's: find shells, views and menus, wait for conditions,
 * take screenshots. Called from a test thread; every widget access runs on the UI thread.
 */
public class Bot {

    /** Default time to wait for a widget or condition. */
    public static final long TIMEOUT_MS = 10_000;
    private static final long POLL_MS = 50;

    /** Polls {@code condition} until it holds; fails with its description after {@code timeoutMs}. */
    public static void waitUntil(Condition condition, long timeoutMs) {
        waitUntil(condition, timeoutMs, POLL_MS);
    }

    /**
     * Polls {@code condition} every {@code pollMs} until it holds; fails with its description after {@code timeoutMs}. A
     * benchmark polls finely: a step timed against 100 ms must not be read in steps of 50.
     */
    public static void waitUntil(Condition condition, long timeoutMs, long pollMs) {
        long end = System.currentTimeMillis() + timeoutMs;
        Throwable last = null;
        while (true) {
            try {
                if (condition.test()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.currentTimeMillis() > end) {
                AssertionError e = new AssertionError("Timed out after " + timeoutMs + " ms waiting for " + condition.description());
                if (last != null) {
                    e.initCause(last);
                }
                throw e;
            }
            sleep(pollMs);
        }
    }

    /** Polls {@code condition} with the default timeout. */
    public static void waitUntil(Condition condition) {
        waitUntil(condition, TIMEOUT_MS);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The shell with this title, waiting for it to appear. */
    public BotShell shell(String title) {
        Shell[] found = new Shell[1];
        waitUntil(Condition.of("shell '" + title + "'", () -> {
            found[0] = UI.call(() -> Arrays.stream(UI.display().getShells())
                    .filter(s -> !s.isDisposed() && s.isVisible() && title.equals(s.getText()))
                    .findFirst().orElse(null));
            return found[0] != null;
        }));
        return new BotShell(found[0]);
    }

    /** The active shell (a dialog when one is open). */
    public BotShell activeShell() {
        Shell[] found = new Shell[1];
        waitUntil(Condition.of("an active shell", () -> {
            found[0] = UI.call(() -> UI.display().getActiveShell());
            return found[0] != null;
        }));
        return new BotShell(found[0]);
    }

    /** The titles of the visible shells, for diagnostics. */
    public String[] shellTitles() {
        return UI.call(() -> Arrays.stream(UI.display().getShells()).filter(Shell::isVisible).map(Shell::getText)
                .toArray(String[]::new));
    }

    /** The first workbench window's page. */
    public IWorkbenchPage page() {
        return UI.call(() -> {
            IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (w == null) {
                w = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
            }
            return w.getActivePage();
        });
    }

    /** Switches the workbench window to the perspective with this id. */
    public void openPerspective(String id) {
        UI.run(() -> {
            IWorkbenchWindow w = page().getWorkbenchWindow();
            try {
                PlatformUI.getWorkbench().showPerspective(id, w);
            } catch (WorkbenchException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Puts the active perspective's views back as its definition lays them out. */
    public void resetPerspective() {
        UI.run(() -> page().resetPerspective());
    }

    /** The id of the perspective the active page shows. */
    public String activePerspectiveId() {
        return UI.call(() -> page().getPerspective().getId());
    }

    /** The open view with this title (its tab text), waiting for it. */
    public BotView viewByTitle(String title) {
        IViewReference[] found = new IViewReference[1];
        waitUntil(Condition.of("view '" + title + "'", () -> {
            found[0] = UI.call(() -> {
                Optional<IViewReference> r = Arrays.stream(page().getViewReferences())
                        .filter(v -> title.equals(v.getPartName())).findFirst();
                return r.orElse(null);
            });
            return found[0] != null;
        }));
        return new BotView(found[0]);
    }

    /** Opens (or activates) the view with this id. */
    public BotView showView(String id) {
        return UI.call(() -> {
            try {
                page().showView(id);
            } catch (PartInitException e) {
                throw new IllegalStateException(e);
            }
            return new BotView(page().findViewReference(id));
        });
    }

    /** A menu item of the workbench window's menu bar by its path, e.g. menu("Replication", "Create Replica..."). */
    public BotMenu menu(String... path) {
        return UI.call(() -> {
            Shell shell = page().getWorkbenchWindow().getShell();
            return BotMenu.find(shell.getMenuBar(), path);
        });
    }

    /** Saves a PNG of the whole display. */
    public Path screenshot(String name) {
        return Screenshots.capture(name);
    }

    /** Items of a menu, read on the UI thread, for diagnostics. */
    static String[] itemTexts(Menu m) {
        return Arrays.stream(m.getItems()).map(MenuItem::getText).toArray(String[]::new);
    }
}
