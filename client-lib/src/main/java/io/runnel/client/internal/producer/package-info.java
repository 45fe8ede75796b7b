/**
 * The producer's machinery behind {@link io.runnel.client.RunnelProducer}: partitioners, the in-place RecordBatch
 * v2 builder, the buffer memory budget, the per-partition accumulator, the idempotence state machines and the
 * sender.
 *
 * <p>Invariants kept here:
 * <ul>
 *   <li>After {@code send} returns, a record exists only as bytes in its batch's buffer plus its future (and a
 *       timestamp in a primitive array); only records of a topic whose partition count is unknown are kept as
 *       objects ({@link io.runnel.client.internal.producer.PendingRecord}).</li>
 *   <li>Buffer memory taken by a batch returns to the {@link io.runnel.client.internal.producer.BufferPool}
 *       exactly once, after every future of the batch is completed.</li>
 *   <li>With idempotence, the batches of a partition reach the broker in sequence order, a retry keeps its
 *       sequence within an epoch and is sent only when nothing else of its partition is in flight
 *       ({@link io.runnel.client.internal.producer.PartitionSequence}).</li>
 *   <li>Appending threads never wait while holding a lock; locks are taken topic before partition.</li>
 * </ul>
 */
package io.runnel.client.internal.producer;
