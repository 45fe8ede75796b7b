/**
 * Kafka's RecordBatch v2 (magic 2), byte for byte: a flyweight over a batch in a buffer
 * ({@link io.runnel.protocol.record.RecordBatch}), its validator, a reader of the records inside, and a builder.
 *
 * <p>Invariants: the flyweights never copy and never move a buffer's reader or writer index; a batch's fields
 * other than its header are trusted only after {@link io.runnel.protocol.record.RecordBatchValidator} passed
 * (length, magic, CRC-32C over attributes to the end, record count, offset deltas); the base offset and the
 * partition leader epoch lie outside the CRC, which is why a broker may assign offsets in place. Instances hold
 * scratch state and are confined to one thread.
 */
package io.runnel.protocol.record;
