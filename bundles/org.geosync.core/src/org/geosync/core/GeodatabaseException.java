package org.geosync.core;

/**
 * A refusal or failure a GIS administrator can act on; its message is one sentence meant for them. Its {@link Reason}
 * tells the refusals a script or a caller must handle apart from the others without reading the sentence.
 */
public class GeodatabaseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal this is; the command line's {@code --json} output reports it as {@code reason}. */
    public enum Reason {
        /** Any refusal or failure that has no reason of its own below. */
        REFUSED("refused"),
        /** The geodatabase was made by an earlier GeoSync version whose storage layout this version does not read. */
        EARLIER_LAYOUT("earlier-layout"),
        /**
         * The message was imported before: every generation (or acknowledgment) it carries has arrived. Nothing changed, and
         * a caller that retries an exchange (the sync service's clients) takes it as done.
         */
        ALREADY_IMPORTED("already-imported"),
        /** A re-export found nothing to send again: the relative has acknowledged every change exported so far. */
        NOTHING_UNACKNOWLEDGED("nothing-unacknowledged");

        private final String literal;

        Reason(String literal) {
            this.literal = literal;
        }

        /** The stable name scripts compare, such as {@code earlier-layout}. */
        public String literal() {
            return literal;
        }
    }

    private final Reason reason;

    public GeodatabaseException(String message) {
        this(Reason.REFUSED, message, null);
    }

    public GeodatabaseException(String message, Throwable cause) {
        this(Reason.REFUSED, message, cause);
    }

    public GeodatabaseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason == null ? Reason.REFUSED : reason;
    }

    /** What kind of refusal this is ({@link Reason#REFUSED} unless said otherwise). */
    public Reason reason() {
        return reason;
    }
}
