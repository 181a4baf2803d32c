package org.geosync.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.geosync.model.Replica;
import org.junit.jupiter.api.Test;

/** The generated item providers give the workbench labels, icons and properties (Properties view) of model objects. */
class ItemProviderTest {

    @Test
    void replicaHasLabelIconAndProperties() {
        ComposedAdapterFactory factory = new ComposedAdapterFactory(ComposedAdapterFactory.Descriptor.Registry.INSTANCE);
        try {
            Replica replica = Replicas.full();
            IItemLabelProvider labels = (IItemLabelProvider) factory.adapt(replica, IItemLabelProvider.class);
            assertNotNull(labels, "the edit bundle's item provider factory is registered through plugin.xml");
            assertEquals("Replica FieldCrew", labels.getText(replica));
            assertNotNull(labels.getImage(replica), "an icon from the edit bundle");
            IItemPropertySource properties = (IItemPropertySource) factory.adapt(replica, IItemPropertySource.class);
            List<IItemPropertyDescriptor> descriptors = properties.getPropertyDescriptors(replica);
            List<String> names = descriptors.stream().map(d -> d.getDisplayName(replica)).toList();
            assertTrue(names.contains("My Generation"), names.toString());
            assertTrue(names.contains("Sib My Generation"), names.toString());
            assertEquals(replica.getMyGeneration(), ((org.eclipse.emf.edit.provider.ItemPropertyDescriptor.PropertyValueWrapper)
                    properties.getPropertyDescriptor(replica, "myGeneration").getPropertyValue(replica)).getEditableValue(replica));
        } finally {
            factory.dispose();
        }
    }
}
