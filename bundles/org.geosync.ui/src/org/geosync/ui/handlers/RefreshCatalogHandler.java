package org.geosync.ui.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.geosync.ui.catalog.GeodatabaseConnections;

/** Reads every connected geodatabase again, e.g. after a script or another program changed it. */
public class RefreshCatalogHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        GeodatabaseConnections.getDefault().refresh();
        return null;
    }
}
