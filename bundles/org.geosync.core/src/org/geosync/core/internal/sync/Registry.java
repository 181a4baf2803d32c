package org.geosync.core.internal.sync;

import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaDataset;
import org.geosync.model.ReplicaRole;

/**
 * Registering side-loaded copies of a child geodatabase as replicas of their own, and unregistering
 * replicas (the registration rules): an unregistered replica can never be registered again, and copies of an
 * unregistered original cannot register.
 */
public final class Registry {

    private Registry() {
    }

    /** Registers the copy in {@code copyDir} of a child of {@code parent} as replica {@code name}; returns the parent's new record. */
    public static Replica register(Geodatabase parent, Path copyDir, String name) throws GeodatabaseException {
        return register(parent, copyDir, name, null);
    }

    /**
     * Registers the copy in {@code copyDir} as replica {@code name}, for a copy that will be the holder of its replica at
     * {@code holder} (a directory's real path on another machine: the sync service registers a client's copy in a directory of
     * its own and sends it back); null: where it lies. The copy's point is the one noted for {@code holder} when it was opened
     * there, else the one noted where it lies now.
     */
    public static Replica register(Geodatabase parent, Path copyDir, String name, String holder) throws GeodatabaseException {
        String nameProblem = org.geosync.core.ReplicaSpec.nameProblem(name);
        if (nameProblem != null) {
            throw new GeodatabaseException(nameProblem);
        }
        try (Geodatabase copy = Geodatabase.open(copyDir)) {
            if (copy.guid().equals(parent.guid())) {
                throw new GeodatabaseException(copy.location() + " is the parent geodatabase itself (or a copy of it), not a copy of one of its replicas.");
            }
            Replica original = copy.inTransaction(c -> {
                List<Replica> children = new ReplicaStore(c.connection()).all().stream()
                        .filter(r -> r.getRole() == ReplicaRole.CHILD && parent.guid().equals(r.getRelativeReplicaGuid())).toList();
                if (children.size() != 1) {
                    throw new GeodatabaseException(copy.location() + " is not a copy of a replica of " + parent.location()
                            + (children.isEmpty() ? ": it holds no child replica of that geodatabase." : ": it holds several of its replicas."));
                }
                return children.get(0);
            });
            // the copy's generations up to here are the original's (noted on its first open here, see ReplicaStore#noteCopyPoint)
            long sharedUpTo = copy.inTransaction(c -> {
                ReplicaStore store = new ReplicaStore(c.connection());
                // a copy opened where it will hold its replica noted its point there; one never opened there was copied as it is
                java.util.Optional<Long> there = holder == null ? java.util.Optional.empty() : store.copyPoint(holder);
                return there.isPresent() ? there.get() : store.copyPoint(c.holderLocation()).orElse(-1L);
            });
            String newGuid = UUID.randomUUID().toString();
            String keyRef = "key:" + newGuid;
            byte[] secret = ReplicaStore.newSecret();
            Replica parentSide = parent.inTransaction(p -> {
                ReplicaStore store = new ReplicaStore(p.connection());
                if (original.isUnregistered() || store.isUnregistered(original.getGuid())) {
                    throw new GeodatabaseException("Replica " + original.getName() + " in " + copy.location() + " was unregistered; an"
                            + " unregistered replica and copies of it can never be registered again: create a new replica instead.");
                }
                Replica from = store.findByGuid(original.getGuid()).orElseThrow(() -> new GeodatabaseException(parent.location()
                        + " has no replica with GUID " + original.getGuid() + " (" + original.getName()
                        + "), so it cannot register a copy of it."));
                if (store.find(name).isPresent()) {
                    throw new GeodatabaseException("A replica named " + name + " already exists in " + parent.location() + "; choose another name.");
                }
                Replica r = EcoreUtil.copy(from);
                registered(r, name, newGuid, new Date(), original, keyRef);
                r.setInConflict(false);
                // the copy holds the parent's generations up to what the original had received when it was copied
                for (ReplicaDataset rd : r.getDatasets()) {
                    ReplicaDataset mine = ReplicaRecords.dataset(original, rd.getDatasetName());
                    long received = mine == null ? 0 : mine.getSibGeneration();
                    rd.setMyGeneration(received);
                    rd.setSibMyGeneration(received);
                    rd.setSibGeneration(mine == null ? 0 : mine.getSibMyGeneration());
                }
                r.setMyGeneration(0);
                r.setSibMyGeneration(0);
                r.setSibGeneration(0);
                Generations.rollUp(r);
                refuseWhatWasForgotten(parent, store, copy, original, r);
                return r;
            });
            String recorded = copy.inTransaction(c -> new ReplicaStore(c.connection()).location().orElse(null));
            if ((holder != null ? holder : copy.holderLocation()).equals(recorded)) {
                throw new GeodatabaseException(copy.location() + " holds replica " + original.getName() + " itself, where it was created"
                        + " or last registered, not a copy of it: only a copy carried elsewhere is registered (a replica moved to"
                        + " another directory is relocated with 'geosync replica relocate'; a copy on another machine that lies at the"
                        + " same path as the replica registers from another directory).");
            }
            refuseUnsentEdits(parent, copy, original, sharedUpTo < 0 ? Long.MAX_VALUE : sharedUpTo);
            Map<String, Map<String, RowStore.HeldByCopy>> held = sharedUpTo < 0 ? Map.of() : heldByCopy(parent, copy, original, sharedUpTo);
            String copyGuid = copy.assignNewGuid();
            parentSide.setRelativeReplicaGuid(copyGuid);
            parentSide.setRelativeReplicaLocation(copy.location().toString());
            copy.inTransaction(c -> {
                ReplicaStore store = new ReplicaStore(c.connection());
                Replica r = store.findByGuid(original.getGuid()).orElseThrow();
                store.delete(r);
                registered(r, name, newGuid, parentSide.getCreated(), original, keyRef);
                if (sharedUpTo >= 0) {
                    // its generations up to the copy point were the original's to send: the parent may hold them through it
                    for (ReplicaDataset rd : r.getDatasets()) {
                        rd.setMyGeneration(Math.max(rd.getMyGeneration(), sharedUpTo));
                    }
                    Generations.rollUp(r);
                }
                store.putKey(keyRef, secret);
                store.save(r);
                store.setLocation(holder != null ? holder : c.holderLocation()); // the copy is the holder of its own replica where it lies
                return null;
            });
            return parent.inTransaction(p -> {
                ReplicaStore store = new ReplicaStore(p.connection());
                store.putKey(keyRef, secret);
                store.save(parentSide);
                if (sharedUpTo >= 0) {
                    // decisions made here with the original from now on concern its later edits, not what the copy holds: the
                    // generation they count up to is closed, so they get later ones (see Peers)
                    long registeredIn = p.generation();
                    p.markSynchronized();
                    store.setCopyOrigin(newGuid, original.getGuid(), sharedUpTo, registeredIn);
                }
                String origin = store.findByGuid(original.getGuid()).orElseThrow().getRelativeReplicaGuid();
                for (Map.Entry<String, Map<String, RowStore.HeldByCopy>> e : held.entrySet()) {
                    RowStore rows = new RowStore(p, p.dataset(e.getKey()));
                    for (Map.Entry<String, RowStore.HeldByCopy> row : e.getValue().entrySet()) {
                        rows.heldByCopy(newGuid, row.getKey(), copyGuid, origin, row.getValue());
                    }
                }
                return parentSide;
            });
        }
    }

