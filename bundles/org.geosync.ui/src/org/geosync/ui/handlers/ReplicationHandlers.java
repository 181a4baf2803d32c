package org.geosync.ui.handlers;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.DistributedGeodatabasePerspective;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.map.DrawnArea;
import org.geosync.ui.views.MapPreviewView;
import org.geosync.ui.views.ReplicaManagerView;

/** What the Replication commands share: the geodatabase the administrator is working on. */
final class ReplicationHandlers {

    private ReplicationHandlers() {
    }

    /** The geodatabase of the selection (Catalog or Replica Manager), else the one the Replica Manager shows, else null. */
    static GeodatabaseLocation geodatabase(ExecutionEvent event) {
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection s && !s.isEmpty()) {
            GeodatabaseLocation dir = GeodatabaseNode.locationOf(s.getFirstElement());
            if (dir != null) {
                return dir;
            }
        }
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        if (part instanceof ReplicaManagerView v && v.location() != null) {
            return v.location();
        }
        var window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (window != null && window.getActivePage() != null
                && window.getActivePage().findView(DistributedGeodatabasePerspective.REPLICA_MANAGER) instanceof ReplicaManagerView v) {
            return v.location();
        }
        return null;
    }

    /** The area drawn on the Map Preview of the event's window, or null. */
    static DrawnArea drawnArea(ExecutionEvent event) {
        var window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (window != null && window.getActivePage() != null
                && window.getActivePage().findView(DistributedGeodatabasePerspective.MAP_PREVIEW) instanceof MapPreviewView v) {
            return v.drawnArea();
        }
        return null;
    }
}
