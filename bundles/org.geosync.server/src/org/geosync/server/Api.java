package org.geosync.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;

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
}
