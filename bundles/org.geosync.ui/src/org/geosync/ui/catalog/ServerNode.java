package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.osgi.util.NLS;
import org.geosync.core.GeodatabaseException;
import org.geosync.server.ServiceClient;
import org.geosync.ui.internal.UiTexts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A sync service connection as the Catalog shows it: the served geodatabase's location and the replicas of it the user may
 * work, as the service listed them (or the sentence saying why it did not, and whether that is because it did not answer in
 * time).
 */
public record ServerNode(String location, String problem, boolean silent, List<ServerReplicaNode> replicas) {

    /**
     * Asks the service for the replicas the user may work (network: call it in a job), waiting at most
     * {@link ServiceClient#LISTING_TIMEOUT}; a refusal or silence becomes the node's problem.
     */
    public static ServerNode inspect(String location) {
        String token = ServerTokens.getDefault().tokenFor(location);
        if (token == null) {
            return new ServerNode(location, NLS.bind(UiTexts.Server_noToken, location), false, List.of());
        }
        try {
            return new ServerNode(location, null, false, replicas(ServiceClient.connect(location, token).listing()));
        } catch (GeodatabaseException e) {
            return new ServerNode(location, e.getMessage(), ServiceClient.didNotAnswer(e), List.of());
        }
    }

    /** The Catalog's label: the location, and whether the service is unavailable or did not answer. */
    public String label() {
        return problem == null ? location : NLS.bind(silent ? UiTexts.Server_didNotAnswer : UiTexts.Catalog_unavailable, location);
    }

    /** The replicas {@code service} lists for its user, in the service's order. */
    public static List<ServerReplicaNode> replicas(ServiceClient service) throws GeodatabaseException {
        JsonObject answer = service.replicas();
        List<ServerReplicaNode> out = new ArrayList<>();
        try {
            for (JsonElement e : answer.getAsJsonArray("replicas")) {
                out.add(ServerReplicaNode.of(service.location(), e.getAsJsonObject()));
            }
        } catch (RuntimeException e) {
            throw new GeodatabaseException(NLS.bind(UiTexts.Server_badAnswer, service.location()), e);
        }
        return List.copyOf(out);
    }
}
