package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.core.SampleCity;
import org.geosync.server.RemoteSync;
import org.geosync.server.ServiceClient;
import org.geosync.server.SyncService;
import org.geosync.server.UsersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test of the sync service (issue #19): {@code -Dgeosync.load.clients} clients (20 by default), each with a two-way
 * replica of one served parent, edit their own parcels (an update and an insert per round) and synchronize through the
 * service at the same time, {@code -Dgeosync.load.rounds} rounds (2). Every client's every edit must arrive on the parent,
 * and after a last round every client holds every other client's rows: no edit lost under concurrency. It prints the
 * synchronizations' throughput and p95 latency (a report, not an assertion: timings are never asserted).
 */
class ServiceLoadTest {

    @TempDir
    Path home;

    @Test
    void twentyClientsSynchronizeAtOnceAndNoEditIsLost() throws Exception {
        int clients = Integer.getInteger("geosync.load.clients", 20), rounds = Integer.getInteger("geosync.load.rounds", 2);
        Path city = home.resolve("city");
        try (Geodatabase gdb = Geodatabase.create(city)) {
            SampleCity.populate(gdb, clients, null);
            for (int c = 0; c < clients; c++) {
                Replicas.create(gdb, home.resolve("c" + c), ReplicaSpec.twoWay("c" + c), null);
            }
        }
        Path users = home.resolve("users");
        String token = UsersFile.add(users, "ada", "administrator");
        Geodatabase parent = Geodatabase.open(city);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long started;
        try (SyncService service = SyncService.start(new SyncService.Options().port(0), UsersFile.load(users), Map.of("city", parent))) {
            String url = "http://127.0.0.1:" + service.port() + "/city";
            started = System.nanoTime();
            for (int round = 0; round <= rounds; round++) {
                int r = round;
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        try (Geodatabase g = Geodatabase.open(home.resolve("c" + client))) {
                            if (r < rounds) { // the last round only collects the others' rows
                                sql(g, "UPDATE PARCELS SET LAND_USE = 'c" + client + "r" + r + "' WHERE PARCEL_NO = " + (client + 1));
                                sql(g, insert(1000 + client * 100 + r, "c" + client + "r" + r));
                            }
                            long t = System.nanoTime();
                            RemoteSync.synchronize(g, ServiceClient.connect(url, token), "c" + client, true, true, null, null, null);
                            latencies.add(System.nanoTime() - t);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.MINUTES);
                }
                pool.shutdown();
            }
            long total = System.nanoTime() - started;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long p95 = sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
            System.out.printf(Locale.ROOT, "ServiceLoadTest: %d clients, %d synchronizations in %.1f s: %.2f synchronizations/s, p95 %.0f ms,"
                    + " median %.0f ms%n", clients, sorted.size(), total / 1e9, sorted.size() / (total / 1e9), p95 / 1e6,
                    sorted.get(sorted.size() / 2) / 1e6);
            // every client's every edit arrived: its last update and each of its inserts
            Map<Integer, String> expected = new TreeMap<>();
            for (int c = 0; c < clients; c++) {
                expected.put(c + 1, "c" + c + "r" + (rounds - 1));
                for (int r = 0; r < rounds; r++) {
                    expected.put(1000 + c * 100 + r, "c" + c + "r" + r);
                }
            }
            Map<Integer, String> onParent = parcels(parent);
            assertEquals(expected, subset(onParent, expected), "the parent holds every client's edits");
        }
        // the rounds after a client's last edit brought it every other client's rows
        for (int c = 0; c < clients; c++) {
            try (Geodatabase g = Geodatabase.open(home.resolve("c" + c))) {
                Map<Integer, String> mine = parcels(g);
                for (int o = 0; o < clients; o++) {
                    assertTrue(mine.containsKey(1000 + o * 100), "client " + c + " holds client " + o + "'s first insert");
                }
            }
        }
    }

    private static Map<Integer, String> subset(Map<Integer, String> all, Map<Integer, String> keys) {
        Map<Integer, String> m = new TreeMap<>();
        keys.keySet().forEach(k -> m.put(k, all.get(k)));
        return m;
    }

    private static String insert(int no, String use) {
        return ServiceFixtures.insertParcel(no, use);
    }

    private static void sql(Geodatabase g, String sql) throws GeodatabaseException {
        ServiceFixtures.sql(g, sql);
    }

    private static Map<Integer, String> parcels(Geodatabase g) throws GeodatabaseException {
        return ServiceFixtures.parcels(g);
    }
}
