package org.geosync.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.core.internal.message.MessageSchemas;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.storage.SchemaChanges;
import org.geosync.core.internal.sync.ReplicaRecords;
import org.geosync.model.DatasetSchema;
import org.geosync.model.FeatureClassSchema;
import org.geosync.model.FieldSchema;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.SchemaFieldType;
import org.geosync.model.util.GeosyncXmi;

/**
 * The schema of a replica: its datasets and their fields, as the replica metadata model describes them. Exported as an XMI
 * document of the model (a {@link GeodatabaseSchema} holding the datasets and the replica record), and compared
 * between the two sides of a replica, or between one side and an exported document. A comparison of the two sides that
 * finds them equal also records, on both, that the schema changes made on either since are made on the other.
 */
public final class Schemas {

    private Schemas() {
    }

    /** One difference between two schemas of a replica. */
    public record Difference(Kind kind, String dataset, String field, String first, String second) {

        /** What differs. */
        public enum Kind {
            DATASET_MISSING, FIELD_MISSING, FIELD_DIFFERS, GEOMETRY_DIFFERS, FIELD_ORDER;

            /** The word the command line prints: dataset-missing, field-missing, ... */
            public String word() {
                return name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }

        /**
         * The difference's id, as {@link Schemas#importReplicaSchema} and {@code replica schema-import --change} name it:
         * {@code DATASET.FIELD}, or {@code DATASET} for a difference of the whole dataset.
         */
        public String id() {
            return dataset + (field == null ? "" : "." + field);
        }

        /** The difference in words, naming the two sides {@code a} and {@code b}. */
        public String describe(String a, String b) {
            String where = dataset + (field == null ? "" : "." + field);
            return switch (kind) {
                case DATASET_MISSING -> where + ": dataset in " + (first != null ? a + " but not in " + b : b + " but not in " + a);
                case FIELD_MISSING -> where + ": field in " + (first != null ? a + " (" + first + ") but not in " + b
                        : b + " (" + second + ") but not in " + a);
                case FIELD_DIFFERS -> where + ": " + first + " in " + a + ", " + second + " in " + b;
                case GEOMETRY_DIFFERS -> where + ": " + first + " in " + a + ", " + second + " in " + b;
                case FIELD_ORDER -> where + ": the fields are in another order (" + first + " in " + a + "; " + second + " in " + b
                        + "), which messages between them refuse";
            };
        }
    }

    /**
     * The outcome of a comparison: the replica, the two sides as named in sentences, the differences (none when equal) and how
     * many recorded schema changes were found made on both sides (when the two sides of the replica were compared and equal).
     */
    public record Comparison(String replica, String first, String second, List<Difference> differences, int agreedChanges) {

        /** Whether the two schemas are equal. */
        public boolean equal() {
            return differences.isEmpty();
        }
    }

    /** Writes the schema of replica {@code replica} of {@code gdb} to {@code file} as XMI; returns the number of datasets. */
    public static int exportReplicaSchema(Geodatabase gdb, String replica, Path file) throws GeodatabaseException {
        GeodatabaseSchema doc = gdb.inTransaction(g -> document(g, ReplicaRecords.replica(g, replica)));
        Path target = file.toAbsolutePath().normalize();
        Path temp = null;
        try {
            Path folder = target.getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            temp = Files.createTempFile(folder, ".schema-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                GeosyncXmi.save(doc, out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot write the schema of replica " + replica + " to " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the move failed first; that is what the caller hears
                }
            }
        }
        return doc.getDatasets().size();
    }

