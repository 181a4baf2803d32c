package org.geosync.ui.tests;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.eclipse.core.runtime.jobs.Job;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeometryType;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.ui.catalog.GeodatabaseJobs;

/**
 * A parent geodatabase "city" with ten PARCELS (NAME, OWNER; polygons in EPSG 3857) and its two-way child
 * "field-crew" (replica "r"), made with the core API in a test's temporary folder. Every access from the test
 * holds {@link GeodatabaseJobs#RULE}, as the workbench's jobs do, so the two never open a geodatabase at once.
 */
final class ReplicaWorld {

    static final String REPLICA = "r";

    final Path parent;
    final Path child;

    private ReplicaWorld(Path parent, Path child) {
        this.parent = parent;
        this.child = child;
    }

    static ReplicaWorld create(Path tmp, ReplicaSpec spec) throws Exception {
        ReplicaWorld w = new ReplicaWorld(tmp.resolve("city"), tmp.resolve("field-crew"));
        exclusive(() -> {
            try (Geodatabase gdb = Geodatabase.create(w.parent)) {
                gdb.createFeatureClass("parcels", GeometryType.POLYGON, 3857,
                        List.of(Field.of("NAME", FieldType.TEXT), Field.of("OWNER", FieldType.TEXT)));
                gdb.applyWithoutTracking(g -> {
                    for (int i = 0; i < 10; i++) {
                        g.insert("parcels", gid(i), Map.of("NAME", "P" + i, "OWNER", "city"), square(i));
                    }
                    return null;
                });
                Replicas.create(gdb, w.child, spec, null);
            }
            return null;
        });
        return w;
    }

    static String gid(int i) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i);
    }

    /** The 90 m square of grid column {@code col}, as JTS writes it. */
    static String square(int col) {
        int x = col * 100;
        return "POLYGON ((" + x + " 0, " + (x + 90) + " 0, " + (x + 90) + " 90, " + x + " 90, " + x + " 0))";
    }

    /** Opens a geodatabase of this world while no workbench job has one open. */
    <T> T with(Path dir, Geodatabase.Work<T> work) throws Exception {
        return exclusive(() -> {
            try (Geodatabase gdb = Geodatabase.open(dir)) {
                return work.run(gdb);
            }
        });
    }

    /** The value of one field of a parcel. */
    Object value(Path dir, int parcel, String field) throws Exception {
        return with(dir, g -> g.row("parcels", gid(parcel)).map(r -> r.get(field)).orElse(null));
    }

    static <T> T exclusive(Callable<T> work) throws Exception {
        Job.getJobManager().beginRule(GeodatabaseJobs.RULE, null);
        try {
            return work.call();
        } finally {
            Job.getJobManager().endRule(GeodatabaseJobs.RULE);
        }
    }
}
