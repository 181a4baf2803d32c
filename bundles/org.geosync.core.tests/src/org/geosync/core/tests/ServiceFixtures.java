package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.SqlResultHandler;

/** What the sync service's tests share: a self-signed TLS keystore, tracked SQL on a geodatabase, and the sample's parcels. */
final class ServiceFixtures {

    private ServiceFixtures() {
    }

    /** A PKCS12 keystore made by the JDK's keytool for 127.0.0.1, its password, and a TLS context that trusts it. */
    record Tls(Path keystore, String password, SSLContext context) {
    }

    static Tls selfSigned(Path keystore) throws Exception {
        String password = "test-" + System.nanoTime();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "geosync", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
                "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, keytool.exitValue(), out);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return new Tls(keystore, password, tls);
    }

    /** Runs a statement as a user of {@code g} would (tracked), ignoring any rows. */
    static void sql(Geodatabase g, String sql) throws GeodatabaseException {
        g.executeUserSql(sql, new SqlResultHandler() {
            public void header(List<String> columns) {
            }

            public void row(List<String> values) {
            }
        });
    }

    /** An INSERT of a new sample parcel numbered {@code no} (a small square of its own, east of the sample). */
    static String insertParcel(int no, String landUse) {
        double x = 2_000_000 + no * 20;
        return "INSERT INTO PARCELS (GLOBALID, PARCEL_NO, ADDRESS, LAND_USE, AREA_M2, SHAPE) VALUES (GDB_NEW_GLOBALID(), " + no + ", '"
                + no + " New Street', '" + landUse + "', 100, ST_GeomFromText('POLYGON ((" + x + " 0, " + (x + 10) + " 0, " + (x + 10)
                + " 10, " + x + " 10, " + x + " 0))', 3857))";
    }

    /** PARCEL_NO to LAND_USE of every parcel; fails when a number is there twice (an insert applied twice). */
    static Map<Integer, String> parcels(Geodatabase g) throws GeodatabaseException {
        Map<Integer, String> rows = new TreeMap<>();
        List<Integer> seen = new ArrayList<>();
        g.executeSql("SELECT PARCEL_NO, LAND_USE FROM PARCELS", new SqlResultHandler() {
            public void header(List<String> columns) {
            }

            public void row(List<String> v) {
                int no = Integer.parseInt(v.get(0));
                seen.add(no);
                rows.put(no, v.get(1));
            }
        });
        assertEquals(rows.size(), seen.size(), "each parcel once: " + seen);
        return rows;
    }
}
