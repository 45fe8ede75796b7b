package io.runnel.client.internal.producer;

import io.runnel.client.Partitioner;
import io.runnel.client.ProducerRecord;

/**
 * Kafka's built-in placement: keyed records by {@link Partitioner#partitionForKey}, records without a key by
 * another partitioner (sticky by default). Thread-safe when that one is.
 */
public final class KeyHashPartitioner implements Partitioner {
    private final Partitioner forNullKeys;

    /** Places keyed records by hash and hands records without a key to {@code forNullKeys}. */
    public KeyHashPartitioner(Partitioner forNullKeys) {
        this.forNullKeys = forNullKeys;
    }

    @Override
    public int partition(ProducerRecord record, int partitionCount) {
        byte[] key = record.key();
        return key == null
                ? forNullKeys.partition(record, partitionCount)
                : Partitioner.partitionForKey(key, partitionCount);
    }

    @Override
    public void onBatchClosed(String topic, int partition) {
        forNullKeys.onBatchClosed(topic, partition);
    }
}
