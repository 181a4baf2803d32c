package org.geosync.server;

/** A request the API refuses: the HTTP status and one sentence for the client; nothing was changed. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
