package org.geosync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.geosync.core.GeodatabaseException;
import org.geosync.server.ServiceClient;

/**
 * Served geodatabases as command-line locations ({@code https://HOST[:PORT]/NAME}): the token comes from {@code --token-file
 * FILE} or the environment variable {@code GEOSYNC_TOKEN}, never from the command line itself.
 */
final class Remote {

    private Remote() {
    }

    static boolean is(String location) {
        return ServiceClient.isServiceLocation(location);
    }

    /** A client of the served geodatabase at {@code location}, signed in with the token of {@code a}. */
    static ServiceClient connect(String location, Args a) throws GeodatabaseException {
        String token;
        if (a.has("--token-file")) {
            Path file = Path.of(a.value("--token-file"));
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new GeodatabaseException("Cannot read the token file " + file + ".", e);
            }
        } else {
            token = System.getenv("GEOSYNC_TOKEN");
        }
        return ServiceClient.connect(location, token);
    }
}
