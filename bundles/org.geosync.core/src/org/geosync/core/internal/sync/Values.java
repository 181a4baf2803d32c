package org.geosync.core.internal.sync;

import java.util.Map;

import org.geosync.core.Dataset;
import org.geosync.core.Field;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.internal.geometry.Geometries;

/** Column values as text (conflicts show and keep them so) and back. */
final class Values {

    private Values() {
    }

    /** The text of a raw column value: geometry as WKT, dates in ISO form; null stays null. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] wkb) {
            return Geometries.fromWkb(wkb).toText();
        }
        return value.toString();
    }

    /** The raw value of column {@code col} of {@code d} from its {@link #text}. */
    static Object parse(Dataset d, String col, String text) throws GeodatabaseException {
        if (text == null) {
            return null;
        }
        if (col.equals("SHAPE")) {
            return Geometries.toWkb(Geometries.parseWkt(text));
        }
        if (col.equals("GLOBALID")) {
            return text;
        }
        Field f = d.field(col);
        if (f == null) {
            throw new GeodatabaseException(d.name() + " has no field " + col + ".");
        }
        try {
            return switch (f.type()) {
                case TEXT -> text;
                case INTEGER -> Integer.valueOf(text);
                case BIGINT -> Long.valueOf(text);
                case DOUBLE -> Double.valueOf(text);
                case DATE -> java.sql.Date.valueOf(text);
                case TIMESTAMP -> java.sql.Timestamp.valueOf(text);
            };
        } catch (IllegalArgumentException e) {
            throw new GeodatabaseException("'" + text + "' is not a valid " + f.type().name().toLowerCase() + " for " + d.name() + "." + col + ".", e);
        }
    }

    /** Parses a whole row of texts. */
    static Map<String, Object> parseRow(Dataset d, Map<String, String> texts) throws GeodatabaseException {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            row.put(e.getKey(), parse(d, e.getKey(), e.getValue()));
        }
        return row;
    }
}
