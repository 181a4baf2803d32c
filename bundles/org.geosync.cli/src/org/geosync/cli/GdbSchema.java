package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.Replicas;
import org.geosync.core.GeometryType;
import org.geosync.core.SchemaChange;

/** {@code geosync gdb alter|add-dataset|repair}: schema changes through the engine, and restoring tracking after DDL made elsewhere. */
final class GdbSchema {

    static final String ALTER = "gdb alter DIR DATASET (--add-field NAME:TYPE[:LENGTH] | --drop-field NAME | --widen-field NAME:LENGTH"
            + " | --rename-field OLD:NEW)";
    static final String ADD_DATASET = "gdb add-dataset DIR NAME [--geometry point|multipoint|line|multiline|polygon|multipolygon --epsg N]"
            + " [--field NAME:TYPE[:LENGTH]]... [--replica NAME]...";
    static final String REPAIR = "gdb repair DIR";

    private GdbSchema() {
    }

    static void alter(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of("--add-field", "--drop-field", "--widen-field", "--rename-field"), Set.of(), ALTER).expect(2, ALTER);
        List<String> given = new ArrayList<>();
        for (String o : List.of("--add-field", "--drop-field", "--widen-field", "--rename-field")) {
            a.all(o).forEach(v -> given.add(o));
        }
        if (given.size() != 1) {
            throw new CommandLine.UsageException("give exactly one change; expected '" + ALTER + "'");
        }
        String option = given.get(0), value = a.value(option);
        String[] parts = value.split(":", -1);
        SchemaChange change = switch (option) {
            case "--add-field" -> {
                if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new CommandLine.UsageException("--add-field takes NAME:TYPE[:LENGTH], not '" + value + "'");
                }
                yield SchemaChange.addField(parts[0], FieldType.parse(parts[1]), parts.length == 3 ? number(parts[2], option, value) : 0);
            }
            case "--drop-field" -> SchemaChange.dropField(value);
            case "--widen-field" -> {
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new CommandLine.UsageException("--widen-field takes NAME:LENGTH, not '" + value + "'");
                }
                yield SchemaChange.widenField(parts[0], number(parts[1], option, value));
            }
            default -> {
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new CommandLine.UsageException("--rename-field takes OLD:NEW, not '" + value + "'");
                }
                yield SchemaChange.renameField(parts[0], parts[1]);
            }
        };
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            Dataset d = gdb.alter(a.positional().get(1), change);
            List<org.geosync.core.SchemaChangeRecord> log = gdb.schemaChangeLog();
            long generation = log.isEmpty() ? gdb.generation() : log.get(log.size() - 1).generation();
            out.println("Altered " + d.name() + " (" + change.describe().replace(" to ", " -> ") + ") in generation " + generation
                    + "; its tracking was rebuilt");
        }
    }

    static void addDataset(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of("--geometry", "--epsg", "--field", "--replica"), Set.of(), ADD_DATASET).expect(2, ADD_DATASET);
        GeometryType type = a.value("--geometry") == null ? null : GeometryType.parse(a.value("--geometry"));
        if ((type == null) != (a.value("--epsg") == null)) {
            throw new CommandLine.UsageException("--geometry and --epsg go together (a feature class); give neither for a table");
        }
        int epsg = type == null ? 0 : number(a.value("--epsg"), "--epsg", a.value("--epsg"));
        List<Field> fields = new ArrayList<>();
        for (String spec : a.all("--field")) {
            String[] parts = spec.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new CommandLine.UsageException("--field takes NAME:TYPE[:LENGTH], not '" + spec + "'");
            }
            FieldType t = FieldType.parse(parts[1]);
            int length = parts.length == 3 ? number(parts[2], "--field", spec) : 0;
            if (length != 0 && t != FieldType.TEXT) {
                throw new GeodatabaseException("Only text fields take a length; give " + parts[0] + " no length.");
            }
            fields.add(new Field(parts[0], t, length));
        }
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            List<String> replicas = a.all("--replica");
            Dataset d = Replicas.addDataset(gdb, a.positional().get(1), type, epsg, fields, replicas);
            out.println("Added " + (d.isFeatureClass() ? "feature class " + d.name() + " (" + d.geometryType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", EPSG:" + d.epsg() + ")" : "table " + d.name()) + " with " + d.fields().size() + " field(s)"
                    + (replicas.isEmpty() ? "" : "; it joined replica " + String.join(", ", replicas) + " (each child makes it when it next"
                            + " synchronizes or imports a message)"));
        }
    }

    /** Exit 0 when every dataset is tracked (after rebuilding what could be rebuilt), 1 when some dataset could not be repaired. */
    static int repair(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(args, Set.of(), Set.of(), REPAIR).expect(1, REPAIR);
        try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
            org.geosync.core.TrackingRepair r = gdb.repairTracking();
            for (String d : r.repaired()) {
                out.println("Repaired " + d + ": its tracking triggers were rebuilt (edits made while they were missing were not captured)");
            }
            for (String problem : r.unrepairable()) {
                out.println("Cannot repair " + problem);
            }
            if (r.repaired().isEmpty() && r.unrepairable().isEmpty()) {
                out.println("Every dataset of " + gdb.location() + " is tracked and matches its catalog; nothing to repair");
            }
            return r.unrepairable().isEmpty() ? CommandLine.OK : CommandLine.FAILED;
        }
    }

    private static int number(String text, String option, String value) throws CommandLine.UsageException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.UsageException(option + " needs a whole number in '" + value + "'");
        }
    }
}
