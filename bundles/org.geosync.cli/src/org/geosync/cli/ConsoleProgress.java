package org.geosync.cli;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;

/**
 * Progress of long commands on stderr, only when a person watches a terminal: scripts reading stderr
 * see nothing but the one-line reason of a failure.
 */
final class ConsoleProgress {

    private ConsoleProgress() {
    }

    static IProgressMonitor create() {
        if (System.console() == null) {
            return new NullProgressMonitor();
        }
        return new NullProgressMonitor() {
            private int total;
            private double done;
            private int shown = -1;

            @Override
            public void beginTask(String name, int totalWork) {
                total = totalWork;
                if (name != null && !name.isEmpty()) {
                    System.err.println(name + "...");
                }
            }

            @Override
            public void subTask(String name) {
                if (name != null && !name.isEmpty()) {
                    System.err.println("  " + name);
                }
            }

            @Override
            public void internalWorked(double work) {
                done += work;
                int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
                if (percent / 10 != shown / 10) {
                    shown = percent;
                    System.err.print("\r  " + percent + "%");
                    if (percent >= 100) {
                        System.err.println();
                    }
                }
            }

            @Override
            public void worked(int work) {
                internalWorked(work);
            }
        };
    }
}
