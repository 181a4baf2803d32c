package org.geosync.cli;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/** The headless {@code geosync} application: runs one command (docs/cli.md) and exits with its code. */
public class GeoSyncApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        int code = new CommandLine(System.out, System.err).run(args == null ? new String[0] : args);
        System.out.flush();
        System.err.flush();
        return Integer.valueOf(code);
    }

    @Override
    public void stop() {
        // a command runs to completion or fails; nothing to interrupt
    }
}
