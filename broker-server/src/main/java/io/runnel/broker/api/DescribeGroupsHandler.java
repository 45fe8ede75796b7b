package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeGroupsRequest;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.DescribeGroupsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DescribeGroups: state, protocol and members of classic groups (and, in classic form, of consumer-protocol groups). */
public final class DescribeGroupsHandler extends GroupApiHandler<DescribeGroupsRequest> {

    public DescribeGroupsHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<DescribeGroupsResponse> call(GroupCoordinator coordinator, GroupRequestContext client, DescribeGroupsRequest request) {
        return coordinator.describeGroups(client, request);
    }

    /** DESCRIBE on each group, as Kafka checks (a request is allowed or refused whole). */
    @Override
    ErrorCode denied(RequestContext context, DescribeGroupsRequest request) {
        return requireGroups(context, AclOperation.DESCRIBE, request.groups());
    }

    @Override
    ApiMessage errorBody(RequestContext context, DescribeGroupsRequest request, ErrorCode error) {
        List<DescribedGroup> groups = new ArrayList<>();
        for (String groupId : request.groups()) {
            groups.add(new DescribedGroup().groupId(groupId).errorCode(error.code()).groupState("")
                    .protocolType("").protocolData(""));
        }
        return new DescribeGroupsResponse().groups(groups);
    }

}
