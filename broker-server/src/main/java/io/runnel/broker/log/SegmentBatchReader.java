package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Reads the whole batches of a segment file in order, a chunk at a time, for background work that needs the
 * records (compaction). The file must hold whole batches up to {@code end} (a segment's published size).
 * Not thread-safe.
 */
final class SegmentBatchReader {
    private static final int CHUNK = 1 << 20;

    private final RecordBatch batch = new RecordBatch();
    private ByteBuf buf = Unpooled.buffer(CHUNK);
    private FileChannel channel;
    private long end;
    private long bufStart;
    private long position;
    private int current = -1;

    SegmentBatchReader reset(FileChannel channel, long end) {
        this.channel = channel;
        this.end = end;
        this.position = 0;
        this.bufStart = 0;
        this.current = -1;
        buf.clear();
        return this;
    }

    /** Moves to the next batch; false at the end. */
    boolean next() throws IOException {
        if (current >= 0) {
            position += batch.sizeInBytes();
        }
        if (position >= end) {
            return false;
        }
        int at = (int) (position - bufStart);
        if (buf.writerIndex() - at < RecordBatch.LOG_OVERHEAD) {
            fill(RecordBatch.LOG_OVERHEAD);
            at = 0;
        }
        long size = (long) buf.getInt(at + RecordBatch.BATCH_LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
        if (size < RecordBatch.HEADER_SIZE || position + size > end) {
            throw new IOException("batch at position " + position + " claims " + size + " bytes; the segment holds "
                    + end);
        }
        if (buf.writerIndex() - at < size) {
            fill((int) size);
            at = 0;
        }
        batch.wrap(buf, at);
        current = at;
        return true;
    }

    /** The current batch; valid until the next call to {@link #next()}. */
    RecordBatch batch() {
        return batch;
    }

    /** File position of the current batch. */
    long position() {
        return position;
    }

    private void fill(int need) throws IOException {
        int want = (int) Math.min(Math.max(need, CHUNK), end - position);
        if (buf.capacity() < want) {
            buf = Unpooled.buffer(want);
        }
        buf.clear();
        while (buf.writerIndex() < want) {
            if (buf.writeBytes(channel, position + buf.writerIndex(), want - buf.writerIndex()) < 0) {
                throw new IOException("segment file ends at " + (position + buf.writerIndex()) + " before " + end);
            }
        }
        bufStart = position;
    }
}
