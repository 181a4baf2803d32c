package org.geosync.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.geosync.core.Geodatabase;

/**
 * The GeoSync sync service: serves geodatabases under /api/v1 over HTTPS (or plain HTTP on a loopback address) with Jetty's
 * core handlers. It owns the geodatabases it serves: {@link #stop()} lets requests in flight finish, then closes them.
 */
public final class SyncService implements AutoCloseable {

    /** How the service listens. */
    public static final class Options {
        int port;
        String bind = "127.0.0.1";
        Path keystore;
        char[] keystorePassword;
        boolean allowHttp;
        long maxBodyBytes = 512L << 20;
        long stopTimeoutMillis = 30_000;

        /** Listens on {@code port} (0: any free port). */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** Listens on this address (default 127.0.0.1). */
        public Options bind(String address) {
            this.bind = address;
            return this;
        }

        /** Serves HTTPS with the key and certificate in this PKCS12 keystore. */
        public Options tls(Path pkcs12, char[] password) {
            this.keystore = pkcs12;
            this.keystorePassword = password == null ? null : password.clone();
            return this;
        }

        /** Allows plain HTTP on an address other than loopback (tokens then cross the network in clear). */
        public Options allowHttp(boolean allow) {
            this.allowHttp = allow;
            return this;
        }

        /** The largest request body accepted; a larger one is refused with 413. */
        public Options maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Refuses, before anything is opened, a served name that is not plain, a bad port, an unknown address, and plain HTTP
         * on a non-loopback address without {@link #allowHttp}; returns the address to bind.
         */
        public InetAddress check(java.util.Collection<String> names) throws ServiceException {
            for (String name : names) {
                if (!ApiHandler.PLAIN.matcher(name).matches()) {
                    throw new ServiceException("A served name is 1 to 64 letters, digits, '_' or '-', starting with a letter or digit;"
                            + " '" + name.replaceAll("\\p{Cntrl}", "?") + "' is not one.");
                }
            }
            if (port < 0 || port > 65535) {
                throw new ServiceException("A port is 0 to 65535, not " + port + ".");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new ServiceException("Cannot bind '" + bind + "': no such address on this machine.");
            }
            if (keystore == null && !allowHttp && !address.isLoopbackAddress()) {
                throw new ServiceException("Plain HTTP is served only on a loopback address; give --tls-keystore FILE to serve HTTPS on "
                        + bind + ", or --allow-http to serve it unencrypted (tokens would cross the network in clear).");
            }
            return address;
        }

        /** How long {@link SyncService#stop()} waits for requests in flight. */
        public Options stopTimeoutMillis(long millis) {
            this.stopTimeoutMillis = millis;
            return this;
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, ServedGeodatabase> served;
    private final String scheme;
    private final String host;
    private boolean stopped;

    private SyncService(Server server, ServerConnector connector, Map<String, ServedGeodatabase> served, String scheme, String host) {
        this.server = server;
        this.connector = connector;
        this.served = served;
        this.scheme = scheme;
        this.host = host;
    }

    /**
     * Starts serving {@code geodatabases} (name to open geodatabase; the service owns them from here, closing them on stop or
     * when it cannot start) to the {@code users}. Refuses a name that is not plain, plain HTTP on a non-loopback address
     * without {@link Options#allowHttp}, a keystore it cannot read, and a port it cannot bind.
     */
    public static SyncService start(Options options, UsersFile users, Map<String, Geodatabase> geodatabases) throws ServiceException {
        JettyLog.wire();
        Map<String, ServedGeodatabase> served = new LinkedHashMap<>();
        geodatabases.forEach((name, gdb) -> served.put(name, new ServedGeodatabase(name, gdb)));
        try {
            return startServing(options, users, served);
        } catch (ServiceException | RuntimeException e) {
            closeAll(served);
            throw e;
        }
    }

    private static SyncService startServing(Options o, UsersFile users, Map<String, ServedGeodatabase> served) throws ServiceException {
        InetAddress address = o.check(served.keySet());
        boolean tls = o.keystore != null;
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("geosync-serve");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        ServerConnector connector;
        if (tls) {
            if (!Files.isReadable(o.keystore)) {
                throw new ServiceException("Cannot read the TLS keystore " + o.keystore + ".");
            }
            if (o.keystorePassword == null) {
                throw new ServiceException("The TLS keystore's password comes from the environment variable GEOSYNC_TLS_PASSWORD,"
                        + " which is not set.");
            }
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(o.keystore.toAbsolutePath().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(new String(o.keystorePassword));
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // clients reach the service by IP address as often as by name; the certificate's check is theirs to make
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(o.bind);
        connector.setPort(o.port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler(o.maxBodyBytes));
        SizeLimitHandler limit = new SizeLimitHandler(o.maxBodyBytes, -1);
        limit.setHandler(new ApiHandler(users, served, new ReplicaEndpoints(Owners.beside(users.file()), Registrations.beside(users.file()))));
        server.setHandler(new GracefulHandler(limit));
        server.setStopTimeout(o.stopTimeoutMillis);
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failed; what stays is the reason below
            }
            throw new ServiceException(startFailure(o, e), e);
        }
        String host = address.getHostAddress().contains(":") ? "[" + o.bind + "]" : o.bind;
        return new SyncService(server, connector, served, tls ? "https" : "http", host);
    }

    private static String startFailure(Options o, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return "Cannot listen on " + o.bind + ":" + o.port + " (" + t.getMessage() + ").";
            }
            if (t instanceof java.security.GeneralSecurityException || t instanceof IOException && o.keystore != null) {
                return "Cannot use the TLS keystore " + o.keystore + ": is it PKCS12, and is GEOSYNC_TLS_PASSWORD its password?";
            }
        }
        return "The service could not start (" + e.getClass().getSimpleName() + ").";
    }

    /** The port the service listens on (the one chosen when 0 was asked). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The URL of a served geodatabase, e.g. https://HOST:PORT/api/v1/NAME. */
    public URI url(String name) {
        return URI.create(scheme + "://" + host + ":" + port() + ApiHandler.ROOT + "/" + name);
    }

    /** The names served, in the order given. */
    public java.util.Set<String> names() {
        return served.keySet();
    }

    /** Waits until the service has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops accepting requests, lets those in flight finish (up to the stop timeout; a write still open after it rolls back
     * when its connection closes), then closes the geodatabases. Safe to call more than once and from a shutdown hook.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger("org.geosync.server").log(System.Logger.Level.WARNING, "stopping the service: " + e);
        } finally {
            closeAll(served);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeAll(Map<String, ServedGeodatabase> served) {
        for (ServedGeodatabase s : served.values()) {
            // wait for a request still holding it (after the stop timeout there is none left to wait for)
            s.lock.lock();
            try {
                s.gdb.close();
            } catch (Exception e) {
                System.getLogger("org.geosync.server").log(System.Logger.Level.WARNING, "closing " + s.name + ": " + e);
            } finally {
                s.lock.unlock();
            }
        }
    }
}
