package io.runnel.client.internal.producer;

import io.runnel.client.Partitioner;
import io.runnel.client.ProducerRecord;

import java.util.concurrent.ThreadLocalRandom;

/** Each record to a uniformly random partition. Stateless, so one shared instance. */
public final class RandomPartitioner implements Partitioner {
    /** The one instance. */
    public static final RandomPartitioner INSTANCE = new RandomPartitioner();

    private RandomPartitioner() {
    }

    @Override
    public int partition(ProducerRecord record, int partitionCount) {
        return ThreadLocalRandom.current().nextInt(partitionCount);
    }
}
