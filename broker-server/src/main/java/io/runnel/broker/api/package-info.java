/**
 * One handler per Kafka API: {@code <Api>Handler} for the API named {@code <Api>} (ProduceHandler, FetchHandler,
 * JoinGroupHandler, ...), each registered for its key in {@code Broker}, plus {@link
 * io.runnel.broker.api.BrokerContext}, what the handlers share.
 *
 * <p>The naming rule of the broker's packages, which this package anchors:
 * <ul>
 *   <li>Every API handler lives here, and only API handlers are named {@code ...Handler}. A handler is thin: the
 *       request is decoded already; it calls its domain package and builds the response, and it owns the
 *       protocol's side (versions, which Kafka error code answers which failure).</li>
 *   <li>A domain package is named after the path or the thing it serves, one word for one meaning: {@code produce}
 *       (the Produce path: record checks and producer ids), {@code fetch} (the read path and parked fetches),
 *       {@code log} (storage, producer state included), {@code topic}, {@code group}. Domain packages never import
 *       {@code api}; they may use the response contract in {@code network}.</li>
 *   <li>What every layer uses sits in a small package of its own ({@code logging}, {@code thread}), never in a
 *       layer that would then be imported both ways.</li>
 *   <li>No two types in the project share a simple name.</li>
 * </ul>
 *
 * <p>Invariants: handlers run on the connection's network thread and never block it: no file I/O, fsync, sleep,
 * or lock held across I/O. Work that waits (a durable append, a parked fetch, a group or topic change) completes
 * the returned stage later, from the thread that finishes it. A handler keeps buffers of the request (record
 * batches) only until its stage completes, unless it retains them itself.
 */
package io.runnel.broker.api;
