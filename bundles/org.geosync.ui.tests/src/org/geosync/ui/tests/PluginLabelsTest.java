package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtension;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;

/**
 * plugin.xml's labels are %keys of plugin.properties and the Java code's texts are in UiTexts: every one resolves, so the
 * workbench shows words, never keys.
 */
class PluginLabelsTest {

    @Test
    void everyLabelOfTheWorkbenchBundleResolves() {
        List<String> seen = new ArrayList<>();
        for (IExtension e : Platform.getExtensionRegistry().getExtensions("org.geosync.ui")) {
            for (IConfigurationElement c : e.getConfigurationElements()) {
                walk(c, seen);
            }
        }
        assertTrue(seen.contains("Create Replica..."), seen.toString());
        assertTrue(seen.contains("Replication"), seen.toString());
        assertTrue(seen.contains("Distributed Geodatabase"), seen.toString());
        assertEquals("GeoSync Distributed Geodatabase UI", Platform.getBundle("org.geosync.ui").getHeaders().get("Bundle-Name"));
    }

    @Test
    void everyTextOfTheWorkbenchResolves() throws Exception {
        int texts = 0;
        for (java.lang.reflect.Field f : org.geosync.ui.internal.UiTexts.class.getFields()) {
            String text = (String) f.get(null);
            assertTrue(text != null && !text.isBlank() && !text.startsWith("NLS missing message"), f.getName() + " = " + text);
            texts++;
        }
        assertTrue(texts > 0);
        assertEquals("Geodatabase folder:", org.geosync.ui.internal.UiTexts.Preferences_geodatabaseFolder);
        assertEquals("Remove A, B from the Catalog? The geodatabases themselves are kept; a saved PostgreSQL password is forgotten.",
                org.eclipse.osgi.util.NLS.bind(org.geosync.ui.internal.UiTexts.Handlers_removeConnectionQuestion, "A, B"));
        assertTrue(org.geosync.ui.internal.UiTexts.Handlers_unregisterOnAChild.startsWith("\n\nOn a child"));
    }

    private static void walk(IConfigurationElement c, List<String> seen) {
        for (String a : c.getAttributeNames()) {
            String v = c.getAttribute(a);
            assertFalse(v != null && v.startsWith("%"), c.getName() + " " + a + "=" + v + " is a key without its text in plugin.properties");
            if (a.equals("name") || a.equals("label") || a.equals("description")) {
                seen.add(v);
            }
        }
        for (IConfigurationElement child : c.getChildren()) {
            walk(child, seen);
        }
    }
}
