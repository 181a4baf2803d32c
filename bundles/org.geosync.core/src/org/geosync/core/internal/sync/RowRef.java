package org.geosync.core.internal.sync;

/** One row of a replica dataset: the dataset's upper-case name and the row's GlobalID. */
record RowRef(String dataset, String globalId) {
}
