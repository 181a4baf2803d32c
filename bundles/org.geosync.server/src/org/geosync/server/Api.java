package org.geosync.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * What the service and its clients agree on about paths: the API's root and the names allowed in it. Free of Jetty, so a
 * client never loads the server's classes.
 */
final class Api {

    private Api() {
    }

    static final String ROOT = "/api/v1";
    /** A name in a path: a served geodatabase's or a replica's. */
    static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** Deletes a temporary directory and all in it (null or missing: nothing); what cannot be deleted stays, quietly. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary file the next cleanup of the temporary directory removes
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    /** Zips the files of a closed Derby geodatabase directory, paths relative to it, in name order. */
    static void zip(Path dir, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
                Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.equals(dir)) {
                    continue;
                }
                String entry = dir.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : "");
                z.putNextEntry(new ZipEntry(entry));
                if (!Files.isDirectory(p)) {
                    Files.copy(p, z);
                }
                z.closeEntry();
            }
        }
    }

    /**
     * Unzips {@code zip} into {@code dir}, refusing any entry that would land outside it, more than {@code maxEntries} entries
     * and more than {@code maxBytes} in all. Returns the archive's fingerprint: SHA-256 (hex) of its entries' names and
     * contents in order, so the same files zipped again give the same fingerprint whatever the times the archive records.
     */
    static String unzip(Path zip, Path dir, int maxEntries, long maxBytes) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        int entries = 0;
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null;) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("the archive names a file outside the geodatabase (" + e.getName() + ")");
                }
                if (++entries > maxEntries) {
                    throw new IOException("the archive holds more than " + maxEntries + " files");
                }
                sha.update(e.getName().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n; (n = z.read(buffer)) > 0;) {
                        total += n;
                        if (total > maxBytes) {
                            throw new IOException("the archive unpacks to more than " + maxBytes + " bytes");
                        }
                        sha.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                }
                sha.update((byte) 0);
            }
        }
        if (entries == 0) {
            throw new IOException("the archive is empty");
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
