package org.geosync.core.tests;

import java.util.ArrayList;
import java.util.List;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SqlResultHandler;

/** Runs a query through Geodatabase#executeSql and collects its rows. */
final class Sql {

    private Sql() {
    }

    static List<List<String>> rows(Geodatabase gdb, String query) throws GeodatabaseException {
        List<List<String>> rows = new ArrayList<>();
        gdb.executeSql(query, new SqlResultHandler() {
            @Override
            public void header(List<String> columns) {
                // only the rows matter here
            }

            @Override
            public void row(List<String> values) {
                rows.add(values);
            }
        });
        return rows;
    }
}
