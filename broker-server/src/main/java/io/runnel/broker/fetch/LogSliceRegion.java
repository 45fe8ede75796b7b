package io.runnel.broker.fetch;

import io.netty.channel.DefaultFileRegion;
import io.runnel.broker.log.LogSlice;

/**
 * A {@link LogSlice} as a Netty file region. Being a {@link DefaultFileRegion}, the epoll transport sends it with
 * {@code sendfile} and NIO with {@code FileChannel.transferTo}: the bytes go from the page cache to the socket.
 * Deallocating it releases the slice instead of closing the segment file, which other readers share.
 */
final class LogSliceRegion extends DefaultFileRegion {
    private final LogSlice slice;

    /** Takes over one reference to {@code slice}, which must not be empty. */
    LogSliceRegion(LogSlice slice) {
        super(slice.channel(), slice.position(), slice.length());
        this.slice = slice;
    }

    @Override
    protected void deallocate() {
        slice.release();
    }
}
