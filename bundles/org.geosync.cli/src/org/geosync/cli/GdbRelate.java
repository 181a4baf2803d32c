package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.RelationshipClass;
import org.geosync.core.RelationshipClass.Cardinality;

/**
 * {@code geosync gdb relate DIR NAME --origin DATASET --destination DATASET --origin-key FIELD
 * --foreign-key FIELD [--cardinality 1:1|1:M|M:N] [--attributed] [--destination-key FIELD]
 * [--destination-foreign-key FIELD] [--field NAME:TYPE[:LENGTH]]...}: creates a relationship class.
 */
final class GdbRelate {

    static final String SYNOPSIS = "gdb relate DIR NAME --origin DATASET --destination DATASET --origin-key FIELD"
            + " --foreign-key FIELD [--cardinality 1:1|1:M|M:N] [--attributed] [--destination-key FIELD]"
            + " [--destination-foreign-key FIELD] [--field NAME:TYPE[:LENGTH]]...";
    private static final Set<String> VALUED = Set.of("--origin", "--destination", "--origin-key", "--foreign-key",
            "--cardinality", "--destination-key", "--destination-foreign-key");

    private GdbRelate() {
    }

    /** {@code args} are the arguments after {@code relate}. */
    static void run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Map<String, String> options = new HashMap<>();
        List<String> fieldSpecs = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        boolean attributed = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--attributed")) {
                attributed = true;
            } else if (VALUED.contains(a) || a.equals("--field")) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw usage(a + " needs a value");
                }
                String value = args.get(++i);
                if (a.equals("--field")) {
                    fieldSpecs.add(value);
                } else if (options.put(a, value) != null) {
                    throw usage(a + " is given twice");
                }
            } else if (a.startsWith("--")) {
                throw usage("unknown option '" + a + "'");
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2) {
            throw usage("expected a directory and a relationship class name");
        }
        for (String required : List.of("--origin", "--destination", "--origin-key", "--foreign-key")) {
            if (!options.containsKey(required)) {
                throw usage(required + " is required");
            }
        }
        Cardinality cardinality = Cardinality.ONE_TO_MANY;
        if (options.containsKey("--cardinality")) {
            try {
                cardinality = Cardinality.parse(options.get("--cardinality"));
            } catch (GeodatabaseException e) {
                throw usage("--cardinality takes 1:1, 1:M or M:N, not '" + options.get("--cardinality") + "'");
            }
        }
        List<Field> attributes = new ArrayList<>();
        for (String spec : fieldSpecs) {
            attributes.add(field(spec));
        }
        RelationshipClass spec = new RelationshipClass(positional.get(1), options.get("--origin"), options.get("--destination"),
                options.get("--origin-key"), options.get("--foreign-key"), cardinality, attributed,
                options.get("--destination-key"), options.get("--destination-foreign-key"), attributes);
        try (Geodatabase gdb = Geodatabase.open(positional.get(0))) {
            RelationshipClass rc = gdb.createRelationshipClass(spec);
            out.println("Created relationship class " + rc.name() + " (" + GdbInfo.kind(rc) + "): " + rc.origin() + " -> "
                    + rc.destination() + ", " + GdbInfo.keys(rc) + (rc.hasTable() ? "; relationship rows in table " + rc.table() : ""));
        }
    }

    /** {@code NAME:TYPE[:LENGTH]}, e.g. {@code SHARE_PCT:double} or {@code NOTE:text:80}. */
    private static Field field(String spec) throws CommandLine.UsageException, GeodatabaseException {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw usage("--field takes NAME:TYPE[:LENGTH], not '" + spec + "'");
        }
        FieldType type = FieldType.parse(parts[1]);
        int length = type == FieldType.TEXT ? 255 : 0;
        if (parts.length == 3) {
            if (type != FieldType.TEXT) {
                throw usage("only text fields take a length: '" + spec + "'");
            }
            try {
                length = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                throw usage("the length in --field " + spec + " must be a whole number");
            }
            if (length < 1) {
                throw usage("the length in --field " + spec + " must be at least 1");
            }
        }
        return new Field(parts[0], type, length);
    }

    private static CommandLine.UsageException usage(String problem) {
        return new CommandLine.UsageException(problem + ": '" + SYNOPSIS + "'");
    }
}
