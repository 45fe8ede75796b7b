package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The answer to a log read: a region of one segment file holding whole record batches, described as channel +
 * position + length so the network layer can send it with zero copy ({@link #transferTo}).
 *
 * <p>The slice pins the segment's open file: it stays readable even if the segment is deleted by retention or
 * replaced by compaction meanwhile. Reference counted like a Netty buffer: whoever ends up with it must
 * {@link #release()} it (a Netty {@code FileRegion} wrapper releases it in its own deallocate). An empty slice
 * holds nothing.
 */
public final class LogSlice extends AbstractReferenceCounted {
    /** Netty's leak detector watches slices as it watches buffers: an unreleased slice pins a segment file. */
    private static final ResourceLeakDetector<LogSlice> LEAKS =
            ResourceLeakDetectorFactory.instance().newResourceLeakDetector(LogSlice.class);

    private final SegmentHandle handle;
    private final long position;
    private final int length;
    private final long nextOffset;
    private final ResourceLeakTracker<LogSlice> leak;

    LogSlice(SegmentHandle handle, long position, int length, long nextOffset) {
        this.handle = handle;
        this.position = position;
        this.length = length;
        this.nextOffset = nextOffset;
        this.leak = handle == null ? null : LEAKS.track(this);
    }

    /** A slice with no bytes (the read offset is the log end, or nothing fit in max bytes). */
    public static LogSlice empty() {
        return new LogSlice(null, 0, 0, -1);
    }

    /**
     * The offset right after the slice's last batch (where the next read starts), -1 for an empty slice or when it
     * could not be told; minus the read offset it is how many offsets the slice delivers (records, but for the
     * gaps compaction left).
     */
    public long nextOffset() {
        return nextOffset;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** Bytes in the slice: whole batches only. */
    public int length() {
        return length;
    }

    /** Position of the slice's first byte in {@link #channel()}. */
    public long position() {
        return position;
    }

    /** The segment file; do not close it or move its position. Null for an empty slice. */
    public FileChannel channel() {
        return handle == null ? null : handle.channel();
    }

    /**
     * Sends bytes of the slice starting {@code offsetInSlice} bytes in, as many as {@code target} takes.
     *
     * @return bytes transferred
     */
    public long transferTo(WritableByteChannel target, long offsetInSlice) throws IOException {
        if (offsetInSlice < 0 || offsetInSlice > length) {
            throw new IllegalArgumentException("offset " + offsetInSlice + " outside a slice of " + length + " bytes");
        }
        if (offsetInSlice == length) {
            return 0;
        }
        return handle.channel().transferTo(position + offsetInSlice, length - offsetInSlice, target);
    }

    /** Copies the whole slice into {@code dst} (for tests, or transports that cannot use zero copy). */
    public void readInto(ByteBuf dst) {
        if (length == 0) {
            return;
        }
        try {
            int written = dst.writeBytes(handle.channel(), position, length);
            int total = written;
            while (total < length) {
                int n = dst.writeBytes(handle.channel(), position + total, length - total);
                if (n <= 0) {
                    throw new IOException("segment file ended " + (length - total) + " bytes before the slice end");
                }
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + length + " bytes at position " + position + " failed", e);
        }
    }

    @Override
    protected void deallocate() {
        if (leak != null) {
            leak.close(this);
        }
        if (handle != null) {
            handle.release();
        }
    }

    @Override
    public LogSlice touch(Object hint) {
        if (leak != null) {
            leak.record(hint);
        }
        return this;
    }

    @Override
    public LogSlice retain() {
        super.retain();
        return this;
    }

    @Override
    public String toString() {
        return "LogSlice(position=" + position + ", length=" + length + ")";
    }
}
