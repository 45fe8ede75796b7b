package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DeleteRecordsRequest;
import io.runnel.protocol.message.DeleteRecordsResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Deleting the records before an offset (Kafka's DeleteRecords, API key 21): one request per partition leader,
 * answered with each partition's new low watermark (its log start offset). Retrying is safe: the log start only
 * moves forward, so a repeated request changes nothing. Offset -1 stands for the high watermark, as in Kafka.
 */
public final class RecordDeletion {
    private final AdminRuntime runtime;

    /** Record deletion over {@code runtime}'s network. */
    public RecordDeletion(AdminRuntime runtime) {
        this.runtime = java.util.Objects.requireNonNull(runtime, "runtime");
    }

    /** The new earliest offset of each partition once its records before the given offset are gone. */
    public CompletableFuture<Map<TopicPartition, Long>> delete(Map<TopicPartition, Long> beforeOffsets) {
        Set<String> topics = new HashSet<>();
        for (TopicPartition tp : beforeOffsets.keySet()) {
            topics.add(tp.topic());
        }
        return runtime.retrying("delete records of " + beforeOffsets.keySet(), () -> runtime.metadata(topics)
                .thenCompose(snapshot -> deleteOnce(snapshot, beforeOffsets)));
    }

    private CompletableFuture<Map<TopicPartition, Long>> deleteOnce(ClusterSnapshot snapshot,
                                                                    Map<TopicPartition, Long> beforeOffsets) {
        Map<Integer, Map<String, List<DeleteRecordsRequest.DeleteRecordsPartition>>> byLeader = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : beforeOffsets.entrySet()) {
            TopicPartition tp = entry.getKey();
            if (snapshot.topic(tp.topic()) == null || tp.partition() >= snapshot.partitionCount(tp.topic())) {
                return CompletableFuture.failedFuture(ApiErrorException.of(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        "delete records of " + tp));
            }
            int leader = snapshot.leaderOf(tp);
            if (leader < 0) {
                return CompletableFuture.failedFuture(ApiErrorException.of(ErrorCode.LEADER_NOT_AVAILABLE,
                        "delete records of " + tp));
            }
            byLeader.computeIfAbsent(leader, k -> new LinkedHashMap<>())
                    .computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new DeleteRecordsRequest.DeleteRecordsPartition().partitionIndex(tp.partition())
                            .offset(entry.getValue()));
        }
        Map<TopicPartition, Long> result = new HashMap<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, List<DeleteRecordsRequest.DeleteRecordsPartition>>> leader
                : byLeader.entrySet()) {
            List<DeleteRecordsRequest.DeleteRecordsTopic> requestTopics = new ArrayList<>();
            leader.getValue().forEach((topic, partitions) -> requestTopics.add(
                    new DeleteRecordsRequest.DeleteRecordsTopic().name(topic).partitions(partitions)));
            DeleteRecordsRequest request = new DeleteRecordsRequest().topics(requestTopics)
                    .timeoutMs((int) Math.min(Integer.MAX_VALUE, runtime.apiTimeoutMs()));
            requests.add(runtime.network().<DeleteRecordsResponse>send(leader.getKey(), request, (short) -1)
                    .thenAccept(response -> collect(response, result)));
        }
        return CompletableFuture.allOf(requests.toArray(new CompletableFuture<?>[0])).thenApply(done -> result);
    }

    private static void collect(DeleteRecordsResponse response, Map<TopicPartition, Long> into) {
        for (DeleteRecordsResponse.DeleteRecordsTopicResult topic : response.topics()) {
            for (DeleteRecordsResponse.DeleteRecordsPartitionResult partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                ErrorCode error = ErrorCode.forCode(partition.errorCode());
                if (error != ErrorCode.NONE) {
                    throw ApiErrorException.of(error, "delete records of " + tp);
                }
                synchronized (into) {
                    into.put(tp, partition.lowWatermark());
                }
            }
        }
    }
}
