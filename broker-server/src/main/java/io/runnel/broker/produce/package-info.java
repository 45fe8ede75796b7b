/**
 * The Produce path outside the log: Kafka's rules for the record batches of one partition
 * ({@code ProduceRecordsValidator}), the per-partition refusal ({@code PartitionError}), and the producer ids that
 * idempotent producers start from ({@code ProducerIdAllocator}, for InitProducerId). The append itself, and the
 * producer state that guards it, belong to {@code log}.
 *
 * <p>Invariants: every partition of a request is checked before anything of it is appended, and checking a batch
 * that passes allocates nothing; a producer id is never handed out twice, not across restarts or crashes either
 * (a block is durable before its first id is used); the file work for producer ids runs on
 * {@code runnel-producer-ids}, never on a network thread. Nothing here imports {@code api}.
 */
package io.runnel.broker.produce;
