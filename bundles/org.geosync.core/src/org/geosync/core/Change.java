package org.geosync.core;

/** One captured edit of a row, named by its GlobalID, in the generation it was made. */
public record Change(long id, String dataset, String globalId, Operation operation, long generation) {

    /** The kind of edit. */
    public enum Operation {
        INSERT, UPDATE, DELETE;

        static Operation ofCode(String code) {
            return switch (code.trim()) {
                case "I" -> INSERT;
                case "U", "R" -> UPDATE; // R: a conflict resolved here, sent whole
                default -> DELETE;
            };
        }
    }

    /** Rebuilds a change from its log row (operation codes I, U, D). */
    public static Change of(long id, String dataset, String globalId, String code, long generation) {
        return new Change(id, dataset, globalId.trim(), Operation.ofCode(code), generation);
    }
}
