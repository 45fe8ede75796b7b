package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupResponse;

import java.util.concurrent.CompletableFuture;

/** JoinGroup (classic protocol): parked on the coordinator until the rebalance decides the generation. */
public final class JoinGroupHandler extends GroupApiHandler<JoinGroupRequest> {

    public JoinGroupHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<JoinGroupResponse> call(GroupCoordinator coordinator, GroupRequestContext client,
                                              JoinGroupRequest request) {
        return coordinator.joinGroup(client, request);
    }

    /** READ on the group, as Kafka checks. */
    @Override
    ErrorCode denied(RequestContext context, JoinGroupRequest request) {
        return requireGroup(context, AclOperation.READ, request.groupId());
    }

    @Override
    ApiMessage errorBody(RequestContext context, JoinGroupRequest request, ErrorCode error) {
        return errorResponse(context, error).memberId(request.memberId() == null ? "" : request.memberId());
    }

    @Override
    public JoinGroupResponse errorResponse(RequestContext context, ErrorCode error) {
        // From v7 the protocol name is nullable, and null is what Kafka answers on error.
        return new JoinGroupResponse().errorCode(error.code()).generationId(-1)
                .protocolName(context.apiVersion() >= 7 ? null : "");
    }
}
