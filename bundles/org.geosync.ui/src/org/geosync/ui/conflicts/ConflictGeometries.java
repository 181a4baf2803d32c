package org.geosync.ui.conflicts;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.graphics.RGB;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictFieldValue;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.map.MapCanvas;
import org.locationtech.jts.geom.Geometry;

/** The versions of a conflicting row's SHAPE as map layers: ancestor grey, this database blue, imported orange. */
public final class ConflictGeometries {

    private static final String SHAPE = "SHAPE";

    private ConflictGeometries() {
    }

    /** The layers to draw, or an empty list when the conflict's SHAPE versions do not differ. */
    public static List<MapCanvas.Layer> layers(Conflict c) {
        ConflictFieldValue shape = c.getFieldValues().stream().filter(v -> SHAPE.equalsIgnoreCase(v.getFieldName())).findFirst()
                .orElse(null);
        if (shape == null || java.util.Objects.equals(shape.getDatabaseValue(), shape.getImportedValue())) {
            return List.of();
        }
        List<MapCanvas.Layer> out = new ArrayList<>();
        add(out, UiTexts.Conflicts_ancestorLayer, shape.getAncestorValue(), new RGB(150, 150, 150));
        add(out, UiTexts.Conflicts_databaseLayer, shape.getDatabaseValue(), new RGB(30, 90, 200));
        add(out, UiTexts.Conflicts_importedLayer, shape.getImportedValue(), new RGB(230, 120, 0));
        return out;
    }

    private static void add(List<MapCanvas.Layer> out, String name, String wkt, RGB color) {
        if (wkt == null) {
            return; // deleted on that side
        }
        try {
            // the engine's reader: a value from another replica, nested too deep, is refused instead of overflowing the stack
            Geometry g = org.geosync.core.Spatial.parseWkt(wkt);
            out.add(new MapCanvas.Layer(name, List.of(g), color, true));
        } catch (IllegalArgumentException e) {
            // a value that is not WKT has nothing to draw; the table still shows it
        }
    }
}
