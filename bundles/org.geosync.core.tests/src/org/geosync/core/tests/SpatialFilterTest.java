package org.geosync.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.geosync.core.Field;
import org.geosync.core.FieldType;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeometryType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Envelope columns pre-select by box, JTS refines; envelopes follow geometry edits. */
class SpatialFilterTest {

    @TempDir
    Path tmp;

    @Test
    void boxPreselectionIsRefinedByTheGeometry() throws Exception {
        try (Geodatabase gdb = Geodatabase.create(tmp.resolve("gdb"))) {
            gdb.createFeatureClass("mains", GeometryType.LINE, 3857, List.of(Field.of("NAME", FieldType.TEXT)));
            String inside = gdb.insert("mains", Map.of("NAME", "inside"), "LINESTRING (1 1, 2 2)");
            // its box overlaps the area's box but the line itself passes outside the triangle
            gdb.insert("mains", Map.of("NAME", "corner"), "LINESTRING (9 2, 10 3)");
            gdb.insert("mains", Map.of("NAME", "far"), "LINESTRING (50 50, 60 60)");
            String area = "POLYGON ((0 0, 10 0, 0 10, 0 0))";
            assertEquals(List.of(inside), gdb.intersecting("mains", area));

            String moved = gdb.insert("mains", Map.of("NAME", "moved"), "LINESTRING (70 70, 80 80)");
            gdb.update("mains", moved, Map.of(), "LINESTRING (3 3, 4 4)");
            assertEquals(List.of(inside, moved), gdb.intersecting("mains", area));

            GeodatabaseException e = assertThrows(GeodatabaseException.class, () -> gdb.intersecting("mains", "POLYGON (("));
            assertEquals(true, e.getMessage().startsWith("Invalid WKT geometry"));
        }
    }
}