    /**
     * Compares the schema of replica {@code replica} in {@code first} with the same replica's in {@code second} (found by its
     * GUID). When they are equal, each side records that its schema changes are made on the other: a synchronization no
     * longer refuses them.
     */
    public static Comparison compare(Geodatabase first, String replica, Geodatabase second) throws GeodatabaseException {
        Replica r1 = first.inTransaction(g -> ReplicaRecords.replica(g, replica));
        Replica r2 = second.inTransaction(g -> new ReplicaStore(g.connection()).findByGuid(r1.getGuid()).orElseThrow(
                () -> new GeodatabaseException(second.location() + " holds no replica " + replica + " with GUID " + r1.getGuid()
                        + "; compare " + first.location() + " with " + r1.getRelativeReplicaLocation() + ".")));
        List<Difference> differences = differences(first.inTransaction(g -> document(g, r1)), second.inTransaction(g -> document(g, r2)));
        int agreed = 0;
        if (differences.isEmpty()) {
            agreed += first.inTransaction(g -> new SchemaChanges(g.connection(), null, null).clearPending(r1.getGuid()));
            agreed += second.inTransaction(g -> new SchemaChanges(g.connection(), null, null).clearPending(r2.getGuid()));
        }
        return new Comparison(r1.getName(), first.location().toString(), second.location().toString(), differences, agreed);
    }

    /** Compares the schema of replica {@code replica} in {@code gdb} with a schema {@link #exportReplicaSchema exported} to {@code file}. */
    public static Comparison compare(Geodatabase gdb, String replica, Path file) throws GeodatabaseException {
        GeodatabaseSchema mine = gdb.inTransaction(g -> document(g, ReplicaRecords.replica(g, replica)));
        GeodatabaseSchema theirs = read(file);
        Replica r = mine.getReplicas().get(0);
        boolean same = theirs.getReplicas().stream().anyMatch(x -> r.getGuid().equals(x.getGuid()) || r.getName().equalsIgnoreCase(x.getName()));
        if (!same) {
            throw new GeodatabaseException(file + " holds the schema of " + (theirs.getReplicas().isEmpty() ? "no replica"
                    : "replica " + UserData.name(theirs.getReplicas().get(0).getName())) + ", not of replica " + r.getName()
                    + "; export it with 'geosync replica schema-export DIR " + r.getName() + " FILE'.");
        }
        return new Comparison(r.getName(), gdb.location().toString(), file.toString(), differences(mine, theirs), 0);
    }

    /** The outcome of {@link #importReplicaSchema}: each difference applied and each left, in words, starting with its id. */
    public record Import(String replica, List<String> applied, List<String> left) {
    }

    /**
     * Applies differences between replica {@code replica}'s schema in {@code gdb} and a schema {@link #exportReplicaSchema
     * exported} to {@code file} (typically from the relative), in one transaction, each through {@link Geodatabase#alter}:
     * those named in {@code chosen} (by id: {@code DATASET.FIELD}, as each line of a comparison starts), or, when none is named,
     * every additive one (a field the file has and {@code gdb} lacks, a text field the file has longer). A field {@code gdb}
     * has and the file lacks is dropped only when named. Differences GeoSync cannot apply (a type change, a narrowing, a
     * missing dataset, a geometry, the order of fields) are left and said so. Refuses an unknown id, nothing changed.
     */
    public static Import importReplicaSchema(Geodatabase gdb, Path file, List<String> chosen) throws GeodatabaseException {
        GeodatabaseSchema theirs = read(file);
        if (theirs.getReplicas().size() != 1) {
            throw new GeodatabaseException(file + " is not a replica schema written by 'geosync replica schema-export': it holds "
                    + theirs.getReplicas().size() + " replicas.");
        }
        return importSchema(gdb, theirs, file.toString(), chosen);
    }

    /**
     * As {@link #importReplicaSchema(Geodatabase, Path, List)}, from the schema of the replica's other side read straight from
     * {@code other} (see {@link #schema}), with no file between them.
     */
    public static Import importReplicaSchema(Geodatabase gdb, String replica, Geodatabase other, List<String> chosen) throws GeodatabaseException {
        String guid = gdb.inTransaction(g -> ReplicaRecords.replica(g, replica)).getGuid();
        return importSchema(gdb, schema(other, guid), other.location().toString(), chosen);
    }

    /** The schema document (as {@link #exportReplicaSchema} writes it) of the replica with GUID {@code guid} in {@code gdb}. */
    public static GeodatabaseSchema schema(Geodatabase gdb, String guid) throws GeodatabaseException {
        return gdb.inTransaction(g -> document(g, new ReplicaStore(g.connection()).findByGuid(guid).orElseThrow(() -> new GeodatabaseException(
                g.location() + " holds no replica with GUID " + guid + "."))));
    }

