package org.geosync.core.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The most heap in use at one moment: the heap is fullest just before a collection, so each collection's "before" figure,
 * summed over the heap pools at that one moment, is a candidate, and so is the heap in use now. (Each pool's own peak, summed,
 * adds up moments that never were: the young pools peak before a collection and the old one after it.) The collectors'
 * notifications carry those figures as open data, read here without the JDK's own com.sun classes.
 */
final class HeapPeak {

    private static final AtomicLong PEAK = new AtomicLong();
    private static final Set<String> HEAP_POOLS = new HashSet<>();
    private static boolean listening;

    private HeapPeak() {
    }

    /** Starts a measurement at the heap in use now. */
    static synchronized void reset() {
        listen();
        PEAK.set(used());
    }

    /** The most heap in use at one moment since {@link #reset}. */
    static long peak() {
        return PEAK.accumulateAndGet(used(), Math::max);
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void listen() {
        if (listening) {
            return;
        }
        listening = true;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                HEAP_POOLS.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(HeapPeak::collected, null, null);
            }
        }
    }

    /** A collection's notification: the heap pools' use just before it, summed. */
    private static void collected(Notification n, Object handback) {
        if (!"com.sun.management.gc.notification".equals(n.getType()) || !(n.getUserData() instanceof CompositeData info)) {
            return;
        }
        try {
            CompositeData gcInfo = (CompositeData) info.get("gcInfo");
            TabularData before = (TabularData) gcInfo.get("memoryUsageBeforeGc");
            long sum = 0;
            for (Object row : before.values()) {
                CompositeData entry = (CompositeData) row;
                if (HEAP_POOLS.contains((String) entry.get("key"))) {
                    sum += MemoryUsage.from((CompositeData) entry.get("value")).getUsed();
                }
            }
            long total = sum;
            PEAK.accumulateAndGet(total, Math::max);
        } catch (RuntimeException unexpected) {
            // a notification of another shape: the figure now still counts
        }
    }
}
