package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.LeaveGroupResponse;

import java.util.concurrent.CompletableFuture;

/** LeaveGroup (classic protocol; from v3 a batch of members). */
public final class LeaveGroupHandler extends GroupApiHandler<LeaveGroupRequest> {

    public LeaveGroupHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<LeaveGroupResponse> call(GroupCoordinator coordinator, GroupRequestContext client,
                                               LeaveGroupRequest request) {
        return coordinator.leaveGroup(client, request);
    }

    /** READ on the group, as Kafka checks. */
    @Override
    ErrorCode denied(RequestContext context, LeaveGroupRequest request) {
        return requireGroup(context, AclOperation.READ, request.groupId());
    }

    @Override
    ApiMessage errorBody(RequestContext context, LeaveGroupRequest request, ErrorCode error) {
        return errorResponse(context, error);
    }

    @Override
    public LeaveGroupResponse errorResponse(RequestContext context, ErrorCode error) {
        return new LeaveGroupResponse().errorCode(error.code());
    }
}
