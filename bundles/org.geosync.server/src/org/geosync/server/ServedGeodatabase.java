package org.geosync.server;

import java.util.concurrent.locks.ReentrantLock;

import org.geosync.core.Geodatabase;

/**
 * A geodatabase the service serves under {@code name}: the service process owns it (Derby is one process), and requests take
 * turns on its one connection.
 */
final class ServedGeodatabase {

    final String name;
    final Geodatabase gdb;
    final ReentrantLock lock = new ReentrantLock();

    ServedGeodatabase(String name, Geodatabase gdb) {
        this.name = name;
        this.gdb = gdb;
    }
}
