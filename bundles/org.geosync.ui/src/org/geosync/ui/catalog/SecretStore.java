package org.geosync.ui.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.osgi.util.NLS;
import org.geosync.ui.internal.Failures;

/**
 * Secrets of the workbench's connections, one per connection (keyed by its location, which never holds the secret): kept
 * encrypted in Eclipse secure storage under {@code root} when the administrator asked to save them, else only until the
 * workbench closes. A secret is never written to the preferences or the error log; what secure storage refuses is logged
 * with the sentences given ({0}: the location, {1}: the reason).
 */
final class SecretStore {

    private final String root;
    private final String key;
    private final String cannotRead;
    private final String cannotSave;
    private final Map<String, String> session = new ConcurrentHashMap<>();

    SecretStore(String root, String key, String cannotRead, String cannotSave) {
        this.root = root;
        this.key = key;
        this.cannotRead = cannotRead;
        this.cannotSave = cannotSave;
    }

    /** The secret for {@code location}, or null when none is kept (or secure storage would not give it, which is logged). */
    String get(String location) {
        String remembered = session.get(location);
        if (remembered != null) {
            return remembered;
        }
        ISecurePreferences node = node(location, false);
        if (node == null) {
            return null;
        }
        try {
            return node.get(key, null);
        } catch (StorageException e) {
            // e.g. the master password was not given
            Failures.log(NLS.bind(cannotRead, location, e.getMessage()), e);
            return null;
        }
    }

    /**
     * Keeps {@code secret} for {@code location}: in secure storage (encrypted) when {@code save}, else until the workbench
     * closes. Returns null, or the sentence saying why secure storage refused it (the secret is then kept for the session).
     */
    String keep(String location, String secret, boolean save) {
        session.put(location, secret);
        if (!save) {
            forgetStored(location);
            return null;
        }
        try {
            ISecurePreferences node = node(location, true);
            node.put(key, secret, true);
            node.flush();
            return null;
        } catch (StorageException | java.io.IOException e) {
            String sentence = NLS.bind(cannotSave, location, e.getMessage());
            Failures.log(sentence, e);
            return sentence;
        }
    }

    /** Whether a secret for {@code location} is in secure storage. */
    boolean isSaved(String location) {
        return node(location, false) != null;
    }

    /** Forgets the secret for {@code location}, in this session and in secure storage (a removed connection). */
    void forget(String location) {
        session.remove(location);
        forgetStored(location);
    }

    private void forgetStored(String location) {
        ISecurePreferences node = node(location, false);
        if (node != null) {
            node.removeNode();
            try {
                SecurePreferencesFactory.getDefault().flush();
            } catch (java.io.IOException e) {
                Failures.log(NLS.bind(cannotSave, location, e.getMessage()), e);
            }
        }
    }

    private ISecurePreferences node(String location, boolean create) {
        ISecurePreferences top = SecurePreferencesFactory.getDefault();
        if (top == null) {
            return null;
        }
        String path = root + "/" + EncodingUtils.encodeSlashes(location);
        return create || top.nodeExists(path) ? top.node(path) : null;
    }
}
