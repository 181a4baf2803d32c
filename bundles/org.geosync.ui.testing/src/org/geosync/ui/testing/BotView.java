package org.geosync.ui.testing;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.PlatformUI;

/** A workbench view found by the bot. */
public class BotView {

    private final IViewReference reference;

    public BotView(IViewReference reference) {
        this.reference = reference;
    }

    /** The view's title as its tab shows it. */
    public String title() {
        return UI.call(reference::getPartName);
    }

    /** The view's id. */
    public String id() {
        return reference.getId();
    }

    /** Activates the view, creating it if needed, and returns its part. */
    public IViewPart show() {
        return UI.call(() -> {
            IViewPart part = reference.getView(true);
            PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().activate(part);
            return part;
        });
    }

    /** A bot searching inside the view's control. */
    public WidgetBot bot() {
        IViewPart part = show();
        return new WidgetBot(UI.call(() -> {
            MPart model = part.getSite().getService(MPart.class);
            return (Composite) model.getWidget();
        }));
    }

    /** Closes the view. */
    public void close() {
        UI.run(() -> reference.getPage().hideView(reference));
    }
}
