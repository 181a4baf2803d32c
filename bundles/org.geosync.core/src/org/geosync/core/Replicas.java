package org.geosync.core;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.core.internal.sync.ConflictResolver;
import org.geosync.core.internal.sync.ConnectedSync;
import org.geosync.core.internal.sync.DatasetJoin;
import org.geosync.core.internal.sync.Registry;
import org.geosync.core.internal.sync.ReplicaCreator;
import org.geosync.core.internal.sync.ReplicaRecords;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictResolution;
import org.geosync.model.Replica;
import org.geosync.model.SyncJob;

/**
 * Replication: create replicas, register copies, unregister, synchronize connected replicas, and
 * review conflicts. Replica metadata comes back as the EMF model ({@link Replica}); it is stored in each
 * geodatabase and changes in the same transaction as the data.
 */
public final class Replicas {

    private Replicas() {
    }

    /**
     * Creates a replica of {@code parent}'s datasets in the new geodatabase {@code childDirectory} and
     * returns the parent's record of it. Cancelled or failed, it leaves nothing behind on either side.
     */
    public static Replica create(Geodatabase parent, Path childDirectory, ReplicaSpec spec, IProgressMonitor monitor)
            throws GeodatabaseException {
        return ReplicaCreator.create(parent, childDirectory, spec, monitor);
    }

    /**
     * Creates a replica of {@code parent}'s datasets in a new geodatabase at {@code childLocation} (see
     * {@link GeodatabaseLocation#parse}): a new or empty directory, or a new schema of a PostgreSQL database. Cancelled or
     * failed, it leaves nothing behind on either side.
     */
    public static Replica create(Geodatabase parent, String childLocation, ReplicaSpec spec, IProgressMonitor monitor)
            throws GeodatabaseException {
        return ReplicaCreator.create(parent, GeodatabaseLocation.parse(childLocation), null, spec, monitor);
    }

    /** As {@link #create(Geodatabase, String, ReplicaSpec, IProgressMonitor)}, with the PostgreSQL password (null: the user's own sources). */
    public static Replica create(Geodatabase parent, GeodatabaseLocation childLocation, String password, ReplicaSpec spec,
            IProgressMonitor monitor) throws GeodatabaseException {
        return ReplicaCreator.create(parent, childLocation, password, spec, monitor);
    }

    /**
     * Whether the side of replica record {@code r} sends changes by its replica type: both sides of a two-way replica, the
     * child of a checkout, the sending side of a one-way replica.
     */
    public static boolean sends(Replica r) {
        return ReplicaRecords.typeAllowsSending(r);
    }

    /** The replicas of a geodatabase, by name. */
    public static List<Replica> list(Geodatabase gdb) throws GeodatabaseException {
        return gdb.inTransaction(g -> new ReplicaStore(g.connection()).all());
    }

    /** The replica called {@code name}; refuses an unknown name with a sentence. */
    public static Replica get(Geodatabase gdb, String name) throws GeodatabaseException {
        return gdb.inTransaction(g -> ReplicaRecords.replica(g, name));
    }

    /**
     * Adds the new dataset {@code name} to {@code gdb} (a feature class with {@code type} and {@code epsg}, or a table when
     * {@code type} is null) and has it join the replicas {@code replicas} of which {@code gdb} is the parent, in one
     * transaction; each child makes the dataset and joins it when it next synchronizes or imports a message of the parent's.
     * Refuses, changing nothing, what {@link Geodatabase#addDataset} refuses and a replica that is unknown, unregistered, or
     * one of which {@code gdb} is the child.
     */
    public static Dataset addDataset(Geodatabase gdb, String name, GeometryType type, int epsg, List<Field> fields, List<String> replicas)
            throws GeodatabaseException {
        return DatasetJoin.addAndJoin(gdb, name, type, epsg, fields, replicas);
    }

