package org.geosync.ui.catalog;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.ui.views.properties.IPropertySource;

/** Adapts Catalog elements to what workbench views ask for (the Properties view's property source). */
public class CatalogAdapterFactory implements IAdapterFactory {

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
        if (adapterType == IPropertySource.class && adaptable instanceof GeodatabaseNode node) {
            return adapterType.cast(new GeodatabasePropertySource(node));
        }
        if (adapterType == IPropertySource.class && adaptable instanceof DatasetNode node) {
            return adapterType.cast(new DatasetPropertySource(node));
        }
        if (adapterType == IPropertySource.class && adaptable instanceof RelationshipClassNode node) {
            return adapterType.cast(new RelationshipClassPropertySource(node));
        }
        if (adapterType == IPropertySource.class && adaptable instanceof ReplicaNode node) {
            var source = ModelItemProviders.propertySource(node.replica());
            return source == null ? null : adapterType.cast(new ModelPropertySource(node.replica(), source));
        }
        if (adapterType == IPropertySource.class && adaptable instanceof ServerNode node) {
            return adapterType.cast(new ServerPropertySource(node));
        }
        if (adapterType == IPropertySource.class && adaptable instanceof ServerReplicaNode node) {
            return adapterType.cast(new ServerPropertySource(node));
        }
        return null;
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { IPropertySource.class };
    }
}
