package io.runnel.client;

import io.runnel.client.internal.producer.KeyHashPartitioner;
import io.runnel.client.internal.producer.Murmur2;
import io.runnel.client.internal.producer.RandomPartitioner;
import io.runnel.client.internal.producer.RoundRobinPartitioner;
import io.runnel.client.internal.producer.StickyPartitioner;

/**
 * Picks the partition of a record that names none. A record with an explicit partition
 * ({@link ProducerRecord.Builder#partition(int)}) never reaches the partitioner.
 *
 * <p>Implementations must be thread-safe: {@link #partition} runs on every thread that calls
 * {@link RunnelProducer#send}, and {@link #onBatchClosed} on those threads and on the producer's network thread.
 * Both run on the send path, so they must be quick and must not block.
 *
 * <p>A custom partitioner is a lambda:
 * <pre>{@code
 * Partitioner byRegion = (record, partitions) -> regionOf(record.key()) % partitions;
 * }</pre>
 *
 * <p>The built-in ones behave as Apache Kafka's Java producer, so a key lands in the same partition whichever
 * client wrote it: {@link #keyHash()} (the default), {@link #sticky()}, {@link #roundRobin()}, {@link #random()}.
 */
@FunctionalInterface
public interface Partitioner {
    /**
     * The partition for {@code record}.
     *
     * @param record         the record; its {@link ProducerRecord#partition()} is {@link ProducerRecord#ANY_PARTITION}
     * @param partitionCount the topic's current number of partitions, at least 1
     * @return a partition in {@code [0, partitionCount)}; anything else fails the record's send
     */
    int partition(ProducerRecord record, int partitionCount);

    /**
     * Called when the batch being filled for {@code partition} of {@code topic} closed, because it is full or the
     * producer started sending it. Sticky partitioners move to another partition here; the default does nothing.
     */
    default void onBatchClosed(String topic, int partition) {
    }

    /**
     * The default: a record with a key goes to {@code toPositive(murmur2(key)) % partitionCount}, exactly where
     * Kafka's Java producer (and kafkajs, franz-go) puts it, so the same key always reaches the same partition while
     * the partition count stays the same; records without a key are spread as by {@link #sticky()}. A new
     * instance per call.
     */
    static Partitioner keyHash() {
        return new KeyHashPartitioner(new StickyPartitioner());
    }

    /**
     * Kafka's uniform sticky partitioning: every record goes to the same partition of its topic until the batch
     * for that partition fills up or is sent, then a new partition is picked at random. Keys are ignored. This
     * makes large batches at low rates; over time the partitions receive about the same load. A new instance (with
     * its own per-topic state) per call.
     */
    static Partitioner sticky() {
        return new StickyPartitioner();
    }

    /** Each record to the next partition of its topic in turn, keys ignored. A new instance (own counters) per call. */
    static Partitioner roundRobin() {
        return new RoundRobinPartitioner();
    }

    /** Each record to a partition chosen uniformly at random, keys ignored. */
    static Partitioner random() {
        return RandomPartitioner.INSTANCE;
    }

    /**
     * The partition Kafka's default partitioner gives {@code key}: {@code (murmur2(key) & 0x7fffffff) % partitionCount},
     * with Kafka's 32-bit MurmurHash2 (seed {@code 0x9747b28c}).
     *
     * @throws IllegalArgumentException when {@code partitionCount} is not positive
     */
    static int partitionForKey(byte[] key, int partitionCount) {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partitionCount must be positive, was " + partitionCount);
        }
        return (Murmur2.hash(key) & 0x7fffffff) % partitionCount;
    }
}
