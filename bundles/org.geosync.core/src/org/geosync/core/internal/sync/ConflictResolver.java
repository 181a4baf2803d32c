package org.geosync.core.internal.sync;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictFieldValue;
import org.geosync.model.ConflictKind;
import org.geosync.model.ConflictResolution;
import org.geosync.model.ConflictStatus;
import org.geosync.model.Replica;

/**
 * Lists and resolves the conflicts a manual reconcile stored. Resolving writes the chosen values as a
 * local edit, so the next synchronization or export carries the decision to the relative replica;
 * resolving the last open conflict clears the replica's in-conflict state.
 */
public final class ConflictResolver {

    private ConflictResolver() {
    }

    /** Conflicts of replica {@code name} (all replicas when null), open ones only or all. */
    public static List<Conflict> list(Geodatabase gdb, String name, boolean openOnly) throws GeodatabaseException {
        return gdb.inTransaction(g -> {
            ReplicaStore store = new ReplicaStore(g.connection());
            List<Conflict> result = new ArrayList<>();
            List<Replica> replicas = name == null ? store.all() : List.of(ReplicaRecords.replica(g, name));
            for (Replica r : replicas) {
                result.addAll(store.conflicts(r.getGuid(), openOnly));
            }
            return result;
        });
    }

    /**
     * Resolves the open conflicts {@code ids} (all when null) of replica {@code name} by taking the
     * database, imported or ancestor values, for every conflicting field (every field with {@code wholeRow}) or only {@code field}.
     * Returns the number of conflicts now resolved.
     */
    public static int resolve(Geodatabase gdb, String name, Collection<Long> ids, ConflictResolution take, String field, boolean wholeRow)
            throws GeodatabaseException {
        if (take == null || take == ConflictResolution.NONE || take == ConflictResolution.MIXED) {
            throw new GeodatabaseException("Choose which version to take: database, imported or ancestor.");
        }
        return gdb.inTransaction(g -> {
            ReplicaStore store = new ReplicaStore(g.connection());
            Replica replica = ReplicaRecords.replica(g, name);
            List<Conflict> open = store.conflicts(replica.getGuid(), true);
            List<Conflict> chosen = new ArrayList<>();
            if (ids == null) {
                chosen.addAll(open);
            } else {
                for (Long id : ids) {
                    Conflict c = open.stream().filter(x -> x.getId() == id).findFirst().orElseThrow(() -> new GeodatabaseException(
                            "Replica " + name + " has no open conflict " + id + "; 'geosync conflicts list " + g.location() + " --replica "
                                    + name + "' lists them."));
                    chosen.add(c);
                }
            }
            int resolved = 0;
            for (Conflict c : chosen) {
                if (resolve(g, c, replica.getRelativeReplicaGuid(), take, field, wholeRow)) {
                    resolved++;
                }
                store.updateConflict(c);
            }
            if (store.openConflicts(replica.getGuid()) == 0 && replica.isInConflict()) {
                replica.setInConflict(false);
                store.save(replica);
            }
            return resolved;
        });
    }

