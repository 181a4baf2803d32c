package org.geosync.core.internal.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.RelationshipClass;

/**
 * The geodatabases whose triggers this program last found to be all GeoSync's own ({@link Catalog#refuseForeignTriggers}),
 * with what that verdict followed from: the triggers' identities ({@link SqlDialect#triggerIdentities}) and the datasets and
 * relationship classes that say which triggers GeoSync makes. Opening such a geodatabase again with the same three needs no
 * reading of its triggers' statements, which was most of the time of opening one of hundreds of datasets (the Catalog opens
 * a geodatabase on every Refresh). A trigger created, dropped or replaced since (by any program) changes the identities, a
 * dataset or relationship class the expectations: the triggers are read again.
 */
final class VerifiedTriggers {

    /** How many geodatabases are remembered, the least recently opened forgotten first. */
    private static final int KEPT = 16;

    private record Verified(byte[] triggers, List<Dataset> datasets, List<RelationshipClass> classes) {
    }

    private static final Map<Path, Verified> VERIFIED = new LinkedHashMap<>(KEPT, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Verified> eldest) {
            return size() > KEPT;
        }
    };

    private VerifiedTriggers() {
    }

    /** Whether the geodatabase in {@code dir} was found to hold only GeoSync's triggers with these very triggers, datasets and classes. */
    static boolean verified(Path dir, String triggers, List<Dataset> datasets, List<RelationshipClass> classes) {
        byte[] digest = digest(triggers);
        Verified v;
        synchronized (VERIFIED) {
            v = VERIFIED.get(dir);
        }
        return v != null && Arrays.equals(v.triggers(), digest) && v.datasets().equals(datasets) && v.classes().equals(classes);
    }

    /** Remembers that the geodatabase in {@code dir} holds only GeoSync's triggers, as they and these datasets and classes are. */
    static void remember(Path dir, String triggers, List<Dataset> datasets, List<RelationshipClass> classes) {
        Verified v = new Verified(digest(triggers), List.copyOf(datasets), List.copyOf(classes));
        synchronized (VERIFIED) {
            VERIFIED.put(dir, v);
        }
    }

    private static byte[] digest(String triggers) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(triggers.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
