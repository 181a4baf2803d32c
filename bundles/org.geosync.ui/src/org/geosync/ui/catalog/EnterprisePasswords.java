package org.geosync.ui.catalog;

import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.PasswordProvider;
import org.geosync.ui.internal.UiTexts;

/**
 * The passwords of the workbench's enterprise (PostgreSQL) connections: kept encrypted in Eclipse secure storage when the
 * administrator asked to save them, else only until the workbench closes. The engine asks here first
 * ({@link PasswordProvider}); a location with no password here falls back to the user's own PostgreSQL sources
 * ({@code PGPASSWORD}, {@code ~/.pgpass}). Passwords are keyed by the location, which names the user, host, port,
 * database and schema and never a password.
 */
public final class EnterprisePasswords implements PasswordProvider {

    private static final EnterprisePasswords INSTANCE = new EnterprisePasswords();

    private final SecretStore store = new SecretStore("/org.geosync.ui/connections", "password", UiTexts.Enterprise_cannotRead,
            UiTexts.Enterprise_cannotSave);

    private EnterprisePasswords() {
    }

    /** The workbench's passwords. */
    public static EnterprisePasswords getDefault() {
        return INSTANCE;
    }

    @Override
    public String passwordFor(GeodatabaseLocation location) {
        return store.get(location.toString());
    }

    /**
     * Keeps {@code password} for {@code location}: in secure storage (encrypted) when {@code save}, else until the workbench
     * closes. Returns null, or the sentence saying why secure storage refused it (the password is then kept for the session).
     */
    public String keep(GeodatabaseLocation location, String password, boolean save) {
        return store.keep(location.toString(), password, save);
    }

    /** Whether a password for {@code location} is in secure storage. */
    public boolean isSaved(GeodatabaseLocation location) {
        return store.isSaved(location.toString());
    }

    /** Forgets the password for {@code location}, in this session and in secure storage (a removed connection). */
    public void forget(GeodatabaseLocation location) {
        store.forget(location.toString());
    }
}
