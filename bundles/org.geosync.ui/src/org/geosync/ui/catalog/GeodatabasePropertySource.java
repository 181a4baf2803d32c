package org.geosync.ui.catalog;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.geosync.ui.internal.UiTexts;

/** What the Properties view shows for a geodatabase connection (read-only). */
final class GeodatabasePropertySource extends ReadOnlyPropertySource {

    private static final String CATEGORY = UiTexts.Catalog_geodatabaseCategory;
    private static final String NAME = "name";
    private static final String LOCATION = "location";
    private static final String GUID = "guid";
    private static final String STATUS = "status";

    private final GeodatabaseNode node;

    GeodatabasePropertySource(GeodatabaseNode node) {
        this.node = node;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        return new IPropertyDescriptor[] { descriptor(NAME, UiTexts.Catalog_name, CATEGORY),
                descriptor(LOCATION, UiTexts.Catalog_location, CATEGORY), descriptor(GUID, UiTexts.Catalog_guid, CATEGORY),
                descriptor(STATUS, UiTexts.Catalog_status, CATEGORY) };
    }

    @Override
    public Object getPropertyValue(Object id) {
        return switch ((String) id) {
            case NAME -> node.name();
            case LOCATION -> node.location().toString();
            case GUID -> node.guid() == null ? "" : node.guid();
            case STATUS -> node.problem() == null ? UiTexts.Catalog_available : node.problem();
            default -> null;
        };
    }
}
