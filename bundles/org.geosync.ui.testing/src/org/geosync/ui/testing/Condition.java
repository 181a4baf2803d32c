package org.geosync.ui.testing;

/** Something a test waits for; polled from the test thread. */
@FunctionalInterface
public interface Condition {

    boolean test() throws Exception;

    /** Describes what was awaited, for the timeout message. */
    default String description() {
        return "condition";
    }

    /** A condition with a description. */
    static Condition of(String description, Condition c) {
        return new Condition() {
            @Override
            public boolean test() throws Exception {
                return c.test();
            }

            @Override
            public String description() {
                return description;
            }
        };
    }
}
