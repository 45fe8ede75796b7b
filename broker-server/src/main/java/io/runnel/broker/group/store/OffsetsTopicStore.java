package io.runnel.broker.group.store;

import io.runnel.broker.coordinator.StateTopic;
import io.runnel.broker.group.GroupStore;
import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.offset.CommittedOffset;
import io.runnel.broker.group.offset.OffsetStore;
import io.runnel.broker.group.store.OffsetsTopicRecord.ClassicGroupRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.CommittedOffsetRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.ConsumerGroupRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.GroupTombstone;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Group metadata and committed offsets in the internal compacted topic {@code __consumer_offsets}, a
 * {@link StateTopic} of {@link OffsetsTopicRecord}s: a group's records all go to one partition, so its writes are
 * ordered, and a write's future completes only once its records are durable.
 *
 * <p>Loading: the first {@code load...} call replays the whole topic (latest value per key, tombstones delete);
 * the coordinator makes it on its thread at start-up, and each {@code load...} hands its part over once.
 *
 * <p>Thread rules: writes may come from any thread; the {@code load...} calls come from the coordinator's thread.
 */
public final class OffsetsTopicStore implements GroupStore, OffsetStore {
    /** The topic's name, as Kafka's. */
    public static final String TOPIC = TopicNames.CONSUMER_OFFSETS;

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopicStore.class);

    private final StateTopic<OffsetsTopicRecord> topic;
    private boolean replayed;
    private Map<String, Map<TopicPartition, CommittedOffset>> loadedOffsets;
    private Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> loadedPending;
    private Collection<StoredGroup> loadedGroups;
    private Collection<StoredConsumerGroup> loadedConsumerGroups;

    private OffsetsTopicStore(StateTopic<OffsetsTopicRecord> topic) {
        this.topic = topic;
    }

    /**
     * Opens {@code __consumer_offsets}, creating it if it is missing (compacted, {@code partitions} partitions of
     * {@code segmentBytes} segments). An existing topic keeps its partition count whatever {@code partitions} says,
     * since the count decides where each group's records are.
     *
     * @param clock the wall-clock time written into each record
     */
    public static OffsetsTopicStore open(LogManager logs, int partitions, int segmentBytes, LongSupplier clock) {
        return new OffsetsTopicStore(StateTopic.open(logs, new StateTopic.Spec(TOPIC, partitions, segmentBytes),
                OffsetsTopicCodec.INSTANCE, clock));
    }

    /** The number of partitions of the topic. */
    public int partitions() {
        return topic.partitions();
    }

    // ---- OffsetStore ----

    @Override
    public CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        List<OffsetsTopicRecord> records = new ArrayList<>(offsets.size());
        offsets.forEach((tp, offset) -> records.add(new CommittedOffsetRecord(groupId, tp, offset)));
        return topic.write(groupId, records);
    }

    @Override
    public CompletableFuture<Void> deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        List<OffsetsTopicRecord> records = new ArrayList<>(partitions.size());
        partitions.forEach(tp -> records.add(new CommittedOffsetRecord(groupId, tp, null)));
        return topic.write(groupId, records);
    }

    @Override
    public CompletableFuture<Void> storeTransactionalOffsets(String groupId, long producerId, short producerEpoch,
                                                             Map<TopicPartition, CommittedOffset> offsets) {
        List<OffsetsTopicRecord> records = new ArrayList<>(offsets.size());
        offsets.forEach((tp, offset) -> records.add(new CommittedOffsetRecord(groupId, tp, offset)));
        return topic.writeTransactional(groupId, records, producerId, producerEpoch);
    }

    @Override
    public CompletableFuture<Void> writeTransactionMarker(int partition, long producerId, short producerEpoch,
                                                          boolean commit) {
        return topic.writeMarker(partition, producerId, producerEpoch, commit);
    }

    @Override
    public Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> loadPendingTransactionalOffsets() {
        replayOnce();
        Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> loaded = loadedPending;
        loadedPending = Map.of();
        return loaded;
    }

    @Override
    public int partitionOf(String groupId) {
        return StateTopic.partitionFor(groupId, topic.partitions());
    }

    @Override
    public Map<String, Map<TopicPartition, CommittedOffset>> loadOffsets() {
        replayOnce();
        Map<String, Map<TopicPartition, CommittedOffset>> loaded = loadedOffsets;
        loadedOffsets = Map.of();
        return loaded;
    }

    // ---- GroupStore ----

    @Override
    public CompletableFuture<Void> storeGroup(StoredGroup group) {
        return topic.write(group.groupId(), List.of(new ClassicGroupRecord(group.groupId(), group)));
    }

    @Override
    public CompletableFuture<Void> storeConsumerGroup(StoredConsumerGroup group) {
        return topic.write(group.groupId(), List.of(new ConsumerGroupRecord(group.groupId(), group)));
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
        return topic.write(groupId, List.of(new GroupTombstone(groupId)));
    }

    @Override
    public Collection<StoredGroup> loadGroups() {
        replayOnce();
        Collection<StoredGroup> loaded = loadedGroups;
        loadedGroups = List.of();
        return loaded;
    }

    @Override
    public Collection<StoredConsumerGroup> loadConsumerGroups() {
        replayOnce();
        Collection<StoredConsumerGroup> loaded = loadedConsumerGroups;
        loadedConsumerGroups = List.of();
        return loaded;
    }

    private void replayOnce() {
        if (replayed) {
            return;
        }
        OffsetsTopicLoader loader = new OffsetsTopicLoader();
        topic.replay(loader);
        replayed = true;
        loadedOffsets = loader.offsets();
        loadedPending = loader.pendingTransactionalOffsets();
        loadedGroups = new ArrayList<>(loader.classicGroups().values());
        loadedConsumerGroups = new ArrayList<>(loader.consumerGroups().values());
        LOG.info("{} holds {} group(s) and the offsets of {} group(s)", TOPIC,
                loadedGroups.size() + loadedConsumerGroups.size(), loadedOffsets.size());
    }
}
