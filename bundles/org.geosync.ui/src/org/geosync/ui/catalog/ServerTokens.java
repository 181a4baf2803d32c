package org.geosync.ui.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.osgi.util.NLS;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * The tokens of the workbench's sync service connections ('geosync user add' gave them on the server): kept encrypted in
 * Eclipse secure storage when the administrator asked to save them, else only until the workbench closes. Keyed by the
 * service location; a token is never written to the preferences or the error log.
 */
public final class ServerTokens {

    private static final String ROOT = "/org.geosync.ui/servers";
    private static final String TOKEN = "token";
    private static final ServerTokens INSTANCE = new ServerTokens();

    private final Map<String, String> session = new ConcurrentHashMap<>();

    private ServerTokens() {
    }

    /** The workbench's service tokens. */
    public static ServerTokens getDefault() {
        return INSTANCE;
    }

    /** The token for {@code location}, or null when none is kept (or secure storage would not give it, which is logged). */
    public String tokenFor(String location) {
        String remembered = session.get(location);
        if (remembered != null) {
            return remembered;
        }
        ISecurePreferences node = node(location, false);
        if (node == null) {
            return null;
        }
        try {
            return node.get(TOKEN, null);
        } catch (StorageException e) {
            Failures.log(NLS.bind(UiTexts.Server_cannotRead, location, e.getMessage()), e);
            return null;
        }
    }

    /**
     * Keeps {@code token} for {@code location}: in secure storage (encrypted) when {@code save}, else until the workbench
     * closes. Returns null, or the sentence saying why secure storage refused it (the token is then kept for the session).
     */
    public String keep(String location, String token, boolean save) {
        session.put(location, token);
        if (!save) {
            forgetStored(location);
            return null;
        }
        try {
            ISecurePreferences node = node(location, true);
            node.put(TOKEN, token, true);
            node.flush();
            return null;
        } catch (StorageException | java.io.IOException e) {
            String sentence = NLS.bind(UiTexts.Server_cannotSave, location, e.getMessage());
            Failures.log(sentence, e);
            return sentence;
        }
    }

    /** Whether a token for {@code location} is in secure storage. */
    public boolean isSaved(String location) {
        return node(location, false) != null;
    }

    /** Forgets the token for {@code location}, in this session and in secure storage (a removed connection). */
    public void forget(String location) {
        session.remove(location);
        forgetStored(location);
    }

    private static void forgetStored(String location) {
        ISecurePreferences node = node(location, false);
        if (node != null) {
            node.removeNode();
            try {
                SecurePreferencesFactory.getDefault().flush();
            } catch (java.io.IOException e) {
                Failures.log(NLS.bind(UiTexts.Server_cannotSave, location, e.getMessage()), e);
            }
        }
    }

    private static ISecurePreferences node(String location, boolean create) {
        ISecurePreferences root = SecurePreferencesFactory.getDefault();
        if (root == null) {
            return null;
        }
        String path = ROOT + "/" + EncodingUtils.encodeSlashes(location);
        return create || root.nodeExists(path) ? root.node(path) : null;
    }
}
