package io.runnel.broker.network;

import io.netty.util.ReferenceCounted;
import io.runnel.protocol.message.ApiMessage;

/**
 * A response body the network layer sends as encoded bytes interleaved with file regions, so that record data
 * goes from the page cache to the socket without being copied into buffers (Fetch).
 *
 * <p>Reference counted: the body holds the file data it will send. The network layer releases it once it has
 * been written to a {@link ResponseOutput} (the regions hold their own references until the socket has sent them),
 * or when the response is dropped unsent. {@link #write(io.netty.buffer.ByteBuf, short)} copies the file data
 * instead, for callers that need the body in one buffer.
 */
public interface ZeroCopyMessage extends ApiMessage, ReferenceCounted {
    /** Writes the body at {@code version}: fields into buffers, file data as regions; does not release it. */
    void writeTo(ResponseOutput output, short version);
}