    /**
     * What the copy held at its copy point of each row its original changed that the parent received from the original
     * after what the copy holds of the parent, or may still receive from it (changed in the original's generations the
     * parent had not received, up to the copy point): by dataset and GlobalID, the row's values (null: no row) and its last
     * change up to the copy point (its origin is filled in by the caller). The parent
     * counts such a change received from the original as common with the copy when it brought the row to what the copy
     * held (see RowStore#common), so the copy's later edits of the row build on it there as they do on the copy.
     */
    private static Map<String, Map<String, RowStore.HeldByCopy>> heldByCopy(Geodatabase parent, Geodatabase copy, Replica original,
            long copyPoint) throws GeodatabaseException {
        record Wanted(Set<String> rows, long since) {
        }
        Map<String, Wanted> wanted = parent.inTransaction(p -> {
            Map<String, Wanted> result = new LinkedHashMap<>();
            Replica from = new ReplicaStore(p.connection()).findByGuid(original.getGuid()).orElse(null);
            if (from == null) {
                return result;
            }
            for (ReplicaDataset rd : from.getDatasets()) {
                String name = rd.getDatasetName().toUpperCase(Locale.ROOT);
                ReplicaDataset mine = ReplicaRecords.dataset(original, rd.getDatasetName());
                long heldOfParent = mine == null ? 0 : mine.getSibGeneration();
                Set<String> rows = new RowStore(p, p.dataset(name)).changedRows(heldOfParent, Long.MAX_VALUE, from.getRelativeReplicaGuid());
                result.put(name, new Wanted(rows, Math.min(rd.getSibGeneration(), copyPoint)));
            }
            return result;
        });
        return copy.inTransaction(c -> {
            Map<String, Map<String, RowStore.HeldByCopy>> result = new LinkedHashMap<>();
            for (Map.Entry<String, Wanted> e : wanted.entrySet()) {
                RowStore rows = new RowStore(c, c.dataset(e.getKey()));
                Set<String> gids = new TreeSet<>(e.getValue().rows());
                gids.addAll(rows.changedRows(e.getValue().since(), copyPoint, null));
                Map<String, RowStore.HeldByCopy> states = new LinkedHashMap<>();
                for (String gid : gids) {
                    states.put(gid, new RowStore.HeldByCopy(null, rows.stateAt(gid, copyPoint).values(), rows.lastChange(gid, copyPoint)));
                }
                result.put(e.getKey(), states);
            }
            return result;
        });
    }

