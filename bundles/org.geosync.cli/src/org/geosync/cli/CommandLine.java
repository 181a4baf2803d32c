package org.geosync.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.GeodatabaseException;
import org.geosync.core.UserData;

/**
 * Dispatches {@code geosync <command> [options]} to its command. Exit codes are those of docs/cli.md ("Exit codes"):
 * 0 success, 1 the operation was refused or failed (one line on stderr), 2 usage error, 3 done, but edits
 * were skipped (each reported with its reason).
 */
public final class CommandLine {

    /** Exit code of a successful command. */
    public static final int OK = 0;
    /** Exit code of a refused or failed operation. */
    public static final int FAILED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;
    /**
     * Exit code of an operation that was done, but skipped edits (rollbackOnFailure false, each reported with its reason) or
     * left conflicts for review (the manual policy).
     */
    public static final int PARTIAL = 3;

    /** The exit code of a synchronization or an import that was done: {@link #PARTIAL} when it skipped edits or left conflicts. */
    static int done(long skipped, boolean conflictsLeft) {
        return skipped > 0 || conflictsLeft ? PARTIAL : OK;
    }

    /** The synopsis of every command, exactly as docs/cli.md states it. */
    static final String SYNOPSIS = """
            gdb create DIR [--sample [--features N]]          empty, or the sample city (with relationship classes)
            gdb import DIR FILE.gpkg [--layer NAME]... [--make-valid]   GeoPackage layers -> feature classes (geometry,
                                                              CRS, fields); --make-valid repairs invalid geometries
            gdb export DIR FILE.gpkg [--dataset NAME]... [--overwrite]   datasets -> GeoPackage that QGIS/GDAL open
            gdb info DIR [--json]                             datasets, row counts, CRS, relationship classes, replicas
            gdb relate DIR NAME --origin DATASET --destination DATASET --origin-key FIELD --foreign-key FIELD
                    [--cardinality 1:1|1:M|M:N] [--attributed]   a relationship class; attributed and M:N ones keep
                    [--destination-key FIELD] [--destination-foreign-key FIELD]   their relationship rows in a table
                    [--field NAME:TYPE[:LENGTH]]...                named NAME (keys default to GLOBALID, DEST_GLOBALID)
            gdb alter DIR DATASET (--add-field NAME:TYPE[:LENGTH] | --drop-field NAME | --widen-field NAME:LENGTH |
                    --rename-field OLD:NEW)                   a schema change, recorded, tracking rebuilt in one step
            gdb add-dataset DIR NAME [--geometry TYPE --epsg N] [--field NAME:TYPE[:LENGTH]]... [--replica NAME]...
                                                              a new feature class (with --geometry) or table, recorded as
                                                              a schema change, joining the replicas named (on their parent)
            gdb repair DIR                                    rebuild tracking lost to DDL made outside GeoSync; exit 1
                                                              names each dataset whose table no longer matches its catalog
            sql DIR "STATEMENT"                               SQL on the data: a query prints CSV with a header row;
                                                              GeoSync's own tables, triggers and schema are refused
            replica create PARENT_DIR CHILD_DIR --name NAME --type checkout|one-way|two-way
                    [--direction parent-to-child|child-to-parent]
                    [--dataset NAME[:where=SQL][:schema-only][:selection=OID,OID...]]...
                    [--area WKT | --extent MINX,MINY,MAXX,MAXY] [--relation intersects|within|contains]
                    [--related]  [--sync-model per-replica|per-layer]  [--schema-policy additive|all]
                    [--epsg N]   the CRS of --area/--extent (default: each dataset's own); --relation is the
                                 feature's to the area: within = inside it, contains = around it
            replica register PARENT_DIR COPY_DIR --name NAME  a side-loaded copy of a child becomes its own replica
            replica unregister DIR NAME
            replica relocate DIR                          a child moved (not copied) stays the holder of its replicas
            replica list DIR [--json]
            replica schema-policy DIR NAME additive|all   whether the relative's drops and renames of fields travel
                                                          into DIR too (both sides must take them)
            replica schema-export DIR REPLICA FILE        the replica's datasets and fields as XMI of the model
            replica schema-compare DIR1 (DIR2 | FILE) --replica NAME [--json]   the two sides' schemas (or one and an
                                                          exported FILE): exit 0 equal, 3 different (one line each)
            replica schema-import DIR FILE [--change ID]...   apply an exported schema's differences (default: the
                                                          additive ones; ID as compare prints it): exit 3 when some are left
            sync DIR1 DIR2 --replica NAME [--direction both|1-to-2|2-to-1] [--policy manual|favor-1|favor-2]
                    [--conflicts by-row|by-column] [--rollback-on-failure true|false] [--layers A,B] [--json]
            message export-changes DIR REPLICA FILE [--new-only | --unacknowledged-only] [--switch-to-receiver] [--json]
            message reexport DIR REPLICA FILE [--latest-only] [--json]   (not for checkouts: export-changes again)
            message export-ack DIR REPLICA FILE [--json]
            message import DIR FILE [--policy manual|favor-database|favor-imported] [--conflicts by-row|by-column]
                    [--ack FILE] [--reconcile-with-parent] [--json]   (data changes or an acknowledgment; changes
                    are applied to the replica's data directly, so --reconcile-with-parent needs nothing more)
            conflicts list DIR [--replica NAME] [--json] [--all]   (--all: resolved ones too)
            conflicts resolve DIR --replica NAME (--all | --id ID...) --take database|imported|ancestor [--field F | --whole-row]
            serve --port N [--bind ADDR] [--users FILE] [--tls-keystore FILE] [--allow-http] NAME=LOCATION...
                                                              serve geodatabases (docs/service-api.md) until stopped: HTTPS
                                                              with the PKCS12 keystore (password from GEOSYNC_TLS_PASSWORD);
                                                              plain HTTP only on loopback unless --allow-http (default bind
                                                              127.0.0.1, users ~/.geosync/users); prints 'Serving NAME at URL'
            user add FILE NAME --role administrator|owner     a user of 'serve'; prints its new token once, on the last line
            user rotate FILE NAME | user remove FILE NAME     a new token (the old one stops working) | remove the user
            bench [--features N] [--edits M] [--json]         the standard performance workload (default 100,000
                    [--dir DIR]                               features and a tenth as many edits; the published
                                                              standard run is --features 1000000 --edits 100000)
            bench --service [--features N] [--edits M] [--clients C] [--json]   the sync service on loopback against
                                                              the direct path (default 20,000 parcels, 1,000 edits, 20 clients)
            Locations: DIR is a directory or postgresql://[USER@]HOST[:PORT]/DATABASE[?schema=NAME]; replica create,
                       register, list and unregister, sync, and message export-changes, export-ack and import also take
                       https://HOST[:PORT]/NAME, a geodatabase 'serve' serves (the token from GEOSYNC_TOKEN or --token-file
                       FILE, never on the command line)
            """;

