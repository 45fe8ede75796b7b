package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ListOffsetsRequest;
import io.runnel.protocol.message.ListOffsetsResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets of partitions by timestamp through ListOffsets, one request per partition leader: {@link #EARLIEST}
 * (the log start), {@link #LATEST} (the high watermark) or a timestamp in ms (the first offset whose record has a
 * timestamp at or after it, -1 when there is none). Read uncommitted, as Kafka's admin tools do.
 */
final class OffsetLookup {
    static final long LATEST = -1L;
    static final long EARLIEST = -2L;

    private OffsetLookup() {
    }

    /**
     * The offset of each partition for its timestamp.
     *
     * @param snapshot metadata that names each partition's leader
     */
    static CompletableFuture<Map<TopicPartition, Long>> offsets(AdminRuntime runtime, ClusterSnapshot snapshot,
                                                                Map<TopicPartition, Long> timestamps) {
        Map<Integer, Map<String, List<ListOffsetsRequest.ListOffsetsPartition>>> byLeader = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : timestamps.entrySet()) {
            TopicPartition tp = entry.getKey();
            int leader = snapshot.leaderOf(tp);
            if (leader < 0) {
                return CompletableFuture.failedFuture(ApiErrorException.of(ErrorCode.LEADER_NOT_AVAILABLE,
                        "list offsets of " + tp));
            }
            byLeader.computeIfAbsent(leader, k -> new LinkedHashMap<>())
                    .computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new ListOffsetsRequest.ListOffsetsPartition().partitionIndex(tp.partition())
                            .currentLeaderEpoch(snapshot.leaderEpoch(tp)).timestamp(entry.getValue()));
        }
        Map<TopicPartition, Long> result = new HashMap<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, List<ListOffsetsRequest.ListOffsetsPartition>>> leader
                : byLeader.entrySet()) {
            List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
            leader.getValue().forEach((topic, partitions) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic()
                    .name(topic).partitions(partitions)));
            ListOffsetsRequest request = new ListOffsetsRequest().replicaId(-1).isolationLevel((byte) 0)
                    .topics(topics).timeoutMs((int) Math.min(Integer.MAX_VALUE, runtime.apiTimeoutMs()));
            requests.add(runtime.network().<ListOffsetsResponse>send(leader.getKey(), request, (short) -1)
                    .thenAccept(response -> collect(response, result)));
        }
        return CompletableFuture.allOf(requests.toArray(new CompletableFuture<?>[0])).thenApply(done -> result);
    }

    private static void collect(ListOffsetsResponse response, Map<TopicPartition, Long> into) {
        for (ListOffsetsResponse.ListOffsetsTopicResponse topic : response.topics()) {
            for (ListOffsetsResponse.ListOffsetsPartitionResponse partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                ErrorCode error = ErrorCode.forCode(partition.errorCode());
                if (error != ErrorCode.NONE) {
                    throw ApiErrorException.of(error, "list offsets of " + tp);
                }
                into.put(tp, partition.offset());
            }
        }
    }

    /** The same timestamp for every partition of {@code topic} in {@code snapshot}. */
    static Map<TopicPartition, Long> allPartitions(ClusterSnapshot snapshot, String topic, long timestamp) {
        Map<TopicPartition, Long> timestamps = new LinkedHashMap<>();
        int count = snapshot.partitionCount(topic);
        for (int p = 0; p < count; p++) {
            timestamps.put(new TopicPartition(topic, p), timestamp);
        }
        return timestamps;
    }
}
