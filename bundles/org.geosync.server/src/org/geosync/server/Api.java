package org.geosync.server;

import java.util.regex.Pattern;

/**
 * What the service and its clients agree on about paths: the API's root and the names allowed in it. Free of Jetty, so a
 * client never loads the server's classes.
 */
final class Api {

    private Api() {
    }

    static final String ROOT = "/api/v1";
    /** A name in a path: a served geodatabase's or a replica's. */
    static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
}