    static final String USAGE_LINE = "usage: geosync <command> [options]   (geosync --help lists the commands)";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public CommandLine(PrintStream out, PrintStream err) {
        this(out, err, System::getenv);
    }

    /** A command line whose commands read environment variables (GEOSYNC_TLS_PASSWORD, ...) from {@code env}. */
    public CommandLine(PrintStream out, PrintStream err, java.util.function.Function<String, String> env) {
        this.out = out;
        this.err = err;
        register(new GdbCommand());
        register(new SqlCommand());
        register(new ReplicaCommand());
        register(new SyncCommand());
        register(new ConflictsCommand());
        register(new BenchCommand());
        register(new MessageCommand());
        register(new ServeCommand(env));
        register(new UserCommand());
    }

    private void register(Command c) {
        commands.put(c.name(), c);
    }

    /** The option, accepted anywhere on the line, that adds the cause chain to a refusal's one line. */
    static final String VERBOSE = "--verbose";

    /** Runs the command named by {@code args[0]} and returns the process exit code. */
    public int run(String[] arguments) {
        boolean verbose = Arrays.asList(arguments).contains(VERBOSE);
        String[] args = Arrays.stream(arguments).filter(a -> !VERBOSE.equals(a)).toArray(String[]::new);
        if (args.length == 0) {
            err.println(USAGE_LINE);
            return USAGE;
        }
        String name = args[0];
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.println("GeoSync: create, synchronize and reconcile replicas of geodatabases.");
            out.println();
            out.println("usage: geosync <command> [options]    exit 0 ok, 1 refused or failed (nothing changed), 2 usage error,"
                    + " 3 done, but edits were skipped or conflicts left for review");
            out.println("--verbose (anywhere on the line): after a refusal's one line on stderr, its cause chain (exception classes and"
                    + " messages) and the stack trace of the root cause.");
            out.println("With --json a refusal (exit 1) also prints {\"exitCode\":1,\"reason\":...,\"error\":...} on stdout; reason is"
                    + " earlier-layout (a geodatabase made by an earlier GeoSync version: create it again), internal-error or refused.");
            out.println();
            out.print(SYNOPSIS);
            return OK;
        }
        Command command = commands.get(name);
        if (command == null) {
            if (SYNOPSIS.lines().anyMatch(l -> l.startsWith(name + " "))) {
                err.println("geosync: '" + name + "' is not available in this build yet.");
                return FAILED;
            }
            err.println("geosync: unknown command '" + name + "'.");
            err.println(USAGE_LINE);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return command.run(rest, out);
        } catch (UsageException e) {
            err.println("geosync " + name + ": " + e.getMessage());
            return USAGE;
        } catch (GeodatabaseException e) {
            String line = oneLine(e.getMessage());
            err.println(line);
            if (verbose) {
                causes(e);
            }
            refusal(rest, e.reason().literal(), line);
            return FAILED;
        } catch (RuntimeException | StackOverflowError e) {
            // a fault of GeoSync's, not of the input: one line, without the exception's class or stack
            String line = "geosync " + name + " failed because of an internal error (" + UserData.excerpt(oneLine(String.valueOf(
                    e.getMessage())), 200) + "); nothing was changed, please report it.";
            err.println(line);
            if (verbose) {
                causes(e);
            }
            refusal(rest, INTERNAL_ERROR, line);
            return FAILED;
        }
    }

    /**
     * With {@link #VERBOSE}, after a refusal's one line: every exception of the cause chain (class and message, one line
     * each), then the stack trace of the root cause, for a report or a closer look. Without it a refusal is one line.
     */
    private void causes(Throwable e) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Throwable root = e;
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            err.println((t == e ? "  because: " : "  caused by: ") + t.getClass().getName() + ": "
                    + oneLine(String.valueOf(t.getMessage())));
            root = t;
        }
        err.println("  stack trace of the root cause:");
        root.printStackTrace(err);
    }

    /** The {@code reason} of an internal fault in {@code --json} output. */
    static final String INTERNAL_ERROR = "internal-error";

    /**
     * With {@code --json}, a refusal is also one JSON object on stdout: {@code exitCode} 1, {@code reason} (the engine's
     * {@link GeodatabaseException.Reason}, or {@value #INTERNAL_ERROR}) and {@code error} (the sentence), so a script can
     * tell refusals apart without matching the sentence.
     */
    private void refusal(List<String> rest, String reason, String sentence) {
        if (rest.contains("--json")) {
            out.println(new JsonWriter().begin().field("exitCode", FAILED).field("reason", reason).field("error", sentence).end());
        }
    }

    /** One line, with control characters of the data a message quotes shown as escapes. */
    private static String oneLine(String s) {
        return UserData.escapeControls(s.replace('\n', ' ').replace('\r', ' '));
    }

    /** One command of the command line (docs/cli.md). */
    interface Command {
        String name();

        int run(List<String> args, PrintStream out) throws UsageException, GeodatabaseException;
    }

    /** The arguments do not match the command's synopsis. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
