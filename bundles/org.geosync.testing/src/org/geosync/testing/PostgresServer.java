package org.geosync.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL cluster of the tests' own, started on first use and stopped when the test JVM ends (a shutdown hook,
 * so also when tests fail): initdb under target/ (or a temporary directory when the server's user cannot reach target/), the
 * server on 127.0.0.1 and a Unix socket in its directory, on a free port, with password authentication over TCP. Debian's
 * postgresql-15 and postgresql-15-postgis-3 packages must be installed (bin/machine.sh installs them); a machine without
 * them fails the test with that sentence. A cluster left by a killed run is stopped and removed first.
 */
public final class PostgresServer {

    /** The role the tests connect as, and its password (a throwaway cluster on loopback). */
    public static final String USER = "geosync";
    public static final String PASSWORD = "geosync-test-password";

    private static PostgresServer running;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path data, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The cluster, started on first call. */
    public static synchronized PostgresServer get() throws IOException, InterruptedException {
        if (running == null) {
            running = start();
            PostgresServer s = running;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "stop the test PostgreSQL cluster"));
        }
        return running;
    }

    public int port() {
        return port;
    }

    /** A new empty database owned by the test role, with PostGIS installed by the superuser as a DBA does, for one test. */
    public String newDatabase(String prefix) throws IOException, InterruptedException {
        String name = newDatabaseWithoutPostgis(prefix);
        psql(name, "CREATE EXTENSION postgis");
        return name;
    }

    /** A new empty database owned by the test role, without PostGIS (which the test role may not install). */
    public String newDatabaseWithoutPostgis(String prefix) throws IOException, InterruptedException {
        String name = prefix.toLowerCase() + "_" + DATABASES.incrementAndGet();
        psql("postgres", "CREATE DATABASE " + name + " OWNER " + USER);
        return name;
    }

    /** The location of schema {@code schema} (null: public) of database {@code db}, as a user writes it. */
    public String location(String db, String schema) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + db + (schema == null ? "" : "?schema=" + schema);
    }

    /** Runs SQL with psql as the cluster's superuser over its socket; fails the test with psql's output unless it exits 0. */
    public String psql(String db, String sql) throws IOException, InterruptedException {
        return run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", data.toString(), "-p",
                String.valueOf(port), "-U", "postgres", "-d", db, "-c", sql), true);
    }

    /** Runs SQL with psql as the test role over TCP (as a desktop client would); fails the test unless it exits 0. */
    public String psqlAsUser(String db, String sql) throws IOException, InterruptedException {
        return run(List.of("env", "PGPASSWORD=" + PASSWORD, bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d", db, "-c", sql), false);
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (var s = Files.list(root)) {
                s.filter(p -> Files.isExecutable(p.resolve("bin/initdb"))).forEach(versions::add);
            } catch (IOException e) {
                // none found: the failure below says what to install
            }
        }
        versions.sort(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))));
        if (versions.isEmpty()) {
            fail("PostgreSQL is not installed; install Debian's postgresql-15 and postgresql-15-postgis-3 (bin/machine.sh does)");
        }
        Path bin = versions.get(versions.size() - 1).resolve("bin");
        String version = bin.getParent().getFileName().toString();
        if (!Files.exists(Path.of("/usr/share/postgresql/" + version + "/extension/postgis.control"))) {
            fail("PostGIS is not installed for PostgreSQL " + version + "; install Debian's postgresql-" + version
                    + "-postgis-3 (bin/machine.sh does)");
        }
        return bin;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = Path.of("target").toAbsolutePath();
        if (root && !reachableByOthers(base)) {
            base = Files.createTempDirectory("geosync-pg");
        }
        Path data = base.resolve("pgcluster");
        Path pid = data.resolve("postmaster.pid");
        if (Files.exists(pid)) { // left by a run that was killed
            new ProcessBuilder(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate").inheritIO().start().waitFor(60,
                    TimeUnit.SECONDS);
        }
        deleteTree(data);
        Files.createDirectories(data);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, data, port, root);
        Path pw = base.resolve("pgcluster-pw");
        Files.writeString(pw, PASSWORD + "\n");
        if (root) {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            server.run(List.of("chown", "-R", "postgres:postgres", data.toString(), pw.toString()), false);
        }
        server.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--pwfile=" + pw, "-E", "UTF8", "--locale=C.UTF-8"), root);
        server.run(List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "60", "-D", data.toString(), "-l", data.resolve("server.log")
                .toString(), "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data + " -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off -c max_connections=60"), root);
        server.psql("postgres", "CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'");
        return server;
    }

    private static boolean reachableByOthers(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    public void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-t", "30"), asPostgresUser);
        } catch (IOException | InterruptedException | AssertionError e) {
            System.err.println("Could not stop the test PostgreSQL cluster in " + data + ": " + e.getMessage());
        }
    }

    private String run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>();
        if (asPostgres && asPostgresUser) {
            c.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        c.addAll(command);
        Path out = Files.createTempFile("geosync-pg", ".out");
        try {
            Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
