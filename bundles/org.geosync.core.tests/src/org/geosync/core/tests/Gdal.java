package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs GDAL's command line tools (ogrinfo, ogr2ogr) as processes. A machine without them fails the test
 * with the fix: bin/machine.sh installs Debian's gdal-bin.
 */
final class Gdal {

    /** What a tool printed. */
    record Result(int exit, String out, String err) {
    }

    private Gdal() {
    }

    /** Runs {@code tool args...} and fails unless it exits 0. */
    static Result run(Path workDir, String tool, String... args) throws IOException, InterruptedException {
        Result r = runAllowingFailure(workDir, tool, args);
        assertEquals(0, r.exit(), tool + " failed: " + r.err() + r.out());
        return r;
    }

    /** GDAL's GeoPackage validator, which Debian's python3-gdal (a dependency of gdal-bin) ships. */
    static final Path VALIDATOR = Path.of("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py");

    /** Runs GDAL's validate_gpkg.py on {@code gpkg} and fails with its report unless the file conforms. */
    static void validate(Path workDir, Path gpkg) throws IOException, InterruptedException {
        if (!Files.isRegularFile(VALIDATOR)) {
            fail(VALIDATOR + " is missing; install GDAL with 'apt-get install gdal-bin' (it brings python3-gdal;"
                    + " bin/machine.sh installs it on a fresh machine).");
        }
        Result r = runAllowingFailure(workDir, "python3", VALIDATOR.toString(), gpkg.toString());
        assertEquals(0, r.exit(), "validate_gpkg.py refuses " + gpkg + ": " + r.err() + r.out());
    }

    static Result runAllowingFailure(Path workDir, String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, tool, ".out");
        Path err = Files.createTempFile(workDir, tool, ".err");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            fail(tool + " is not installed (" + e.getMessage() + "); install GDAL with 'apt-get install gdal-bin'"
                    + " (bin/machine.sh installs it on a fresh machine).");
            throw e;
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(tool + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
