package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DeleteGroupsRequest;
import io.runnel.protocol.message.DeleteGroupsResponse.DeletableGroupResult;
import io.runnel.protocol.message.DeleteGroupsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DeleteGroups: empty groups only, with their committed offsets. */
public final class DeleteGroupsHandler extends GroupApiHandler<DeleteGroupsRequest> {

    public DeleteGroupsHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<DeleteGroupsResponse> call(GroupCoordinator coordinator, GroupRequestContext client, DeleteGroupsRequest request) {
        return coordinator.deleteGroups(client, request);
    }

    /** DELETE on each group, as Kafka checks (a request is allowed or refused whole). */
    @Override
    ErrorCode denied(RequestContext context, DeleteGroupsRequest request) {
        return requireGroups(context, AclOperation.DELETE, request.groupsNames());
    }

    @Override
    ApiMessage errorBody(RequestContext context, DeleteGroupsRequest request, ErrorCode error) {
        List<DeletableGroupResult> results = new ArrayList<>();
        for (String groupId : request.groupsNames()) {
            results.add(new DeletableGroupResult().groupId(groupId).errorCode(error.code()));
        }
        return new DeleteGroupsResponse().results(results);
    }

}
