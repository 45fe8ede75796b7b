package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;

/**
 * Where a {@link ZeroCopyMessage} writes itself: encoded fields go into {@link #buffer()}, file data goes in as
 * regions that the socket sends straight from the file. The parts leave in the order they were added.
 */
public interface ResponseOutput {
    /** The buffer for the next encoded bytes; a call after {@link #region} returns a fresh one. */
    ByteBuf buffer();

    /** Sends {@code region} after every byte written so far; takes over one reference to it. */
    void region(FileRegion region);
}
