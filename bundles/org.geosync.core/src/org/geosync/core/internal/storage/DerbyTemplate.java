package org.geosync.core.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import org.geosync.core.GeodatabaseException;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * New Derby geodatabases made by copying an empty one. Making a Derby database writes Derby's own catalogs and then
 * GeoSync's, some 400 files synced one by one and half a second of work before the first dataset; a copy of an empty
 * geodatabase made once by this same build of GeoSync and Derby is the same files, written in a few milliseconds and synced
 * once each. The copy then gets its own identity (a new GUID and its location) in its first transaction, exactly as a
 * geodatabase made from nothing, and its catalog is checked as on every open, so a template is never more than an empty
 * geodatabase of this version.
 * <p>
 * Templates live in the user's cache ({@code $XDG_CACHE_HOME/geosync/templates} or {@code ~/.cache/geosync/templates};
 * the system property {@code geosync.template.dir} names another folder, and {@code none} turns templates off), one per
 * build of the engine and Derby version, made on the first creation that finds none. Whatever goes wrong with a template
 * (no cache folder, a half-made or removed template, a copy that fails) the geodatabase is made from nothing instead.
 */
public final class DerbyTemplate {

    /** The file a finished template holds; a folder without it is not used. */
    private static final String READY = "GEOSYNC_TEMPLATE_READY";

    private DerbyTemplate() {
    }

    /** Makes an empty geodatabase of this version in a folder that does not exist yet; the caller closes it. */
    @FunctionalInterface
    public interface Maker {
        void make(Path dir) throws GeodatabaseException;
    }

    /** Checks a copy before it is used, as every open checks a geodatabase: a refusal means the template is not used. */
    @FunctionalInterface
    public interface Check {
        void check(Connection copy) throws GeodatabaseException, java.sql.SQLException;
    }

