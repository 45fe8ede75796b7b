package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.message.ApiMessage;

/**
 * One request whose header was read: its context, its body (or why the body could not be decoded), and the frame
 * buffer the body's byte slices point into, which is released once the request has been handled.
 */
final class InboundRequest {
    private final RequestContext context;
    private final ApiMessage body;
    private final MalformedMessageException decodeError;
    private final ByteBuf frame;
    private final int frameBytes;
    private boolean released;

    InboundRequest(RequestContext context, ApiMessage body, MalformedMessageException decodeError, ByteBuf frame,
                   int frameBytes) {
        this.context = context;
        this.body = body;
        this.decodeError = decodeError;
        this.frame = frame;
        this.frameBytes = frameBytes;
    }

    RequestContext context() {
        return context;
    }

    /** The decoded body, or {@code null} when {@link #decodeError()} is set. */
    ApiMessage body() {
        return body;
    }

    /** Why the body could not be decoded, or {@code null}. */
    MalformedMessageException decodeError() {
        return decodeError;
    }

    /** Size of the frame without its size prefix; what the request counts against the in-flight limit. */
    int frameBytes() {
        return frameBytes;
    }

    /** Releases the frame buffer; later calls do nothing. Called on the connection's event loop only. */
    void release() {
        if (!released) {
            released = true;
            frame.release();
        }
    }
}
