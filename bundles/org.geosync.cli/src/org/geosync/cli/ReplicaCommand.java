package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaRules;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.model.OneWayDirection;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaType;
import org.geosync.model.SpatialRelation;
import org.geosync.model.SchemaPolicy;
import org.geosync.model.SyncModel;

/** {@code geosync replica create|register|unregister|relocate|list|schema-export|schema-compare|schema-import}. */
final class ReplicaCommand implements CommandLine.Command {

    static final String CREATE = "replica create PARENT_DIR CHILD_DIR --name NAME --type checkout|one-way|two-way"
            + " [--direction parent-to-child|child-to-parent] [--dataset NAME[:where=SQL][:schema-only][:selection=OID,OID...]]..."
            + " [--area WKT | --extent MINX,MINY,MAXX,MAXY] [--epsg N] [--relation intersects|within|contains] [--related]"
            + " [--sync-model per-replica|per-layer] [--schema-policy additive|all]";

    @Override
    public String name() {
        return "replica";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.isEmpty()) {
            throw new CommandLine.UsageException("expected 'replica create|register|unregister|relocate|list|schema-export|schema-compare|schema-import|schema-policy ...'");
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "create" -> create(rest, out);
            case "schema-export" -> {
                return ReplicaSchemaCommands.export(rest, out);
            }
            case "schema-compare" -> {
                return ReplicaSchemaCommands.compare(rest, out);
            }
            case "schema-import" -> {
                return ReplicaSchemaCommands.importSchema(rest, out);
            }
            case "register" -> {
                String usage = "replica register PARENT_DIR COPY_DIR --name NAME";
                Args a = Args.parse(rest, Set.of("--name", "--token-file"), Set.of(), usage).expect(2, usage);
                String name = a.required("--name", usage);
                if (Remote.is(a.positional().get(0))) {
                    // registerReplica: the service registers the copy and sends it back registered, in its place here
                    org.geosync.server.ServiceClient service = Remote.connect(a.positional().get(0), a);
                    String registered = service.registerReplica(Path.of(a.positional().get(1)), name);
                    try (Geodatabase copy = Geodatabase.open(Path.of(a.positional().get(1)))) {
                        Replica r = Replicas.get(copy, registered);
                        out.println("Registered " + copy.location() + " as replica " + r.getName() + " (" + r.getGuid() + ") of "
                                + service.location() + ", a copy of " + r.getRegisteredFromName());
                    }
                    return CommandLine.OK;
                }
                try (Geodatabase parent = Geodatabase.open(a.positional().get(0))) {
                    Replica r = Replicas.register(parent, Path.of(a.positional().get(1)), name);
                    out.println("Registered " + r.getRelativeReplicaLocation() + " as replica " + r.getName() + " (" + r.getGuid()
                            + "), a copy of " + r.getRegisteredFromName());
                }
            }
            case "unregister" -> {
                String usage = "replica unregister DIR NAME";
                Args a = Args.parse(rest, Set.of("--token-file"), Set.of(), usage).expect(2, usage);
                if (Remote.is(a.positional().get(0))) {
                    org.geosync.server.ServiceClient service = Remote.connect(a.positional().get(0), a);
                    service.unregister(a.positional().get(1));
                    out.println("Unregistered replica " + a.positional().get(1) + " of " + service.location());
                    return CommandLine.OK;
                }
                try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
                    Replicas.unregister(gdb, a.positional().get(1));
                    out.println("Unregistered replica " + a.positional().get(1) + " in " + gdb.location());
                }
            }
            case "schema-policy" -> {
                String usage = "replica schema-policy DIR NAME additive|all";
                Args a = Args.parse(rest, Set.of(), Set.of(), usage).expect(3, usage);
                SchemaPolicy policy = SchemaPolicy.get(a.positional().get(2));
                if (policy == null) {
                    throw new CommandLine.UsageException("the schema policy is additive or all, not '" + a.positional().get(2) + "'");
                }
                try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
                    Replica r = Replicas.setSchemaPolicy(gdb, a.positional().get(1), policy);
                    out.println("Replica " + r.getName() + " in " + gdb.location() + " now takes "
                            + (policy == SchemaPolicy.ALL ? "drops and renames of fields as well as added and widened ones"
                                    : "only added and widened fields")
                            + " from its relative; drops and renames travel only when both sides take them");
                }
            }
            case "relocate" -> {
                String usage = "replica relocate DIR";
                Args a = Args.parse(rest, Set.of(), Set.of(), usage).expect(1, usage);
                try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
                    Replicas.relocate(gdb);
                    out.println(gdb.location() + " now holds its replicas where it lies; the directory it was moved from must not be used again");
                }
            }
            case "list" -> {
                String usage = "replica list DIR [--json]";
                Args a = Args.parse(rest, Set.of("--token-file"), Set.of("--json"), usage).expect(1, usage);
                if (Remote.is(a.positional().get(0))) {
                    listRemote(Remote.connect(a.positional().get(0), a), a.has("--json"), out);
                    return CommandLine.OK;
                }
                try (Geodatabase gdb = Geodatabase.open(a.positional().get(0))) {
                    List<Replica> replicas = Replicas.list(gdb);
                    if (a.has("--json")) {
                        JsonWriter j = new JsonWriter().begin().field("directory", gdb.location().toString()).field("guid", gdb.guid())
                                .beginArray("replicas");
                        for (Replica r : replicas) {
                            ReplicaJson.replica(j, r, Replicas.conflicts(gdb, r.getName(), true).size());
                        }
                        out.println(j.endArray().end());
                    } else {
                        if (replicas.isEmpty()) {
                            out.println("No replicas in " + gdb.location());
                        }
                        for (Replica r : replicas) {
                            out.println(r.getName() + "  " + r.getType().getLiteral()
                                    + (r.getType() == ReplicaType.ONE_WAY ? " (" + r.getOneWayDirection().getLiteral() + ")" : "") + "  "
                                    + r.getRole().getLiteral() + "  " + r.getState().getLiteral() + "  generations my=" + r.getMyGeneration()
                                    + " sib=" + r.getSibGeneration() + " acknowledged=" + r.getSibMyGeneration()
                                    + "  schema " + r.getSchemaPolicy().getLiteral()
                                    + (r.isInConflict() ? "  IN CONFLICT" : "") + (r.isUnregistered() ? "  UNREGISTERED" : "")
                                    + "  relative " + r.getRelativeReplicaLocation());
                        }
                    }
                }
            }
            default -> throw new CommandLine.UsageException("unknown subcommand '" + args.get(0)
                    + "': use replica create|register|unregister|relocate|list|schema-export|schema-compare|schema-import|schema-policy");
        }
        return CommandLine.OK;
    }

    private static void create(List<String> rest, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        Args a = Args.parse(rest, Set.of("--name", "--type", "--direction", "--dataset", "--area", "--extent", "--epsg", "--relation",
                "--sync-model", "--schema-policy", "--token-file"), Set.of("--related"), CREATE).expect(2, CREATE);
        String name = a.required("--name", CREATE);
        ReplicaType type = switch (a.choice("--type", "checkout", "one-way", "two-way") == null ? "" : a.value("--type")) {
            case "checkout" -> ReplicaType.CHECKOUT;
            case "one-way" -> ReplicaType.ONE_WAY;
            case "two-way" -> ReplicaType.TWO_WAY;
            default -> throw new CommandLine.UsageException("--type is required; expected '" + CREATE + "'");
        };
        String dir = a.choice("--direction", "parent-to-child", "child-to-parent");
        if (dir != null && type != ReplicaType.ONE_WAY) {
            throw new CommandLine.UsageException("--direction is only for --type one-way");
        }
        OneWayDirection direction = type != ReplicaType.ONE_WAY ? OneWayDirection.NONE
                : "child-to-parent".equals(dir) ? OneWayDirection.CHILD_TO_PARENT : OneWayDirection.PARENT_TO_CHILD;
        if (a.has("--area") && a.has("--extent")) {
            throw new CommandLine.UsageException("give either --area or --extent, not both");
        }
        String area = a.value("--area");
        if (a.has("--extent")) {
            area = extent(a.value("--extent"));
        }
        int epsg = 0;
        if (a.has("--epsg")) {
            try {
                epsg = Integer.parseInt(a.value("--epsg"));
            } catch (NumberFormatException e) {
                epsg = 0;
            }
            if (epsg <= 0) { // 0 would silently mean "not given"
                throw new CommandLine.UsageException("--epsg needs an EPSG code such as 4326, not '" + a.value("--epsg") + "'");
            }
        }
        String rel = a.choice("--relation", "intersects", "within", "contains");
        SpatialRelation relation = rel == null ? SpatialRelation.INTERSECTS : SpatialRelation.get(rel);
        if (rel != null && area == null) {
            throw new CommandLine.UsageException("--relation goes with --area or --extent");
        }
        String model = a.choice("--sync-model", "per-replica", "per-layer");
        List<DatasetSpec> datasets = new ArrayList<>();
        for (String d : a.all("--dataset")) {
            datasets.add(dataset(d));
        }
        String policy = a.choice("--schema-policy", "additive", "all");
        ReplicaSpec spec = new ReplicaSpec(name, type, direction, datasets, area, epsg, relation, a.has("--related"),
                "per-layer".equals(model) ? SyncModel.PER_LAYER : SyncModel.PER_REPLICA,
                policy == null ? SchemaPolicy.ADDITIVE : SchemaPolicy.get(policy));
        if (Remote.is(a.positional().get(0))) {
            // createReplica: the service makes the replica and sends the child, which becomes the holder here
            org.geosync.server.ServiceClient service = Remote.connect(a.positional().get(0), a);
            String created = service.createReplica(spec, Path.of(a.positional().get(1)));
            try (Geodatabase child = Geodatabase.open(Path.of(a.positional().get(1)))) {
                Replica r = Replicas.get(child, created);
                out.println("Created " + r.getType().getLiteral() + " replica " + r.getName() + " (" + r.getGuid() + ") of "
                        + service.location() + " in " + child.location() + " with " + r.getDatasets().size() + " dataset(s)");
            }
            return;
        }
        try (Geodatabase parent = Geodatabase.open(a.positional().get(0))) {
            Replica r = Replicas.create(parent, a.positional().get(1), spec, ConsoleProgress.create());
            out.println("Created " + r.getType().getLiteral() + " replica " + r.getName() + " (" + r.getGuid() + ") in "
                    + r.getRelativeReplicaLocation() + " with " + r.getDatasets().size() + " dataset(s)");
        }
    }

    /** The replicas of a served geodatabase the user may work, as the service reports them. */
    private static void listRemote(org.geosync.server.ServiceClient service, boolean json, PrintStream out) throws GeodatabaseException {
        com.google.gson.JsonArray replicas = service.replicas().getAsJsonArray("replicas");
        if (json) {
            out.println("{\"location\":" + org.geosync.core.JsonText.quote(service.location()) + ",\"replicas\":" + replicas + "}");
            return;
        }
        if (replicas.isEmpty()) {
            out.println("No replicas of " + service.location() + " that you may work");
        }
        for (com.google.gson.JsonElement e : replicas) {
            com.google.gson.JsonObject r = e.getAsJsonObject();
            out.println(r.get("name").getAsString() + "  " + r.get("type").getAsString() + "  " + r.get("role").getAsString() + "  "
                    + r.get("state").getAsString() + "  generations my=" + r.get("myGeneration").getAsLong() + " sib="
                    + r.get("sibGeneration").getAsLong() + " acknowledged=" + r.get("sibMyGeneration").getAsLong()
                    + (r.get("inConflict").getAsBoolean() ? "  IN CONFLICT" : ""));
        }
    }

    /** NAME[:where=SQL][:schema-only][:selection=OID,OID...] */
    static DatasetSpec dataset(String text) throws CommandLine.UsageException {
        String[] parts = text.split(":(?=where=|schema-only|selection=)");
        String name = parts[0];
        if (name.isBlank()) {
            throw new CommandLine.UsageException("--dataset needs a dataset name: NAME[:where=SQL][:schema-only][:selection=OID,...]");
        }
        String where = null;
        boolean schemaOnly = false;
        List<Long> selection = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("where=")) {
                where = p.substring("where=".length());
            } else if (p.equals("schema-only")) {
                schemaOnly = true;
            } else if (p.startsWith("selection=")) {
                for (String oid : p.substring("selection=".length()).split(",")) {
                    try {
                        selection.add(Long.parseLong(oid.trim()));
                    } catch (NumberFormatException e) {
                        throw new CommandLine.UsageException("selection= takes ObjectIDs such as 1,2,3, not '" + oid + "'");
                    }
                }
            } else {
                throw new CommandLine.UsageException("unknown dataset option '" + p + "'");
            }
        }
        return new DatasetSpec(name.toUpperCase(Locale.ROOT), where, schemaOnly, selection);
    }

    static String extent(String text) throws GeodatabaseException {
        String[] v = text.split(",");
        if (v.length != 4) {
            throw new GeodatabaseException("--extent takes MINX,MINY,MAXX,MAXY, not '" + text + "'.");
        }
        double[] d = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                d[i] = Double.parseDouble(v[i].trim());
            } catch (NumberFormatException e) {
                throw new GeodatabaseException("--extent takes four numbers MINX,MINY,MAXX,MAXY, not '" + text + "'.");
            }
        }
        String problem = ReplicaRules.extentProblem(d[0], d[1], d[2], d[3]);
        if (problem != null) {
            throw new GeodatabaseException(problem);
        }
        return ReplicaRules.extentArea(d[0], d[1], d[2], d[3]);
    }
}
