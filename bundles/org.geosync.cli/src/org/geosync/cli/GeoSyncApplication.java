package org.geosync.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/** The headless {@code geosync} application: runs one command (docs/cli.md) and exits with its code. */
public class GeoSyncApplication implements IApplication {

    /**
     * System property naming a file of commands (one a line, arguments separated by tabs) that the application runs one
     * after the other, their output discarded, instead of its arguments: bin/geosync's training run for the class cache
     * of the command line (docs/benchmarks.md, "Start-up"), so that one JVM loads the classes of every common command.
     */
    static final String TRAINING = "geosync.cli.training";

    @Override
    public Object start(IApplicationContext context) throws IOException {
        String training = System.getProperty(TRAINING);
        if (training != null) {
            return Integer.valueOf(train(Path.of(training)));
        }
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        int code = new CommandLine(System.out, System.err).run(args == null ? new String[0] : args);
        System.out.flush();
        System.err.flush();
        return Integer.valueOf(code);
    }

    /** Runs every command of the file; exit code 0 when each gave 0. */
    static int train(Path commands) throws IOException {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        int worst = CommandLine.OK;
        for (String line : Files.readAllLines(commands)) {
            if (!line.isBlank()) {
                int code = new CommandLine(none, none).run(line.split("\t"));
                worst = Math.max(worst, code);
            }
        }
        return worst;
    }

    @Override
    public void stop() {
        // a command runs to completion or fails; nothing to interrupt
    }
}
