package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;

import java.util.concurrent.CompletionStage;

/**
 * Serves one API: the request is already decoded; the handler calls into the broker and builds the response.
 *
 * <p>Handlers run on the connection's network thread and must not block it (no fsync, sleep or lock held across
 * I/O): work that waits completes the returned stage later, from any thread. The network layer sends responses
 * in request order whatever order the stages complete in. Buffers inside the request body (record batches) stay
 * valid until the stage completes; a handler that keeps them longer retains them itself.
 */
public interface ApiHandler {
    /** Handles one request; a stage that completes exceptionally is answered with {@link #errorResponse}. */
    CompletionStage<Response> handle(RequestContext context, ApiMessage request);

    /**
     * A response body reporting {@code error} for a request whose body could not be decoded
     * ({@link ErrorCode#INVALID_REQUEST}) or whose handling failed ({@link ErrorCode#UNKNOWN_SERVER_ERROR}), to be
     * encoded at the request's version; {@code null} when this API has no way to report it, in which case the
     * connection is closed.
     */
    default ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return null;
    }

    /**
     * Decodes the body of a request whose version the broker advertises but its generated codec does not read
     * (Produce v0-2, below {@link io.runnel.protocol.ApiKey#lowestVersion()}), so that it can be answered with
     * an error; {@code null}, the default, closes the connection as for any unsupported version. Called on the
     * network thread; {@code body} is valid until the returned request has been handled.
     *
     * @throws io.runnel.protocol.MalformedMessageException when the body does not decode (the connection closes)
     */
    default ApiMessage readLegacyRequest(RequestContext context, ByteBuf body) {
        return null;
    }
}
