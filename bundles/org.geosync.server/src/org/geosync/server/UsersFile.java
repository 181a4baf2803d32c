package org.geosync.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The users of the sync service: a private text file (0600), one user a line {@code NAME:ROLE:SALT:HASH}, where HASH is
 * PBKDF2WithHmacSHA256 of the token's secret under SALT (both base64url). A token is {@code NAME.SECRET}, SECRET being 256
 * random bits in base64url; it is printed once by {@link #add} and never stored. The file is re-read when it changes, so a
 * user added while the service runs can sign in at once.
 */
public final class UsersFile {

    /** PBKDF2 iterations. The secret is 256 random bits, so the count guards a stolen file only a little; it bounds the cost of a wrong token. */
    static final int ITERATIONS = 100_000;
    private static final int BITS = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern B64 = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final String HEADER = "# GeoSync users: NAME:ROLE:SALT:HASH, HASH = PBKDF2WithHmacSHA256(token secret, SALT, " + ITERATIONS
            + " iterations, 256 bits), base64url. Keep this file private (0600); add users with 'geosync user add'.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(User user, byte[] salt, byte[] hash) {
    }

    private final Path file;
    private volatile Map<String, Entry> entries = Map.of();
    private volatile FileTime loadedModified;
    private volatile long loadedSize = -1;
    /** SHA-256 of tokens already verified, so a client's repeated requests cost one PBKDF2 only once per file version. */
    private final Map<String, User> verified = new ConcurrentHashMap<>();

    private UsersFile(Path file) {
        this.file = file;
    }

    /** Reads the users file at {@code file}; refuses one that is missing, readable by others, or not in the format above. */
    public static UsersFile load(Path file) throws ServiceException {
        UsersFile users = new UsersFile(file);
        users.reload();
        return users;
    }

    /** The file these users come from. */
    public Path file() {
        return file;
    }

    /** The users, in the file's order. */
    public List<User> users() {
        return entries.values().stream().map(Entry::user).toList();
    }

    /**
     * Adds user {@code name} with {@code role} to {@code file} (created, 0600, when missing) and returns its new token, which
     * exists nowhere else: the file keeps only a salted hash.
     */
    public static String add(Path file, String name, String role) throws ServiceException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ServiceException("A user name is 1 to 64 letters, digits, '_' or '-', starting with a letter or digit; '"
                    + (name == null ? "" : excerpt(name)) + "' is not one.");
        }
        Role r = Role.of(role).orElseThrow(() -> new ServiceException("A user's role is administrator or owner, not '"
                + excerpt(role) + "'."));
        return locked(file, existing -> {
            if (existing.containsKey(name)) {
                throw new ServiceException("User '" + name + "' is already in " + file + "; choose another name.");
            }
            return newToken(existing, name, r);
        });
    }

    /**
     * Gives user {@code name} of {@code file} a new token and returns it (printed once, like {@link #add}'s); the old token stops
     * working at once, also in a service that is running (it re-reads the file when it changes).
     */
    public static String rotate(Path file, String name) throws ServiceException {
        return locked(file, existing -> {
            Entry e = existing.get(name);
            if (e == null) {
                throw new ServiceException("There is no user '" + (name == null ? "" : excerpt(name)) + "' in " + file + ".");
            }
            return newToken(existing, name, e.user().role());
        });
    }

    /** Removes user {@code name} from {@code file}; its token stops working at once. Returns its role. */
    public static Role remove(Path file, String name) throws ServiceException {
        String role = locked(file, existing -> {
            Entry e = existing.remove(name);
            if (e == null) {
                throw new ServiceException("There is no user '" + (name == null ? "" : excerpt(name)) + "' in " + file + ".");
            }
            return e.user().role().literal();
        });
        return Role.of(role).orElseThrow();
    }

    private static String newToken(Map<String, Entry> users, String name, Role role) {
        byte[] secret = new byte[BITS / 8];
        RANDOM.nextBytes(secret);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String secretText = b64(secret);
        users.put(name, new Entry(new User(name, role), salt, hash(secretText, salt)));
        return name + "." + secretText;
    }

    private interface Change {
        String apply(Map<String, Entry> users) throws ServiceException;
    }

    /**
     * Reads the users, changes them and writes them back holding a lock on {@code FILE.lock}, so two commands changing the file
     * at once each see the other's change (neither's is lost).
     */
    private static synchronized String locked(Path file, Change change) throws ServiceException {
        // (synchronized: a file lock is held by the whole process, so threads of one process take turns here first)
        Path lock = file.toAbsolutePath().resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(lock.getParent());
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
                Map<String, Entry> existing = Files.exists(file) ? read(file) : new LinkedHashMap<>();
                String result = change.apply(existing);
                write(file, existing);
                return result;
            }
        } catch (IOException e) {
            throw new ServiceException("Cannot lock the users file " + file + " (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    /** Whether {@code token} was verified before (since the file last changed): checking it again costs no slow hash. */
    public boolean knows(String token) {
        return token != null && token.length() <= 200 && verified.containsKey(sha256(token));
    }

    /** The user whose token this is, or empty: an unknown name, a wrong secret, a malformed token alike. */
    public Optional<User> authenticate(String token) {
        try {
            refresh();
        } catch (ServiceException e) {
            // an unreadable file admits no one until it is repaired
            entries = Map.of();
            verified.clear();
            return Optional.empty();
        }
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String digest = sha256(token);
        User known = verified.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        Entry entry = entries.get(token.substring(0, dot));
        String secret = token.substring(dot + 1);
        if (entry == null || !B64.matcher(secret).matches()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hash(secret, entry.salt()), entry.hash())) {
            return Optional.empty();
        }
        verified.put(digest, entry.user());
        return Optional.of(entry.user());
    }

    private synchronized void refresh() throws ServiceException {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(loadedModified) && size == loadedSize) {
                return;
            }
        } catch (IOException e) {
            throw new ServiceException("Cannot read the users file " + file + ".", e);
        }
        reload();
    }

    private synchronized void reload() throws ServiceException {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            entries = Collections.unmodifiableMap(read(file));
            verified.clear();
            loadedModified = modified;
            loadedSize = size;
        } catch (NoSuchFileException e) {
            throw new ServiceException("The users file " + file + " does not exist; create it with 'geosync user add " + file
                    + " NAME --role administrator'.");
        } catch (IOException e) {
            throw new ServiceException("Cannot read the users file " + file + ".", e);
        }
    }

    private static Map<String, Entry> read(Path file) throws ServiceException {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
                if (p.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                    throw new ServiceException("The users file " + file + " is open to other users of this machine; make it private"
                            + " with 'chmod 600 " + file + "'.");
                }
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(":", -1);
                Optional<Role> role = f.length == 4 ? Role.of(f[1]) : Optional.empty();
                if (f.length != 4 || !NAME.matcher(f[0]).matches() || role.isEmpty() || !B64.matcher(f[2]).matches()
                        || !B64.matcher(f[3]).matches()) {
                    throw new ServiceException("Line " + (i + 1) + " of the users file " + file + " is not NAME:ROLE:SALT:HASH.");
                }
                if (entries.put(f[0], new Entry(new User(f[0], role.get()), unb64(f[2]), unb64(f[3]))) != null) {
                    throw new ServiceException("User '" + f[0] + "' is in the users file " + file + " twice (line " + (i + 1) + ").");
                }
            }
            return entries;
        } catch (IOException e) {
            throw new ServiceException("Cannot read the users file " + file + ".", e);
        }
    }

    /** Writes the users to a private temporary file beside {@code file} and moves it into place, so a reader never sees half. */
    private static void write(Path file, Map<String, Entry> entries) throws ServiceException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Entry e : entries.values()) {
            lines.add(e.user().name() + ":" + e.user().role().literal() + ":" + b64(e.salt()) + ":" + b64(e.hash()));
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
            tmp = posix ? Files.createTempFile(dir, ".users-", ".tmp", PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))) : Files.createTempFile(dir, ".users-", ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new ServiceException("Cannot write the users file " + file + " (" + e.getClass().getSimpleName() + ").", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: the users file itself is unchanged
                }
            }
        }
    }

    private static byte[] hash(String secret, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, ITERATIONS, BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    private static String excerpt(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
