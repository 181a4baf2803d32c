package org.geosync.model;

import java.util.Locale;

/** The kinds of replica a parent geodatabase hands out (reference 002). */
public enum ReplicaType {
    /** Edits flow back once, then the replica is done. */
    CHECKOUT("checkout"),
    /** Edits flow one way only, parent-to-child or child-to-parent. */
    ONE_WAY("one-way"),
    /** Edits flow both ways, one side sending at a time. */
    TWO_WAY("two-way");

    private final String cliName;

    ReplicaType(String cliName) {
        this.cliName = cliName;
    }

    /** The name scripts use on the command line. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line name such as {@code two-way}; refuses anything else with a clear message. */
    public static ReplicaType fromCliName(String name) {
        for (ReplicaType t : values()) {
            if (t.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "Unknown replica type '" + name + "': use checkout, one-way or two-way.");
    }
}
