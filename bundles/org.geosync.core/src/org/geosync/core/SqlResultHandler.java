package org.geosync.core;

import java.util.List;

/** Receives the result of a query run through {@link Geodatabase#executeSql}, row by row, as text. */
public interface SqlResultHandler {

    /** The column labels, before any row. */
    void header(List<String> columns);

    /** One row; null entries are SQL NULLs, geometries are WKT. */
    void row(List<String> values);
}
