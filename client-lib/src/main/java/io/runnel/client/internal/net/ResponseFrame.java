package io.runnel.client.internal.net;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.message.ApiMessage;

/**
 * A decoded response whose {@code records} fields are slices of the received frame (a Fetch response, read without
 * copying). The frame stays allocated until {@link #close()}; the records must not be used after it. Owned by one
 * thread at a time; close it exactly once.
 *
 * @param <R> the response type
 */
public final class ResponseFrame<R extends ApiMessage> implements AutoCloseable {
    private final R message;
    private ByteBuf frame;

    ResponseFrame(R message, ByteBuf frame) {
        this.message = message;
        this.frame = frame;
    }

    /** The decoded response. */
    public R message() {
        return message;
    }

    /** Releases the frame the response's records point into. Idempotent. */
    @Override
    public void close() {
        ByteBuf toRelease = frame;
        if (toRelease != null) {
            frame = null;
            toRelease.release();
        }
    }
}
