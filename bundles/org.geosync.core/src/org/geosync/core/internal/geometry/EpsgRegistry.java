package org.geosync.core.internal.geometry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The EPSG codes proj4j knows, with their names and PROJ.4 definitions, read from the proj4j-epsg data file (proj4/nad/epsg). */
public final class EpsgRegistry {

    private static final String RESOURCE = "proj4/nad/epsg";
    private static volatile Map<Integer, Entry> codes;

    /** One coordinate reference system of the data set: its name (the comment line above it) and PROJ.4 parameters. */
    private record Entry(String name, String proj4) {
    }

    private EpsgRegistry() {
    }

    /** Whether {@code epsg} names a coordinate reference system in the EPSG data set. */
    public static boolean isKnown(int epsg) {
        return codes().containsKey(epsg);
    }

    /** The name of the coordinate reference system {@code epsg} (such as "WGS 84 / Pseudo-Mercator"), or null if unknown. */
    public static String name(int epsg) {
        Entry e = codes().get(epsg);
        return e == null ? null : e.name();
    }

    /** The PROJ.4 definition of {@code epsg} (such as "+proj=longlat +datum=WGS84 +no_defs"), or null if unknown. */
    public static String proj4(int epsg) {
        Entry e = codes().get(epsg);
        return e == null ? null : e.proj4();
    }

    /** The sentence for an unknown code. */
    public static String unknownMessage(int epsg) {
        return "Unknown EPSG code " + epsg + "; use a code from the EPSG registry such as 4326 (WGS 84) or 3857.";
    }

    private static Map<Integer, Entry> codes() {
        Map<Integer, Entry> c = codes;
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

    private static Map<Integer, Entry> load() {
        Map<Integer, Entry> result = new HashMap<>();
        URL url = locate();
        if (url == null) {
            throw new IllegalStateException("The EPSG data set (proj4j-epsg) is missing from this installation; reinstall GeoSync.");
        }
        try (InputStream in = url.openStream();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String comment = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int close = line.indexOf('>');
                if (line.startsWith("#")) {
                    comment = line.substring(1).trim();
                } else if (line.startsWith("<") && close > 1) {
                    try {
                        int code = Integer.parseInt(line.substring(1, close).trim());
                        String proj4 = line.substring(close + 1).replace("<>", "").trim();
                        result.put(code, new Entry(comment == null || comment.isEmpty() ? "EPSG:" + code : comment, proj4));
                    } catch (NumberFormatException ignored) {
                        // a non-numeric entry name
                    }
                    comment = null;
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
