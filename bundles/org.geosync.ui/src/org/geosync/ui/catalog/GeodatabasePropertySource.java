package org.geosync.ui.catalog;

import org.eclipse.ui.views.properties.IPropertyDescriptor;

/** What the Properties view shows for a geodatabase connection (read-only). */
final class GeodatabasePropertySource extends ReadOnlyPropertySource {

    private static final String CATEGORY = "Geodatabase";
    private static final String NAME = "name";
    private static final String DIRECTORY = "directory";
    private static final String GUID = "guid";
    private static final String STATUS = "status";

    private final GeodatabaseNode node;

    GeodatabasePropertySource(GeodatabaseNode node) {
        this.node = node;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        return new IPropertyDescriptor[] { descriptor(NAME, "Name", CATEGORY), descriptor(DIRECTORY, "Directory", CATEGORY),
                descriptor(GUID, "GUID", CATEGORY), descriptor(STATUS, "Status", CATEGORY) };
    }


    @Override
    public Object getPropertyValue(Object id) {
        return switch ((String) id) {
            case NAME -> node.name();
            case DIRECTORY -> node.directory().toString();
            case GUID -> node.guid() == null ? "" : node.guid();
            case STATUS -> node.problem() == null ? "Available (embedded Derby)" : node.problem();
            default -> null;
        };
    }
}
