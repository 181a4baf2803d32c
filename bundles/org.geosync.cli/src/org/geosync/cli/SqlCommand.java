package org.geosync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SqlResultHandler;

/**
 * {@code geosync sql DIR "STATEMENT"}: a query prints CSV with a header row, other statements their update
 * count; what the statement may do is the engine's rule ({@link Geodatabase#executeUserSql}).
 */
final class SqlCommand implements CommandLine.Command {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws CommandLine.UsageException, GeodatabaseException {
        if (args.size() != 2) {
            throw new CommandLine.UsageException("expected 'sql DIR \"STATEMENT\"' (quote the statement as one argument)");
        }
        try (Geodatabase gdb = Geodatabase.open(args.get(0))) {
            long count = gdb.executeUserSql(args.get(1), new SqlResultHandler() {
                @Override
                public void header(List<String> columns) {
                    Csv.line(out, columns);
                }

                @Override
                public void row(List<String> values) {
                    Csv.line(out, values);
                }
            });
            if (count >= 0) {
                out.println(count);
            }
        }
        out.flush();
        return CommandLine.OK;
    }
}
