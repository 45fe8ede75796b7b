package io.runnel.broker.api;

import io.runnel.broker.config.Listener;
import io.runnel.broker.group.CoordinatorEndpoint;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
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
        return CompletableFuture.completedFuture(Response.of(coordinator.findCoordinator(
                GroupApiHandler.client(context), (FindCoordinatorRequest) request, endpoint)));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        // Before v4 one key and a top-level error; from v4 the error belongs to each key, none of which is known.
        return context.apiVersion() < 4
                ? new FindCoordinatorResponse().errorCode(error.code()).nodeId(-1).host("").port(-1) : null;
    }
}
