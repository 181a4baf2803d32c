package org.geosync.ui.tests;

import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.runtime.jobs.Job;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.testing.Bot;
import org.geosync.ui.testing.Condition;

/** Waits until no background job has a geodatabase open, so a test's temporary folders outlive its jobs. */
final class GeodatabaseJobsIdle {

    private GeodatabaseJobsIdle() {
    }

    static void await() {
        Bot.waitUntil(Condition.of("geodatabase jobs to finish", () -> Arrays.stream(Job.getJobManager().find(null))
                .noneMatch(j -> j.getRule() == GeodatabaseJobs.RULE)), 30_000);
    }

    /** A test's tear-down: once the jobs are done, the workbench forgets its connections to these geodatabases (nulls skipped). */
    static void disconnect(Path... geodatabases) {
        await();
        for (Path p : geodatabases) {
            if (p != null) {
                GeodatabaseConnections.getDefault().remove(p);
            }
        }
        await();
    }
}
