package org.geosync.ui.catalog;

import org.geosync.ui.internal.UiTexts;

/**
 * The tokens of the workbench's sync service connections ('geosync user add' gave them on the server): kept encrypted in
 * Eclipse secure storage when the administrator asked to save them, else only until the workbench closes (see
 * {@link SecretStore}). Keyed by the service location; a token is never written to the preferences or the error log.
 */
public final class ServerTokens {

    private static final ServerTokens INSTANCE = new ServerTokens();

    private final SecretStore store = new SecretStore("/org.geosync.ui/servers", "token", UiTexts.Server_cannotRead,
            UiTexts.Server_cannotSave);

    private ServerTokens() {
    }

    /** The workbench's service tokens. */
    public static ServerTokens getDefault() {
        return INSTANCE;
    }

    /** The token for {@code location}, or null when none is kept (or secure storage would not give it, which is logged). */
    public String tokenFor(String location) {
        return store.get(location);
    }

    /**
     * Keeps {@code token} for {@code location}: in secure storage (encrypted) when {@code save}, else until the workbench
     * closes. Returns null, or the sentence saying why secure storage refused it (the token is then kept for the session).
     */
    public String keep(String location, String token, boolean save) {
        return store.keep(location, token, save);
    }

    /** Whether a token for {@code location} is in secure storage. */
    public boolean isSaved(String location) {
        return store.isSaved(location);
    }

    /** Forgets the token for {@code location}, in this session and in secure storage (a removed connection). */
    public void forget(String location) {
        store.forget(location);
    }
}
