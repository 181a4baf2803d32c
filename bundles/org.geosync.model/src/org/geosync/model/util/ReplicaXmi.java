package org.geosync.model.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.geosync.model.Replica;

/**
 * Writes a {@link Replica} (with everything it contains) to a stream as XMI and reads it back; message
 * headers and exports use it. The saved document is self-contained: it holds a copy of the replica,
 * never the caller's object, so saving does not detach the replica from its geodatabase.
 * <p>
 * Loading is strict and safe for files from elsewhere: no DOCTYPE, no external entities, no unknown
 * elements or attributes, exactly one root which must be a replica; anything else is an
 * {@link IOException} whose message says what is wrong. See {@link GeosyncXmi} for other model objects.
 */
public final class ReplicaXmi {

    private ReplicaXmi() {
    }

    /** Saves a copy of {@code replica} as UTF-8 XMI; the stream is left open. */
    public static void save(Replica replica, OutputStream out) throws IOException {
        GeosyncXmi.save(replica, out);
    }

    /** Loads the replica {@link #save saved} to {@code in}; the stream is left open. */
    public static Replica load(InputStream in) throws IOException {
        return GeosyncXmi.load(in, Replica.class);
    }
}
