package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.geosync.core.Field;
import org.geosync.ui.internal.UiTexts;

/** What the Properties view shows for a dataset: kind, geometry, EPSG, rows and each field (read-only). */
final class DatasetPropertySource extends ReadOnlyPropertySource {

    private final DatasetNode node;

    DatasetPropertySource(DatasetNode node) {
        this.node = node;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        List<IPropertyDescriptor> out = new ArrayList<>();
        out.add(descriptor("name", UiTexts.Catalog_name, UiTexts.Catalog_datasetCategory));
        out.add(descriptor("kind", UiTexts.Catalog_kind, UiTexts.Catalog_datasetCategory));
        if (node.dataset().isFeatureClass()) {
            out.add(descriptor("geometry", UiTexts.Catalog_geometryType, UiTexts.Catalog_datasetCategory));
            out.add(descriptor("epsg", UiTexts.Catalog_epsg, UiTexts.Catalog_datasetCategory));
        }
        out.add(descriptor("rows", UiTexts.Catalog_rows, UiTexts.Catalog_datasetCategory));
        for (Field f : node.dataset().fields()) {
            out.add(descriptor("field:" + f.name(), f.name(), UiTexts.Catalog_fields));
        }
        return out.toArray(IPropertyDescriptor[]::new);
    }

    @Override
    public Object getPropertyValue(Object id) {
        String key = (String) id;
        if (key.startsWith("field:")) {
            Field f = node.dataset().field(key.substring("field:".length()));
            return f == null ? null : f.type().name().toLowerCase(java.util.Locale.ROOT) + (f.length() > 0 ? "(" + f.length() + ")" : "");
        }
        return switch (key) {
            case "name" -> node.dataset().name();
            case "kind" -> node.dataset().isFeatureClass() ? UiTexts.Catalog_featureClass : UiTexts.Catalog_table;
            case "geometry" -> node.dataset().geometryType().name().toLowerCase(java.util.Locale.ROOT);
            case "epsg" -> String.valueOf(node.dataset().epsg());
            case "rows" -> node.rowCount() == DatasetNode.NOT_COUNTED ? UiTexts.Catalog_rowsNotCounted : String.valueOf(node.rowCount());
            default -> null;
        };
    }
}