    private static Import importSchema(Geodatabase gdb, GeodatabaseSchema theirs, String source, List<String> chosen) throws GeodatabaseException {
        Replica sent = theirs.getReplicas().get(0);
        return gdb.inTransaction(g -> {
            Replica r = new ReplicaStore(g.connection()).findByGuid(sent.getGuid()).orElseThrow(() -> new GeodatabaseException(g.location()
                    + " holds no replica " + UserData.name(sent.getName()) + " with GUID " + sent.getGuid() + ", whose schema " + source
                    + " holds."));
            GeodatabaseSchema mine = document(g, r);
            List<Difference> differences = differences(mine, theirs);
            Set<String> wanted = new LinkedHashSet<>();
            chosen.forEach(id -> wanted.add(id.trim().toUpperCase(Locale.ROOT)));
            for (String id : wanted) {
                if (differences.stream().noneMatch(d -> id(d).equals(id))) {
                    throw new GeodatabaseException("There is no difference " + UserData.name(id) + " between replica " + r.getName() + " in "
                            + g.location() + " and " + source + "; 'geosync replica schema-compare " + g.location() + " " + source + " --replica "
                            + r.getName() + "' lists them by id.");
                }
            }
            List<String> applied = new ArrayList<>(), left = new ArrayList<>();
            for (Difference d : differences) {
                String id = id(d);
                boolean named = wanted.contains(id);
                SchemaChange change = change(d, byName(theirs).get(d.dataset()), named);
                String line = d.describe(g.location().toString(), source);
                if (change == null || !wanted.isEmpty() && !named) {
                    left.add(line + (change == null && d.kind() == Difference.Kind.FIELD_MISSING && d.second() == null
                            ? " (name it with --change " + id + " to drop it here)" : change == null ? " (GeoSync does not make this change)" : ""));
                    continue;
                }
                g.alter(d.dataset(), change);
                applied.add(id + ": " + change.describe());
            }
            return new Import(r.getName(), applied, left);
        });
    }

    private static String id(Difference d) {
        return d.id();
    }

    /**
     * The change {@link #importReplicaSchema} makes on this side for difference {@code d} of a comparison with {@code theirs}
     * (a schema {@link #read} from an exported file) when {@code d} is chosen by its {@link Difference#id() id}, or null when
     * GeoSync does not make it (a type change, a narrowing, a missing dataset, a geometry, the order of fields). For a user
     * interface showing, before anything is applied, what applying each difference would do.
     */
    public static SchemaChange changeFor(Difference d, GeodatabaseSchema theirs) {
        return change(d, byName(theirs).get(d.dataset()), true);
    }

    /** The change that makes this side's schema as the file's for {@code d}, or null when GeoSync does not make it (or, for a drop, when not named). */
    private static SchemaChange change(Difference d, DatasetSchema theirs, boolean named) {
        FieldSchema f = theirs == null || d.field() == null ? null : fields(theirs).get(d.field());
        if (d.kind() == Difference.Kind.FIELD_MISSING && d.first() == null && f != null) {
            FieldType type = FieldType.of(f.getType());
            return type == null ? null : SchemaChange.addField(d.field(), type, type == FieldType.TEXT ? f.getLength() : 0);
        }
        if (d.kind() == Difference.Kind.FIELD_MISSING && d.second() == null) {
            return named ? SchemaChange.dropField(d.field()) : null;
        }
        if (d.kind() == Difference.Kind.FIELD_DIFFERS && f != null && f.getType() == SchemaFieldType.STRING
                && d.first().startsWith("string(")) {
            int mine = Integer.parseInt(d.first().substring(7, d.first().length() - 1));
            return f.getLength() > mine ? SchemaChange.widenField(d.field(), f.getLength()) : null;
        }
        return null;
    }

