package org.geosync.core.internal.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.storage.ReplicaStore;
import org.geosync.model.Replica;

/**
 * What authenticates a message: the SHA-256 digests (of an entry, a schema, a whole file), the HMAC-SHA256 of the manifest,
 * and the replica pair's key it is keyed with (kept by {@link ReplicaStore}). Where the digests are written and checked is
 * {@link MessageWriter} and {@link MessageReader}.
 */
final class MessageDigests {

    private MessageDigests() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    /** The SHA-256 of a whole file, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return hex(sha.digest());
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }

    /** The replica pair's key, which the HMAC of its messages is keyed with. */
    static byte[] key(Geodatabase g, Replica r) throws GeodatabaseException, SQLException {
        if (r.getMessageKeyRef() == null) {
            throw new GeodatabaseException("Replica " + r.getName() + " in " + g.location() + " has no message key, so it cannot exchange messages.");
        }
        return new ReplicaStore(g.connection()).key(r.getMessageKeyRef()).orElseThrow(() -> new GeodatabaseException("The message key of replica "
                + r.getName() + " is missing from " + g.location() + ", so its messages cannot be authenticated."));
    }

    /** The SHA-256 of a whole message file, in hex: the checksum its history records. */
    static String checksum(Path file) throws GeodatabaseException {
        try {
            return sha256(file);
        } catch (IOException e) {
            throw new GeodatabaseException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
