package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.PropertyDescriptor;

/**
 * The Properties view's source for a model object, fed from its EMF item provider: the item property
 * descriptors give the names, categories, descriptions and value labels. Read-only: replica metadata
 * changes through the engine's operations, never by typing into the Properties view.
 */
final class ModelPropertySource extends ReadOnlyPropertySource {

    private final Object object;
    private final IItemPropertySource source;

    ModelPropertySource(Object object, IItemPropertySource source) {
        this.object = object;
        this.source = source;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        List<IPropertyDescriptor> out = new ArrayList<>();
        for (IItemPropertyDescriptor d : source.getPropertyDescriptors(object)) {
            PropertyDescriptor p = new PropertyDescriptor(d.getId(object), d.getDisplayName(object));
            p.setCategory(d.getCategory(object));
            p.setDescription(d.getDescription(object));
            out.add(p);
        }
        return out.toArray(IPropertyDescriptor[]::new);
    }

    @Override
    public Object getPropertyValue(Object id) {
        IItemPropertyDescriptor d = source.getPropertyDescriptor(object, id);
        if (d == null) {
            return null;
        }
        Object value = d.getPropertyValue(object);
        // the item provider wraps values with their label provider (ItemPropertyDescriptor.PropertyValueWrapper)
        if (value instanceof IItemLabelProvider labels) {
            return labels.getText(value);
        }
        return value == null ? "" : d.getLabelProvider(object).getText(value);
    }
}
