package org.geosync.ui.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.osgi.util.NLS;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.PasswordProvider;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.UiTexts;

/**
 * The passwords of the workbench's enterprise (PostgreSQL) connections: kept encrypted in Eclipse secure storage when the
 * administrator asked to save them, else only until the workbench closes. The engine asks here first
 * ({@link PasswordProvider}); a location with no password here falls back to the user's own PostgreSQL sources
 * ({@code PGPASSWORD}, {@code ~/.pgpass}). Passwords are keyed by the location, which names the user, host, port,
 * database and schema and never a password.
 */
public final class EnterprisePasswords implements PasswordProvider {

    private static final String ROOT = "/org.geosync.ui/connections";
    private static final String PASSWORD = "password";
    private static final EnterprisePasswords INSTANCE = new EnterprisePasswords();

    private final Map<GeodatabaseLocation, String> session = new ConcurrentHashMap<>();

    private EnterprisePasswords() {
    }

    /** The workbench's passwords. */
    public static EnterprisePasswords getDefault() {
        return INSTANCE;
    }

    @Override
    public String passwordFor(GeodatabaseLocation location) {
        String remembered = session.get(location);
        if (remembered != null) {
            return remembered;
        }
        ISecurePreferences node = node(location, false);
        if (node == null) {
            return null;
        }
        try {
            return node.get(PASSWORD, null);
        } catch (StorageException e) {
            // e.g. the master password was not given: the user's own sources may still have one
            Failures.log(NLS.bind(UiTexts.Enterprise_cannotRead, location, e.getMessage()), e);
            return null;
        }
    }

    /**
     * Keeps {@code password} for {@code location}: in secure storage (encrypted) when {@code save}, else until the workbench
     * closes. Returns null, or the sentence saying why secure storage refused it (the password is then kept for the session).
     */
    public String keep(GeodatabaseLocation location, String password, boolean save) {
        session.put(location, password);
        if (!save) {
            forgetStored(location);
            return null;
        }
        try {
            ISecurePreferences node = node(location, true);
            node.put(PASSWORD, password, true);
            node.flush();
            return null;
        } catch (StorageException | java.io.IOException e) {
            String sentence = NLS.bind(UiTexts.Enterprise_cannotSave, location, e.getMessage());
            Failures.log(sentence, e);
            return sentence;
        }
    }

    /** Whether a password for {@code location} is in secure storage. */
    public boolean isSaved(GeodatabaseLocation location) {
        return node(location, false) != null;
    }

    /** Forgets the password for {@code location}, in this session and in secure storage (a removed connection). */
    public void forget(GeodatabaseLocation location) {
        session.remove(location);
        forgetStored(location);
    }

    private static void forgetStored(GeodatabaseLocation location) {
        ISecurePreferences node = node(location, false);
        if (node != null) {
            node.removeNode();
            try {
                SecurePreferencesFactory.getDefault().flush();
            } catch (java.io.IOException e) {
                Failures.log(NLS.bind(UiTexts.Enterprise_cannotSave, location, e.getMessage()), e);
            }
        }
    }

    private static ISecurePreferences node(GeodatabaseLocation location, boolean create) {
        ISecurePreferences root = SecurePreferencesFactory.getDefault();
        if (root == null) {
            return null;
        }
        String path = ROOT + "/" + EncodingUtils.encodeSlashes(location.toString());
        return create || root.nodeExists(path) ? root.node(path) : null;
    }
}
