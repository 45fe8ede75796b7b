/**
 * The consumer's machinery behind {@link io.runnel.client.RunnelConsumer}; nothing here is public API.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Record decoding ({@link io.runnel.client.internal.consumer.CompletedFetch} with
 *       {@link io.runnel.client.internal.consumer.BatchRecordDecoder}) allocates nothing per record but the record
 *       itself (its object, key, value and headers), and nothing at all for records before the fetch position;
 *       every fetched or decompressed buffer is released once drained or dropped.</li>
 *   <li>The group protocols are state machines without I/O or threads, driven with an explicit clock: the
 *       drivers on the client's event loop feed them responses and send what they ask for.</li>
 *   <li>Rebalance listener calls, commits they make and record hand-over happen on the polling thread; the
 *       event loop only heartbeats, fetches ahead and completes futures.</li>
 *   <li>The classic protocol's bytes (subscription, assignment) and the range assignor are Kafka's, so members of
 *       Runnel and of kafka-clients can share a classic group.</li>
 * </ul>
 */
package io.runnel.client.internal.consumer;