    /**
     * Refuses to register a copy holding edits of the original's that the parent has not received from the original: both
     * would send them, as two replicas' edits of the same rows, and the parent would judge the same edit twice, once against
     * each; so is a copy of an original the parent holds open conflicts with. Once the original has synchronized (or its
     * message was imported) and the parent decided its conflicts, every edit the copy holds up to its copy point is one the
     * parent has decided on, and the copy registers.
     */
    private static void refuseUnsentEdits(Geodatabase parent, Geodatabase copy, Replica original, long copyPoint) throws GeodatabaseException {
        Map<String, Long> received = parent.inTransaction(p -> {
            Map<String, Long> result = new LinkedHashMap<>();
            ReplicaStore store = new ReplicaStore(p.connection());
            Replica from = store.findByGuid(original.getGuid()).orElseThrow();
            if (store.openConflicts(from.getGuid()) > 0) {
                throw new GeodatabaseException("The copy in " + copy.location() + " cannot be registered yet: " + parent.location()
                        + " has open conflicts with replica " + original.getName() + ", whose edits the copy holds. Resolve them first"
                        + " ('geosync conflicts resolve'), then register the copy.");
            }
            for (ReplicaDataset rd : from.getDatasets()) {
                result.put(rd.getDatasetName().toUpperCase(Locale.ROOT), rd.getSibGeneration());
            }
            return result;
        });
        String unsent = copy.inTransaction(c -> {
            for (Map.Entry<String, Long> e : received.entrySet()) {
                if (new RowStore(c, c.dataset(e.getKey())).hasOwnChange(e.getValue(), copyPoint, parent.guid())) {
                    return e.getKey();
                }
            }
            return null;
        });
        if (unsent != null) {
            throw new GeodatabaseException("The copy in " + copy.location() + " cannot be registered yet: it holds edits of replica "
                    + original.getName() + " (in " + unsent + ") that " + parent.location() + " has not received from it, and the copy"
                    + " would send them again as edits of its own. Synchronize " + original.getName() + " with " + parent.location()
                    + " first (or import its data change message there), then register a copy taken since.");
        }
    }

    /**
     * Refuses to register a copy that would start from a generation of the parent's the parent no longer has the changes
     * after: the copy holds the parent's changes up to what the original had received when it was copied, and the parent
     * forgets (prunes) its change log once every replica acknowledged it, so changes the original received later may be gone.
     */
    private static void refuseWhatWasForgotten(Geodatabase parent, ReplicaStore store, Geodatabase copy, Replica original, Replica r)
            throws GeodatabaseException, java.sql.SQLException {
        long pruned = store.pruned();
        for (ReplicaDataset rd : r.getDatasets()) {
            if (rd.getMyGeneration() < pruned) {
                throw new GeodatabaseException("The copy in " + copy.location() + " cannot be registered: it holds the changes of "
                        + parent.location() + " only up to generation " + rd.getMyGeneration() + " (" + rd.getDatasetName() + "), and "
                        + parent.location() + " has since forgotten its changes up to generation " + pruned + " because replica "
                        + original.getName() + " acknowledged them, so the copy would never receive them; create a new replica for it"
                        + " instead ('geosync replica create').");
            }
        }
    }

