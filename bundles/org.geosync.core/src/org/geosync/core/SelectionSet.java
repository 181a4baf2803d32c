package org.geosync.core;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A selection set as an administrator types or pastes it: ObjectIDs and GlobalIDs of the rows of one
 * dataset to replicate (separated by commas, semicolons, spaces or new lines; a GlobalID may carry
 * ArcGIS's braces). {@link #resolve} turns it into the ObjectIDs {@link ReplicaSpec.DatasetSpec} takes
 * and names every ID that matches no row, so nothing unknown is silently dropped.
 */
public final class SelectionSet {

    /** IDs looked up per statement (Derby compiles one statement per IN-list length). */
    private static final int CHUNK = 200;

    private final Set<Long> objectIds;
    private final Set<String> globalIds;

    private SelectionSet(Set<Long> objectIds, Set<String> globalIds) {
        this.objectIds = Collections.unmodifiableSet(objectIds);
        this.globalIds = Collections.unmodifiableSet(globalIds);
    }

    /** The IDs in {@code text} (blank: none); refuses a word that is neither an ObjectID nor a GlobalID. */
    public static SelectionSet parse(String text) throws GeodatabaseException {
        Set<Long> oids = new LinkedHashSet<>();
        Set<String> gids = new LinkedHashSet<>();
        for (String token : (text == null ? "" : text).split("[\\s,;]+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.chars().allMatch(Character::isDigit)) {
                long oid;
                try {
                    oid = Long.parseLong(token);
                } catch (NumberFormatException e) {
                    throw new GeodatabaseException("ObjectID " + token + " is too large.");
                }
                if (oid < 1) {
                    throw new GeodatabaseException("ObjectID " + token + " is not valid; ObjectIDs start at 1.");
                }
                oids.add(oid);
                continue;
            }
            String gid = globalId(token);
            if (gid == null) {
                throw new GeodatabaseException("'" + token + "' is neither an ObjectID (a whole number) nor a GlobalID "
                        + "(a UUID such as 123e4567-e89b-12d3-a456-426614174000).");
            }
            gids.add(gid);
        }
        return new SelectionSet(oids, gids);
    }

    /** A GlobalID in GeoSync's form (lower case, no braces), or null when {@code token} is none. */
    private static String globalId(String token) {
        String t = token.startsWith("{") && token.endsWith("}") ? token.substring(1, token.length() - 1) : token;
        if (t.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(t).toString().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The ObjectIDs given, in the order typed, without repeats. */
    public List<Long> objectIds() {
        return List.copyOf(objectIds);
    }

    /** The GlobalIDs given (lower case, no braces), in the order typed, without repeats. */
    public List<String> globalIds() {
        return List.copyOf(globalIds);
    }

    /** Whether no ID was given (the dataset then replicates every row its other filters let through). */
    public boolean isEmpty() {
        return objectIds.isEmpty() && globalIds.isEmpty();
    }

    /** How many distinct IDs were given. */
    public int size() {
        return objectIds.size() + globalIds.size();
    }

    /**
     * Looks the IDs up in {@code dataset} of {@code gdb}: the ObjectIDs of the rows they name (sorted,
     * each once) and the IDs naming no row.
     */
    public Resolved resolve(Geodatabase gdb, String dataset) throws GeodatabaseException {
        Dataset d = gdb.dataset(dataset);
        return gdb.inTransaction(g -> {
            Set<Long> found = new TreeSet<>();
            List<String> unknown = new ArrayList<>();
            List<Long> oids = List.copyOf(objectIds);
            for (int from = 0; from < oids.size(); from += CHUNK) {
                List<Long> chunk = oids.subList(from, Math.min(oids.size(), from + CHUNK));
                Set<Long> hit = new java.util.HashSet<>();
                try (PreparedStatement s = g.connection().prepareStatement(
                        "SELECT OBJECTID FROM " + d.name() + " WHERE OBJECTID IN (" + marks(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setLong(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            hit.add(rs.getLong(1));
                        }
                    }
                }
                for (Long oid : chunk) {
                    if (!hit.contains(oid)) {
                        unknown.add("ObjectID " + oid);
                    }
                }
                found.addAll(hit);
            }
            List<String> gids = List.copyOf(globalIds);
            for (int from = 0; from < gids.size(); from += CHUNK) {
                List<String> chunk = gids.subList(from, Math.min(gids.size(), from + CHUNK));
                java.util.Map<String, Long> hit = new java.util.HashMap<>();
                try (PreparedStatement s = g.connection().prepareStatement(
                        "SELECT GLOBALID, OBJECTID FROM " + d.name() + " WHERE GLOBALID IN (" + marks(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            hit.put(rs.getString(1).trim(), rs.getLong(2));
                        }
                    }
                }
                for (String gid : chunk) {
                    Long oid = hit.get(gid);
                    if (oid == null) {
                        unknown.add("GlobalID " + gid);
                    } else {
                        found.add(oid);
                    }
                }
            }
            return new Resolved(d.name(), List.copyOf(found), List.copyOf(unknown));
        });
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /**
     * A selection set looked up in its dataset.
     *
     * @param dataset   the dataset's name
     * @param objectIds the ObjectIDs of the rows found, sorted
     * @param unknown   the IDs that name no row ("ObjectID 12", "GlobalID ..."), in the order typed
     */
    public record Resolved(String dataset, List<Long> objectIds, List<String> unknown) {

        /** Why the selection cannot be used (its unknown IDs named, at most ten), or null when every ID names a row. */
        public String problem() {
            if (unknown.isEmpty()) {
                return null;
            }
            List<String> shown = unknown.size() > 10 ? unknown.subList(0, 10) : unknown;
            String more = unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : "";
            return dataset + " has no row with " + String.join(", ", shown) + more + "; correct or remove "
                    + (unknown.size() == 1 ? "it." : "them.");
        }
    }
}