    /** Reads a schema document written by {@link #exportReplicaSchema}. */
    public static GeodatabaseSchema read(Path file) throws GeodatabaseException {
        try (InputStream in = Files.newInputStream(file)) {
            return GeosyncXmi.load(in, GeodatabaseSchema.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GeodatabaseException("There is no file " + file + "; give a schema written by 'geosync replica schema-export'.", e);
        } catch (IOException e) {
            throw new GeodatabaseException(file + " is not a replica schema written by 'geosync replica schema-export': "
                    + UserData.excerpt(String.valueOf(e.getMessage()), 200), e);
        }
    }

    /** The schema document of replica {@code r} of {@code g}: the replica's datasets as they are now, and the replica record. */
    private static GeodatabaseSchema document(Geodatabase g, Replica r) throws GeodatabaseException {
        GeodatabaseSchema doc = GeosyncFactory.eINSTANCE.createGeodatabaseSchema();
        doc.setGuid(g.guid());
        doc.setName(g.displayName());
        for (ReplicaDataset rd : r.getDatasets()) {
            doc.getDatasets().add(MessageSchemas.schema(g, rd.getDatasetName()));
        }
        Replica copy = EcoreUtil.copy(r);
        copy.getMessages().clear();
        copy.getSyncJobs().clear();
        doc.getReplicas().add(copy);
        return doc;
    }

    private static List<Difference> differences(GeodatabaseSchema a, GeodatabaseSchema b) {
        Map<String, DatasetSchema> da = byName(a), db = byName(b);
        Set<String> names = new LinkedHashSet<>(da.keySet());
        names.addAll(db.keySet());
        List<Difference> found = new ArrayList<>();
        for (String n : names) {
            DatasetSchema x = da.get(n), y = db.get(n);
            if (x == null || y == null) {
                found.add(new Difference(Difference.Kind.DATASET_MISSING, n, null, x == null ? null : n, y == null ? null : n));
                continue;
            }
            if (!geometry(x).equals(geometry(y))) {
                found.add(new Difference(Difference.Kind.GEOMETRY_DIFFERS, n, null, geometry(x), geometry(y)));
            }
            Map<String, FieldSchema> fx = fields(x), fy = fields(y);
            Set<String> fieldNames = new LinkedHashSet<>(fx.keySet());
            fieldNames.addAll(fy.keySet());
            int before = found.size();
            for (String f : fieldNames) {
                FieldSchema p = fx.get(f), q = fy.get(f);
                if (p == null || q == null) {
                    found.add(new Difference(Difference.Kind.FIELD_MISSING, n, f, p == null ? null : type(p), q == null ? null : type(q)));
                } else if (!type(p).equals(type(q))) {
                    found.add(new Difference(Difference.Kind.FIELD_DIFFERS, n, f, type(p), type(q)));
                }
            }
            if (found.size() == before && !List.copyOf(fx.keySet()).equals(List.copyOf(fy.keySet()))) {
                found.add(new Difference(Difference.Kind.FIELD_ORDER, n, null, String.join(", ", fx.keySet()), String.join(", ", fy.keySet())));
            }
        }
        return found;
    }

    private static Map<String, DatasetSchema> byName(GeodatabaseSchema g) {
        Map<String, DatasetSchema> m = new LinkedHashMap<>();
        g.getDatasets().forEach(d -> m.put(String.valueOf(d.getName()).toUpperCase(Locale.ROOT), d));
        return m;
    }

    private static Map<String, FieldSchema> fields(DatasetSchema d) {
        Map<String, FieldSchema> m = new LinkedHashMap<>();
        d.getFields().forEach(f -> m.put(String.valueOf(f.getName()).toUpperCase(Locale.ROOT), f));
        return m;
    }

    private static String type(FieldSchema f) {
        return f.getType().getLiteral() + (f.getType() == SchemaFieldType.STRING ? "(" + f.getLength() + ")" : "");
    }

    private static String geometry(DatasetSchema d) {
        return d instanceof FeatureClassSchema fc ? fc.getGeometryType().getLiteral() + " in EPSG:" + fc.getEpsgCode() : "table";
    }
}
