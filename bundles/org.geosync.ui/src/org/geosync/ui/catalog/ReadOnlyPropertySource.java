package org.geosync.ui.catalog;

import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

/** A property source whose values the Properties view shows but cannot change. */
abstract class ReadOnlyPropertySource implements IPropertySource {

    static PropertyDescriptor descriptor(String id, String label, String category) {
        PropertyDescriptor d = new PropertyDescriptor(id, label);
        d.setCategory(category);
        return d;
    }

    @Override
    public Object getEditableValue() {
        return this;
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
