package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ConsumerGroupDescribeRequest;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse.DescribedGroup;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** ConsumerGroupDescribe (KIP-848): epochs, members, assignments and targets of consumer-protocol groups. */
public final class ConsumerGroupDescribeHandler extends GroupApiHandler<ConsumerGroupDescribeRequest> {

    public ConsumerGroupDescribeHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<ConsumerGroupDescribeResponse> call(GroupCoordinator coordinator, GroupRequestContext client, ConsumerGroupDescribeRequest request) {
        return coordinator.consumerGroupDescribe(client, request);
    }

    /** DESCRIBE on each group, as Kafka checks (a request is allowed or refused whole). */
    @Override
    ErrorCode denied(RequestContext context, ConsumerGroupDescribeRequest request) {
        return requireGroups(context, AclOperation.DESCRIBE, request.groupIds());
    }

    @Override
    ApiMessage errorBody(RequestContext context, ConsumerGroupDescribeRequest request, ErrorCode error) {
        List<DescribedGroup> groups = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            groups.add(new DescribedGroup().groupId(groupId).errorCode(error.code()).groupState("")
                    .assignorName(""));
        }
        return new ConsumerGroupDescribeResponse().groups(groups);
    }

}
