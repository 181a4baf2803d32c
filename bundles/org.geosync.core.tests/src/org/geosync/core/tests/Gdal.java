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
        String name = Path.of(tool).getFileName().toString();
        Path out = Files.createTempFile(workDir, name, ".out");
        Path err = Files.createTempFile(workDir, name, ".err");
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
    /**
     * Lists the relationships GDAL's own reader finds in {@code file}, one line each:
     * {@code name: left -> right cardinality mapping table type related-table-type}. ogrinfo 3.6 does not
     * print relationships and Debian's python3-gdal has no bindings for them yet, so a Python script
     * calls GDAL's C API (GDALDatasetGetRelationshipNames, GDALDatasetGetRelationship) through ctypes.
     */
    static List<String> relationships(Path workDir, Path file) throws IOException, InterruptedException {
        Path script = workDir.resolve("gdal_relationships.py");
        Files.writeString(script, RELATIONSHIPS, StandardCharsets.UTF_8);
        Result r = run(workDir, "python3", script.toString(), file.toString());
        return r.out().lines().toList();
    }

    /** Debian's Python, for which python3-gdal (a dependency of gdal-bin) installs GDAL's bindings. */
    static final String DEBIAN_PYTHON = "/usr/bin/python3";

    /**
     * What GDAL's own reader (the OGR Python bindings) reads from a layer of {@code file}, exactly: lines
     * {@code COUNT n}, {@code SRS authority:code} (or {@code SRS NONE}), {@code GEOMETRY type},
     * {@code FIELD name type} for each field, then one {@code F} line per feature in fid order with
     * tab-separated: the fid, the geometry as ISO WKB in hex ({@code -} when it has none) and each field's
     * value as {@code null}, {@code i:}whole number, {@code d:}Python's repr of the double (which reads back
     * to the same double) or {@code s:}the text in Base64 (UTF-8).
     */
    static List<String> features(Path workDir, Path file, String layer) throws IOException, InterruptedException {
        Path script = workDir.resolve("gdal_features.py");
        Files.writeString(script, FEATURES, StandardCharsets.UTF_8);
        if (!Files.isExecutable(Path.of(DEBIAN_PYTHON))) {
            fail(DEBIAN_PYTHON + " is missing; install GDAL with 'apt-get install gdal-bin' (bin/machine.sh does on a fresh machine).");
        }
        Result r = run(workDir, DEBIAN_PYTHON, script.toString(), file.toString(), layer);
        return r.out().lines().toList();
    }

    private static final String FEATURES = """
import base64, sys
from osgeo import ogr, osr
ogr.UseExceptions()
ds = ogr.Open(sys.argv[1])
layer = ds.GetLayerByName(sys.argv[2])
if layer is None:
    sys.exit("GDAL finds no layer %s in %s" % (sys.argv[2], sys.argv[1]))
print("COUNT %d" % layer.GetFeatureCount())
srs = layer.GetSpatialRef()
print("SRS %s" % ("%s:%s" % (srs.GetAuthorityName(None), srs.GetAuthorityCode(None)) if srs is not None else "NONE"))
print("GEOMETRY %s" % ogr.GeometryTypeToName(layer.GetGeomType()))
defn = layer.GetLayerDefn()
for i in range(defn.GetFieldCount()):
    fd = defn.GetFieldDefn(i)
    print("FIELD %s %s" % (fd.GetName(), fd.GetFieldTypeName(fd.GetType())))
def value(v):
    if v is None:
        return "null"
    if isinstance(v, bool) or isinstance(v, int):
        return "i:%d" % v
    if isinstance(v, float):
        return "d:" + repr(v)
    return "s:" + base64.b64encode(str(v).encode("utf-8")).decode("ascii")
layer.ResetReading()
for f in layer:
    g = f.GetGeometryRef()
    cells = [str(f.GetFID()), g.ExportToIsoWkb().hex() if g is not None else "-"]
    cells += [value(f.GetField(i)) if f.IsFieldSetAndNotNull(i) else "null" for i in range(defn.GetFieldCount())]
    print("F\t" + "\t".join(cells))
            """;

    private static final String RELATIONSHIPS = """
import ctypes, ctypes.util, sys
gdal = ctypes.CDLL(ctypes.util.find_library("gdal") or "libgdal.so.32")
gdal.GDALAllRegister()
gdal.GDALOpenEx.restype = ctypes.c_void_p
gdal.GDALOpenEx.argtypes = [ctypes.c_char_p, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
gdal.GDALDatasetGetRelationshipNames.restype = ctypes.POINTER(ctypes.c_char_p)
gdal.GDALDatasetGetRelationshipNames.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
gdal.GDALDatasetGetRelationship.restype = ctypes.c_void_p
gdal.GDALDatasetGetRelationship.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
for f in ("GetLeftTableName", "GetRightTableName", "GetMappingTableName", "GetRelatedTableType"):
    getattr(gdal, "GDALRelationship" + f).restype = ctypes.c_char_p
    getattr(gdal, "GDALRelationship" + f).argtypes = [ctypes.c_void_p]
gdal.GDALRelationshipGetCardinality.argtypes = [ctypes.c_void_p]
gdal.GDALClose.argtypes = [ctypes.c_void_p]
gdal.CSLDestroy.argtypes = [ctypes.c_void_p]
ds = gdal.GDALOpenEx(sys.argv[1].encode(), 0x04, None, None, None)  # GDAL_OF_VECTOR
if not ds:
    sys.exit("GDAL cannot open " + sys.argv[1])
names = gdal.GDALDatasetGetRelationshipNames(ds, None)
i = 0
while names and names[i]:
    r = gdal.GDALDatasetGetRelationship(ds, names[i])
    card = ["1:1", "1:M", "M:1", "M:N"][gdal.GDALRelationshipGetCardinality(r)]
    print("%s: %s -> %s %s mapping %s type %s" % (names[i].decode(), gdal.GDALRelationshipGetLeftTableName(r).decode(),
          gdal.GDALRelationshipGetRightTableName(r).decode(), card, gdal.GDALRelationshipGetMappingTableName(r).decode(),
          gdal.GDALRelationshipGetRelatedTableType(r).decode()))
    i += 1
gdal.CSLDestroy(ctypes.cast(names, ctypes.c_void_p))
gdal.GDALClose(ds)
            """;
}
