package org.geosync.cli;

import java.io.PrintStream;
import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;

/** Prints {@code gdb info} as text or JSON. */
final class GdbInfo {
    private GdbInfo() {
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
