package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse;

import java.util.ArrayList;
import java.util.List;
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

    /** Nothing up front; the answer lists only the groups the principal may describe, as Kafka checks (a request is allowed or refused whole). */
    @Override
    ErrorCode denied(RequestContext context, ListGroupsRequest request) {
        return null;
    }

    /** With DESCRIBE on the cluster every group; otherwise the groups the principal may describe. */
    @Override
    ApiMessage visible(RequestContext context, ApiMessage answer) {
        if (Access.cluster(broker, context, AclOperation.DESCRIBE)) {
            return answer;
        }
        ListGroupsResponse response = (ListGroupsResponse) answer;
        List<ListGroupsResponse.ListedGroup> visible = new ArrayList<>();
        for (ListGroupsResponse.ListedGroup group : response.groups()) {
            if (Access.group(broker, context, AclOperation.DESCRIBE, group.groupId())) {
                visible.add(group);
            }
        }
        return response.groups(visible);
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
