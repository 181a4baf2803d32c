package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.SyncOptions;
import org.geosync.ui.sync.SynchronizeJob;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.Condition;
import org.geosync.ui.testing.ScreenshotOnFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure that reaches the workbench is also written to the Eclipse error log with its cause: here an automatic
 * synchronization refused because its geodatabase is missing (the administrator sees the sentence; the log keeps the
 * exception behind it).
 */
@ExtendWith(ScreenshotOnFailure.class)
class ErrorLogTest {

    @TempDir
    Path tmp;

    @Test
    void aRefusedSynchronizationIsLoggedWithItsCause() throws Exception {
        List<IStatus> logged = new CopyOnWriteArrayList<>();
        ILogListener listener = (status, plugin) -> {
            if ("org.geosync.ui".equals(status.getPlugin())) {
                logged.add(status);
            }
        };
        Platform.addLogListener(listener);
        try {
            Path missing = tmp.resolve("missing");
            Files.createDirectories(tmp.resolve("other"));
            SynchronizeJob job = SynchronizeJob.start(null, GeodatabaseLocation.of(missing), GeodatabaseLocation.of(tmp.resolve("other")), "crew", "{00000000-0000-0000-0000-00000000e10g}",
                    SyncOptions.defaults(), true);
            job.join();
            assertEquals(IStatus.ERROR, job.getResult().getSeverity());
            // the job manager logs a failed job's status after join() has returned: wait for it
            Bot.waitUntil(Condition.of("the entry in the error log", () -> !logged.isEmpty()));
            assertEquals(1, logged.size(), "one entry in the error log: " + logged);
            IStatus entry = logged.get(0);
            assertEquals(IStatus.ERROR, entry.getSeverity());
            assertEquals(job.refusal(), entry.getMessage(), "the same sentence the administrator sees");
            assertTrue(entry.getMessage().contains("is not a geodatabase"), entry.getMessage());
            assertInstanceOf(GeodatabaseException.class, entry.getException(), "with its cause");
        } finally {
            Platform.removeLogListener(listener);
        }
    }
}
