package org.geosync.ui.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.WizardDialog;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SampleCity;
import org.geosync.core.SqlResultHandler;
import org.geosync.ui.testing.BotShell;
import org.geosync.ui.testing.UI;

/** Real sample-city geodatabases and small helpers the replication workbench tests share. */
final class CityFixture {

    /** An extent over the 5 x 5 parcels in the city's south-west corner (EPSG 3857). */
    static final double[] EXTENT = { 1_000_000, 6_000_000, 1_000_450, 6_000_450 };
    static final String EXTENT_WKT = "POLYGON ((1000000 6000000, 1000450 6000000, 1000450 6000450, 1000000 6000450, 1000000 6000000))";

    private CityFixture() {
    }

    /** A geodatabase in {@code dir} holding a sample city of {@code parcels} parcels. */
    static void city(Path dir, int parcels) throws GeodatabaseException {
        try (Geodatabase gdb = Geodatabase.create(dir)) {
            SampleCity.populate(gdb, parcels, null);
        }
    }

    /** The values of one column of a query's rows. */
    static List<String> column(Geodatabase gdb, String sql) throws GeodatabaseException {
        List<String> out = new ArrayList<>();
        gdb.executeSql(sql, new SqlResultHandler() {
            @Override
            public void header(List<String> columns) {
            }

            @Override
            public void row(List<String> values) {
                out.add(values.get(0));
            }
        });
        return out;
    }

    /** Copies a (closed) geodatabase directory file by file, as a side-loaded copy would be made. */
    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wizard page a wizard shell shows. */
    static IWizardPage page(BotShell shell) {
        return UI.call(() -> ((WizardDialog) shell.widget().getData()).getCurrentPage());
    }

    /** The error message of the page a wizard shell shows (null when none). */
    static String error(BotShell shell) {
        return UI.call(() -> page(shell).getErrorMessage());
    }
}
