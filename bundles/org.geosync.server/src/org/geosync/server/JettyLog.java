package org.geosync.server;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * Sends Jetty's log (slf4j) to {@code java.util.logging}, where the service's own log ({@code System.Logger}) goes. In OSGi,
 * slf4j finds its provider (slf4j-jdk14) through the ServiceLoader mediator (SPI Fly), which registers only providers of
 * bundles that are active; the provider bundle has no activator and no lazy activation, so nothing starts it: the service
 * starts it (and the mediator, which the command line's own configuration leaves stopped) before Jetty asks for its first
 * logger.
 */
final class JettyLog {

    /** The bundle of slf4j's provider for {@code java.util.logging}. */
    static final String PROVIDER = "slf4j.jdk14";

    /** The ServiceLoader mediator; the command line's own configuration installs it without starting it (bin/cli-start.sh). */
    static final String MEDIATOR = "org.apache.aries.spifly.dynamic.bundle";

    /**
     * The mediator's own logger: it says at INFO on stderr that it registered the provider, which is no news to whoever runs a
     * service, so it says only warnings and errors (held here: the log manager keeps loggers weakly).
     */
    private static final java.util.logging.Logger MEDIATOR_LOG = java.util.logging.Logger.getLogger("org.apache.aries.spifly.BaseActivator");

    private JettyLog() {
    }

    static void wire() {
        MEDIATOR_LOG.setLevel(java.util.logging.Level.WARNING);
        Bundle self = FrameworkUtil.getBundle(JettyLog.class);
        boolean started = false;
        if (self != null && self.getBundleContext() != null) {
            Bundle[] bundles = self.getBundleContext().getBundles();
            for (Bundle b : bundles) {
                if (MEDIATOR.equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                    try {
                        b.start(Bundle.START_TRANSIENT); // before the provider, which it registers when that starts
                    } catch (BundleException | IllegalStateException | SecurityException e) {
                        System.getLogger("org.geosync.server").log(System.Logger.Level.WARNING, "Jetty's log is not wired: " + e);
                    }
                }
            }
            for (Bundle b : bundles) {
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
