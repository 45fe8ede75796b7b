package io.runnel.broker.api;

import io.runnel.broker.fetch.LeaderEpochs;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeTopicPartitionsRequest;
import io.runnel.protocol.message.DescribeTopicPartitionsResponse;
import io.runnel.protocol.message.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponsePartition;
import io.runnel.protocol.message.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponseTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeTopicPartitions v0 (KIP-966; kafka-clients 4.x Admin's describeTopics uses it): topics and their partitions,
 * in topic-name order, at most {@code responsePartitionLimit} partitions per answer, paged by a cursor (topic name and
 * first partition). An empty topic list means every topic. This broker leads every partition, alone in its replicas
 * and in-sync set; authorized operations are Runnel's usual set (no ACLs).
 */
public final class DescribeTopicPartitionsHandler implements ApiHandler {
    private static final UUID NO_ID = new UUID(0, 0);

    private final BrokerContext broker;

    public DescribeTopicPartitionsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeTopicPartitionsRequest request = (DescribeTopicPartitionsRequest) body;
        TreeSet<String> names = new TreeSet<>();
        if (request.topics().isEmpty()) {
            broker.logs().registry().all().forEach(t -> names.add(t.name()));
        } else {
            request.topics().forEach(t -> names.add(t.name()));
        }
        DescribeTopicPartitionsRequest.Cursor cursor = request.cursor();
        int limit = Math.max(1, request.responsePartitionLimit());
        List<DescribeTopicPartitionsResponseTopic> topics = new ArrayList<>();
        DescribeTopicPartitionsResponse.Cursor next = null;
        List<Integer> me = List.of(broker.nodeId());
        for (String name : cursor == null ? names : names.tailSet(cursor.topicName(), true)) {
            if (!Access.topic(broker, context, AclOperation.DESCRIBE, name)) {
                // Kafka lists only describable topics, and answers a named one with TOPIC_AUTHORIZATION_FAILED.
                if (!request.topics().isEmpty()) {
                    topics.add(new DescribeTopicPartitionsResponseTopic().name(name).topicId(NO_ID)
                            .errorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code()));
                }
                continue;
            }
            TopicInfo info = broker.logs().registry().get(name);
            if (info == null) {
                topics.add(new DescribeTopicPartitionsResponseTopic().name(name).topicId(NO_ID)
                        .errorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            if (limit == 0) {
                next = new DescribeTopicPartitionsResponse.Cursor().topicName(name).partitionIndex(0);
                break;
            }
            int from = cursor != null && name.equals(cursor.topicName()) ? Math.max(0, cursor.partitionIndex()) : 0;
            List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>();
            int p = from;
            for (; p < info.partitionCount() && limit > 0; p++, limit--) {
                partitions.add(new DescribeTopicPartitionsResponsePartition().partitionIndex(p)
                        .leaderId(broker.nodeId()).leaderEpoch(LeaderEpochs.CURRENT).replicaNodes(me).isrNodes(me)
                        .eligibleLeaderReplicas(List.of()).lastKnownElr(List.of()).offlineReplicas(List.of()));
            }
            topics.add(new DescribeTopicPartitionsResponseTopic().name(name).topicId(info.id())
                    .isInternal(TopicNames.isInternal(name)).partitions(partitions)
                    .topicAuthorizedOperations(AuthorizedOperations.TOPIC));
            if (p < info.partitionCount()) {
                next = new DescribeTopicPartitionsResponse.Cursor().topicName(name).partitionIndex(p);
                break;
            }
        }
        return CompletableFuture.completedFuture(Response.of(new DescribeTopicPartitionsResponse().topics(topics)
                .nextCursor(next)));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new DescribeTopicPartitionsResponse();
    }
}
