/**
 * One class per request and response body of each Kafka API, generated at build time by the
 * {@code message-generator} module from the schema descriptions in {@code src/main/schema}, plus the
 * {@link io.runnel.protocol.message.ApiMessage} contract they implement and the {@code ApiKey} table.
 *
 * <p>Invariants: each class reads and writes every version its API supports, flexible (compact lengths, tagged
 * fields) and not, with no reflection; fields a version does not carry keep their defaults when read and are left
 * out when written; record batches in a message stay slices of the buffer they came in (never copied, never
 * decoded here), so their lifetime is the buffer's. Generated sources are not edited by hand.
 */
package io.runnel.protocol.message;
