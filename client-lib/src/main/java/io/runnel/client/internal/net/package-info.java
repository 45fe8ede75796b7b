/**
 * The client's network layer: {@link io.runnel.client.internal.net.ClientNetwork} and the pieces it is made of.
 *
 * <p>Pipeline of one connection: {@code ResponseFrameDecoder} (size-prefixed frames, bounded) →
 * {@code InFlightHandler} (correlation ids, at most N in flight, the rest queued in order, deadlines).
 * {@code NodeConnection} runs the connection's life (connect, ApiVersions, ready, reconnect after a backoff) and
 * {@code NodeRegistry} maps node ids to addresses and connections.
 *
 * <p>Invariants: all of it runs on the one event loop thread of its {@code ClientNetwork}, and every future it
 * returns completes there; responses on a connection arrive in the order the requests were sent, so a response
 * whose correlation id is not the oldest in flight closes the connection; a closed connection leaves no request
 * pending: each fails with an exception that names the broker's address.
 */
package io.runnel.client.internal.net;
