package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;

import java.util.concurrent.CompletableFuture;

/** Heartbeat (classic protocol). */
public final class HeartbeatHandler extends GroupApiHandler<HeartbeatRequest> {

    public HeartbeatHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<HeartbeatResponse> call(GroupCoordinator coordinator, GroupRequestContext client,
                                              HeartbeatRequest request) {
        return coordinator.heartbeat(client, request);
    }

    /** READ on the group, as Kafka checks. */
    @Override
    ErrorCode denied(RequestContext context, HeartbeatRequest request) {
        return requireGroup(context, AclOperation.READ, request.groupId());
    }

    @Override
    ApiMessage errorBody(RequestContext context, HeartbeatRequest request, ErrorCode error) {
        return errorResponse(context, error);
    }

    @Override
    public HeartbeatResponse errorResponse(RequestContext context, ErrorCode error) {
        return new HeartbeatResponse().errorCode(error.code());
    }
}
