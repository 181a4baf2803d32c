package org.geosync.core;

/**
 * A schema change recorded in a geodatabase ({@code geosync gdb alter}, {@code gdb add-dataset}): its number, the dataset,
 * the operation ({@code add-field}, {@code drop-field}, {@code widen-field}, {@code rename-field}, {@code add-dataset}), the
 * field, what it changed, and the generation it was made in.
 */
public record SchemaChangeRecord(long id, String dataset, String operation, String field, String detail, long generation) {
}
