package org.geosync.ui.sync;

import org.eclipse.ui.IStartup;

/** Starts the automatic synchronization triggers with the workbench. */
public class AutoSyncStartup implements IStartup {

    @Override
    public void earlyStartup() {
        AutoSync.getDefault().start();
    }
}
