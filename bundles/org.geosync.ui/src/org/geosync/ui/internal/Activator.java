package org.geosync.ui.internal;

import org.geosync.core.Geodatabase;
import org.geosync.ui.catalog.EnterprisePasswords;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Starts the workbench's part of GeoSync: the engine takes PostgreSQL passwords from the workbench's secure storage. */
public final class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Geodatabase.setPasswordProvider(EnterprisePasswords.getDefault());
    }

    @Override
    public void stop(BundleContext context) {
        Geodatabase.setPasswordProvider(null);
    }
}
