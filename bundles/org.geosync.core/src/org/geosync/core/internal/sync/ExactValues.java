package org.geosync.core.internal.sync;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.util.Date;

/**
 * Exact comparison of column values (see {@link Outgoing#same}): an edit is sent when the value differs in
 * any digit, so nothing is compared through a type that rounds it.
 */
final class ExactValues {

    private ExactValues() {
    }

    /** Integers as integers, floating point values bit for bit (NaN equals NaN), mixed kinds by exact decimal value. */
    static boolean sameNumber(Number x, Number y) {
        if (integral(x) && integral(y)) {
            return x instanceof BigInteger || y instanceof BigInteger ? big(x).compareTo(big(y)) == 0 : x.longValue() == y.longValue();
        }
        if (floating(x) && floating(y)) {
            double a = x.doubleValue(), b = y.doubleValue();
            return a == b || Double.isNaN(a) && Double.isNaN(b);
        }
        BigDecimal a = decimal(x), b = decimal(y);
        return a != null && b != null && a.compareTo(b) == 0;
    }

    /** Dates to the millisecond, timestamps to the nanosecond. */
    static boolean sameInstant(Date x, Date y) {
        if (x.getTime() != y.getTime()) {
            return false;
        }
        return nanos(x) == nanos(y);
    }

    private static int nanos(Date d) {
        return d instanceof Timestamp t ? t.getNanos() : (int) Math.floorMod(d.getTime(), 1000L) * 1_000_000;
    }

    private static boolean integral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof BigInteger;
    }

    private static boolean floating(Number n) {
        return n instanceof Double || n instanceof Float;
    }

    private static BigInteger big(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    /** The exact value of a number, or null for NaN and infinities. */
    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (integral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        double v = n.doubleValue();
        return Double.isFinite(v) ? new BigDecimal(v) : null;
    }
}