    /**
     * Copies the template into {@code dir} (new or empty), connects to the copy and checks it with {@code check}, making the
     * template with {@code maker} first when there is none; null when no template can be used, with {@code dir} left as it
     * was.
     */
    public static Connection copyInto(Path dir, Maker maker, Check check) {
        Path template = template(maker);
        if (template == null) {
            return null;
        }
        boolean existed = Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
            copyTree(template, dir);
            Connection c = DerbyConnector.connect(dir, false);
            try {
                check.check(c);
            } catch (GeodatabaseException | java.sql.SQLException | RuntimeException e) {
                DerbyConnector.closeQuietly(c, dir);
                throw new IOException("the template's copy was refused: " + e.getMessage(), e);
            }
            return c;
        } catch (IOException | GeodatabaseException | RuntimeException e) {
            // the template went away, the copy failed or Derby refused it: nothing of it stays (the folder was new or empty,
            // as a creation requires), and the geodatabase is made from nothing
            DerbyConnector.closeQuietly(null, dir);
            deleteTree(dir);
            retire(template); // the next creation makes it again, rather than every one trying it first
            if (existed) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException ignored) {
                    // the creation from nothing makes it
                }
            }
            return null;
        }
    }

    /** The finished template of this build, made now when missing; null when there is none to be had. */
    private static Path template(Maker maker) {
        Path root = root();
        String key = key();
        if (root == null || key == null) {
            return null;
        }
        Path template = root.resolve(key);
        if (Files.isRegularFile(template.resolve(READY))) {
            return template;
        }
        Path making = root.resolve(key + ".making-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            maker.make(making.resolve("gdb"));
            Files.writeString(making.resolve("gdb").resolve(READY), key);
            try {
                Files.move(making.resolve("gdb"), template, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another process or thread made it meanwhile: theirs is used, ours goes
            }
            removeOthers(root, key);
        } catch (IOException | GeodatabaseException | RuntimeException e) {
            return null;
        } finally {
            deleteTree(making);
        }
        return Files.isRegularFile(template.resolve(READY)) ? template : null;
    }

    /**
     * Templates of other builds go, and half-made ones a killed process left more than an hour ago. This build's templates
     * for another durability setting stay (a test run's JVMs and the Derby-as-shipped JVMs its crash tests start share a
     * cache, and would otherwise remove each other's).
     */
    private static void removeOthers(Path root, String key) {
        String build = key.substring(0, key.lastIndexOf('-') + 1);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            long hourAgo = System.currentTimeMillis() - 3_600_000L;
            for (Path p : entries) {
                String name = p.getFileName().toString();
                boolean half = name.contains(".making-") || name.startsWith(".retired-");
                if (half ? Files.getLastModifiedTime(p).toMillis() > hourAgo : !name.startsWith("derby-") || name.startsWith(build)) {
                    continue;
                }
                retire(p);
            }
        } catch (IOException ignored) {
            // an old template left behind costs only disk space
        }
    }

    /**
     * Removes a template: first renamed away in one step, so that a process copying it at that moment fails on its next file
     * (and makes its geodatabase from nothing) rather than copying part of it, then deleted.
     */
    private static void retire(Path template) {
        Path away = template.resolveSibling(".retired-" + UUID.randomUUID());
        try {
            Files.move(template, away, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException gone) {
            return; // removed meanwhile, or not there
        }
        deleteTree(away);
    }

    private static Path root() {
        String configured = System.getProperty("geosync.template.dir");
        if (configured != null && !configured.isBlank()) {
            return configured.trim().equalsIgnoreCase("none") ? null : Path.of(configured.trim()).toAbsolutePath();
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("geosync").resolve("templates");
    }

    /** Names the build: the engine's bundle version, Derby's version and the durability Derby runs with; null outside a build. */
    private static String key() {
        String build;
        Bundle bundle = FrameworkUtil.getBundle(DerbyTemplate.class);
        if (bundle != null) {
            build = bundle.getVersion().toString();
        } else {
            try {
                Path jar = Path.of(DerbyTemplate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!Files.isRegularFile(jar)) {
                    return null; // classes from a folder (an IDE): no stable build to name
                }
                build = Files.size(jar) + "." + Files.getLastModifiedTime(jar).toMillis();
            } catch (Exception e) {
                return null;
            }
        }
        String durability = System.getProperty("derby.system.durability", "normal");
        return "derby-" + name(build + "-" + org.apache.derby.tools.sysinfo.getVersionString()) + "-" + name(durability);
    }

    /** A part of a template's name: lower case letters, digits, dots and underscores only (so the last '-' ends the build). */
    private static String name(String raw) {
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "_");
    }

    /** How many files of a copy are synced at once (see {@link #copyTree}). */
    private static final int SYNC_THREADS = 16;

    /**
     * Copies the template's files, then syncs every one of them and the new folders before returning: the copy is durable
     * before Derby's first commit in it. The syncs run side by side: one after another each waited for a journal commit of
     * its own (some 120 of them, 1 to 3 ms each), while syncs issued together share the commits the file system makes.
     */
    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                String name = p.getFileName().toString();
                if (name.equals(READY) || name.endsWith(".lck")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    if (!rel.toString().isEmpty()) {
                        Files.createDirectory(target);
                    }
                    dirs.add(target);
                } else {
                    Files.copy(p, target);
                    files.add(target);
                }
            }
        }
        syncAll(files, false);
        syncAll(dirs, true); // the new names too, once the files are
    }

    /**
     * Syncs {@code paths} to disk, up to {@link #SYNC_THREADS} at a time; returns once all are synced and throws the first
     * failure. A folder that cannot be synced (some file systems do not) is no failure: its files are synced.
     */
    private static void syncAll(List<Path> paths, boolean directories) throws IOException {
        if (paths.isEmpty()) {
            return;
        }
        int threads = Math.min(SYNC_THREADS, paths.size());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<IOException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < paths.size() && failure.get() == null;) {
                Path p = paths.get(i);
                try (FileChannel ch = FileChannel.open(p, directories ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
                    ch.force(true);
                } catch (IOException e) {
                    if (!directories) {
                        failure.compareAndSet(null, e);
                    }
                }
            }
        };
        List<Thread> started = new ArrayList<>();
        try {
            for (int t = 1; t < threads; t++) {
                started.add(Thread.ofPlatform().daemon().name("geosync-template-sync-" + t).start(worker));
            }
        } catch (RuntimeException | OutOfMemoryError noThread) {
            // fewer helpers (or none): the syncs left are made by this thread below
        }
        worker.run();
        boolean interrupted = false;
        for (Thread t : started) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