    private static boolean resolve(Geodatabase g, Conflict c, String relative, ConflictResolution take, String field, boolean wholeRow)
            throws GeodatabaseException, SQLException {
        Dataset d = g.dataset(c.getDatasetName());
        RowStore rows = new RowStore(g, d);
        String gid = c.getGlobalId();
        if (field != null) {
            ConflictFieldValue v = c.getFieldValues().stream().filter(x -> x.getFieldName().equalsIgnoreCase(field)).findFirst()
                    .orElseThrow(() -> new GeodatabaseException("Conflict " + c.getId() + " has no field " + field + "."));
            if (c.getKind() != ConflictKind.UPDATE_UPDATE) {
                throw new GeodatabaseException("Conflict " + c.getId() + " is an " + c.getKind().getLiteral()
                        + " conflict: resolve the whole row (leave out --field).");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put(v.getFieldName(), Values.parse(d, v.getFieldName(), pick(v, take)));
            rows.update(gid, values, values.keySet());
            v.setConflicting(false);
            rows.markResolved(gid, null); // a reviewer's resolution is an edit of the row, for every relative
            rows.decided(gid, relative, relativesValues(d, List.of(v)));
            if (c.getFieldValues().stream().anyMatch(ConflictFieldValue::isConflicting)) {
                return false;
            }
            close(c, outcome(d, rows.current(gid), c, take));
            return true;
        }
        Map<String, Object> current = rows.current(gid);
        boolean rowWanted = switch (take) {
            // a row this side deleted and another replica's edit brought back since: this side's version is now that row
            case TAKE_DATABASE -> c.getKind() != ConflictKind.DELETE_UPDATE || current != null;
            case TAKE_IMPORTED -> c.getKind() != ConflictKind.UPDATE_DELETE;
            default -> c.getFieldValues().stream().anyMatch(v -> v.getAncestorValue() != null);
        };
        if (c.getKind() != ConflictKind.DELETE_UPDATE && current == null) {
            // the row was deleted here since the conflict was stored (an edit of another replica, taken later): the
            // resolution settles a row that is gone, and brings back no old version of it
            rowWanted = false;
        }
        if (!rowWanted) {
            if (current != null) {
                rows.delete(gid);
            }
        } else {
            Map<String, String> texts = new LinkedHashMap<>();
            // an update conflict settles the fields in conflict: this side's edits of other fields are not undone
            boolean onlyConflicting = !wholeRow && current != null && c.getKind() == ConflictKind.UPDATE_UPDATE;
            for (ConflictFieldValue v : c.getFieldValues()) {
                if (onlyConflicting && !v.isConflicting()) {
                    continue;
                }
                texts.put(v.getFieldName(), take == ConflictResolution.TAKE_DATABASE && current != null
                        ? Values.text(current.get(v.getFieldName())) : pick(v, take));
            }
            Map<String, Object> values = Values.parseRow(d, texts);
            if (current == null) {
                values.put("GLOBALID", gid);
                rows.insert(values);
            } else {
                // written even when nothing differs: the edit carries this decision to the relative
                rows.update(gid, values, values.keySet());
            }
        }
        rows.markResolved(gid, null);
        if (c.getKind() == ConflictKind.UPDATE_UPDATE && rowWanted) {
            rows.decided(gid, relative, relativesValues(d, c.getFieldValues().stream()
                    .filter(v -> wholeRow || current == null || v.isConflicting()).toList()));
        } else if (c.getKind() == ConflictKind.UPDATE_DELETE && rowWanted) {
            rows.decidedAgainstDelete(gid, relative); // the relative holds no row: nothing of this one is common with it
        } else if (c.getKind() == ConflictKind.DELETE_UPDATE && take == ConflictResolution.TAKE_IMPORTED) {
            // the relative's row brought back whole: the relative holds every field of it, so its later edits are later versions
            rows.decided(gid, relative, relativesValues(d, c.getFieldValues()));
        } else if (c.getKind() == ConflictKind.DELETE_UPDATE && rowWanted) {
            // this side's version is a row another replica brought back since the delete: kept against the relative's update,
            // which the relative holds, so its later edit of a field meets this decision (a conflict), and its sending the
            // update again is no change
            rows.decided(gid, relative, relativesValues(d, c.getFieldValues()));
        }
        for (ConflictFieldValue v : c.getFieldValues()) {
            v.setConflicting(false);
        }
        close(c, take);
        return true;
    }

    /**
     * The relative's values of the fields a resolution settled ({@code fields}). The relative holds them whichever version was
     * taken: taken, they are what both sides now hold (a later edit of the relative's is no conflict, and a field the
     * resolution left as the relative had it is no edit here, even where this side believed the relative held its own older
     * edit, as after a manual synchronization in which the relative kept its row); decided against, the relative sending
     * them again is no change.
     */
    private static Map<String, Object> relativesValues(Dataset d, List<ConflictFieldValue> fields)
            throws GeodatabaseException {
        Map<String, Object> theirs = new LinkedHashMap<>();
        for (ConflictFieldValue v : fields) {
            theirs.put(v.getFieldName(), Values.parse(d, v.getFieldName(), v.getImportedValue()));
        }
        return theirs;
    }

    /** Which version the row now holds field by field: one of them throughout, or a mix. */
    private static ConflictResolution outcome(Dataset d, Map<String, Object> row, Conflict c, ConflictResolution last) {
        for (ConflictResolution candidate : new ConflictResolution[] { last, ConflictResolution.TAKE_DATABASE, ConflictResolution.TAKE_IMPORTED,
                ConflictResolution.TAKE_ANCESTOR }) {
            boolean all = true;
            for (ConflictFieldValue v : c.getFieldValues()) {
                String now = row == null ? null : Values.text(row.get(v.getFieldName()));
                if (!java.util.Objects.equals(now, pick(v, candidate))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return candidate;
            }
        }
        return ConflictResolution.MIXED;
    }

    private static String pick(ConflictFieldValue v, ConflictResolution take) {
        return switch (take) {
            case TAKE_IMPORTED -> v.getImportedValue();
            case TAKE_ANCESTOR -> v.getAncestorValue();
            default -> v.getDatabaseValue();
        };
    }

    private static void close(Conflict c, ConflictResolution how) {
        c.setStatus(ConflictStatus.RESOLVED);
        c.setResolution(how);
        c.setResolvedAt(new Date());
    }
}
