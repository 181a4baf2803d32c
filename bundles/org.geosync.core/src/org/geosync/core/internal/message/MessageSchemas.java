package org.geosync.core.internal.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.sync.ReplicaRecords;
import org.geosync.model.DatasetSchema;
import org.geosync.model.FeatureClassSchema;
import org.geosync.model.FieldSchema;
import org.geosync.model.GeodatabaseSchema;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.SchemaFieldType;
import org.geosync.model.SchemaGeometryType;

/**
 * The schema a message carries: a dataset's schema as the model describes it (what a header holds, and what
 * {@link org.geosync.core.Schemas} exports), its fingerprint in the manifest, the check on import that the receiver's
 * datasets match the sender's ({@link #checkSchema}, a sentence naming the field that differs), and the added and widened
 * fields an import makes first ({@link #makeAdditiveChanges}). Not the rest of an import ({@link MessageImport}).
 */
public final class MessageSchemas {

    private MessageSchemas() {
    }

    /**
     * Additive schema changes travel in data change messages: the header carries the sender's schema of each dataset, and
     * where the receiver's differs from it only by fields the sender added (at the end) or text fields it made longer, those
     * changes are made here first, as {@code geosync gdb alter} makes them, once the message is authenticated. They are made
     * in a transaction of their own, committed just before the import's (Derby numbers the change log in a nested transaction
     * that cannot run while the writing one holds the catalog locks of a schema change); an import that fails afterwards
     * leaves the new, empty fields. Any other difference (a field of another type, a field the sender lacks, another order)
     * changes nothing here and is refused by the schema check with a sentence naming the dataset and the field.
     */
    static void makeAdditiveChanges(Geodatabase gdb, GeodatabaseSchema header, Replica sent, MessageReader reader)
            throws GeodatabaseException {
        gdb.inTransaction(g -> {
            Replica r = new ReplicaStore(g.connection()).findByGuid(sent.getGuid()).orElse(null);
            if (r == null || !header.getGuid().equals(r.getRelativeReplicaGuid()) || sent.getRole() == r.getRole()) {
                return null; // the import refuses it
            }
            // a dataset that joined the replica on the sender joins it here first (see DatasetJoin)
            List<Dataset> joins = new ArrayList<>();
            for (DatasetSchema theirs : header.getDatasets()) {
                if (ReplicaRecords.dataset(r, theirs.getName()) == null && ReplicaRecords.dataset(sent, theirs.getName()) != null) {
                    Dataset d = dataset(theirs);
                    if (d != null) {
                        org.geosync.core.internal.sync.DatasetJoin.refuseClash(g, r, d);
                        joins.add(d);
                    }
                }
            }
            // the fields the sender dropped or renamed, where its schema policy lets them travel (the receiver's decides here)
            Map<String, List<org.geosync.core.SchemaChange>> moves = new LinkedHashMap<>();
            for (DatasetSchema theirs : header.getDatasets()) {
                String n = theirs.getName().toUpperCase(Locale.ROOT);
                if (ReplicaRecords.dataset(r, n) == null || ReplicaRecords.dataset(sent, n) == null || theirs.getFieldChanges().isEmpty()) {
                    continue;
                }
                List<org.geosync.core.SchemaChange> steps = org.geosync.core.internal.sync.SchemaTravel.fieldMoves(g, r, sent, g.dataset(n),
                        theirs.getFieldChanges());
                if (!steps.isEmpty()) {
                    moves.put(n, steps);
                }
            }
            for (DatasetSchema theirs : header.getDatasets()) {
                String n = theirs.getName().toUpperCase(Locale.ROOT);
                if (ReplicaRecords.dataset(r, n) != null && ReplicaRecords.dataset(sent, n) != null
                        && !reaches(schema(g, n), moves.getOrDefault(n, List.of()), theirs)) {
                    return null; // the changes would not make the schemas match: nothing is made, the schema check refuses
                }
            }
            // this side's schema changes the sender says it has made are no longer pending for it
            List<Long> acknowledged = new ArrayList<>();
            try {
                for (org.geosync.core.SchemaChangeRecord c : new org.geosync.core.internal.storage.SchemaChanges(g.connection(), null, null)
                        .pending(r.getGuid())) {
                    if (sent.getSchemaChangesMade().contains(c.id())) {
                        acknowledged.add(c.id());
                    } else if (c.operation().equals(org.geosync.core.SchemaChange.Kind.DROP_FIELD.word())
                            || c.operation().equals(org.geosync.core.SchemaChange.Kind.RENAME_FIELD.word())) {
                        return null; // a drop or rename of this side's the sender lacks: the schema check refuses, nothing is made
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new GeodatabaseException("Could not read the schema changes of " + g.location() + ": " + e.getMessage(), e);
            }
            Map<String, List<org.geosync.core.SchemaChange>> changes = additiveChanges(g, header, r, sent);
            if (changes.isEmpty() && joins.isEmpty() && moves.isEmpty() && acknowledged.isEmpty()) {
                return null;
            }
            reader.verify(MessageDigests.key(g, r));
            try {
                org.geosync.core.internal.storage.SchemaChanges log = new org.geosync.core.internal.storage.SchemaChanges(g.connection(), null, null);
                for (long id : acknowledged) {
                    log.forgetPending(r.getGuid(), id);
                }
            } catch (java.sql.SQLException e) {
                throw new GeodatabaseException("Could not record the schema changes of " + g.location() + ": " + e.getMessage(), e);
            }
            for (Dataset d : joins) {
                org.geosync.core.internal.sync.DatasetJoin.join(g, r.getGuid(), d,
                        ReplicaRecords.dataset(sent, d.name()).getSibMyGeneration());
            }
            for (Map.Entry<String, List<org.geosync.core.SchemaChange>> e : moves.entrySet()) {
                for (org.geosync.core.SchemaChange c : e.getValue()) {
                    madeHere(g, r, e.getKey(), c);
                }
            }
            for (DatasetSchema theirs : header.getDatasets()) {
                if (ReplicaRecords.dataset(r, theirs.getName()) != null) {
                    org.geosync.core.internal.sync.SchemaTravel.noteMade(g, r, theirs.getFieldChanges());
                }
            }
            if (!moves.isEmpty()) {
                changes = additiveChanges(g, header, r, sent); // on the fields as the drops and renames left them
            }
            for (Map.Entry<String, List<org.geosync.core.SchemaChange>> e : changes.entrySet()) {
                for (org.geosync.core.SchemaChange c : e.getValue()) {
                    madeHere(g, r, e.getKey(), c);
                }
            }
            return null;
        });
    }

    /** Whether {@code mine}, with the drops and renames {@code moves} and then the added and widened fields, is {@code theirs}. */
    private static boolean reaches(DatasetSchema mine, List<org.geosync.core.SchemaChange> moves, DatasetSchema theirs) {
        DatasetSchema sim = org.eclipse.emf.ecore.util.EcoreUtil.copy(mine);
        for (org.geosync.core.SchemaChange c : moves) {
            FieldSchema f = sim.getFields().stream().filter(x -> x.getName().equalsIgnoreCase(c.field())).findFirst().orElse(null);
            if (f == null) {
                return false;
            }
            if (c.kind() == org.geosync.core.SchemaChange.Kind.DROP_FIELD) {
                sim.getFields().remove(f);
            } else {
                f.setName(c.newName());
            }
        }
        for (org.geosync.core.SchemaChange c : additive(sim, theirs)) {
            FieldSchema want = theirs.getFields().stream().filter(x -> x.getName().equalsIgnoreCase(c.field())).findFirst().orElseThrow();
            FieldSchema have = sim.getFields().stream().filter(x -> x.getName().equalsIgnoreCase(c.field())).findFirst().orElse(null);
            if (have == null) {
                sim.getFields().add(org.eclipse.emf.ecore.util.EcoreUtil.copy(want));
            } else {
                have.setLength(want.getLength());
            }
        }
        return fingerprint(sim).equals(fingerprint(theirs));
    }

    /** The added and widened fields that make each dataset of the replica as the header has it, by dataset (none: left out). */
    private static Map<String, List<org.geosync.core.SchemaChange>> additiveChanges(Geodatabase g, GeodatabaseSchema header, Replica r, Replica sent)
            throws GeodatabaseException {
        Map<String, List<org.geosync.core.SchemaChange>> changes = new LinkedHashMap<>();
        for (DatasetSchema theirs : header.getDatasets()) {
            String n = theirs.getName().toUpperCase(Locale.ROOT);
            if (ReplicaRecords.dataset(r, n) == null || ReplicaRecords.dataset(sent, n) == null) {
                continue;
            }
            List<org.geosync.core.SchemaChange> steps = additive(schema(g, n), theirs);
            if (!steps.isEmpty()) {
                changes.put(n, steps);
            }
        }
        return changes;
    }

    /** Makes a change the sender made here, as {@code geosync gdb alter} does; the relative has it, so it is not pending for it. */
    private static void madeHere(Geodatabase g, Replica r, String dataset, org.geosync.core.SchemaChange c) throws GeodatabaseException {
        g.alter(dataset, c);
        try {
            new org.geosync.core.internal.storage.SchemaChanges(g.connection(), null, null).forgetLastPending(r.getGuid());
        } catch (java.sql.SQLException e) {
            throw new GeodatabaseException("Could not record schema change " + c.describe() + " of " + dataset + ": " + e.getMessage(), e);
        }
    }

    /** The changes that make {@code mine} equal to {@code theirs} by adding and widening fields only; none when others are needed. */
    private static List<org.geosync.core.SchemaChange> additive(DatasetSchema mine, DatasetSchema theirs) {
        List<org.geosync.core.SchemaChange> steps = new ArrayList<>();
        List<FieldSchema> have = mine.getFields(), want = theirs.getFields();
        if (have.size() > want.size() || !geometry(mine).equals(geometry(theirs))) {
            return List.of();
        }
        for (int i = 0; i < want.size(); i++) {
            FieldSchema w = want.get(i);
            FieldType type = FieldType.of(w.getType());
            if (type == null) {
                return List.of();
            }
            if (i >= have.size()) {
                if (mine.getFields().stream().anyMatch(f -> f.getName().equalsIgnoreCase(w.getName()))) {
                    return List.of();
                }
                steps.add(org.geosync.core.SchemaChange.addField(w.getName(), type, type == FieldType.TEXT ? w.getLength() : 0));
                continue;
            }
            FieldSchema h = have.get(i);
            if (!h.getName().equalsIgnoreCase(w.getName()) || h.getType() != w.getType()) {
                return List.of();
            }
            if (h.getLength() < w.getLength() && type == FieldType.TEXT) {
                steps.add(org.geosync.core.SchemaChange.widenField(w.getName(), w.getLength()));
            } else if (h.getLength() != w.getLength()) {
                return List.of();
            }
        }
        return steps;
    }

    /** Refuses a message whose datasets' schemas differ from the receiver's, or from its own manifest, with a sentence naming the difference. */
    static void checkSchema(Geodatabase g, Replica r, Replica sent, MessageReader reader, Path source)
            throws GeodatabaseException {
        GeodatabaseSchema header = (GeodatabaseSchema) sent.eContainer();
        Map<String, String> fingerprints = reader.schemas();
        for (ReplicaDataset hd : sent.getDatasets()) {
            String n = hd.getDatasetName().toUpperCase(Locale.ROOT);
            if (ReplicaRecords.dataset(r, n) == null) {
                throw new GeodatabaseException(source + " carries dataset " + n + ", which replica " + r.getName() + " does not hold in "
                        + g.location() + ".");
            }
            DatasetSchema theirs = null;
            for (DatasetSchema d : header.getDatasets()) {
                if (n.equalsIgnoreCase(d.getName())) {
                    theirs = d;
                }
            }
            String fp = fingerprints.get(n);
            if (theirs == null || fp == null || !fp.equals(fingerprint(theirs))) {
                throw new GeodatabaseException(source + " is refused: its header and manifest disagree on the schema of " + n + ".");
            }
            DatasetSchema mine = schema(g, n);
            if (!fp.equals(fingerprint(mine))) {
                throw new GeodatabaseException("Schema mismatch in dataset " + n + ": " + difference(theirs, mine) + "; " + source.getFileName()
                        + " cannot be imported into " + g.location() + ".");
            }
        }
        for (String n : reader.changeDatasets()) {
            if (ReplicaRecords.dataset(sent, n) == null) {
                throw new GeodatabaseException(source + " is refused: it holds changes of " + n + ", which its header does not list.");
            }
        }
    }

    private static String difference(DatasetSchema theirs, DatasetSchema mine) {
        Map<String, FieldSchema> here = new LinkedHashMap<>();
        mine.getFields().forEach(f -> here.put(f.getName(), f));
        for (FieldSchema f : theirs.getFields()) {
            FieldSchema h = here.remove(f.getName());
            if (h == null) {
                return "the message has field " + f.getName() + " (" + f.getType().getLiteral() + "), which is missing here";
            }
            if (h.getType() != f.getType() || h.getLength() != f.getLength()) {
                return "field " + f.getName() + " is " + describe(f) + " in the message but " + describe(h) + " here";
            }
        }
        if (!here.isEmpty()) {
            String f = here.keySet().iterator().next();
            return "field " + f + " exists here but not in the message";
        }
        List<String> order = theirs.getFields().stream().map(FieldSchema::getName).toList(), ours = mine.getFields().stream().map(FieldSchema::getName).toList();
        if (!order.equals(ours)) {
            return "its fields are in another order (" + String.join(", ", order) + " in the message, " + String.join(", ", ours) + " here)";
        }
        return "the geometry differs (" + geometry(theirs) + " in the message, " + geometry(mine) + " here)";
    }

    private static String describe(FieldSchema f) {
        return f.getType().getLiteral() + (f.getType() == SchemaFieldType.STRING ? "(" + f.getLength() + ")" : "");
    }

    private static String geometry(DatasetSchema d) {
        return d instanceof FeatureClassSchema fc ? fc.getGeometryType().getLiteral() + " in EPSG:" + fc.getEpsgCode() : "no geometry";
    }

    /**
     * The schema of dataset {@code name} of {@code g} as its table describes it (see {@link Geodatabase#tableSchema}): what a
     * message header carries and its fingerprint is taken from.
     */
    public static DatasetSchema schema(Geodatabase g, String name) throws GeodatabaseException {
        return schema(g.tableSchema(name));
    }

    /** The dataset a message header's schema describes, or null when GeoSync cannot make it (a field of an unknown type). */
    static Dataset dataset(DatasetSchema s) {
        List<Field> fields = new ArrayList<>();
        for (FieldSchema f : s.getFields()) {
            FieldType t = FieldType.of(f.getType());
            if (t == null) {
                return null;
            }
            fields.add(new Field(f.getName(), t, t == FieldType.TEXT ? f.getLength() : 0));
        }
        if (s instanceof FeatureClassSchema fc) {
            org.geosync.core.GeometryType type = switch (fc.getGeometryType()) {
                case POINT -> org.geosync.core.GeometryType.POINT;
                case MULTI_POINT -> org.geosync.core.GeometryType.MULTIPOINT;
                case LINE_STRING -> org.geosync.core.GeometryType.LINE;
                case MULTI_LINE_STRING -> org.geosync.core.GeometryType.MULTILINE;
                case POLYGON -> org.geosync.core.GeometryType.POLYGON;
                case MULTI_POLYGON -> org.geosync.core.GeometryType.MULTIPOLYGON;
                default -> null;
            };
            return type == null ? null : new Dataset(s.getName().toUpperCase(Locale.ROOT), Dataset.Kind.FEATURE_CLASS, type, fc.getEpsgCode(), fields);
        }
        return new Dataset(s.getName().toUpperCase(Locale.ROOT), Dataset.Kind.TABLE, null, 0, fields);
    }

    /** The schema of a dataset as the model describes it (what a message header carries). */
    public static DatasetSchema schema(Dataset d) {
        DatasetSchema m;
        if (d.isFeatureClass()) {
            FeatureClassSchema fc = GeosyncFactory.eINSTANCE.createFeatureClassSchema();
            fc.setGeometryType(switch (d.geometryType()) {
                case POINT -> SchemaGeometryType.POINT;
                case MULTIPOINT -> SchemaGeometryType.MULTI_POINT;
                case LINE -> SchemaGeometryType.LINE_STRING;
                case MULTILINE -> SchemaGeometryType.MULTI_LINE_STRING;
                case POLYGON -> SchemaGeometryType.POLYGON;
                case MULTIPOLYGON -> SchemaGeometryType.MULTI_POLYGON;
            });
            fc.setEpsgCode(d.epsg());
            m = fc;
        } else {
            m = GeosyncFactory.eINSTANCE.createTableSchema();
        }
        m.setName(d.name());
        for (Field f : d.fields()) {
            FieldSchema mf = GeosyncFactory.eINSTANCE.createFieldSchema();
            mf.setName(f.name());
            mf.setType(f.type().schemaType());
            mf.setLength(f.length());
            m.getFields().add(mf);
        }
        return m;
    }

    /**
     * SHA-256 of a dataset's name, geometry and fields (names, types, lengths), in hex: the schema fingerprint of a message,
     * taken from the schema of the real table ({@link #schema(Geodatabase, String)}).
     */
    public static String fingerprint(DatasetSchema d) {
        StringBuilder sb = new StringBuilder(d.getName().toUpperCase(Locale.ROOT)).append('|').append(geometry(d));
        for (FieldSchema f : d.getFields()) {
            sb.append('|').append(f.getName()).append(':').append(f.getType().getLiteral()).append(':').append(f.getLength());
        }
        return MessageDigests.hex(MessageDigests.sha256(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
