/**
 * Kafka's primitive wire types (fixed-width integers, varints, unsigned varints, strings, compact and nullable
 * forms, UUIDs, tagged-field headers) read from and written to a {@code ByteBuf}.
 *
 * <p>Invariant: every read checks the remaining bytes first and names the type and value in the
 * {@link io.runnel.protocol.MalformedMessageException} it throws; lengths read from the wire are compared with the
 * bytes present before anything is allocated.
 */
package io.runnel.protocol.types;
