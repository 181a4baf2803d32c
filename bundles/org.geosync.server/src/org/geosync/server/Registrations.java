package org.geosync.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The copies the service registered whose client may not have them back yet (registerReplica): per served geodatabase and
 * replica, the registered copy as it was sent, with the fingerprint of the upload it was made from and the user who asked.
 * A client whose answer was lost sends the same copy again and gets the same registered copy, so no second replica is made;
 * once the replica sends its first message the client holds it, and the kept copy is removed (also on unregistering). Kept
 * beside the users file ({@code USERS.registrations/}, private like it).
 */
final class Registrations {

    /** What was registered from an upload: its fingerprint, the user, and the new replica's GUID. */
    record Kept(String fingerprint, String user, String guid) {
    }

    private final Path dir;

    private Registrations(Path dir) {
        this.dir = dir;
    }

    /** The registrations kept beside {@code usersFile}. */
    static Registrations beside(Path usersFile) {
        return new Registrations(usersFile.resolveSibling(usersFile.getFileName() + ".registrations"));
    }

    /** What was kept of the registration of {@code replica} in {@code gdb}, if its copy may not have reached its client. */
    synchronized Optional<Kept> kept(String gdb, String replica) throws ServiceException {
        Path meta = file(gdb, replica, ".meta");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
            return lines.size() == 3 ? Optional.of(new Kept(lines.get(0), lines.get(1), lines.get(2))) : Optional.empty();
        } catch (IOException e) {
            throw new ServiceException("Cannot read " + meta + " (" + e.getMessage() + ").");
        }
    }

    /** Keeps the registered copy {@code zip} (moved here) of {@code replica}, made from an upload with {@code kept}'s fingerprint. */
    synchronized void keep(String gdb, String replica, Kept kept, Path zip) throws ServiceException {
        try {
            Path home = dir.resolve(gdb);
            if (!Files.exists(dir)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                }
            }
            Files.createDirectories(home);
            Files.move(zip, file(gdb, replica, ".zip"), StandardCopyOption.REPLACE_EXISTING);
            Path tmp = file(gdb, replica, ".meta.tmp");
            Files.write(tmp, List.of(kept.fingerprint(), kept.user(), kept.guid()), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file(gdb, replica, ".meta"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(gdb, replica, ".meta"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ServiceException("Cannot keep the registered copy of " + replica + " under " + dir + " (" + e.getMessage() + ").");
        }
    }

    /** A temporary copy of the kept registered copy of {@code replica}, to send again. */
    synchronized Path sendAgain(String gdb, String replica) throws ServiceException {
        try {
            Path out = Files.createTempFile("geosync-registered-", ".zip");
            Files.copy(file(gdb, replica, ".zip"), out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new ServiceException("Cannot read the kept registered copy of " + replica + " (" + e.getMessage() + ").");
        }
    }

    /** Forgets the kept copy of {@code replica} (its client holds it, or it was unregistered). */
    synchronized void forget(String gdb, String replica) {
        for (String ext : new String[] { ".meta", ".zip" }) {
            ReplicaEndpoints.deleteQuietly(file(gdb, replica, ext));
        }
    }

    private Path file(String gdb, String replica, String ext) {
        return dir.resolve(gdb).resolve(replica + ext); // both names are plain (checked in the path)
    }
}
