package org.geosync.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which user owns which replica of a served geodatabase: the user who created it through the service. Kept beside the users
 * file ({@code USERS.owners}, private like it), one line {@code GEODATABASE REPLICA_GUID USER} per replica, rewritten whole
 * (atomically) on every change.
 */
final class Owners {

    private final Path file;
    private final Map<String, String> owners = new TreeMap<>();

    private Owners(Path file) {
        this.file = file;
    }

    /** The owners recorded beside {@code usersFile} (none yet: an empty record). */
    static Owners beside(Path usersFile) throws ServiceException {
        Owners o = new Owners(usersFile.resolveSibling(usersFile.getFileName() + ".owners"));
        if (Files.exists(o.file)) {
            try {
                for (String line : Files.readAllLines(o.file, StandardCharsets.UTF_8)) {
                    String[] w = line.strip().split(" ");
                    if (w.length == 3 && !line.startsWith("#")) {
                        o.owners.put(w[0] + " " + w[1], w[2]);
                    }
                }
            } catch (IOException e) {
                throw new ServiceException("Cannot read the replica owners file " + o.file + " (" + e.getMessage() + ").");
            }
        }
        return o;
    }

    /** The user who owns replica {@code guid} of geodatabase {@code gdb}, or null. */
    synchronized String owner(String gdb, String guid) {
        return owners.get(gdb + " " + guid);
    }

    /** Records that {@code user} owns replica {@code guid} of {@code gdb}. */
    synchronized void own(String gdb, String guid, String user) throws ServiceException {
        owners.put(gdb + " " + guid, user);
        save();
    }

    /** Forgets the owner of replica {@code guid} of {@code gdb} (unregistered). */
    synchronized void forget(String gdb, String guid) throws ServiceException {
        if (owners.remove(gdb + " " + guid) != null) {
            save();
        }
    }

    private void save() throws ServiceException {
        List<String> lines = new ArrayList<>(List.of("# GeoSync replica owners: GEODATABASE REPLICA_GUID USER"));
        owners.forEach((k, user) -> lines.add(k + " " + user));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ServiceException("Cannot write the replica owners file " + file + " (" + e.getMessage() + ").");
        }
    }
}
