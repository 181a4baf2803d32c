package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Schemas;

/** {@code geosync replica schema-export|schema-compare}: a replica's schema written as XMI, and the schemas of its two sides compared. */
final class ReplicaSchemaCommands {

    static final String EXPORT = "replica schema-export DIR REPLICA FILE";
    static final String COMPARE = "replica schema-compare DIR1 (DIR2 | FILE) --replica NAME [--json]";

    private ReplicaSchemaCommands() {
    }

    static int export(java.util.List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of(), Set.of(), EXPORT).expect(3, EXPORT);
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            Path file = Path.of(a.positional().get(2));
            int datasets = Schemas.exportReplicaSchema(gdb, a.positional().get(1), file);
            out.println("Exported the schema of replica " + a.positional().get(1) + " (" + datasets + " dataset(s)) to " + file);
        }
        return CommandLine.OK;
    }

    static final String IMPORT = "replica schema-import DIR FILE [--change ID]...";

    /** Exit 0 when every difference was applied, 3 when some were left (each on a line of its own). */
    static int importSchema(java.util.List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of("--change"), Set.of(), IMPORT).expect(2, IMPORT);
        java.util.List<String> chosen = new java.util.ArrayList<>();
        a.all("--change").forEach(v -> chosen.addAll(java.util.Arrays.asList(v.split(","))));
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            Schemas.Import result = Schemas.importReplicaSchema(gdb, Path.of(a.positional().get(1)), chosen);
            result.applied().forEach(line -> out.println("Applied " + line));
            result.left().forEach(line -> out.println("Left " + line));
            out.println("Imported " + result.applied().size() + " schema change(s) into replica " + result.replica() + " of " + gdb.location()
                    + "; " + result.left().size() + " difference(s) left");
            return result.left().isEmpty() ? CommandLine.OK : CommandLine.PARTIAL;
        }
    }

    /** Exit 0 when the schemas are equal, 3 when they differ (each difference on a line of its own, or in the JSON). */
    static int compare(java.util.List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of("--replica"), Set.of("--json"), COMPARE).expect(2, COMPARE);
        String replica = a.required("--replica", COMPARE);
        Path other = Path.of(a.positional().get(1));
        Schemas.Comparison c;
        try (Geodatabase first = Geodatabase.open(a.positional().get(0))) {
            if (Files.isRegularFile(other)) {
                c = Schemas.compare(first, replica, other);
            } else {
                try (Geodatabase second = Geodatabase.open(other)) {
                    c = Schemas.compare(first, replica, second);
                }
            }
        }
        if (a.has("--json")) {
            JsonWriter j = new JsonWriter().begin().field("replica", c.replica()).field("first", c.first()).field("second", c.second())
                    .field("equal", c.equal()).field("agreedChanges", c.agreedChanges()).beginArray("differences");
            for (Schemas.Difference d : c.differences()) {
                j.begin().field("kind", d.kind().word()).field("dataset", d.dataset()).field("field", d.field()).field("first", d.first())
                        .field("second", d.second()).field("description", d.describe(c.first(), c.second())).end();
            }
            out.println(j.endArray().field("exitCode", c.equal() ? CommandLine.OK : CommandLine.PARTIAL).end());
        } else {
            for (Schemas.Difference d : c.differences()) {
                out.println(d.describe(c.first(), c.second()));
            }
            out.println(c.equal() ? "The schemas of replica " + c.replica() + " in " + c.first() + " and " + c.second() + " are equal"
                    + (c.agreedChanges() > 0 ? "; " + c.agreedChanges() + " schema change(s) made on one side are now known to be made on both" : "")
                    : c.differences().size() + " difference(s) between the schemas of replica " + c.replica() + " in " + c.first() + " and "
                            + c.second());
        }
        return c.equal() ? CommandLine.OK : CommandLine.PARTIAL;
    }
}
