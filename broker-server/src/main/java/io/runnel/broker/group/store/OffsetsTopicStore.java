package io.runnel.broker.group.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.broker.group.CommittedOffset;
import io.runnel.broker.group.GroupException;
import io.runnel.broker.group.GroupStore;
import io.runnel.broker.group.OffsetStore;
import io.runnel.broker.group.StoredConsumerGroup;
import io.runnel.broker.group.StoredGroup;
import io.runnel.broker.log.AppendResult;
import io.runnel.broker.log.LogConfig;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Group metadata and committed offsets in the internal compacted topic {@code __consumer_offsets}: a group's records
 * all go to partition {@code abs(groupId.hashCode()) % partitions}, as Kafka places them, so its writes are ordered.
 * Each write is one record batch, appended and then awaited until fsynced ({@link PartitionLog#whenDurable}): the
 * future a caller gets completes only once the records survive a crash. At start-up every partition is replayed
 * (latest value per key, tombstones delete); the coordinator then loads what the replay found, once.
 *
 * <p>Writes may come from any thread; appends to one partition serialise in its log.
 */
public final class OffsetsTopicStore implements GroupStore, OffsetStore {
    /** The topic's name, as Kafka's. */
    public static final String TOPIC = TopicNames.CONSUMER_OFFSETS;

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopicStore.class);

    private final LogManager logs;
    private final int partitions;
    private final LongSupplier clock;
    private Map<String, Map<TopicPartition, CommittedOffset>> loadedOffsets;
    private Collection<StoredGroup> loadedGroups;
    private Collection<StoredConsumerGroup> loadedConsumerGroups;

    private OffsetsTopicStore(LogManager logs, int partitions, LongSupplier clock) {
        this.logs = logs;
        this.partitions = partitions;
        this.clock = clock;
    }

    /**
     * Creates {@code __consumer_offsets} if it is missing (compacted, {@code partitions} partitions of
     * {@code segmentBytes} segments), then replays it. An existing topic keeps its partition count whatever
     * {@code partitions} says, since the count decides where each group's records are.
     */
    public static OffsetsTopicStore open(LogManager logs, int partitions, int segmentBytes, LongSupplier clock) {
        TopicInfo topic = logs.registry().get(TOPIC);
        if (topic == null) {
            topic = logs.createTopic(TOPIC, partitions, Map.of(LogConfig.CLEANUP_POLICY, "compact",
                    LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)));
        } else if (topic.partitionCount() != partitions) {
            LOG.warn("{} has {} partitions; offsets.topic.num.partitions={} applies only when it is created", TOPIC,
                    topic.partitionCount(), partitions);
        }
        OffsetsTopicStore store = new OffsetsTopicStore(logs, topic.partitionCount(), clock);
        store.replay();
        return store;
    }

    /** The partition of {@code __consumer_offsets} that holds a group's records: Kafka's placement. */
    public static int partitionFor(String groupId, int partitionCount) {
        int hash = groupId.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitionCount;
    }

    /** The number of partitions of the topic. */
    public int partitions() {
        return partitions;
    }

    private void replay() {
        long start = System.nanoTime();
        OffsetsTopicLoader loader = new OffsetsTopicLoader();
        for (int p = 0; p < partitions; p++) {
            PartitionLog log = logs.log(new TopicPartition(TOPIC, p));
            if (log == null) {
                throw new IllegalStateException(TOPIC + " has no log for partition " + p);
            }
            loader.replay(log);
        }
        loadedOffsets = loader.offsets();
        loadedGroups = new ArrayList<>(loader.classicGroups().values());
        loadedConsumerGroups = new ArrayList<>(loader.consumerGroups().values());
        LOG.info("Replayed {} record(s) of {} in {} ms: {} group(s), offsets of {} group(s)", loader.records(), TOPIC,
                (System.nanoTime() - start) / 1_000_000, loadedGroups.size() + loadedConsumerGroups.size(),
                loadedOffsets.size());
    }

    // ---- OffsetStore ----

    @Override
    public CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        return write(groupId, (builder, scratch) -> {
            long now = clock.getAsLong();
            for (Map.Entry<TopicPartition, CommittedOffset> e : offsets.entrySet()) {
                scratch.append(builder, now, k -> OffsetsTopicRecords.writeOffsetKey(k, groupId, e.getKey()),
                        v -> OffsetsTopicRecords.writeOffsetValue(v, e.getValue()));
            }
        });
    }

    @Override
    public CompletableFuture<Void> deleteOffsets(String groupId, Collection<TopicPartition> tps) {
        return write(groupId, (builder, scratch) -> {
            long now = clock.getAsLong();
            for (TopicPartition tp : tps) {
                scratch.append(builder, now, k -> OffsetsTopicRecords.writeOffsetKey(k, groupId, tp), null);
            }
        });
    }

    @Override
    public Map<String, Map<TopicPartition, CommittedOffset>> loadOffsets() {
        Map<String, Map<TopicPartition, CommittedOffset>> loaded = loadedOffsets;
        loadedOffsets = Map.of();
        return loaded;
    }

    // ---- GroupStore ----

    @Override
    public CompletableFuture<Void> storeGroup(StoredGroup group) {
        return write(group.groupId(), (builder, scratch) -> scratch.append(builder, clock.getAsLong(),
                k -> OffsetsTopicRecords.writeGroupKey(k, group.groupId()),
                v -> OffsetsTopicRecords.writeClassicGroupValue(v, group)));
    }

    @Override
    public CompletableFuture<Void> storeConsumerGroup(StoredConsumerGroup group) {
        return write(group.groupId(), (builder, scratch) -> scratch.append(builder, clock.getAsLong(),
                k -> OffsetsTopicRecords.writeGroupKey(k, group.groupId()),
                v -> OffsetsTopicRecords.writeConsumerGroupValue(v, group)));
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
        return write(groupId, (builder, scratch) -> scratch.append(builder, clock.getAsLong(),
                k -> OffsetsTopicRecords.writeGroupKey(k, groupId), null));
    }

    @Override
    public Collection<StoredGroup> loadGroups() {
        Collection<StoredGroup> loaded = loadedGroups;
        loadedGroups = List.of();
        return loaded;
    }

    @Override
    public Collection<StoredConsumerGroup> loadConsumerGroups() {
        Collection<StoredConsumerGroup> loaded = loadedConsumerGroups;
        loadedConsumerGroups = List.of();
        return loaded;
    }

    // ---- writing ----

    /** Appends one batch of the records {@code fill} adds to the group's partition; completes once fsynced. */
    private CompletableFuture<Void> write(String groupId, BiConsumer<RecordBatchBuilder, Scratch> fill) {
        int partition = partitionFor(groupId, partitions);
        PartitionLog log = logs.log(new TopicPartition(TOPIC, partition));
        if (log == null) {
            return CompletableFuture.failedFuture(new GroupException(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                    TOPIC + " partition " + partition + " does not exist"));
        }
        ByteBuf batch = null;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ByteBufAllocator.DEFAULT);
             Scratch scratch = new Scratch()) {
            fill.accept(builder, scratch);
            if (builder.recordCount() == 0) {
                return CompletableFuture.completedFuture(null);
            }
            batch = ByteBufAllocator.DEFAULT.buffer(builder.uncompressedSizeInBytes());
            builder.writeTo(batch);
            AppendResult appended = log.append(batch);
            return log.whenDurable(appended.nextOffset());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            if (batch != null) {
                batch.release();
            }
        }
    }

    /** Encodes one record's key and value into scratch buffers and appends them to a batch. */
    private static final class Scratch implements AutoCloseable {
        private final ByteBuf key = Unpooled.buffer(128);
        private final ByteBuf value = Unpooled.buffer(256);

        void append(RecordBatchBuilder builder, long timestamp, Consumer<ByteBuf> writeKey,
                    Consumer<ByteBuf> writeValue) {
            key.clear();
            value.clear();
            writeKey.accept(key);
            if (writeValue != null) {
                writeValue.accept(value);
            }
            builder.append(timestamp, key, writeValue == null ? null : value);
        }

        @Override
        public void close() {
            key.release();
            value.release();
        }
    }
}
