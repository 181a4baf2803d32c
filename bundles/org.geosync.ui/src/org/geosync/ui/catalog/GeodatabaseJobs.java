package org.geosync.ui.catalog;

import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;

/**
 * The scheduling rule every workbench job that opens a geodatabase holds: closing a geodatabase shuts its
 * embedded Derby database down, so two jobs must not have the same one open at once. Such jobs are scheduled
 * through {@link #schedule(Job)} (or {@link #schedule(Job, long)}), never with their own {@code setRule}.
 */
public final class GeodatabaseJobs {

    /** Held by each job that opens a geodatabase. */
    public static final ISchedulingRule RULE = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };

    private GeodatabaseJobs() {
    }

    /** Schedules {@code job} under {@link #RULE}: jobs that open geodatabases run one at a time. */
    public static void schedule(Job job) {
        schedule(job, 0);
    }

    /** Schedules {@code job} under {@link #RULE} to start after {@code delayMillis}. */
    public static void schedule(Job job, long delayMillis) {
        job.setRule(RULE);
        job.schedule(delayMillis);
    }
}
