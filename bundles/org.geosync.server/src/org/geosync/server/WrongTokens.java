package org.geosync.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong tokens, counted per client address: after {@link #LIMIT} within {@link #WINDOW_MILLIS}, the address's requests whose
 * token the service has not verified before are refused for the rest of the window without checking them (each check of an
 * unknown token costs a deliberately slow hash, and guessing needs many). A client whose token was verified before goes on.
 */
final class WrongTokens {

    static final int LIMIT = 10;
    static final long WINDOW_MILLIS = 60_000;

    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    /** Whether {@code address} has given {@link #LIMIT} wrong tokens within the window ending now. */
    boolean blocked(String address, long now) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times, now);
            return times.size() >= LIMIT;
        }
    }

    /** Counts a wrong token from {@code address}. */
    void failed(String address, long now) {
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
        if (failures.size() > 10_000) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), now);
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    private static void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() > WINDOW_MILLIS) {
            times.removeFirst();
        }
    }
}
