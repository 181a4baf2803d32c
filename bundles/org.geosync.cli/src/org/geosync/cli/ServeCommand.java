package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.server.ServiceException;
import org.geosync.server.SyncService;
import org.geosync.server.UsersFile;

/**
 * {@code geosync serve}: serves geodatabases over HTTPS (plain HTTP on loopback) until stopped. Prints one line
 * {@code Serving NAME at URL} per geodatabase when ready; SIGTERM (or an interrupt of the thread running it) stops it cleanly:
 * requests in flight finish, the geodatabases are closed.
 */
final class ServeCommand implements CommandLine.Command {

    static final String USAGE = "serve --port N [--bind ADDR] [--users FILE] [--tls-keystore FILE] [--allow-http] NAME=LOCATION...";
    /** The environment variable holding the TLS keystore's password (never the command line, which other users can see). */
    static final String TLS_PASSWORD = "GEOSYNC_TLS_PASSWORD";
    /** Held so java.util.logging keeps the level set here: Jetty's INFO lines are not the service's output. */
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

    private final Function<String, String> env;

    ServeCommand(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        // Jetty logs through slf4j, which finds no provider under OSGi and would warn on stderr when first used; the service
        // logs what matters through System.Logger (set before anything, as slf4j reads it once)
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        Args a = Args.parse(args, Set.of("--port", "--bind", "--users", "--tls-keystore"), Set.of("--allow-http"), USAGE);
        int port;
        try {
            port = Integer.parseInt(a.required("--port", USAGE));
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException("--port needs a whole number, not '" + a.value("--port") + "'");
        }
        if (a.positional().isEmpty()) {
            throw new CommandLine.UsageException("name at least one geodatabase to serve; expected '" + USAGE + "'");
        }
        Map<String, String> locations = new LinkedHashMap<>();
        for (String p : a.positional()) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new CommandLine.UsageException("'" + p + "' is not NAME=LOCATION; expected '" + USAGE + "'");
            }
            if (locations.put(p.substring(0, eq), p.substring(eq + 1)) != null) {
                throw new CommandLine.UsageException("the name '" + p.substring(0, eq) + "' is given twice");
            }
        }
        SyncService.Options options = new SyncService.Options().port(port).allowHttp(a.has("--allow-http"));
        if (a.value("--bind") != null) {
            options.bind(a.value("--bind"));
        }
        if (a.value("--tls-keystore") != null) {
            String password = env.apply(TLS_PASSWORD);
            options.tls(Path.of(a.value("--tls-keystore")), password == null ? null : password.toCharArray());
        }
        Path usersPath = a.value("--users") != null ? Path.of(a.value("--users"))
                : Path.of(System.getProperty("user.home"), ".geosync", "users");
        // the cheap refusals come before any geodatabase is opened
        UsersFile users = refusing(() -> {
            options.check(locations.keySet());
            return UsersFile.load(usersPath);
        });
        Map<String, Geodatabase> opened = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : locations.entrySet()) {
                opened.put(e.getKey(), Geodatabase.open(e.getValue()));
            }
        } catch (GeodatabaseException | RuntimeException e) {
            opened.values().forEach(Geodatabase::close);
            throw e;
        }
        JETTY_LOG.setLevel(Level.WARNING);
        SyncService service = refusing(() -> SyncService.start(options, users, opened));
        Thread hook = new Thread(service::stop, "geosync-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (String name : service.names()) {
                out.println("Serving " + name + " at " + service.url(name));
            }
            out.flush();
            service.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            service.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (SIGTERM): the hook is what stopped the service
            }
        }
        return CommandLine.OK;
    }

    interface Step<T> {
        T run() throws ServiceException;
    }

    /** The service's refusals are the command line's: one sentence, exit 1. */
    static <T> T refusing(Step<T> step) throws GeodatabaseException {
        try {
            return step.run();
        } catch (ServiceException e) {
            throw new GeodatabaseException(e.getMessage(), e);
        }
    }
}
