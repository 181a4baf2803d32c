package org.geosync.core.internal.gpkg;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

import org.geosync.core.FieldType;
import org.geosync.core.GeometryType;
import org.geosync.core.UserData;

/**
 * How GeoSync's field and geometry types meet GeoPackage's: column types both ways, and values read
 * from a GeoPackage converted to what Derby stores. GeoPackage DATETIME values are UTC; GeoSync's
 * TIMESTAMP fields hold them as UTC wall-clock time, whatever the JVM's time zone.
 */
public final class GpkgTypes {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);

    private GpkgTypes() {
    }

    /** The GeoPackage column type of a field: TEXT(n), MEDIUMINT, INTEGER, DOUBLE, DATE or DATETIME. */
    public static String columnType(FieldType type, int length) {
        return switch (type) {
            case TEXT -> length > 0 ? "TEXT(" + length + ")" : "TEXT";
            case INTEGER -> "MEDIUMINT";
            case BIGINT -> "INTEGER";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case TIMESTAMP -> "DATETIME";
        };
    }

    /**
     * The field type for a GeoPackage column type (case-insensitive, with or without a length), or
     * null when GeoSync has none (BLOB, geometry types).
     */
    public static FieldType fieldType(String declared) {
        String t = declared == null ? "" : declared.trim().toUpperCase(Locale.ROOT);
        int paren = t.indexOf('(');
        String base = (paren >= 0 ? t.substring(0, paren) : t).trim();
        return switch (base) {
            case "", "TEXT", "VARCHAR", "CHAR", "CHARACTER", "CLOB", "NVARCHAR", "NCHAR" -> FieldType.TEXT;
            case "BOOLEAN", "TINYINT", "SMALLINT", "MEDIUMINT" -> FieldType.INTEGER;
            case "INT", "INTEGER", "BIGINT", "INT64" -> FieldType.BIGINT;
            case "DOUBLE", "REAL", "FLOAT", "NUMERIC", "DECIMAL" -> FieldType.DOUBLE;
            case "DATE" -> FieldType.DATE;
            case "DATETIME", "TIMESTAMP" -> FieldType.TIMESTAMP;
            default -> null;
        };
    }

    /** The declared maximum length of a TEXT(n) column, or 0. */
    public static int declaredLength(String declared) {
        if (declared == null) {
            return 0;
        }
        int open = declared.indexOf('('), close = declared.indexOf(')');
        if (open < 0 || close < open) {
            return 0;
        }
        try {
            return Integer.parseInt(declared.substring(open + 1, close).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The gpkg_geometry_columns type name of a geometry type. */
    public static String geometryTypeName(GeometryType type) {
        return switch (type) {
            case POINT -> "POINT";
            case MULTIPOINT -> "MULTIPOINT";
            case LINE -> "LINESTRING";
            case MULTILINE -> "MULTILINESTRING";
            case POLYGON -> "POLYGON";
            case MULTIPOLYGON -> "MULTIPOLYGON";
        };
    }

    /** The geometry type for a gpkg_geometry_columns type name, or null for GEOMETRY, collections and curves. */
    public static GeometryType geometryType(String name) {
        return switch (name == null ? "" : name.trim().toUpperCase(Locale.ROOT)) {
            case "POINT" -> GeometryType.POINT;
            case "MULTIPOINT" -> GeometryType.MULTIPOINT;
            case "LINESTRING" -> GeometryType.LINE;
            case "MULTILINESTRING" -> GeometryType.MULTILINE;
            case "POLYGON" -> GeometryType.POLYGON;
            case "MULTIPOLYGON" -> GeometryType.MULTIPOLYGON;
            default -> null;
        };
    }

    /** The geometry type of WKB type codes 1..6, or null. */
    public static GeometryType ofWkbType(int code) {
        return switch (code) {
            case 1 -> GeometryType.POINT;
            case 2 -> GeometryType.LINE;
            case 3 -> GeometryType.POLYGON;
            case 4 -> GeometryType.MULTIPOINT;
            case 5 -> GeometryType.MULTILINE;
            case 6 -> GeometryType.MULTIPOLYGON;
            default -> null;
        };
    }

    /** A GeoPackage DATETIME text (UTC) for a TIMESTAMP value. */
    public static String datetimeText(Timestamp t) {
        return DATETIME.format(t.toLocalDateTime());
    }

    /**
     * Converts a value read from a GeoPackage (String, Integer, Long, Double) to the Java type Derby
     * stores for {@code type}; throws IllegalArgumentException with the reason when it does not fit.
     */
    public static Object toField(FieldType type, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[]) {
            throw new IllegalArgumentException("holds binary data, not a " + describe(type));
        }
        return switch (type) {
            case TEXT -> v.toString();
            case INTEGER -> Math.toIntExact(whole(v));
            case BIGINT -> whole(v);
            case DOUBLE -> v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
            case DATE -> Date.valueOf(date(v.toString()));
            case TIMESTAMP -> Timestamp.valueOf(datetime(v.toString()));
        };
    }

    private static long whole(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw new IllegalArgumentException("holds " + UserData.quote(v) + ", which is not a whole number");
        }
        return (long) d;
    }

    private static LocalDate date(String s) {
        String t = s.trim();
        return LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
    }

    private static LocalDateTime datetime(String s) {
        String t = s.trim().replace(' ', 'T');
        TemporalAccessor a = DateTimeFormatter.ISO_DATE_TIME.parse(t.length() == 10 ? t + "T00:00:00" : t);
        LocalDateTime local = LocalDateTime.from(a);
        if (a.isSupported(ChronoField.OFFSET_SECONDS)) {
            int offset = a.get(ChronoField.OFFSET_SECONDS);
            local = local.atOffset(ZoneOffset.ofTotalSeconds(offset)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return local;
    }

    /** Describes why {@code v} does not fit {@code type}, for the caller's sentence. */
    public static String misfit(FieldType type, Object v, RuntimeException e) {
        if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException) && e.getMessage() != null
                && e.getMessage().startsWith("holds")) {
            return e.getMessage();
        }
        if (e instanceof ArithmeticException) {
            return "holds " + UserData.quote(v) + ", which is too large for a 32-bit integer";
        }
        return "holds " + UserData.quote(v) + ", which is not a " + describe(type);
    }

    private static String describe(FieldType type) {
        return switch (type) {
            case TEXT -> "text";
            case INTEGER, BIGINT -> "whole number";
            case DOUBLE -> "number";
            case DATE -> "date (YYYY-MM-DD)";
            case TIMESTAMP -> "date and time (YYYY-MM-DDTHH:MM:SS.SSSZ)";
        };
    }
}
