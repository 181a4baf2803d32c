package org.geosync.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The EPSG codes proj4j knows, read from the proj4j-epsg data file (proj4/nad/epsg). */
public final class EpsgRegistry {

    private static final String RESOURCE = "proj4/nad/epsg";
    private static volatile Set<Integer> codes;

    private EpsgRegistry() {
    }

    /** Whether {@code epsg} names a coordinate reference system in the EPSG data set. */
    public static boolean isKnown(int epsg) {
        return codes().contains(epsg);
    }

    /** The sentence for an unknown code. */
    public static String unknownMessage(int epsg) {
        return "Unknown EPSG code " + epsg + "; use a code from the EPSG registry such as 4326 (WGS 84) or 3857.";
    }

    /** The proj4 parameters of an EPSG code ("+proj=... +units=m"), read from the same data set. */
    public static String definition(int epsg) {
        if (!isKnown(epsg)) {
            throw new IllegalArgumentException(unknownMessage(epsg));
        }
        String prefix = "<" + epsg + ">";
        try (InputStream in = locate().openStream();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(prefix)) {
                    String body = line.substring(prefix.length()).trim();
                    return body.endsWith("<>") ? body.substring(0, body.length() - 2).trim() : body;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the EPSG data set: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(unknownMessage(epsg));
    }

    private static Set<Integer> codes() {
        Set<Integer> c = codes;
        if (c == null) {
            synchronized (EpsgRegistry.class) {
                c = codes;
                if (c == null) {
                    c = codes = load();
                }
            }
        }
        return c;
    }

    private static Set<Integer> load() {
        Set<Integer> result = new HashSet<>();
        URL url = locate();
        if (url == null) {
            throw new IllegalStateException("The EPSG data set (proj4j-epsg) is missing from this installation; reinstall GeoSync.");
        }
        try (InputStream in = url.openStream();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int close = line.indexOf('>');
                if (line.startsWith("<") && close > 1) {
                    try {
                        result.add(Integer.parseInt(line.substring(1, close).trim()));
                    } catch (NumberFormatException ignored) {
                        // a non-numeric entry name
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the EPSG data set: " + e.getMessage(), e);
        }
        return result;
    }

    private static URL locate() {
        try {
            URL u = locateInOsgi();
            if (u != null) {
                return u;
            }
        } catch (LinkageError outsideOsgi) {
            // a plain JDBC client (Derby's ij) with the GeoSync jar on its classpath: no OSGi framework
        }
        return EpsgRegistry.class.getClassLoader().getResource(RESOURCE);
    }

    private static URL locateInOsgi() {
        Bundle self = FrameworkUtil.getBundle(EpsgRegistry.class);
        if (self != null && self.getBundleContext() != null) {
            for (Bundle b : self.getBundleContext().getBundles()) {
                URL u = b.getEntry(RESOURCE);
                if (u != null) {
                    return u;
                }
            }
        }
        return null;
    }
}
