package org.geosync.ui.testing;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/** Runs code on the UI thread from a test thread and hands back its result or its exception. */
public final class UI {

    private UI() {
    }

    /** The workbench display. */
    public static Display display() {
        return PlatformUI.getWorkbench().getDisplay();
    }

    /** Runs {@code action} on the UI thread and returns its value; exceptions surface in the caller. */
    public static <T> T call(Supplier<T> action) {
        Display d = display();
        if (d.getThread() == Thread.currentThread()) {
            return action.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicReference<Error> error = new AtomicReference<>();
        d.syncExec(() -> {
            try {
                result.set(action.get());
            } catch (RuntimeException e) {
                failure.set(e);
            } catch (Error e) {
                error.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        if (error.get() != null) {
            throw error.get();
        }
        return result.get();
    }

    /** Runs {@code action} on the UI thread. */
    public static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Posts {@code action} to the UI thread without waiting: for actions that open modal dialogs. */
    public static void post(Runnable action) {
        display().asyncExec(action);
    }
}
