package io.runnel.broker.coordinator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.broker.log.AppendResult;
import io.runnel.broker.log.LogConfig;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A coordinator's internal compacted topic ({@code __consumer_offsets}, {@code __transaction_state}): where its state
 * survives a restart, one record per key, the latest value winning and a tombstone deleting the key. The
 * coordinator plugs in its record format ({@link StateRecordCodec}) and applies what {@link #replay} reads.
 *
 * <p>Placement: every record of one key (a group id, a transactional id) goes to partition
 * {@code abs(key.hashCode()) % partitions}, as Kafka places them, so the writes of a key are ordered.
 *
 * <p>Durability: each {@link #write} is one record batch, appended and then awaited until the log reports it
 * durable ({@link PartitionLog#whenDurable}: fsynced under the default policy): the future completes only once the
 * records survive a crash. A coordinator answers a request that changed its state only after that.
 *
 * <p>Thread rules: {@link #replay} runs once at start-up, on the coordinator's thread; {@link #write} may be called
 * from any thread (appends to one partition serialise in its log) and blocks only for the page-cache write.
 *
 * @param <R> the coordinator's record type
 */
public final class StateTopic<R> {
    private static final Logger LOG = LoggerFactory.getLogger(StateTopic.class);

    private final LogManager logs;
    private final String name;
    private final int partitions;
    private final StateRecordCodec<R> codec;
    private final LongSupplier wallClock;

    /**
     * How the topic is created when it is missing.
     *
     * @param name         the topic
     * @param partitions   its partition count at creation (an existing topic keeps its own: it decides placement)
     * @param segmentBytes its segment size
     */
    public record Spec(String name, int partitions, int segmentBytes) {
    }

    private StateTopic(LogManager logs, String name, int partitions, StateRecordCodec<R> codec, LongSupplier wallClock) {
        this.logs = logs;
        this.name = name;
        this.partitions = partitions;
        this.codec = codec;
        this.wallClock = wallClock;
    }

    /**
     * Opens the topic in {@code logs}, creating it (compacted) when missing.
     *
     * @param wallClock the time written into each record
     */
    public static <R> StateTopic<R> open(LogManager logs, Spec spec, StateRecordCodec<R> codec,
                                         LongSupplier wallClock) {
        TopicInfo topic = logs.registry().get(spec.name());
        if (topic == null) {
            topic = logs.createTopic(spec.name(), spec.partitions(), Map.of(LogConfig.CLEANUP_POLICY, "compact",
                    LogConfig.SEGMENT_BYTES, Integer.toString(spec.segmentBytes())));
        } else if (topic.partitionCount() != spec.partitions()) {
            LOG.warn("{} has {} partitions; the configured {} apply only when it is created", spec.name(),
                    topic.partitionCount(), spec.partitions());
        }
        return new StateTopic<>(logs, spec.name(), topic.partitionCount(), codec, wallClock);
    }

    /** The partition that holds a key's records: Kafka's placement. */
    public static int partitionFor(String key, int partitionCount) {
        int hash = key.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitionCount;
    }

    /** The topic's name. */
    public String name() {
        return name;
    }

    /** The topic's partition count. */
    public int partitions() {
        return partitions;
    }

    /**
     * Reads every partition from its log start to its end and hands each record to {@code sink}, in offset order
     * within a partition. Stops with an exception naming the partition and offset at a record it cannot decode.
     *
     * @return the number of records read
     */
    public long replay(Consumer<? super R> sink) {
        return replay(ReplaySink.of(sink));
    }

    /**
     * What a replay hands over: every record in offset order, those of a transactional batch with their producer id,
     * and the transaction markers.
     */
    public interface ReplaySink<R> {
        /** A record outside any transaction. */
        void record(R record);

        /** A record written in a transaction of {@code producerId}: it counts only once a COMMIT marker follows. */
        void transactionalRecord(long producerId, R record);

        /** The end of {@code producerId}'s transaction in this partition. */
        void marker(long producerId, boolean commit);

        /** A sink for topics without transactions: transactional records count at once, markers are ignored. */
        static <R> ReplaySink<R> of(Consumer<? super R> sink) {
            return new ReplaySink<>() {
                @Override
                public void record(R record) {
                    sink.accept(record);
                }

                @Override
                public void transactionalRecord(long producerId, R record) {
                    sink.accept(record);
                }

                @Override
                public void marker(long producerId, boolean commit) {
                }
            };
        }
    }

    /** As {@link #replay(Consumer)}, with transactional records and markers told apart. */
    public long replay(ReplaySink<R> sink) {
        long start = System.nanoTime();
        StateTopicReader<R> reader = new StateTopicReader<>(codec);
        for (int p = 0; p < partitions; p++) {
            PartitionLog log = logs.log(new TopicPartition(name, p));
            if (log == null) {
                throw new IllegalStateException(name + " has no log for partition " + p);
            }
            reader.replay(log, sink);
        }
        LOG.info("Replayed {} record(s) of {} in {} ms", reader.records(), name,
                (System.nanoTime() - start) / 1_000_000);
        return reader.records();
    }

    /**
     * Appends {@code records} as one batch to the partition of {@code key}; the future completes once they are
     * durable, or fails (the log is closed or missing, the disk failed). No records: completed at once.
     */
    public CompletableFuture<Void> write(String key, List<? extends R> records) {
        return write(key, records, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
    }

    /**
     * Appends {@code records} as one transactional batch of the producer to the partition of {@code key}: they take
     * effect at a replay only once a COMMIT marker of the producer follows them in the partition
     * ({@link #writeMarker}); an ABORT marker drops them. Kafka writes transactional offset commits so.
     */
    public CompletableFuture<Void> writeTransactional(String key, List<? extends R> records, long producerId,
                                                      short producerEpoch) {
        return write(key, records, producerId, producerEpoch);
    }

    /**
     * Appends the COMMIT or ABORT marker of a producer's transaction to one partition; completes once durable.
     */
    public CompletableFuture<Void> writeMarker(int partition, long producerId, short producerEpoch, boolean commit) {
        PartitionLog log = logs.log(new TopicPartition(name, partition));
        if (log == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " partition " + partition
                    + " does not exist"));
        }
        try {
            AppendResult appended = log.transactions().appendEndTransactionMarker(producerId, producerEpoch, commit,
                    wallClock.getAsLong());
            return log.whenDurable(appended.nextOffset());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> write(String key, List<? extends R> records, long producerId,
                                          short producerEpoch) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int partition = partitionFor(key, partitions);
        PartitionLog log = logs.log(new TopicPartition(name, partition));
        if (log == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " partition " + partition
                    + " does not exist"));
        }
        ByteBuf batch = null;
        ByteBuf keyBytes = Unpooled.buffer(128);
        ByteBuf valueBytes = Unpooled.buffer(256);
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ByteBufAllocator.DEFAULT)) {
            if (producerId != RecordBatch.NO_PRODUCER_ID) {
                builder.producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE).transactional(true);
            }
            long now = wallClock.getAsLong();
            for (R record : records) {
                keyBytes.clear();
                valueBytes.clear();
                codec.writeKey(record, keyBytes);
                boolean hasValue = codec.writeValue(record, valueBytes);
                builder.append(now, keyBytes, hasValue ? valueBytes : null);
            }
            batch = ByteBufAllocator.DEFAULT.buffer(builder.uncompressedSizeInBytes());
            builder.writeTo(batch);
            AppendResult appended = log.append(batch);
            return log.whenDurable(appended.nextOffset());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            keyBytes.release();
            valueBytes.release();
            if (batch != null) {
                batch.release();
            }
        }
    }
}
