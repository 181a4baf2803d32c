package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;

/** {@code geosync gdb ...}: create and inspect geodatabases. */
final class GdbCommand implements CommandLine.Command {

    @Override
    public String name() {
        return "gdb";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.size() < 2) {
            throw new CommandLine.UsageException("expected 'gdb create|import|export|info|relate DIR ...'");
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        switch (args.get(0)) {
            case "create" -> {
                if (rest.size() != 1) {
                    throw new CommandLine.UsageException("'gdb create DIR': --sample is not available in this build yet");
                }
                try (Geodatabase gdb = Geodatabase.create(Path.of(rest.get(0)))) {
                    out.println("Created geodatabase " + gdb.directory() + " (" + gdb.guid() + ")");
                }
            }
            case "info" -> {
                boolean json = rest.remove("--json");
                if (rest.size() != 1 || rest.get(0).startsWith("--")) {
                    throw new CommandLine.UsageException("expected 'gdb info DIR [--json]'");
                }
                try (Geodatabase gdb = Geodatabase.open(Path.of(rest.get(0)))) {
                    InfoPrinter.print(gdb, json, out);
                }
            }
            default -> throw new GeodatabaseException("geosync gdb " + args.get(0) + " is not available in this build yet.");
        }
        return CommandLine.OK;
    }

    /** Prints {@code gdb info} as text or JSON. */
    static final class InfoPrinter {
        private InfoPrinter() {
        }

        static void print(Geodatabase gdb, boolean json, PrintStream out) throws GeodatabaseException {
            List<Dataset> datasets = gdb.datasets();
            if (!json) {
                out.println("Geodatabase " + gdb.directory());
                out.println("GUID: " + gdb.guid());
                out.println("Generation: " + gdb.generation());
                out.println("Datasets: " + datasets.size());
                for (Dataset d : datasets) {
                    out.println("  " + d.name() + "  " + describe(d) + "  rows=" + gdb.rowCount(d.name()));
                }
                return;
            }
            StringBuilder b = new StringBuilder("{\"directory\":").append(str(gdb.directory().toString()))
                    .append(",\"guid\":").append(str(gdb.guid()))
                    .append(",\"generation\":").append(gdb.generation()).append(",\"datasets\":[");
            for (int i = 0; i < datasets.size(); i++) {
                Dataset d = datasets.get(i);
                b.append(i == 0 ? "" : ",").append("{\"name\":").append(str(d.name()))
                        .append(",\"kind\":").append(str(d.kind().name().toLowerCase()))
                        .append(",\"geometryType\":").append(d.geometryType() == null ? "null" : str(d.geometryType().name().toLowerCase()))
                        .append(",\"epsg\":").append(d.isFeatureClass() ? String.valueOf(d.epsg()) : "null")
                        .append(",\"rows\":").append(gdb.rowCount(d.name()))
                        .append(",\"fields\":[");
                for (int f = 0; f < d.fields().size(); f++) {
                    b.append(f == 0 ? "" : ",").append("{\"name\":").append(str(d.fields().get(f).name()))
                            .append(",\"type\":").append(str(d.fields().get(f).type().name().toLowerCase())).append('}');
                }
                b.append("]}");
            }
            out.println(b.append("]}"));
        }

        private static String describe(Dataset d) {
            return d.isFeatureClass() ? "feature class, " + d.geometryType().name().toLowerCase() + ", EPSG:" + d.epsg() : "table";
        }

        private static String str(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char ch : s.toCharArray()) {
                switch (ch) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (ch < 0x20) {
                            b.append(String.format("\\u%04x", (int) ch));
                        } else {
                            b.append(ch);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
