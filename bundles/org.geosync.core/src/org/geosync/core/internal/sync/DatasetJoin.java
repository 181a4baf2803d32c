package org.geosync.core.internal.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.GeosyncFactory;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaRole;

/**
 * A new dataset joins existing replicas: it is added on the parent and joins the replicas chosen there in the same
 * transaction ({@link #addAndJoin}); each child makes the dataset and joins it too the next time it synchronizes
 * ({@link #beforeSync}) or imports a message of the parent's ({@code MessageSchemas}), before any row is sent, so every row
 * the parent inserts into the dataset afterwards reaches the child, and the child's edits of them come back.
 * <p>
 * The dataset is new, so no row of it predates the join: the parent counts its generations up to the join as held by the
 * child, and closes its generation, so that edits from then on are new to the child (as replica creation does). A child
 * that already holds a dataset of that name with another schema refuses the synchronization with a sentence, nothing changed.
 */
public final class DatasetJoin {

    private DatasetJoin() {
    }

    /**
     * Adds dataset {@code name} to {@code gdb} and has it join the replicas {@code replicas} of which {@code gdb} is the parent,
     * in one transaction; refuses, changing nothing, an unknown replica, one of which {@code gdb} is the child, or an
     * unregistered one.
     */
    public static Dataset addAndJoin(Geodatabase gdb, String name, GeometryType type, int epsg, List<Field> fields, List<String> replicas)
            throws GeodatabaseException {
        return gdb.inTransaction(g -> {
            ReplicaStore store = new ReplicaStore(g.connection());
            List<Replica> joining = joining(g, replicas);
            Dataset d = g.addDataset(name, type, type == null ? 0 : epsg, fields);
            long generation = g.generation();
            for (Replica r : joining) {
                ReplicaDataset rd = GeosyncFactory.eINSTANCE.createReplicaDataset();
                rd.setDatasetName(d.name());
                rd.setMyGeneration(generation);
                rd.setSibMyGeneration(generation); // nothing of the dataset predates the join: the child holds all of it
                rd.setSibGeneration(r.getSibGeneration());
                r.getDatasets().add(rd);
                Generations.rollUp(r);
                store.save(r);
            }
            if (!joining.isEmpty()) {
                g.markSynchronized(); // edits from now on are new to the children
            }
            return d;
        });
    }

    /** Checks what {@link #addAndJoin} would do with these, refusing as it would, without making anything. */
    public static Dataset checkAddAndJoin(Geodatabase gdb, String name, GeometryType type, int epsg, List<Field> fields, List<String> replicas)
            throws GeodatabaseException {
        return gdb.inTransaction(g -> {
            joining(g, replicas);
            return g.checkAddDataset(name, type, type == null ? 0 : epsg, fields);
        });
    }

    /** The replicas {@code replicas} names, each once; refuses an unknown one, one of which {@code g} is the child, or an unregistered one. */
    private static List<Replica> joining(Geodatabase g, List<String> replicas) throws GeodatabaseException, java.sql.SQLException {
        List<Replica> joining = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String n : replicas) {
            Replica r = ReplicaRecords.replica(g, n);
            if (!seen.add(r.getGuid())) {
                continue;
            }
            if (r.getRole() != ReplicaRole.PARENT) {
                throw new GeodatabaseException(g.location() + " is the child of replica " + r.getName() + "; a new dataset joins a replica"
                        + " on its parent (" + r.getRelativeReplicaLocation() + "), and the child makes it when it next synchronizes.");
            }
            if (r.isUnregistered()) {
                throw new GeodatabaseException("Replica " + r.getName() + " in " + g.location() + " was unregistered; no dataset can join it.");
            }
            joining.add(r);
        }
        return joining;
    }

    /**
     * Before a connected synchronization of replica {@code name}: each side makes and joins the datasets its relative's record
     * of the replica holds and its own does not, in a transaction of its own (DDL, as {@link SchemaTravel} makes it); refuses
     * when it holds a dataset of that name with another schema.
     */
    static void beforeSync(Geodatabase first, Geodatabase second, String name) throws GeodatabaseException {
        Replica r1 = first.inTransaction(g -> new ReplicaStore(g.connection()).find(name).orElse(null));
        Replica r2 = r1 == null ? null : second.inTransaction(g -> new ReplicaStore(g.connection()).findByGuid(r1.getGuid()).orElse(null));
        if (r2 == null) {
            return; // the synchronization says what is missing
        }
        List<Dataset> onSecond = missing(first, r1, r2), onFirst = missing(second, r2, r1);
        for (Dataset d : onSecond) {
            refuseClash(second, r2, d);
        }
        for (Dataset d : onFirst) {
            refuseClash(first, r1, d);
        }
        for (Dataset d : onSecond) {
            join(second, r2.getGuid(), d, ReplicaRecords.dataset(r1, d.name()).getSibMyGeneration());
        }
        for (Dataset d : onFirst) {
            join(first, r1.getGuid(), d, ReplicaRecords.dataset(r2, d.name()).getSibMyGeneration());
        }
    }

    /** The datasets of {@code from}'s record that {@code to}'s lacks, as {@code sender} holds them. */
    private static List<Dataset> missing(Geodatabase sender, Replica from, Replica to) throws GeodatabaseException {
        List<Dataset> result = new ArrayList<>();
        for (ReplicaDataset rd : from.getDatasets()) {
            if (ReplicaRecords.dataset(to, rd.getDatasetName()) == null) {
                result.add(sender.dataset(rd.getDatasetName()));
            }
        }
        return result;
    }

    /** Refuses, with a sentence, when {@code g} holds a dataset named as {@code d} with another schema. */
    public static void refuseClash(Geodatabase g, Replica r, Dataset d) throws GeodatabaseException {
        Dataset mine = g.findDataset(d.name());
        if (mine != null && !sameSchema(mine, d)) {
            throw new GeodatabaseException("Dataset " + d.name() + " joined replica " + r.getName() + " on its relative, but "
                    + g.location() + " already has a dataset of that name with another schema, so it cannot join it there; rename or"
                    + " drop it there and synchronize again; nothing was synchronized.");
        }
    }

    private static boolean sameSchema(Dataset a, Dataset b) {
        return a.kind() == b.kind() && a.geometryType() == b.geometryType() && a.epsg() == b.epsg() && a.fields().equals(b.fields());
    }

    /**
     * Makes dataset {@code d} on {@code g} (unless it has it, with the same schema) and has it join replica {@code guid} there,
     * having received the relative's generations of it up to {@code received}, in a transaction of its own.
     */
    public static void join(Geodatabase g, String guid, Dataset d, long received) throws GeodatabaseException {
        g.inTransaction(x -> {
            ReplicaStore store = new ReplicaStore(x.connection());
            Replica r = store.findByGuid(guid).orElseThrow();
            if (ReplicaRecords.dataset(r, d.name()) != null) {
                return null;
            }
            if (x.findDataset(d.name()) == null) {
                x.addDataset(d.name(), d.isFeatureClass() ? d.geometryType() : null, d.epsg(), d.fields());
            }
            ReplicaDataset rd = GeosyncFactory.eINSTANCE.createReplicaDataset();
            rd.setDatasetName(d.name().toUpperCase(Locale.ROOT));
            rd.setMyGeneration(r.getMyGeneration());
            rd.setSibMyGeneration(r.getSibMyGeneration()); // this side holds no row of it: nothing of its own to send before now
            rd.setSibGeneration(received);
            r.getDatasets().add(rd);
            Generations.rollUp(r);
            store.save(r);
            return null;
        });
    }
}
