package org.geosync.server;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * Sends Jetty's log (slf4j) to {@code java.util.logging}, where the service's own log ({@code System.Logger}) goes. In OSGi,
 * slf4j finds its provider (slf4j-jdk14) through the ServiceLoader mediator (SPI Fly), which registers only providers of
 * bundles that are active; the provider bundle has no activator and no lazy activation, so nothing starts it: the service
 * starts it before Jetty asks for its first logger.
 */
final class JettyLog {

    /** The bundle of slf4j's provider for {@code java.util.logging}. */
    static final String PROVIDER = "slf4j.jdk14";

    private JettyLog() {
    }

    static void wire() {
        Bundle self = FrameworkUtil.getBundle(JettyLog.class);
        boolean started = false;
        if (self != null && self.getBundleContext() != null) {
            for (Bundle b : self.getBundleContext().getBundles()) {
                if (PROVIDER.equals(b.getSymbolicName())) {
                    try {
                        if (b.getState() != Bundle.ACTIVE) {
                            b.start(Bundle.START_TRANSIENT);
                        }
                        started = true;
                    } catch (BundleException | IllegalStateException | SecurityException e) {
                        System.getLogger("org.geosync.server").log(System.Logger.Level.WARNING, "Jetty's log is not wired: " + e);
                    }
                }
            }
        }
        if (!started && System.getProperty("slf4j.internal.verbosity") == null) {
            // no provider (outside OSGi, or a runtime without it): slf4j falls back to no logging and would warn on stderr; the
            // service's own log carries what matters
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }
}
