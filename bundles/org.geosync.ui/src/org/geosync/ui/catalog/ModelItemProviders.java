package org.geosync.ui.catalog;

import java.net.URL;

import org.eclipse.emf.common.notify.AdapterFactory;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.jface.resource.ImageDescriptor;
import org.geosync.model.provider.GeosyncItemProviderAdapterFactory;

/**
 * The EMF item providers of the replica model (org.geosync.model.edit), for the workbench: labels,
 * icons and property descriptors of replicas come from them, as EMF's edit UI would take them.
 */
public final class ModelItemProviders {

    private static final GeosyncItemProviderAdapterFactory FACTORY = new GeosyncItemProviderAdapterFactory();

    private ModelItemProviders() {
    }

    /** The adapter factory of the model's item providers. */
    public static AdapterFactory factory() {
        return FACTORY;
    }

    /** The item provider's label of a model object. */
    public static String text(Object modelObject) {
        Object provider = FACTORY.adapt(modelObject, IItemLabelProvider.class);
        return provider instanceof IItemLabelProvider p ? p.getText(modelObject) : String.valueOf(modelObject);
    }

    /** The item provider's icon of a model object, or null. */
    public static ImageDescriptor image(Object modelObject) {
        Object provider = FACTORY.adapt(modelObject, IItemLabelProvider.class);
        if (provider instanceof IItemLabelProvider p && p.getImage(modelObject) instanceof URL url) {
            return ImageDescriptor.createFromURL(url);
        }
        return null;
    }

    /** The item property source of a model object, or null. */
    public static IItemPropertySource propertySource(Object modelObject) {
        Object provider = FACTORY.adapt(modelObject, IItemPropertySource.class);
        return provider instanceof IItemPropertySource s ? s : null;
    }
}
