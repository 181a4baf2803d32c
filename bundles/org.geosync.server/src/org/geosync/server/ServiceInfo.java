package org.geosync.server;

import java.util.List;

import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseException;

/**
 * {@code GET /api/v1/NAME}: what a client needs before creating or synchronizing a replica, shaped after an ArcGIS feature
 * service's sync-enabled service info (datasets for layers, syncCapabilities as ArcGIS names them).
 */
final class ServiceInfo {
    private ServiceInfo() {
    }

    static String of(ServedGeodatabase served) throws GeodatabaseException {
        StringBuilder b = new StringBuilder("{\"name\":").append(Json.str(served.name))
                .append(",\"apiVersion\":1")
                .append(",\"engine\":").append(Json.str(served.gdb.isPostgresql() ? "postgresql" : "derby"))
                .append(",\"geodatabaseID\":").append(Json.str(served.gdb.guid()))
                .append(",\"syncEnabled\":true")
                // through the service a replica synchronizes whole (a message carries every dataset) and a failure always rolls
                // back (a message is imported whole or not at all)
                .append(",\"syncCapabilities\":{\"supportsPerReplicaSync\":true,\"supportsPerLayerSync\":false,")
                .append("\"supportsRollbackOnFailure\":true,\"supportsSyncDirectionControl\":true,\"supportsAsync\":false}")
                .append(",\"datasets\":[");
        List<Dataset> datasets = served.gdb.datasets();
        for (int i = 0; i < datasets.size(); i++) {
            b.append(i == 0 ? "" : ",").append(ApiHandler.dataset(datasets.get(i)));
        }
        return b.append("]}").toString();
    }
}
