package org.geosync.server;

import java.util.Arrays;
import java.util.Optional;

/** What a user of the sync service may do: an administrator creates and unregisters any replica, an owner works its own. */
public enum Role {
    /** Creates, lists and unregisters any replica of a served geodatabase. */
    ADMINISTRATOR("administrator"),
    /** Synchronizes and exchanges messages for the replicas it owns. */
    OWNER("owner");

    private final String literal;

    Role(String literal) {
        this.literal = literal;
    }

    /** The role as the users file and the command line spell it. */
    public String literal() {
        return literal;
    }

    /** The role spelt {@code literal}, if there is one. */
    public static Optional<Role> of(String literal) {
        return Arrays.stream(values()).filter(r -> r.literal.equals(literal)).findFirst();
    }
}
