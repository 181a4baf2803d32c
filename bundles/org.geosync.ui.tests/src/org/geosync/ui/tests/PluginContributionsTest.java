package org.geosync.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.geosync.ui.testing.UI;
import org.junit.jupiter.api.Test;

/**
 * plugin.xml's commands hang together however its sections are arranged: every command has exactly one handler,
 * each handler is a class of {@code org.geosync.ui.handlers}, and every command a menu, context menu or view
 * toolbar shows is defined.
 */
class PluginContributionsTest {

    private static final String BUNDLE = "org.geosync.ui";

    @Test
    void everyCommandHasOneHandlerInTheHandlersPackage() throws Exception {
        Set<String> commands = new TreeSet<>();
        for (IConfigurationElement c : elements("org.eclipse.ui.commands")) {
            if (c.getName().equals("command")) {
                commands.add(c.getAttribute("id"));
            }
        }
        List<String> handled = new ArrayList<>();
        for (IConfigurationElement h : elements("org.eclipse.ui.handlers")) {
            String type = h.getAttribute("class");
            assertTrue(type.startsWith("org.geosync.ui.handlers."), type + " is not in org.geosync.ui.handlers");
            Platform.getBundle(BUNDLE).loadClass(type);
            handled.add(h.getAttribute("commandId"));
        }
        assertEquals(List.copyOf(commands), handled.stream().sorted().toList(), "one handler per command");
        assertTrue(commands.contains("org.geosync.ui.commands.reexport"), commands.toString());
    }

    @Test
    void everyCommandShownIsDefined() {
        Set<String> shown = new TreeSet<>();
        for (IConfigurationElement m : elements("org.eclipse.ui.menus")) {
            collectCommands(m, shown);
        }
        assertTrue(shown.contains("org.geosync.ui.commands.reexport"), shown.toString());
        ICommandService service = PlatformUI.getWorkbench().getService(ICommandService.class);
        for (String id : shown) {
            assertTrue(UI.call(() -> service.getCommand(id).isDefined()), id + " is shown but not defined");
        }
    }

    @Test
    void theMessageHistoryShowsTheReexportCommand() {
        Set<String> locations = new TreeSet<>();
        for (IConfigurationElement m : elements("org.eclipse.ui.menus")) {
            Set<String> here = new TreeSet<>();
            collectCommands(m, here);
            if (here.contains("org.geosync.ui.commands.reexport")) {
                locations.add(m.getAttribute("locationURI").replaceFirst("\\?.*", ""));
            }
        }
        assertTrue(locations.containsAll(Set.of("toolbar:org.geosync.ui.views.messageHistory", "popup:org.geosync.ui.views.messageHistory",
                "menu:org.geosync.ui.menus.replication")), locations.toString());
    }

    private static List<IConfigurationElement> elements(String point) {
        List<IConfigurationElement> out = new ArrayList<>();
        for (IConfigurationElement e : Platform.getExtensionRegistry().getConfigurationElementsFor(point)) {
            if (BUNDLE.equals(e.getContributor().getName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static void collectCommands(IConfigurationElement e, Set<String> into) {
        if (e.getName().equals("command") && e.getAttribute("commandId") != null) {
            into.add(e.getAttribute("commandId"));
        }
        for (IConfigurationElement child : e.getChildren()) {
            collectCommands(child, into);
        }
    }
}
