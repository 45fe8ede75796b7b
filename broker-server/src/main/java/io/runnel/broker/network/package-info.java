/**
 * The network layer: Netty's event loops and, per connection, the pipeline idle timer → {@code FrameDecoder}
 * (4-byte size prefix) → {@code RequestDecoder} (header, then body) → {@code RequestDispatcher} → the
 * {@link io.runnel.broker.network.ApiHandler} registered for the API, with {@code ResponseEncoder} on the way out.
 * It also holds the contract handlers implement ({@code ApiHandler}, {@code ApiHandlers}, {@code RequestContext},
 * {@code Response}, and {@code ZeroCopyMessage} for bodies sent straight from files), so it depends on no handler
 * and no domain package.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Responses leave a connection in request order, whatever order the handlers complete in; a request without
 *       a response ({@code acks=0}) is skipped in its turn, and a request answered by closing the connection is
 *       preceded by every earlier response.</li>
 *   <li>A connection's handlers and their state are touched on its event loop only ({@code runnel-network-<n>});
 *       a stage completed elsewhere hops back to it.</li>
 *   <li>Every request the decoder passes on is answered: a handler that throws or fails gets its API's error
 *       response (UNKNOWN_SERVER_ERROR, or INVALID_REQUEST for a body that does not decode) in its turn, or the
 *       connection closes when the API has none.</li>
 *   <li>Each frame buffer is released exactly once: at once when it is dropped, otherwise when its request's stage
 *       completes, even after the connection has closed.</li>
 *   <li>A frame's size is checked before its bytes are awaited or allocated; past the in-flight limits a
 *       connection stops being read until its answers have left.</li>
 *   <li>Nothing here does file I/O, sleeps or holds a lock across I/O on an event loop.</li>
 * </ul>
 */
package io.runnel.broker.network;
