package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestGroup;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestTopic;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponseGroup;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponsePartition;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponseTopic;
import io.runnel.protocol.message.OffsetFetchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** OffsetFetch: one group up to v7, several from v8, fenced by member epoch from v9. */
public final class OffsetFetchHandler extends GroupApiHandler<OffsetFetchRequest> {
    /** The first version with a top-level error code. */
    private static final short TOP_LEVEL_ERROR_VERSION = 2;
    /** The first version that asks for several groups. */
    private static final short GROUPS_VERSION = 8;

    public OffsetFetchHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<OffsetFetchResponse> call(GroupCoordinator coordinator, GroupRequestContext client,
                                                OffsetFetchRequest request) {
        return coordinator.offsetFetch(client, request);
    }

    /** DESCRIBE on each group, as Kafka checks (a request is allowed or refused whole). */
    @Override
    ErrorCode denied(RequestContext context, OffsetFetchRequest request) {
        if (context.apiVersion() < GROUPS_VERSION) {
            return requireGroup(context, AclOperation.DESCRIBE, request.groupId());
        }
        List<String> groups = new ArrayList<>(request.groups().size());
        for (OffsetFetchRequestGroup group : request.groups()) {
            groups.add(group.groupId());
        }
        return requireGroups(context, AclOperation.DESCRIBE, groups);
    }

    @Override
    ApiMessage errorBody(RequestContext context, OffsetFetchRequest request, ErrorCode error) {
        short version = context.apiVersion();
        if (version >= GROUPS_VERSION) {
            List<OffsetFetchResponseGroup> groups = new ArrayList<>();
            for (OffsetFetchRequestGroup group : request.groups()) {
                groups.add(new OffsetFetchResponseGroup().groupId(group.groupId()).errorCode(error.code()));
            }
            return new OffsetFetchResponse().groups(groups);
        }
        if (version >= TOP_LEVEL_ERROR_VERSION) {
            return new OffsetFetchResponse().errorCode(error.code());
        }
        // v1 reports errors only per partition.
        List<OffsetFetchResponseTopic> topics = new ArrayList<>();
        if (request.topics() != null) {
            for (OffsetFetchRequestTopic topic : request.topics()) {
                List<OffsetFetchResponsePartition> partitions = new ArrayList<>();
                for (int partition : topic.partitionIndexes()) {
                    partitions.add(new OffsetFetchResponsePartition().partitionIndex(partition).committedOffset(-1)
                            .metadata("").errorCode(error.code()));
                }
                topics.add(new OffsetFetchResponseTopic().name(topic.name()).partitions(partitions));
            }
        }
        return new OffsetFetchResponse().topics(topics);
    }

    @Override
    public OffsetFetchResponse errorResponse(RequestContext context, ErrorCode error) {
        return context.apiVersion() >= TOP_LEVEL_ERROR_VERSION && context.apiVersion() < GROUPS_VERSION
                ? new OffsetFetchResponse().errorCode(error.code()) : null;
    }
}
