package org.geosync.ui.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** JUnit 5 extension: a failed workbench test leaves a screenshot of the display under target/screenshots. */
public class ScreenshotOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName() + "-FAILED";
        try {
            System.err.println("Screenshot of the failure: " + Screenshots.capture(name));
        } catch (RuntimeException e) {
            System.err.println("Could not take a screenshot of the failure: " + e);
        }
    }
}
