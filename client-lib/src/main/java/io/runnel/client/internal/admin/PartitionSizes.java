package io.runnel.client.internal.admin;

import io.runnel.client.ApiErrorException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.metadata.ClusterSnapshot;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DescribeLogDirsRequest;
import io.runnel.protocol.message.DescribeLogDirsResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A topic's size on disk per partition, through DescribeLogDirs (API key 35) sent to each partition's leader: the
 * leader's copy is the one that counts (on a replicated cluster followers hold the same bytes again). Sizes of a
 * partition in several log directories of the leader (a move in progress, Kafka's "future" replica aside) add up.
 */
public final class PartitionSizes {
    private final AdminRuntime runtime;

    /** Size queries over {@code runtime}'s network. */
    public PartitionSizes(AdminRuntime runtime) {
        this.runtime = java.util.Objects.requireNonNull(runtime, "runtime");
    }

    /** Bytes on disk of each partition of {@code topic}; fails with UnknownTopicException when it does not exist. */
    public CompletableFuture<Map<TopicPartition, Long>> of(String topic) {
        return runtime.retrying("describe log dirs of topic " + topic, () -> runtime.existingTopic(topic)
                .thenCompose(snapshot -> askLeaders(snapshot, topic)));
    }

    private CompletableFuture<Map<TopicPartition, Long>> askLeaders(ClusterSnapshot snapshot, String topic) {
        Map<Integer, List<Integer>> byLeader = new HashMap<>();
        int count = snapshot.partitionCount(topic);
        for (int p = 0; p < count; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            int leader = snapshot.leaderOf(tp);
            if (leader < 0) {
                return CompletableFuture.failedFuture(ApiErrorException.of(ErrorCode.LEADER_NOT_AVAILABLE,
                        "describe log dirs of " + tp));
            }
            byLeader.computeIfAbsent(leader, k -> new ArrayList<>()).add(p);
        }
        Map<TopicPartition, Long> sizes = new HashMap<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> leader : byLeader.entrySet()) {
            DescribeLogDirsRequest request = new DescribeLogDirsRequest().topics(List.of(
                    new DescribeLogDirsRequest.DescribableLogDirTopic().topic(topic).partitions(leader.getValue())));
            requests.add(runtime.network().<DescribeLogDirsResponse>send(leader.getKey(), request, (short) -1)
                    .thenAccept(response -> collect(response, topic, leader.getValue(), sizes)));
        }
        return CompletableFuture.allOf(requests.toArray(new CompletableFuture<?>[0])).thenApply(done -> sizes);
    }

    private static void collect(DescribeLogDirsResponse response, String topic, List<Integer> led,
                                Map<TopicPartition, Long> into) {
        ErrorCode top = ErrorCode.forCode(response.errorCode());
        if (top != ErrorCode.NONE) {
            throw ApiErrorException.of(top, "describe log dirs of topic " + topic);
        }
        Map<Integer, Long> found = new HashMap<>();
        for (DescribeLogDirsResponse.DescribeLogDirsResult dir : response.results()) {
            ErrorCode error = ErrorCode.forCode(dir.errorCode());
            if (error != ErrorCode.NONE) {
                throw ApiErrorException.of(error, "describe log dir " + dir.logDir());
            }
            for (DescribeLogDirsResponse.DescribeLogDirsTopic t : dir.topics()) {
                if (!t.name().equals(topic)) {
                    continue;
                }
                for (DescribeLogDirsResponse.DescribeLogDirsPartition p : t.partitions()) {
                    if (!p.isFutureKey() && led.contains(p.partitionIndex())) {
                        found.merge(p.partitionIndex(), p.partitionSize(), Long::sum);
                    }
                }
            }
        }
        synchronized (into) {
            found.forEach((partition, size) -> into.put(new TopicPartition(topic, partition), size));
        }
    }
}
