package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.geosync.core.Geodatabase;
import org.geosync.core.SampleCity;
import org.geosync.server.UsersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's process killed (kill -9) in the middle of a synchronization (issue #19): 'geosync serve' runs in a JVM of its
 * own; each round both sides edit (a few hundred rows and an insert each), a client synchronizes through the service and the
 * service is killed at a random moment within the time a synchronization takes. Served again (Derby recovers its log), the
 * next synchronization completes it: both sides hold every edit, every inserted row once. The seed and the moment of each
 * kill are printed; {@code -Dgeosync.service.kills=N} sets the number of rounds (default 3), {@code -Dgeosync.seed=S} repeats a run.
 */
class ServiceKillTest {

    @TempDir
    Path home;

    @Test
    void killingTheServiceMidSynchronizationLosesNothingAndAppliesNothingTwice() throws Exception {
        long seed = Long.getLong("geosync.seed", System.nanoTime());
        int rounds = Integer.getInteger("geosync.service.kills", 3);
        Random random = new Random(seed);
        System.out.println("ServiceKillTest: seed " + seed + ", " + rounds + " round(s) (repeat with -Dgeosync.seed=" + seed + ")");
        Path city = home.resolve("city"), crew = home.resolve("crew"), users = home.resolve("users"), token = home.resolve("token");
        try (Geodatabase gdb = Geodatabase.create(city)) {
            SampleCity.populate(gdb, 800, null);
        }
        Files.writeString(token, UsersFile.add(users, "otto", "owner") + "\n");
        Cli cli = new Cli();
        Map<Integer, String> expected;
        long took;
        try (Served served = new Served(city, users, home.resolve("serve-0.log"))) {
            assertEquals(0, cli.run("replica", "create", served.url, crew.toString(), "--name", "crew", "--type", "two-way", "--token-file",
                    token.toString()), cli.err);
            edit(cli, crew, 0, 1);
            long start = System.nanoTime();
            assertEquals(0, cli.run("sync", served.url, crew.toString(), "--replica", "crew", "--token-file", token.toString()), cli.err);
            took = (System.nanoTime() - start) / 1_000_000;
        }
        try (Geodatabase g = Geodatabase.open(city)) {
            expected = ServiceFixtures.parcels(g);
        }
        assertEquals(expected, parcels(crew));
        int cut = 0;
        List<String> log = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // the service is down: the parent's own users edit it, the field crew edits the child
            try (Geodatabase g = Geodatabase.open(city)) {
                ServiceFixtures.sql(g, "UPDATE PARCELS SET LAND_USE = 'parent " + round + "' WHERE MOD(PARCEL_NO, 4) = " + (round % 2 * 2));
                ServiceFixtures.sql(g, ServiceFixtures.insertParcel(10_000 + round, "parent " + round));
            }
            edit(cli, crew, round, round % 2 * 2 + 1);
            try (Geodatabase g = Geodatabase.open(city)) {
                expected = ServiceFixtures.parcels(g);
            }
            expected.putAll(changedOnChild(crew, round));
            long delay = took / 10 + (long) (random.nextDouble() * took * 0.8);
            int exit;
            try (Served served = new Served(city, users, home.resolve("serve-" + round + ".log"))) {
                int[] result = { -1 };
                Cli syncing = new Cli();
                Thread sync = new Thread(() -> result[0] = syncing.run("sync", served.url, crew.toString(), "--replica", "crew", "--token-file",
                        token.toString()));
                sync.start();
                Thread.sleep(delay);
                served.jvm.kill();
                sync.join(120_000);
                exit = result[0];
                log.add("round " + round + ": killed after " + delay + " ms, the synchronization " + (exit == 0 ? "had completed"
                        : "was cut (exit " + exit + ": " + syncing.err.strip() + ")"));
                if (exit != 0) {
                    cut++;
                }
            }
            try (Served served = new Served(city, users, home.resolve("serve-" + round + "-again.log"))) {
                assertEquals(0, cli.run("sync", served.url, crew.toString(), "--replica", "crew", "--token-file", token.toString()),
                        "round " + round + ": " + cli.err);
                assertEquals(0, served.jvm.terminate() == 143 ? 0 : 1, "the service stops cleanly on SIGTERM");
            }
            try (Geodatabase g = Geodatabase.open(city)) {
                assertEquals(expected, ServiceFixtures.parcels(g), "round " + round + ": the parent (seed " + seed + ")");
            }
            assertEquals(expected, parcels(crew), "round " + round + ": the child (seed " + seed + ")");
        }
        log.forEach(l -> System.out.println("ServiceKillTest: " + l));
        System.out.println("ServiceKillTest: " + cut + " of " + rounds + " kill(s) cut a synchronization in flight (a synchronization took "
                + took + " ms)");
        assertTrue(cut > 0 || rounds == 0, "no kill landed during a synchronization (each came after it ended); the test tested nothing:"
                + " seed " + seed + ", " + log);
    }

    /** The child's edits of a round: LAND_USE of every fourth parcel from {@code residue}, and one new parcel. */
    private static void edit(Cli cli, Path crew, int round, int residue) {
        assertEquals(0, cli.run("sql", crew.toString(), "UPDATE PARCELS SET LAND_USE = 'child " + round + "' WHERE MOD(PARCEL_NO, 4) = "
                + residue), cli.err);
        assertEquals(0, cli.run("sql", crew.toString(), ServiceFixtures.insertParcel(20_000 + round, "child " + round)), cli.err);
    }

    private static Map<Integer, String> changedOnChild(Path crew, int round) throws Exception {
        Map<Integer, String> all = parcels(crew);
        all.values().removeIf(v -> !v.equals("child " + round));
        return all;
    }

    private static Map<Integer, String> parcels(Path dir) throws Exception {
        try (Geodatabase g = Geodatabase.open(dir)) {
            return ServiceFixtures.parcels(g);
        }
    }

    /** 'geosync serve' in a JVM of its own, serving the city on a free loopback port. */
    private static final class Served implements AutoCloseable {
        final ChildJvm jvm;
        final String url;

        Served(Path city, Path users, Path log) throws Exception {
            jvm = ChildJvm.start(log, "geosync", "serve", "--port", "0", "--users", users.toString(), "city=" + city);
            String ready = jvm.await("Serving city at ");
            url = ready.substring("Serving city at ".length()).replace("/api/v1/city", "/city");
        }

        @Override
        public void close() throws Exception {
            jvm.close();
        }
    }
}
