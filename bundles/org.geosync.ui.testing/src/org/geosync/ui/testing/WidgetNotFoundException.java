package org.geosync.ui.testing;

/** No widget matched within the wait time. */
public class WidgetNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WidgetNotFoundException(String message) {
        super(message);
    }
}
