package io.runnel.client.internal.consumer;

import io.runnel.client.ApiErrorException;
import io.runnel.client.CommitFailedException;
import io.runnel.client.OffsetReset;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ListOffsetsRequest;
import io.runnel.protocol.message.ListOffsetsResponse;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The offset requests of a consumer: committed offsets of its group (OffsetFetch), offsets by timestamp for a reset
 * (ListOffsets, earliest or latest), and commits (OffsetCommit, fenced by the member's generation or epoch). Each
 * call is one request; retrying is the caller's decision. Requests carry the fields of both the old and the new
 * versions where Kafka changed the layout, so any negotiated version works. Futures complete on the event loop.
 */
final class OffsetClient {
    /** ListOffsets timestamps that mean "the log start" and "the log end". */
    static final long EARLIEST_TIMESTAMP = -2L;
    static final long LATEST_TIMESTAMP = -1L;

    private final ClientNetwork network;
    private final String groupId;

    OffsetClient(ClientNetwork network, String groupId) {
        this.network = network;
        this.groupId = groupId;
    }

    /** Committed offsets of {@code partitions} (-1 where none); fails with the group's error. */
    CompletableFuture<Map<TopicPartition, Long>> committed(int coordinator, Collection<TopicPartition> partitions) {
        List<OffsetFetchRequest.OffsetFetchRequestTopic> oldTopics = new ArrayList<>();
        List<OffsetFetchRequest.OffsetFetchRequestTopics> newTopics = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> topic : byTopic(partitions).entrySet()) {
            oldTopics.add(new OffsetFetchRequest.OffsetFetchRequestTopic().name(topic.getKey())
                    .partitionIndexes(topic.getValue()));
            newTopics.add(new OffsetFetchRequest.OffsetFetchRequestTopics().name(topic.getKey())
                    .partitionIndexes(topic.getValue()));
        }
        OffsetFetchRequest request = new OffsetFetchRequest().groupId(groupId).topics(oldTopics)
                .groups(List.of(new OffsetFetchRequest.OffsetFetchRequestGroup().groupId(groupId)
                        .topics(newTopics)));
        return network.<OffsetFetchResponse>send(coordinator, request, (short) -1).thenApply(response -> {
            Map<TopicPartition, Long> out = new HashMap<>();
            if (response.groups() != null && !response.groups().isEmpty()) {
                OffsetFetchResponse.OffsetFetchResponseGroup group = response.groups().get(0);
                check(ErrorCode.forCode(group.errorCode()), "fetch committed offsets");
                for (OffsetFetchResponse.OffsetFetchResponseTopics t : group.topics()) {
                    for (OffsetFetchResponse.OffsetFetchResponsePartitions p : t.partitions()) {
                        check(ErrorCode.forCode(p.errorCode()), "fetch the committed offset of " + t.name()
                                + "-" + p.partitionIndex());
                        out.put(new TopicPartition(t.name(), p.partitionIndex()), p.committedOffset());
                    }
                }
            } else {
                check(ErrorCode.forCode(response.errorCode()), "fetch committed offsets");
                for (OffsetFetchResponse.OffsetFetchResponseTopic t : response.topics()) {
                    for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                        check(ErrorCode.forCode(p.errorCode()), "fetch the committed offset of " + t.name()
                                + "-" + p.partitionIndex());
                        out.put(new TopicPartition(t.name(), p.partitionIndex()), p.committedOffset());
                    }
                }
            }
            for (TopicPartition tp : partitions) {
                out.putIfAbsent(tp, -1L);
            }
            return out;
        });
    }

    /**
     * The first (EARLIEST) or next (LATEST) offset of each partition, all led by {@code leader}. Partitions the
     * answer reports an error for are left out, so the caller asks again for them.
     */
    CompletableFuture<Map<TopicPartition, Long>> listOffsets(int leader, Map<TopicPartition, OffsetReset> resets) {
        Map<String, List<ListOffsetsRequest.ListOffsetsPartition>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, OffsetReset> e : resets.entrySet()) {
            long timestamp = e.getValue() == OffsetReset.EARLIEST ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>()).add(
                    new ListOffsetsRequest.ListOffsetsPartition().partitionIndex(e.getKey().partition())
                            .timestamp(timestamp));
        }
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
        byTopic.forEach((name, partitions) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic().name(name)
                .partitions(partitions)));
        ListOffsetsRequest request = new ListOffsetsRequest().replicaId(-1).topics(topics)
                .timeoutMs((int) network.config().requestTimeout().toMillis());
        return network.<ListOffsetsResponse>send(leader, request, (short) -1).thenApply(response -> {
            Map<TopicPartition, Long> out = new HashMap<>();
            for (ListOffsetsResponse.ListOffsetsTopicResponse t : response.topics()) {
                for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                    if (p.errorCode() == ErrorCode.NONE.code() && p.offset() >= 0) {
                        out.put(new TopicPartition(t.name(), p.partitionIndex()), p.offset());
                    }
                }
            }
            return out;
        });
    }

    /**
     * Commits {@code offsets} as {@code member}. Completes normally when every partition was committed; otherwise
     * with {@link CommitFailedException} when the member no longer owns them (fenced generation or epoch), or the
     * {@link ApiErrorException} for the first error (retriable ones such as NOT_COORDINATOR say so).
     */
    CompletableFuture<Void> commit(int coordinator, Map<TopicPartition, Long> offsets, GroupGeneration member) {
        Map<String, List<OffsetCommitRequest.OffsetCommitRequestPartition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(
                new OffsetCommitRequest.OffsetCommitRequestPartition().partitionIndex(tp.partition())
                        .committedOffset(offset).committedMetadata("")));
        List<OffsetCommitRequest.OffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((name, partitions) -> topics.add(new OffsetCommitRequest.OffsetCommitRequestTopic()
                .name(name).partitions(partitions)));
        OffsetCommitRequest request = new OffsetCommitRequest().groupId(groupId)
                .generationIdOrMemberEpoch(member.generationOrEpoch()).memberId(member.memberId())
                .groupInstanceId(member.instanceId()).topics(topics);
        return network.<OffsetCommitResponse>send(coordinator, request, (short) -1).thenApply(response -> {
            for (OffsetCommitResponse.OffsetCommitResponseTopic t : response.topics()) {
                for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                    ErrorCode error = ErrorCode.forCode(p.errorCode());
                    String what = "group " + groupId + ": commit " + t.name() + "-" + p.partitionIndex()
                            + " as member " + (member.memberId().isEmpty() ? "(none)" : member.memberId())
                            + " at generation/epoch " + member.generationOrEpoch();
                    switch (error) {
                        case NONE -> { }
                        case ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH, FENCED_INSTANCE_ID ->
                                throw new CommitFailedException(error, what + " (the group rebalanced; these "
                                        + "records will be delivered again to the partition's new owner)");
                        default -> throw ApiErrorException.of(error, what);
                    }
                }
            }
            return null;
        });
    }

    private void check(ErrorCode error, String what) {
        if (error != ErrorCode.NONE) {
            throw ApiErrorException.of(error, "group " + groupId + ": " + what);
        }
    }

    private static Map<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            out.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        return out;
    }
}
