package io.runnel.client.internal.metadata;

import io.runnel.client.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.MetadataResponse;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the client knows about the cluster at one moment: the brokers and their addresses, the cluster id, and each
 * topic's id and partitions with their leader and leader epoch. Immutable, so any thread may read it; a
 * {@link MetadataManager} publishes a new one after each Metadata response.
 *
 * <p>A topic the broker reported with an error has no entry among the topics; {@link #topicError} keeps the error
 * for callers that wait for it. Leader epochs never go backwards for the same topic id: when a response names an
 * older epoch than the snapshot it replaces (a broker whose metadata lags), the newer partition entry is kept.
 */
public final class ClusterSnapshot {
    private static final ClusterSnapshot EMPTY = new ClusterSnapshot(null, -1, Map.of(), Map.of(), Map.of());
    private static final UUID ZERO = new UUID(0L, 0L);

    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, InetSocketAddress> nodes;
    private final Map<String, TopicMetadata> topics;
    private final Map<UUID, String> namesById;
    private final Map<String, ErrorCode> topicErrors;

    ClusterSnapshot(String clusterId, int controllerId, Map<Integer, InetSocketAddress> nodes,
                    Map<String, TopicMetadata> topics, Map<String, ErrorCode> topicErrors) {
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        this.nodes = Map.copyOf(nodes);
        this.topics = Map.copyOf(topics);
        this.topicErrors = Map.copyOf(topicErrors);
        Map<UUID, String> byId = new HashMap<>();
        for (TopicMetadata topic : topics.values()) {
            if (!ZERO.equals(topic.id())) {
                byId.put(topic.id(), topic.name());
            }
        }
        this.namesById = Map.copyOf(byId);
    }

    /** The snapshot before the first Metadata response: no nodes, no topics. */
    public static ClusterSnapshot empty() {
        return EMPTY;
    }

    /**
     * The snapshot after {@code response}: its brokers and topics replace {@code previous}'s, except partitions
     * whose leader epoch went backwards for the same topic id, which keep {@code previous}'s entry.
     */
    public static ClusterSnapshot update(ClusterSnapshot previous, MetadataResponse response) {
        Map<Integer, InetSocketAddress> nodes = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker broker : response.brokers()) {
            nodes.put(broker.nodeId(), InetSocketAddress.createUnresolved(broker.host(), broker.port()));
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        Map<String, ErrorCode> errors = new HashMap<>();
        for (MetadataResponse.MetadataResponseTopic topic : response.topics()) {
            String name = topic.name();
            if (name == null) {
                continue;
            }
            ErrorCode error = ErrorCode.forCode(topic.errorCode());
            if (error != ErrorCode.NONE) {
                errors.put(name, error);
                continue;
            }
            UUID id = topic.topicId() == null ? ZERO : topic.topicId();
            TopicMetadata before = previous.topics.get(name);
            boolean sameTopic = before != null && (ZERO.equals(id) || ZERO.equals(before.id())
                    || id.equals(before.id()));
            topics.put(name, new TopicMetadata(name, id, topic.isInternal(),
                    partitions(topic, sameTopic ? before : null)));
        }
        return new ClusterSnapshot(response.clusterId(), response.controllerId(), nodes, topics, errors);
    }

    private static List<PartitionMetadata> partitions(MetadataResponse.MetadataResponseTopic topic,
                                                      TopicMetadata before) {
        int count = 0;
        for (MetadataResponse.MetadataResponsePartition p : topic.partitions()) {
            count = Math.max(count, p.partitionIndex() + 1);
        }
        PartitionMetadata[] byIndex = new PartitionMetadata[count];
        for (MetadataResponse.MetadataResponsePartition p : topic.partitions()) {
            if (p.partitionIndex() < 0) {
                continue;
            }
            PartitionMetadata fresh = new PartitionMetadata(p.partitionIndex(), p.leaderId(), p.leaderEpoch(),
                    p.replicaNodes(), p.isrNodes());
            PartitionMetadata old = before == null ? null : before.partition(p.partitionIndex());
            byIndex[p.partitionIndex()] = old != null && fresh.leaderEpoch() >= 0
                    && old.leaderEpoch() > fresh.leaderEpoch() ? old : fresh;
        }
        List<PartitionMetadata> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // A partition the response left out has no known leader.
            list.add(byIndex[i] != null ? byIndex[i] : new PartitionMetadata(i, -1, -1, List.of(), List.of()));
        }
        return list;
    }

    /** The cluster id, null when unknown (Metadata before v2, or no response yet). */
    public String clusterId() {
        return clusterId;
    }

    /** The controller's node id, -1 when unknown. */
    public int controllerId() {
        return controllerId;
    }

    /** Broker node ids and their addresses (unresolved, as the broker advertised them). */
    public Map<Integer, InetSocketAddress> nodes() {
        return nodes;
    }

    /** The address of {@code nodeId}, null when unknown. */
    public InetSocketAddress node(int nodeId) {
        return nodes.get(nodeId);
    }

    /** Names of the topics this snapshot describes (those the last refresh asked for). */
    public Set<String> topicNames() {
        return Collections.unmodifiableSet(topics.keySet());
    }

    /** Every described topic by name. */
    public Map<String, TopicMetadata> topics() {
        return topics;
    }

    /** The topic, or null when this snapshot does not describe it. */
    public TopicMetadata topic(String name) {
        return topics.get(name);
    }

    /** The name of the topic with this id, null when unknown. */
    public String topicName(UUID id) {
        return namesById.get(id);
    }

    /** The topic's id, null when unknown (or the broker did not say). */
    public UUID topicId(String name) {
        TopicMetadata topic = topics.get(name);
        return topic == null || ZERO.equals(topic.id()) ? null : topic.id();
    }

    /** The error the last refresh reported for this topic, {@link ErrorCode#NONE} when there was none. */
    public ErrorCode topicError(String name) {
        return topicErrors.getOrDefault(name, ErrorCode.NONE);
    }

    /** The topic's partition count, -1 when unknown. */
    public int partitionCount(String topic) {
        TopicMetadata metadata = topics.get(topic);
        return metadata == null ? -1 : metadata.partitions().size();
    }

    /** The node id of the partition's leader, -1 when unknown or leaderless. */
    public int leaderOf(TopicPartition tp) {
        PartitionMetadata partition = partition(tp);
        return partition == null ? -1 : partition.leader();
    }

    /** The partition's leader epoch, -1 when unknown. */
    public int leaderEpoch(TopicPartition tp) {
        PartitionMetadata partition = partition(tp);
        return partition == null ? -1 : partition.leaderEpoch();
    }

    /** The partition's entry, null when unknown. */
    public PartitionMetadata partition(TopicPartition tp) {
        TopicMetadata topic = topics.get(tp.topic());
        return topic == null ? null : topic.partition(tp.partition());
    }

    @Override
    public String toString() {
        return "ClusterSnapshot(cluster " + clusterId + ", nodes " + nodes.keySet() + ", topics " + topics.keySet()
                + (topicErrors.isEmpty() ? "" : ", errors " + topicErrors) + ")";
    }
}
