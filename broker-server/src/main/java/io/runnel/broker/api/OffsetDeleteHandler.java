package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.OffsetDeleteRequest;
import io.runnel.protocol.message.OffsetDeleteResponse;

import java.util.concurrent.CompletableFuture;

/** OffsetDelete: committed offsets of topics the group does not consume. */
public final class OffsetDeleteHandler extends GroupApiHandler<OffsetDeleteRequest> {

    public OffsetDeleteHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<OffsetDeleteResponse> call(GroupCoordinator coordinator, GroupRequestContext client, OffsetDeleteRequest request) {
        return coordinator.offsetDelete(client, request);
    }

    /** DELETE on the group, as Kafka checks (a request is allowed or refused whole). */
    @Override
    ErrorCode denied(RequestContext context, OffsetDeleteRequest request) {
        return requireGroup(context, AclOperation.DELETE, request.groupId());
    }

    @Override
    ApiMessage errorBody(RequestContext context, OffsetDeleteRequest request, ErrorCode error) {
        return errorResponse(context, error);
    }

    @Override
    public OffsetDeleteResponse errorResponse(RequestContext context, ErrorCode error) {
        return new OffsetDeleteResponse().errorCode(error.code());
    }
}
