package org.geosync.core;

/** A refusal or failure a GIS administrator can act on; its message is one sentence meant for them. */
public class GeodatabaseException extends Exception {
    private static final long serialVersionUID = 1L;

    public GeodatabaseException(String message) {
        super(message);
    }

    public GeodatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
