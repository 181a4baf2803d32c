package org.geosync.ui.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.Locations;
import org.geosync.ui.catalog.ServerReplicaNode;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.preferences.GeoSyncPreferences;

/**
 * Automatic synchronization (the automatic-synchronization rules): a hidden job looks every few seconds at
 * each replica's {@link AutoSyncSettings} and requests a background {@link SynchronizeJob} when its schedule
 * is due or its relative geodatabase has become reachable (its directory exists and opens as a
 * geodatabase, or its PostgreSQL server answers and it opens; for a relative served by a sync service, its server answers
 * again: then a {@link ServerSyncJob} synchronizes through the service). A request while another synchronization of the replica is under way is refused by the
 * replica's lock; the reason is kept as the replica's {@link #lastOutcome}.
 */
public final class AutoSync {

    private static final AutoSync INSTANCE = new AutoSync();

    /** When each replica's last automatic synchronization was requested (or its schedule first seen). */
    private final Map<String, Long> lastRequest = new ConcurrentHashMap<>();
    /** Whether each replica's relative was reachable at the last look. */
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private volatile long minuteMillis = 60_000;
    private volatile long checkMillisForTests;
    private Job ticker;

    private AutoSync() {
    }

    /** The workbench's automatic synchronization. */
    public static AutoSync getDefault() {
        return INSTANCE;
    }

    /** Starts looking (no effect when already started). */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = new Job(UiTexts.Auto_ticker) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    look(monitor);
                } finally {
                    synchronized (AutoSync.this) {
                        if (ticker == this && !monitor.isCanceled()) {
                            schedule(checkMillis());
                        }
                    }
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == AutoSync.class;
            }
        };
        ticker.setSystem(true);
        ticker.schedule(checkMillis());
    }

    /** Stops looking; synchronizations already requested run on. */
    public synchronized void stop() {
        if (ticker != null) {
            ticker.cancel();
            ticker = null;
        }
    }

    /**
     * Test hook: a "minute" of the schedules lasts {@code minuteMillis}, and the triggers are looked at every
     * {@code checkMillis} (0: the preference); restarts the looking with the new pace.
     */
    public void setPaceForTests(long minuteMillis, long checkMillis) {
        this.minuteMillis = minuteMillis;
        this.checkMillisForTests = checkMillis;
        stop();
        start();
    }

    /** Forgets what was seen of replica {@code guid} (its settings changed): its schedule counts from now. */
    public void reset(String guid) {
        lastRequest.remove(guid);
        reachable.remove(guid);
        outcomes.remove(guid);
    }

    /** What became of replica {@code guid}'s last automatic request (requested, or why it was refused or skipped), or null. */
    public String lastOutcome(String guid) {
        return outcomes.get(guid);
    }

    private long checkMillis() {
        return checkMillisForTests > 0 ? checkMillisForTests : GeoSyncPreferences.autoSyncCheckSeconds() * 1000L;
    }

    private void look(IProgressMonitor monitor) {
        long now = System.currentTimeMillis();
        for (AutoSyncSettings s : AutoSyncSettings.all()) {
            if (monitor.isCanceled()) {
                return;
            }
            String guid = s.replicaGuid();
            if (!s.active() || s.relative() == null && !s.served()) {
                reset(guid);
                continue;
            }
            long since = lastRequest.computeIfAbsent(guid, g -> now);
            boolean due = s.scheduled() && now - since >= s.intervalMinutes() * minuteMillis;
            boolean becameReachable = false;
            if (s.whenReachable()) {
                boolean was = reachable.getOrDefault(guid, Boolean.FALSE);
                // opening costs a Derby boot or a server connection: only while it was out of reach; after that the
                // directory's presence is enough (a PostgreSQL geodatabase out of reach is told by the synchronization)
                // a served relative: asking the server costs one small request, so it is asked every time (it may go away)
                boolean is = s.served() ? answers(s) : was ? Locations.mayBeThere(s.relative()) : opens(s.relative(), monitor);
                reachable.put(guid, is);
                becameReachable = is && !was;
            }
            if (due || becameReachable) {
                lastRequest.put(guid, now);
                request(s, becameReachable ? (s.served() ? UiTexts.Auto_serverAnswers : UiTexts.Auto_becameReachable)
                        : NLS.bind(s.intervalMinutes() == 1 ? UiTexts.Auto_everyMinute : UiTexts.Auto_everyMinutes, s.intervalMinutes()));
            }
        }
    }

    private static boolean opens(GeodatabaseLocation dir, IProgressMonitor monitor) {
        if (!Locations.mayBeThere(dir)) {
            return false;
        }
        Job.getJobManager().beginRule(GeodatabaseJobs.RULE, monitor);
        try (Geodatabase gdb = Geodatabase.open(dir)) {
            return true;
        } catch (GeodatabaseException e) {
            return false;
        } finally {
            Job.getJobManager().endRule(GeodatabaseJobs.RULE);
        }
    }

    /** Whether the server of a served relative answers for the replica (with the token of its Catalog connection). */
    private static boolean answers(AutoSyncSettings s) {
        String token = org.geosync.ui.catalog.ServerTokens.getDefault().tokenFor(s.service());
        if (token == null) {
            return false;
        }
        try {
            org.geosync.server.ServiceClient.connect(s.service(), token).listing().replica(s.replica());
            return true;
        } catch (GeodatabaseException e) {
            return false;
        }
    }

    private void request(AutoSyncSettings s, String why) {
        if (s.served()) {
            // through the service: the job reports a refusal (a synchronization of the replica under way, a replica that is not
            // the served one) in its status and the error log; nothing is shown in a dialog
            ServerReplicaNode node = new ServerReplicaNode(s.service(), s.replica(), s.replicaGuid(), "", "", "", "", false, 0, 0, 0, null);
            ServerSyncJob job = new ServerSyncJob(null, node, s.here().directory(), s.options()); // the dialog's choices
            job.setUser(false);
            job.start();
            outcomes.put(s.replicaGuid(), NLS.bind(UiTexts.Auto_requested, why));
            return;
        }
        if (!Locations.mayBeThere(s.relative())) {
            outcomes.put(s.replicaGuid(), NLS.bind(UiTexts.Auto_skipped, why, s.relative()));
            return;
        }
        try {
            SynchronizeJob.start(null, s.here(), s.relative(), s.replica(), s.replicaGuid(), s.options(), true);
            outcomes.put(s.replicaGuid(), NLS.bind(UiTexts.Auto_requested, why));
        } catch (GeodatabaseException e) {
            String refused = NLS.bind(UiTexts.Auto_refused, why, e.getMessage());
            outcomes.put(s.replicaGuid(), refused);
            org.geosync.ui.internal.Failures.log(refused, e);
        }
    }
}
