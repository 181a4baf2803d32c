package org.geosync.ui.catalog;

import java.util.Date;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.geosync.ui.internal.UiTexts;

/** What the Properties view shows for a sync service connection and for a replica the service serves (read-only). */
final class ServerPropertySource extends ReadOnlyPropertySource {

    private final ServerNode server;
    private final ServerReplicaNode replica;

    ServerPropertySource(ServerNode server) {
        this.server = server;
        this.replica = null;
    }

    ServerPropertySource(ServerReplicaNode replica) {
        this.server = null;
        this.replica = replica;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        if (server != null) {
            String c = UiTexts.Server_category;
            return new IPropertyDescriptor[] { descriptor("location", UiTexts.Catalog_location, c),
                    descriptor("status", UiTexts.Catalog_status, c), descriptor("replicas", UiTexts.Catalog_replicas, c),
                    descriptor("token", UiTexts.Server_tokenProperty, c) };
        }
        String c = UiTexts.Server_replicaCategory;
        return new IPropertyDescriptor[] { descriptor("name", UiTexts.Catalog_name, c), descriptor("replicaID", "replicaID", c),
                descriptor("type", "type", c), descriptor("role", "role", c), descriptor("state", "state", c),
                descriptor("syncModel", "syncModel", c), descriptor("inConflict", "inConflict", c),
                descriptor("myGeneration", "myGeneration", c), descriptor("sibGeneration", "sibGeneration", c),
                descriptor("sibMyGeneration", "sibMyGeneration", c), descriptor("lastSync", "lastSync", c),
                descriptor("location", UiTexts.Server_servedBy, c) };
    }

    @Override
    public Object getPropertyValue(Object id) {
        if (server != null) {
            return switch ((String) id) {
                case "location" -> server.location();
                case "status" -> server.problem() == null ? UiTexts.Server_available : server.problem();
                case "replicas" -> server.problem() == null ? String.valueOf(server.replicas().size()) : "";
                case "token" -> ServerTokens.getDefault().isSaved(server.location()) ? UiTexts.Server_tokenSaved : UiTexts.Server_tokenSession;
                default -> null;
            };
        }
        return switch ((String) id) {
            case "name" -> replica.name();
            case "replicaID" -> replica.replicaId();
            case "type" -> ReplicaNode.lower(replica.type());
            case "role" -> ReplicaNode.lower(replica.role());
            case "state" -> ReplicaNode.lower(replica.state());
            case "syncModel" -> ReplicaNode.lower(replica.syncModel());
            case "inConflict" -> String.valueOf(replica.inConflict());
            case "myGeneration" -> String.valueOf(replica.myGeneration());
            case "sibGeneration" -> String.valueOf(replica.sibGeneration());
            case "sibMyGeneration" -> String.valueOf(replica.sibMyGeneration());
            case "lastSync" -> replica.lastSync() == null ? UiTexts.Server_never : new Date(replica.lastSync()).toString();
            case "location" -> replica.location();
            default -> null;
        };
    }
}
