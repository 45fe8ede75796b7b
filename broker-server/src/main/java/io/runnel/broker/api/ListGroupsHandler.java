package io.runnel.broker.api;

import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse;

import java.util.concurrent.CompletableFuture;

/** ListGroups, with the state (v4+) and type (v5+) filters. */
public final class ListGroupsHandler extends GroupApiHandler<ListGroupsRequest> {

    public ListGroupsHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<ListGroupsResponse> call(GroupCoordinator coordinator, GroupRequestContext client, ListGroupsRequest request) {
        return coordinator.listGroups(client, request);
    }

    @Override
    ApiMessage errorBody(RequestContext context, ListGroupsRequest request, ErrorCode error) {
        return errorResponse(context, error);
    }

    @Override
    public ListGroupsResponse errorResponse(RequestContext context, ErrorCode error) {
        return new ListGroupsResponse().errorCode(error.code());
    }
}
