package io.runnel.broker.api;

import io.runnel.broker.config.Listener;
import io.runnel.broker.group.CoordinatorEndpoint;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.FindCoordinatorRequest;
import io.runnel.protocol.message.FindCoordinatorResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * FindCoordinator (v0-6): this broker coordinates every group, at its advertised address. Answered at once on the
 * network thread; it needs no group state.
 */
public final class FindCoordinatorHandler implements ApiHandler {
    private final BrokerContext broker;
    private final GroupCoordinator coordinator;

    public FindCoordinatorHandler(BrokerContext broker) {
        this.broker = broker;
        this.coordinator = broker.groups();
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage request) {
        Listener self = broker.advertisedListener(context.session().listenerName());
        CoordinatorEndpoint endpoint = new CoordinatorEndpoint(broker.nodeId(), self.host(), self.port());
        FindCoordinatorRequest find = (FindCoordinatorRequest) request;
        FindCoordinatorResponse response = coordinator.findCoordinator(GroupApiHandler.client(context), find,
                endpoint);
        return CompletableFuture.completedFuture(Response.of(authorized(context, find, response)));
    }

    /**
     * Kafka's check: DESCRIBE on the group (key type 0) or the transactional id (1); a key the principal may not
     * describe is answered with GROUP_ or TRANSACTIONAL_ID_AUTHORIZATION_FAILED and no coordinator.
     */
    private FindCoordinatorResponse authorized(RequestContext context, FindCoordinatorRequest request,
                                               FindCoordinatorResponse response) {
        boolean transactional = request.keyType() == 1;
        AclResourceType type = transactional ? AclResourceType.TRANSACTIONAL_ID : AclResourceType.GROUP;
        ErrorCode denied = transactional ? ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                : ErrorCode.GROUP_AUTHORIZATION_FAILED;
        AclAuthorizer authorizer = broker.authorizer();
        if (context.apiVersion() < 4) {
            return authorizer.authorize(context.session(), AclOperation.DESCRIBE, type, request.key()) ? response
                    : response.errorCode(denied.code()).nodeId(-1).host("").port(-1);
        }
        for (FindCoordinatorResponse.Coordinator coordinator : response.coordinators()) {
            if (!authorizer.authorize(context.session(), AclOperation.DESCRIBE, type, coordinator.key())) {
                coordinator.errorCode(denied.code()).errorMessage(null).nodeId(-1).host("").port(-1);
            }
        }
        return response;
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        // Before v4 one key and a top-level error; from v4 the error belongs to each key, none of which is known.
        return context.apiVersion() < 4
                ? new FindCoordinatorResponse().errorCode(error.code()).nodeId(-1).host("").port(-1) : null;
    }
}
