package org.geosync.core.internal.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one connection's hot paths (row lookups and writes by GlobalID, once per
 * change applied), kept open for reuse: preparing again costs Derby a statement-cache lookup and a new
 * activation each time. Least recently used statements beyond {@link #CAPACITY} are closed. Statements
 * handed out belong to the cache (callers close their result sets, never the statement) and must not be
 * executed again while a result set of theirs is still being read.
 */
public final class StatementCache implements AutoCloseable {

    static final int CAPACITY = 128;

    private final Connection c;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(32, 0.75f, true);

    public StatementCache(Connection c) {
        this.c = c;
    }

    /** The open statement for {@code sql}, prepared on first use; its parameters are cleared. */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p != null && !p.isClosed()) {
            p.clearParameters();
            return p;
        }
        p = c.prepareStatement(sql);
        statements.put(sql, p);
        if (statements.size() > CAPACITY) {
            Iterator<PreparedStatement> eldest = statements.values().iterator();
            closeQuietly(eldest.next());
            eldest.remove();
        }
        return p;
    }

    /** Closes and forgets every statement (after DDL, which invalidates statements prepared on the tables it changed). */
    @Override
    public void close() {
        for (PreparedStatement p : statements.values()) {
            closeQuietly(p);
        }
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement p) {
        try {
            p.close();
        } catch (SQLException ignored) {
            // closing a statement of a connection being closed is best effort
        }
    }
}
