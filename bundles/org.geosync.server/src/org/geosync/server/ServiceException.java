package org.geosync.server;

/** A refusal of the sync service or of its users file: one sentence, safe to show (it never quotes a secret). */
public class ServiceException extends Exception {
    private static final long serialVersionUID = 1L;

    public ServiceException(String message) {
        super(message);
    }

    public ServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