    /** Checks what {@link #addDataset} would do with these, refusing with the same sentence, without making anything. */
    public static Dataset checkAddDataset(Geodatabase gdb, String name, GeometryType type, int epsg, List<Field> fields, List<String> replicas)
            throws GeodatabaseException {
        return DatasetJoin.checkAddAndJoin(gdb, name, type, epsg, fields, replicas);
    }

    /** Registers a side-loaded copy of one of {@code parent}'s child geodatabases as replica {@code name}. */
    public static Replica register(Geodatabase parent, Path copyDirectory, String name) throws GeodatabaseException {
        return Registry.register(parent, copyDirectory, name);
    }

    /**
     * Registers a copy that will hold its replica elsewhere, at {@code holderLocation} (a directory's real path on another
     * machine): the sync service registers a client's copy in a directory of its own and sends it back. See
     * {@link #register(Geodatabase, Path, String)}.
     */
    public static Replica register(Geodatabase parent, Path copyDirectory, String name, String holderLocation) throws GeodatabaseException {
        return Registry.register(parent, copyDirectory, name, holderLocation);
    }

    /** Unregisters replica {@code name} of {@code gdb} (for good: it can never be registered again). */
    public static void unregister(Geodatabase gdb, String name) throws GeodatabaseException {
        Registry.unregister(gdb, name);
    }

    /**
     * Declares that {@code gdb} was moved (not copied) to the directory it lies in now: it stays the holder of its replicas
     * there. A child that lies elsewhere than where it was created or registered is otherwise refused by synchronization
     * and message exchange as a possible copy; the directory it was moved from must never be used again.
     */
    public static void relocate(Geodatabase gdb) throws GeodatabaseException {
        Registry.relocate(gdb);
    }

    /**
     * Sets which schema changes of the relative's travel into {@code gdb} for replica {@code name} by themselves: additive
     * ones only, or drops and renames of fields too. A drop or rename travels only when both sides' records allow it, so set
     * it on both (a replica created with a policy starts with it on both). Returns the record.
     */
    public static Replica setSchemaPolicy(Geodatabase gdb, String name, org.geosync.model.SchemaPolicy policy) throws GeodatabaseException {
        if (policy == null) {
            throw new GeodatabaseException("Choose a schema policy: additive or all.");
        }
        return gdb.inTransaction(g -> {
            ReplicaStore store = new ReplicaStore(g.connection());
            Replica r = org.geosync.core.internal.sync.ReplicaRecords.replica(g, name);
            r.setSchemaPolicy(policy);
            store.save(r);
            return r;
        });
    }

    /** Synchronizes replica {@code name} between two reachable geodatabases. */
    public static SyncJob synchronize(Geodatabase first, Geodatabase second, String name, SyncOptions options, IProgressMonitor monitor)
            throws GeodatabaseException {
        return ConnectedSync.run(first, second, name, options, monitor);
    }

    /** Conflicts of replica {@code name} (of all replicas when null); open ones only, or all. */
    public static List<Conflict> conflicts(Geodatabase gdb, String name, boolean openOnly) throws GeodatabaseException {
        return ConflictResolver.list(gdb, name, openOnly);
    }

    /**
     * Resolves open conflicts ({@code ids}, or all when null) of replica {@code name} by taking the
     * database, imported or ancestor values for the fields in conflict, or only {@code field}; this side's
     * edits of fields not in conflict stay. Returns how many are now resolved.
     */
    public static int resolve(Geodatabase gdb, String name, Collection<Long> ids, ConflictResolution take, String field)
            throws GeodatabaseException {
        return ConflictResolver.resolve(gdb, name, ids, take, field, false);
    }

    /**
     * As {@link #resolve(Geodatabase, String, Collection, ConflictResolution, String)}; with {@code wholeRow} every field of
     * an update conflict takes the chosen version, those not in conflict too.
     */
    public static int resolve(Geodatabase gdb, String name, Collection<Long> ids, ConflictResolution take, String field, boolean wholeRow)
            throws GeodatabaseException {
        return ConflictResolver.resolve(gdb, name, ids, take, field, wholeRow);
    }
}
