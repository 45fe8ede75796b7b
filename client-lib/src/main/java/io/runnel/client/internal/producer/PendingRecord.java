package io.runnel.client.internal.producer;

import io.runnel.client.ProducerRecord;
import io.runnel.client.RecordMetadata;

import java.util.concurrent.CompletableFuture;

/**
 * A record sent to a topic whose partitions are not known yet. It cannot be placed in a batch before the
 * partitioner knows the partition count, so it is kept as an object, with its bytes reserved in the
 * {@link BufferPool}, until the topic's metadata arrives or its delivery timeout passes.
 *
 * @param record        the record as given to {@code send}
 * @param timestamp     the timestamp to write (the record's, or the time of {@code send})
 * @param future        the caller's future
 * @param reservedBytes bytes of the buffer memory held for it
 * @param createdNanos  the time of {@code send} on the producer's nano clock
 */
public record PendingRecord(ProducerRecord record, long timestamp, CompletableFuture<RecordMetadata> future,
                            int reservedBytes, long createdNanos) {
}
