package org.geosync.core.tests;

import static org.geosync.core.tests.ReplicaFixture.gid;
import static org.geosync.core.tests.ReplicaFixture.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.geosync.core.Messages;
import org.geosync.core.Messages.Content;
import org.geosync.core.Messages.ExportOptions;
import org.geosync.core.Messages.ImportOptions;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SyncOptions;
import org.geosync.model.ReplicaState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Hostile inputs beyond {@link MessageTamperTest}: definition queries written to inject SQL,
 * malformed areas, extents and EPSG codes, replayed and out-of-order messages, zip bombs whose directory
 * lies about their sizes, and GeoPackages with invalid geometry blobs. Each is refused with one clear
 * sentence and the geodatabases are compared before and after: nothing changed.
 */
class HostileInputTest {

    @TempDir
    static Path tmp;
    static Geodatabase parent;
    static Geodatabase child;

    @BeforeAll
    static void create() throws Exception {
        parent = ReplicaFixture.parent(tmp.resolve("parent"));
        Replicas.create(parent, tmp.resolve("child"), ReplicaSpec.twoWay("r"), null);
        child = Geodatabase.open(tmp.resolve("child"));
    }

    @AfterAll
    static void close() {
        if (child != null) {
            child.close();
        }
        if (parent != null) {
            parent.close();
        }
    }

    /** Rows, tables, replicas and the change log: what a refused command must leave as it was. */
    private static String state(Geodatabase g) throws GeodatabaseException {
        StringBuilder sb = new StringBuilder().append(ReplicaFixture.rows(g, "PARCELS")).append(ReplicaFixture.rows(g, "NOTES"));
        sb.append(" tables ").append(Sql.rows(g, "SELECT TABLENAME FROM SYS.SYSTABLES WHERE TABLETYPE = 'T' ORDER BY TABLENAME"));
        sb.append(" changes ").append(Sql.rows(g, "SELECT COUNT(*) FROM GDB_CHANGES")).append(" generation ").append(g.generation());
        Replicas.list(g).forEach(r -> {
            sb.append(" replica ").append(r.getName()).append(' ').append(r.getState()).append(' ').append(r.isInConflict());
            r.getDatasets().forEach(d -> sb.append(' ').append(d.getDatasetName()).append(':').append(d.getMyGeneration()).append('/')
                    .append(d.getSibGeneration()).append('/').append(d.getSibMyGeneration()));
        });
        return sb.toString();
    }

