package io.runnel.broker.api;

import io.runnel.broker.security.AclOperation;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.network.RequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitResponse.OffsetCommitResponsePartition;
import io.runnel.protocol.message.OffsetCommitResponse.OffsetCommitResponseTopic;
import io.runnel.protocol.message.OffsetCommitResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit: answered once the commit is durable in {@code __consumer_offsets}; fenced by the group (generation
 * or member epoch), partitions that do not exist get UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class OffsetCommitHandler extends GroupApiHandler<OffsetCommitRequest> {

    public OffsetCommitHandler(BrokerContext broker) {
        super(broker);
    }

    @Override
    CompletableFuture<OffsetCommitResponse> call(GroupCoordinator coordinator, GroupRequestContext client,
                                                 OffsetCommitRequest request) {
        return coordinator.offsetCommit(client, request);
    }

    /** READ on the group and on every topic committed, as Kafka checks (a request is allowed or refused whole). */
    @Override
    ErrorCode denied(RequestContext context, OffsetCommitRequest request) {
        ErrorCode group = requireGroup(context, AclOperation.READ, request.groupId());
        if (group != null) {
            return group;
        }
        // Kafka answers only the unauthorized topics so; a consumer commits its own topics, all or none.
        List<String> topics = new ArrayList<>(request.topics().size());
        for (OffsetCommitRequestTopic topic : request.topics()) {
            topics.add(topic.name());
        }
        return requireTopics(context, AclOperation.READ, topics);
    }

    /** Every partition of the request gets the error (the response has no other place for it). */
    @Override
    ApiMessage errorBody(RequestContext context, OffsetCommitRequest request, ErrorCode error) {
        List<OffsetCommitResponseTopic> topics = new ArrayList<>(request.topics().size());
        for (OffsetCommitRequestTopic topic : request.topics()) {
            List<OffsetCommitResponsePartition> partitions = new ArrayList<>(topic.partitions().size());
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                partitions.add(new OffsetCommitResponsePartition().partitionIndex(p.partitionIndex())
                        .errorCode(error.code()));
            }
            topics.add(new OffsetCommitResponseTopic().name(topic.name()).partitions(partitions));
        }
        return new OffsetCommitResponse().topics(topics);
    }
}