    /**
     * A child that unregistered its replica on its own is refused by every synchronization; before refusing, the parent
     * records the unregistration too (a transaction of its own), so that neither the replica nor an older copy of its
     * child can be registered afterwards. Does nothing when neither side's record of {@code name} is unregistered.
     */
    static void learnUnregistration(Geodatabase first, Geodatabase second, String name) throws GeodatabaseException {
        Replica one = first.inTransaction(g -> new ReplicaStore(g.connection()).find(name).orElse(null));
        if (one == null) {
            return;
        }
        Replica two = second.inTransaction(g -> new ReplicaStore(g.connection()).findByGuid(one.getGuid()).orElse(null));
        if (two == null || one.getRole() == two.getRole()) {
            return;
        }
        Geodatabase parent = one.getRole() == ReplicaRole.PARENT ? first : second;
        Geodatabase child = parent == first ? second : first;
        Replica parentSide = parent == first ? one : two;
        Replica childSide = parent == first ? two : one;
        if (!childSide.isUnregistered() || parentSide.isUnregistered()) {
            return;
        }
        parent.inTransaction(p -> {
            ReplicaStore store = new ReplicaStore(p.connection());
            java.util.Optional<Replica> record = store.findByGuid(parentSide.getGuid());
            if (record.isPresent()) {
                store.remove(record.get());
            }
            return null;
        });
        throw new GeodatabaseException("Replica " + childSide.getName() + " was unregistered in " + child.location()
                + " and can no longer be synchronized; " + parent.location() + " now records it as unregistered too, so neither it nor"
                + " copies of it can be registered again.");
    }

    /**
     * On the parent, before an exchange with a registered copy: what the parent received from the original up to the
     * generation the copy was made at, it holds of the copy too (the copy's history up to there is the original's), so the
     * copy does not send it again as edits of its own, which would undo the decisions the parent made on them.
     */
    public static void catchUp(ReplicaStore store, Replica parentSide) throws java.sql.SQLException, GeodatabaseException {
        if (parentSide.getRole() != ReplicaRole.PARENT || parentSide.getRegisteredFromGuid() == null) {
            return;
        }
        for (ReplicaDataset rd : parentSide.getDatasets()) {
            rd.setSibGeneration(received(store, parentSide, rd.getDatasetName()));
        }
        Generations.rollUp(parentSide);
    }

    /**
     * On the parent, the last of a replica's generations of {@code dataset} it holds: what it received from the replica, and,
     * for a registered copy, what it received from the original up to the generation the copy was made at.
     */
    static long received(ReplicaStore store, Replica parentSide, String dataset) throws java.sql.SQLException, GeodatabaseException {
        ReplicaDataset rd = ReplicaRecords.dataset(parentSide, dataset);
        long received = rd == null ? 0 : rd.getSibGeneration();
        if (parentSide.getRole() != ReplicaRole.PARENT || parentSide.getRegisteredFromGuid() == null) {
            return received;
        }
        java.util.Optional<ReplicaStore.CopyOrigin> origin = store.copyOrigin(parentSide.getGuid());
        java.util.Optional<Replica> original = origin.isEmpty() ? java.util.Optional.empty() : store.findByGuid(origin.get().originalGuid());
        ReplicaDataset od = original.isEmpty() ? null : ReplicaRecords.dataset(original.get(), dataset);
        return od == null ? received : Math.max(received, Math.min(od.getSibGeneration(), origin.get().sharedUpTo()));
    }

    /** See {@link org.geosync.core.Replicas#relocate}. */
    public static void relocate(Geodatabase gdb) throws GeodatabaseException {
        gdb.inTransaction(g -> {
            new ReplicaStore(g.connection()).setLocation(g.holderLocation());
            return null;
        });
    }

    /** Makes {@code r} (a copy of the original's record on either side) the record of the newly registered replica. */
    private static void registered(Replica r, String name, String guid, Date created, Replica original, String keyRef) {
        r.setName(name);
        r.setGuid(guid);
        r.setCreated(created);
        r.setLastSync(null);
        r.setRegisteredFromGuid(original.getGuid());
        r.setRegisteredFromName(original.getName());
        r.setMessageKeyRef(keyRef);
        r.setRelativeReplicaName(name);
        r.getMessages().clear();
        r.getSyncJobs().clear();
    }

    /**
     * Unregisters replica {@code name} in {@code gdb}: on the parent its record is removed; on a child
     * the record is kept, marked unregistered, so neither it nor copies of it can register or sync again.
     */
    public static void unregister(Geodatabase gdb, String name) throws GeodatabaseException {
        gdb.inTransaction(g -> {
            ReplicaStore store = new ReplicaStore(g.connection());
            Replica r = ReplicaRecords.replica(g, name);
            if (r.getRole() == ReplicaRole.PARENT) {
                store.remove(r);
            } else {
                if (r.isUnregistered()) {
                    throw new GeodatabaseException("Replica " + name + " in " + g.location() + " is already unregistered.");
                }
                r.setUnregistered(true);
                store.save(r);
                store.markUnregistered(r.getGuid(), r.getName());
            }
            return null;
        });
    }

}