    private static String oneSentence(GeodatabaseException e) {
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "no exception names: " + e.getMessage());
        return e.getMessage();
    }

    // ---- SQL injection through definition queries ---------------------------------------------------

    @Test
    void definitionQueriesWrittenToInjectSqlAreRefusedAndChangeNothing() throws Exception {
        String before = state(parent);
        Path target = tmp.resolve("injected");
        String[][] queries = {
            { "1=1; DROP TABLE PARCELS", "';'" },
            { "NAME = 'x'; DELETE FROM PARCELS WHERE '1'='1", "';'" },
            { "') OR ('1'='1", "" },
            { "NAME = 'x') OR ('1'='1", "" },
            { "1=1) OR (1=1", "')' has no matching '('" },
            { "NAME = 'a' -- and the rest is ignored", "comment" },
            { "NAME = 'a' /* hidden */ OR 1=1", "comment" },
            { "NAME = 'x\\' OR 1=1 --", "comment" },
            { "OWNER IN (SELECT TABLENAME FROM SYS.SYSTABLES)", "'SELECT' is neither a field" },
            { "EXISTS (SELECT 1 FROM GDB_REPLICAS)", "'EXISTS' is neither a field" },
            { "NAME = 'a' UNION SELECT GDB_GUID FROM GDB_INFO", "'UNION' is neither a field" },
            { "\"GDB_CHANGES\" IS NOT NULL", "'GDB_CHANGES' is neither a field" },
            { "SYSCS_UTIL.SYSCS_BACKUP_DATABASE('/tmp') IS NULL", "'SYSCS_UTIL' is neither a field" },
            { "NAME = 'a' \uff1b DROP TABLE PARCELS", "is not allowed" },
            { "NAME = 'unterminated", "not closed" },
            { "OWNER = CHAR(39) OR (1=1", "not closed" },
        };
        for (String[] q : queries) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Replicas.create(parent, target,
                    ReplicaSpec.twoWay("x").withDatasets(List.of(new DatasetSpec("parcels", q[0], false, List.of()))), null), q[0]);
            String m = oneSentence(e);
            assertTrue(m.contains("definition query") || m.contains("PARCELS"), q[0] + " -> " + m);
            assertTrue(m.contains(q[1]), q[0] + " -> " + m);
            assertFalse(Files.exists(target), q[0] + " left " + target);
            assertEquals(before, state(parent), q[0] + " changed the parent");
        }
        // the same through the command line: exit 1, one line, nothing changed (the CLI opens and shuts the database itself)
        parent.close();
        Cli cli = new Cli();
        assertEquals(1, cli.run("replica", "create", parent.directory().toString(), target.toString(), "--name", "x", "--type", "two-way",
                "--dataset", "parcels:where=OWNER = 'city' OR 1=1; DROP TABLE NOTES"), cli.err);
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.contains("';'"), cli.err);
        assertFalse(Files.exists(target));
        parent = Geodatabase.open(tmp.resolve("parent"));
        assertEquals(before, state(parent));
    }

    // ---- malformed areas, extents and EPSG codes --------------------------------------------------

    @Test
    void malformedAreasExtentsAndEpsgCodesAreRefusedAndChangeNothing() throws Exception {
        String before = state(parent);
        Path target = tmp.resolve("badarea");
        String p = parent.directory().toString(), c = target.toString();
        parent.close(); // the CLI opens and shuts the database itself
        Cli cli = new Cli();
        assertEquals(0, cli.run("gdb", "info", p, "--json"), cli.err);
        String info = cli.out;
        String[][] cases = { // expected exit code, expected text, then the options
            { "1", "--extent", "--extent", "1,2,3" },
            { "1", "--extent", "--extent", "a,b,c,d" },
            { "1", "MINX < MAXX", "--extent", "10,0,0,10" },
            { "1", "not a finite number", "--extent", "NaN,0,10,10" },
            { "1", "not a finite number", "--extent", "-Infinity,0,Infinity,10" },
            { "1", "not a finite number", "--extent", "0,0,1e309,10" },
            { "1", "WKT", "--area", "POLYGON ((0 0, 1 0" },
            { "1", "WKT", "--area", "POLYGON ((0 0, 10 0, 10 10, 0 10))" },
            { "1", "WKT", "--area", "not a geometry" },
            { "1", "not an empty Polygon", "--area", "POLYGON EMPTY" },
            { "1", "it is not a valid Polygon: Self-intersection", "--area", "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))" },
            { "1", "polygon or multipolygon, not a Point", "--area", "POINT (5 5)" },
            { "1", "not a finite number", "--area", "POLYGON ((0 0, 1e400 0, 1e400 1e400, 0 0))" },
            { "1", "nested more than", "--area", "GEOMETRYCOLLECTION (" .repeat(20000) + "POINT (0 0)" + ")".repeat(20000) },
            { "1", "polygon or multipolygon", "--area", "GEOMETRYCOLLECTION (GEOMETRYCOLLECTION (POLYGON ((0 0, 10 0, 10 10, 0 0))))" },
            { "1", "'#'", "--area", "#" + ")".repeat(100) + "\n" + "GEOMETRYCOLLECTION (".repeat(20000) + "POINT (0 0)" + ")".repeat(20000) },
            { "1", "not a finite number", "--area", "POLYGON ((0 0, NaN 0, 10 10, 0 0))" },
            { "1", "999999", "--extent", "0,0,10,10", "--epsg", "999999" },
            { "2", "--epsg", "--extent", "0,0,10,10", "--epsg", "0" },
            { "2", "--epsg", "--extent", "0,0,10,10", "--epsg", "-3857" },
            { "2", "--epsg", "--extent", "0,0,10,10", "--epsg", "3857; DROP TABLE PARCELS" },
            { "2", "--epsg", "--extent", "0,0,10,10", "--epsg", "99999999999999" },
        };
        for (String[] k : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("replica", "create", p, c, "--name", "x", "--type", "two-way"));
            args.addAll(List.of(k).subList(2, k.length));
            String shown = String.join(" ", List.of(k).subList(2, k.length));
            shown = shown.length() > 100 ? shown.substring(0, 100) + "..." : shown;
            int code = cli.run(args.toArray(String[]::new));
            assertEquals(Integer.parseInt(k[0]), code, shown + " -> " + cli.err + cli.out);
            assertEquals(1, cli.err.strip().lines().count(), shown + " -> " + cli.err);
            assertFalse(cli.err.contains("Exception") || cli.err.contains("\tat "), shown + " -> " + cli.err);
            assertTrue(cli.err.contains(k[1]), shown + " -> " + cli.err);
            assertFalse(Files.exists(target), shown + " left " + target);
            assertEquals(0, cli.run("gdb", "info", p, "--json"), cli.err);
            assertEquals(info, cli.out, shown + " changed the parent");
        }
        parent = Geodatabase.open(tmp.resolve("parent"));
        assertEquals(before, state(parent));
    }

    // ---- replayed and out-of-order messages --------------------------------------------------------

    @Test
    void replayedAndOutOfOrderMessagesAreRefusedAndChangeNothing() throws Exception {
        Path m1 = tmp.resolve("m1.zip"), m2 = tmp.resolve("m2.zip"), a1 = tmp.resolve("a1.zip"), a2 = tmp.resolve("a2.zip");
        parent.update("parcels", gid(11), Map.of("OWNER", "first"), null);
        Messages.exportChanges(parent, "r", m1, ExportOptions.defaults(), null);
        parent.update("parcels", gid(12), Map.of("OWNER", "second"), null);
        Messages.exportChanges(parent, "r", m2, ExportOptions.defaults().withContent(Content.NEW_ONLY), null);

        // out of order: the second message first names the missing generation
        String before = state(child);
        GeodatabaseException gap = assertThrows(GeodatabaseException.class, () -> Messages.importMessage(child, m2, ImportOptions.defaults(), null));
        assertTrue(oneSentence(gap).contains("Message for generation"), gap.getMessage());
        assertEquals(before, state(child), "an out-of-order message changes nothing");

        Messages.importMessage(child, m1, ImportOptions.defaults().withAcknowledgment(a1), null);
        Messages.importMessage(child, m2, ImportOptions.defaults().withAcknowledgment(a2), null);
        assertEquals("second", value(child, "parcels", gid(12), "OWNER"));
        Messages.importMessage(parent, a2, ImportOptions.defaults(), null);

        // replays: the same file, a renamed copy, after the sender was acknowledged and more changes arrived
        child.update("parcels", gid(13), Map.of("OWNER", "local"), null);
        Path renamed = tmp.resolve("innocent-looking.zip");
        Files.copy(m1, renamed);
        String childBefore = state(child), parentBefore = state(parent);
        for (Path replay : List.of(m1, m2, renamed)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Messages.importMessage(child, replay, ImportOptions.defaults(), null));
            assertTrue(oneSentence(e).contains("was already imported"), e.getMessage());
            assertEquals(childBefore, state(child), replay + " replayed changed the child");
        }
        for (Path ack : List.of(a1, a2)) {
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Messages.importMessage(parent, ack, ImportOptions.defaults(), null));
            assertTrue(oneSentence(e).contains("was already imported"), e.getMessage());
            assertEquals(parentBefore, state(parent), ack + " replayed changed the parent");
        }
        // a message sent by this side itself, fed back to it
        GeodatabaseException own = assertThrows(GeodatabaseException.class, () -> Messages.importMessage(parent, m1, ImportOptions.defaults(), null));
        oneSentence(own);
        assertEquals(parentBefore, state(parent));
        // the local edit made meanwhile is untouched by all of it
        assertEquals("local", value(child, "parcels", gid(13), "OWNER"));

        // a switch to receiver overtaken by a connected synchronization: its message is refused as already imported, and the pair is
        // not left with two receivers (neither could send again): the parent sends
        Path m3 = tmp.resolve("m3.zip");
        Messages.exportChanges(parent, "r", m3, ExportOptions.defaults().withSwitchToReceiver(true), null);
        assertEquals(ReplicaState.RECEIVER, Replicas.get(parent, "r").getState());
        Replicas.synchronize(parent, child, "r", SyncOptions.defaults(), null);
        GeodatabaseException late = assertThrows(GeodatabaseException.class, () -> Messages.importMessage(child, m3, ImportOptions.defaults(), null));
        assertTrue(oneSentence(late).contains("was already imported"), late.getMessage());
        assertEquals(ReplicaState.SENDER, Replicas.get(parent, "r").getState());
        assertEquals(ReplicaState.RECEIVER, Replicas.get(child, "r").getState());
        parent.update("parcels", gid(14), Map.of("OWNER", "after the switch"), null);
        Path m4 = tmp.resolve("m4.zip");
        Messages.exportChanges(parent, "r", m4, ExportOptions.defaults(), null);
        Messages.importMessage(child, m4, ImportOptions.defaults(), null);
        assertEquals("after the switch", value(child, "parcels", gid(14), "OWNER"));
    }

    // ---- zip bombs whose central directory lies --------------------------------------------------

    @Test
    void zipBombsWhoseDirectoryUnderstatesTheirSizeAreCutOffAndChangeNothing() throws Exception {
        parent.update("parcels", gid(21), Map.of("OWNER", "bomb test"), null);
        Path genuine = tmp.resolve("genuine-for-bombs.zip");
        Messages.exportChanges(parent, "r", genuine, ExportOptions.defaults(), null);
        Map<String, byte[]> entries = MessageZip.read(genuine);
        String before = state(child);
        long heapBefore = usedHeap();
        for (String victim : List.of("changes/PARCELS.bin", "header.xmi", "manifest")) {
            Path bomb = tmp.resolve("lying-" + victim.replace('/', '-') + ".zip");
            try (OutputStream file = Files.newOutputStream(bomb); ZipOutputStream out = new ZipOutputStream(file)) {
                out.setLevel(Deflater.BEST_SPEED);
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue());
                    if (e.getKey().equals(victim)) {
                        byte[] zeros = new byte[1 << 20];
                        for (int i = 0; i < 256; i++) { // 256 MiB more than the entry says
                            out.write(zeros);
                        }
                    }
                    out.closeEntry();
                }
            }
            // the central directory now says the entry has its genuine size
            byte[] zip = Files.readAllBytes(bomb);
            int central = centralEntry(zip, victim);
            int size = entries.get(victim).length;
            zip[central + 24] = (byte) size;
            zip[central + 25] = (byte) (size >>> 8);
            zip[central + 26] = (byte) (size >>> 16);
            zip[central + 27] = (byte) (size >>> 24);
            Files.write(bomb, zip);
            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> Messages.importMessage(child, bomb, ImportOptions.defaults(), null));
            assertTrue(oneSentence(e).contains("is refused"), e.getMessage());
            assertEquals(before, state(child), victim + ": nothing applied");
        }
        long grown = usedHeap() - heapBefore;
        assertTrue(grown < 128L << 20, "the bombs were streamed, not inflated into memory (heap grew by " + (grown >> 20) + " MiB)");
        Messages.importMessage(child, genuine, ImportOptions.defaults(), null);
        assertEquals("bomb test", value(child, "parcels", gid(21), "OWNER"));
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static int centralEntry(byte[] zip, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = zip.length - 46; i >= 0; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                int nameLength = (zip[i + 28] & 0xff) | (zip[i + 29] & 0xff) << 8;
                boolean match = nameLength == n.length;
                for (int j = 0; match && j < n.length; j++) {
                    match = zip[i + 46 + j] == n[j];
                }
                if (match) {
                    return i;
                }
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }

    // ---- GeoPackages with invalid geometry blobs ---------------------------------------------------

    @Test
    void geoPackagesWithInvalidGeometryBlobsAreRefusedAndChangeNothing() throws Exception {
        Path source = tmp.resolve("gpkg-source");
        try (Geodatabase g = Geodatabase.create(source)) {
            g.createFeatureClass("hydrants", GeometryType.POINT, 3857, List.of(Field.of("KIND", FieldType.TEXT)));
            g.createFeatureClass("zones", GeometryType.POLYGON, 3857, List.of(Field.of("LEVEL", FieldType.INTEGER)));
            g.insert("hydrants", Map.of("KIND", "pillar"), "POINT (1 2)");
            g.insert("zones", Map.of("LEVEL", 1), "POLYGON ((0 0, 1 0, 1 1, 0 0))");
        }
        Path gpkg = tmp.resolve("good.gpkg");
        Cli cli = new Cli();
        assertEquals(0, cli.run("gdb", "export", source.toString(), gpkg.toString()), cli.err);
        String srs = "110F0000"; // 3857, little endian
        String[][] blobs = { // layer, blob in hex
            { "zones", "4750" + "0001" + srs + "01" + "03000000" + "FFFFFF7F" }, // a polygon declaring 2^31 - 1 rings
            { "zones", "4750" + "0001" + srs + "01" + "03000000" + "01000000" + "FFFFFF7F" + "0000000000000000" }, // a ring of 2^31 - 1 points
            { "hydrants", "4750" + "0001" + srs + "01" + "FFFFFF00" + "0000000000000000" + "0000000000000000" }, // unknown geometry type
            { "hydrants", "4750" + "000B" + srs + "01" + "01000000" + "0000000000000000" + "0000000000000000" }, // envelope code 5: undefined
            { "hydrants", "4750" + "0003" + srs + "0000000000000000" }, // an envelope announced but cut off
            { "hydrants", "5858" + "0001" + srs + "01" + "01000000" + "0000000000000000" + "0000000000000000" }, // not "GP"
            { "hydrants", "4750" + "0001" + srs + "01" + "02000000" + "02000000" + "00".repeat(32) }, // a line in a point layer
            { "hydrants", "" }, // an empty blob
            { "zones", "4750" + "0001" + srs + "01" + "03000000" + "01000000" + "04000000" + "00".repeat(40) }, // a ring cut short
        };
        Path target = tmp.resolve("gpkg-target");
        try (Geodatabase g = Geodatabase.create(target)) {
            g.createTable("existing", List.of(Field.of("NOTE", FieldType.TEXT)));
            g.insert("existing", Map.of("NOTE", "keep me"), null);
        }
        assertEquals(0, cli.run("gdb", "info", target.toString(), "--json"), cli.err);
        String before = cli.out;
        int i = 0;
        for (String[] b : blobs) {
            Path bad = tmp.resolve("bad-" + (i++) + ".gpkg");
            Files.copy(gpkg, bad);
            try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + bad); Statement s = c.createStatement()) {
                List<String> triggers = new java.util.ArrayList<>(); // the R-tree triggers call spatial functions plain SQLite lacks
                try (java.sql.ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger'")) {
                    while (rs.next()) {
                        triggers.add(rs.getString(1));
                    }
                }
                for (String t : triggers) {
                    s.executeUpdate("DROP TRIGGER \"" + t + "\"");
                }
                s.executeUpdate("UPDATE " + b[0] + " SET SHAPE = X'" + b[1] + "' WHERE fid = 1");
            }
            byte[] file = Files.readAllBytes(bad);
            assertEquals(1, cli.run("gdb", "import", target.toString(), bad.toString()), b[0] + " " + b[1] + " -> " + cli.out + cli.err);
            assertEquals(1, cli.err.strip().lines().count(), cli.err);
            assertTrue(cli.err.contains("Layer " + b[0] + ", feature fid 1"), b[1] + " -> " + cli.err);
            assertFalse(cli.err.contains("Exception"), cli.err);
            assertEquals(0, cli.run("gdb", "info", target.toString(), "--json"), cli.err);
            assertEquals(before, cli.out, b[1] + " changed the geodatabase");
            assertArrayEquals(file, Files.readAllBytes(bad), "the GeoPackage is only read");
        }
    }
}
