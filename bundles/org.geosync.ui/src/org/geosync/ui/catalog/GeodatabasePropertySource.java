package org.geosync.ui.catalog;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

/** What the Properties view shows for a geodatabase connection (read-only). */
final class GeodatabasePropertySource implements IPropertySource {

    private static final String NAME = "name";
    private static final String DIRECTORY = "directory";
    private static final String GUID = "guid";
    private static final String STATUS = "status";

    private final GeodatabaseNode node;

    GeodatabasePropertySource(GeodatabaseNode node) {
        this.node = node;
    }

    @Override
    public Object getEditableValue() {
        return this;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        return new IPropertyDescriptor[] { descriptor(NAME, "Name"), descriptor(DIRECTORY, "Directory"),
                descriptor(GUID, "GUID"), descriptor(STATUS, "Status") };
    }

    private static PropertyDescriptor descriptor(String id, String label) {
        PropertyDescriptor d = new PropertyDescriptor(id, label);
        d.setCategory("Geodatabase");
        return d;
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

    @Override
    public boolean isPropertySet(Object id) {
        return false;
    }

    @Override
    public void resetPropertyValue(Object id) {
        // read-only
    }

    @Override
    public void setPropertyValue(Object id, Object value) {
        // read-only
    }
}
