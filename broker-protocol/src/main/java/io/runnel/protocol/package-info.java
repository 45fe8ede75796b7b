/**
 * The Kafka wire format and nothing else: error codes ({@link io.runnel.protocol.ErrorCode}, Kafka's numbers and
 * retriability) and the one exception every decoder throws on bad input
 * ({@link io.runnel.protocol.MalformedMessageException}).
 *
 * <p>Invariants of the whole module: no I/O, no threads, no logging; {@code ByteBuf} in, objects out and back.
 * Nothing read from the wire is trusted before it is checked against the bytes actually present, so bad input
 * raises {@code MalformedMessageException} (or {@code InvalidRecordBatchException} for record batches), never an
 * index error, and allocates no more than the input could justify. Encoding a decoded message at the same version
 * gives the same bytes (the oracle tests against kafka-clients hold this for every API and version).
 */
package io.runnel.protocol;
