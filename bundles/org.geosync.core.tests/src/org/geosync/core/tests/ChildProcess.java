package org.geosync.core.tests;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.geosync.core.Geodatabase;
import org.geosync.core.Messages;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;

/**
 * The engine in a child JVM on a plain classpath (see {@link ChildJvm}), for crash injection and for two
 * processes working on one geodatabase. It runs one operation and talks on stdout, line by line:
 * {@code START} just before the operation, {@code PAUSE n} when it stops at its n-th progress callback
 * (the progress monitor is the hook: the engine reports progress and polls for cancellation between the
 * records it applies), {@code DONE points millis} after the operation returned, {@code FAILED message}
 * when it was refused. A paused child continues when it reads a line on stdin — or is killed.
 * <pre>
 * import DIR MESSAGE PAUSE_AT          import a message file into DIR
 * export DIR REPLICA MESSAGE PAUSE_AT  export a data change message of DIR's replica REPLICA to MESSAGE
 * sync DIR1 DIR2 REPLICA PAUSE_AT      synchronize DIR1 (first) and DIR2 (second), both directions
 * </pre>
 * PAUSE_AT {@code after-SECOND} or {@code after-FIRST} (a synchronization) pauses right after that geodatabase's commit
 * ({@link org.geosync.core.internal.sync.ConnectedSync#afterCommit}), printing {@code PAUSE after-SECOND}, to be killed there.
 * An export prints {@code RECORDS records}, an import {@code RECORDS records inserts updates deletes}, before {@code DONE}.
 * PAUSE_AT -1 runs through without stopping.
 */
public final class ChildProcess {

    private ChildProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("geosync")) {
            // the command line itself, as bin/geosync runs it (for 'serve' stopped by SIGTERM)
            System.exit(new org.geosync.cli.CommandLine(System.out, System.err).run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String pause = args[args.length - 1];
        int pauseAt = pause.startsWith("after-") ? -1 : Integer.parseInt(pause);
        if (pause.startsWith("after-")) {
            org.geosync.core.internal.sync.ConnectedSync.Commit at = org.geosync.core.internal.sync.ConnectedSync.Commit.valueOf(pause.substring(6));
            org.geosync.core.internal.sync.ConnectedSync.afterCommit = c -> {
                if (c == at) {
                    System.out.println("PAUSE " + pause);
                    System.out.flush();
                    try {
                        in.readLine();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        }
        int[] points = new int[1];
        NullProgressMonitor monitor = new NullProgressMonitor() {
            @Override
            public boolean isCanceled() {
                point();
                return false;
            }

            @Override
            public void internalWorked(double work) {
                point();
            }

            @Override
            public void subTask(String name) {
                point();
            }

            private void point() {
                if (points[0]++ == pauseAt) {
                    System.out.println("PAUSE " + pauseAt);
                    System.out.flush();
                    try {
                        in.readLine();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        long start;
        org.geosync.core.MessageResult result = null;
        try {
            switch (args[0]) {
                case "import" -> {
                    try (Geodatabase g = Geodatabase.open(args[1])) {
                        start = announce();
                        result = Messages.importMessage(g, Path.of(args[2]), Messages.ImportOptions.defaults(), monitor);
                    }
                }
                case "export" -> {
                    try (Geodatabase g = Geodatabase.open(args[1])) {
                        start = announce();
                        result = Messages.exportChanges(g, args[2], Path.of(args[3]), Messages.ExportOptions.defaults(), monitor);
                    }
                }
                case "sync" -> {
                    try (Geodatabase first = Geodatabase.open(args[1]); Geodatabase second = Geodatabase.open(args[2])) {
                        start = announce();
                        Replicas.synchronize(first, second, args[3], SyncOptions.defaults(), monitor);
                    }
                }
                default -> throw new IllegalArgumentException("unknown operation " + args[0]);
            }
        } catch (org.geosync.core.GeodatabaseException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(1);
            return;
        }
        if (result != null) {
            System.out.println("RECORDS " + result.records() + (args[0].equals("import")
                    ? " " + result.inserts() + " " + result.updates() + " " + result.deletes() : ""));
        }
        System.out.println("DONE " + points[0] + " " + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
    }

    private static long announce() {
        System.out.println("START");
        System.out.flush();
        return System.nanoTime();
    }
}
