package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import io.runnel.broker.group.consumer.ConsumerGroupHeartbeatMessages;

import java.util.concurrent.CompletableFuture;

/** ConsumerGroupHeartbeat (KIP-848): join, heartbeat, reconcile and leave in one RPC; the broker assigns. */
public final class ConsumerGroupHeartbeatHandler extends GroupApiHandler<ConsumerGroupHeartbeatRequest> {

    public ConsumerGroupHeartbeatHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<ConsumerGroupHeartbeatResponse> call(GroupCoordinator coordinator, GroupRequestContext client, ConsumerGroupHeartbeatRequest request) {
        return coordinator.consumerGroupHeartbeat(client, request);
    }

    /** READ on the group, as Kafka checks. */
    @Override
    ErrorCode denied(RequestContext context, ConsumerGroupHeartbeatRequest request) {
        return requireGroup(context, AclOperation.READ, request.groupId());
    }

    @Override
    ApiMessage errorBody(RequestContext context, ConsumerGroupHeartbeatRequest request, ErrorCode error) {
        return errorResponse(context, error);
    }

    @Override
    public ConsumerGroupHeartbeatResponse errorResponse(RequestContext context, ErrorCode error) {
        return ConsumerGroupHeartbeatMessages.errorResponse(error, null);
    }
}
