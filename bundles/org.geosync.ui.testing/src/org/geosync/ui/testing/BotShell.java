package org.geosync.ui.testing;

import org.eclipse.swt.widgets.Shell;

/** A shell (window or dialog) found by the bot. */
public class BotShell {

    private final Shell shell;
    private final String titleWhenFound;

    public BotShell(Shell shell) {
        this.shell = shell;
        this.titleWhenFound = UI.call(shell::getText);
    }

    /** A bot searching inside this shell. */
    public WidgetBot bot() {
        return new WidgetBot(shell);
    }

    /** The shell's title. */
    public String title() {
        return UI.call(() -> shell.isDisposed() ? titleWhenFound : shell.getText());
    }

    /** Brings the shell to the front. */
    public BotShell activate() {
        UI.run(() -> {
            shell.forceActive();
            shell.setFocus();
        });
        return this;
    }

    /** Whether the shell is still open. */
    public boolean isOpen() {
        return UI.call(() -> !shell.isDisposed() && shell.isVisible());
    }

    /** Closes the shell as the window manager's close button would. */
    public void close() {
        UI.run(() -> {
            if (!shell.isDisposed()) {
                shell.close();
            }
        });
    }

    /** Waits until the shell has closed. */
    public void waitUntilClosed(long timeoutMs) {
        Bot.waitUntil(Condition.of("shell '" + title() + "' to close", () -> !isOpen()), timeoutMs);
    }

    /** The SWT shell, for assertions the bot does not cover. */
    public Shell widget() {
        return shell;
    }
}
