package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupResponse;

import java.util.concurrent.CompletableFuture;

/** SyncGroup (classic protocol): followers wait on the coordinator for the leader's assignment. */
public final class SyncGroupHandler extends GroupApiHandler<SyncGroupRequest> {

    public SyncGroupHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<SyncGroupResponse> call(GroupCoordinator coordinator, GroupRequestContext client,
                                              SyncGroupRequest request) {
        return coordinator.syncGroup(client, request);
    }

    /** READ on the group, as Kafka checks. */
    @Override
    ErrorCode denied(RequestContext context, SyncGroupRequest request) {
        return requireGroup(context, AclOperation.READ, request.groupId());
    }

    @Override
    ApiMessage errorBody(RequestContext context, SyncGroupRequest request, ErrorCode error) {
        return errorResponse(context, error);
    }

    @Override
    public SyncGroupResponse errorResponse(RequestContext context, ErrorCode error) {
        return new SyncGroupResponse().errorCode(error.code()).assignment(new byte[0]);
    }
}
