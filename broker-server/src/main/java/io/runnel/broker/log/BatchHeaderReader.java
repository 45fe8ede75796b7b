package io.runnel.broker.log;

import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.EndTransactionMarker;
import io.runnel.protocol.record.RecordBatch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the batch headers of a log file through one small reused buffer, reading only headers (in chunks, so a run
 * of small batches costs one read), never the records, and never moving the channel's position.
 *
 * <p>Not thread-safe; {@link #forThread} hands each thread its own instance. Fields are read with the offsets
 * {@link RecordBatch} defines.
 */
final class BatchHeaderReader {
    private static final int CHUNK = 8192;
    private static final ThreadLocal<BatchHeaderReader> PER_THREAD = ThreadLocal.withInitial(BatchHeaderReader::new);

    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private FileChannel channel;
    private long chunkStart;
    private int chunkLength;

    private BatchHeaderReader() {
    }

    /** This thread's reader, pointed at {@code channel}. */
    static BatchHeaderReader forThread(FileChannel channel) {
        BatchHeaderReader r = PER_THREAD.get();
        r.channel = channel;
        r.chunkStart = -1;
        r.chunkLength = 0;
        return r;
    }

    /**
     * Makes the 61-byte header of the batch at {@code position} readable. Returns false when fewer than 61 bytes
     * lie between it and {@code end}.
     */
    boolean load(long position, long end) throws IOException {
        if (end - position < RecordBatch.HEADER_SIZE) {
            return false;
        }
        if (position >= chunkStart && position + RecordBatch.HEADER_SIZE <= chunkStart + chunkLength) {
            return true;
        }
        int want = (int) Math.min(CHUNK, end - position);
        chunk.clear().limit(want);
        long at = position;
        while (chunk.hasRemaining()) {
            int n = channel.read(chunk, at);
            if (n < 0) {
                throw new EOFException("log file ends at " + at + " before the expected end " + end);
            }
            at += n;
        }
        chunkStart = position;
        chunkLength = want;
        return true;
    }

    private int index(long position) {
        return (int) (position - chunkStart);
    }

    long baseOffset(long position) {
        return chunk.getLong(index(position) + RecordBatch.BASE_OFFSET_OFFSET);
    }

    int batchLength(long position) {
        return chunk.getInt(index(position) + RecordBatch.BATCH_LENGTH_OFFSET);
    }

    /** batchLength + 12, as a long so a corrupt length cannot overflow. */
    long sizeInBytes(long position) {
        return (long) batchLength(position) + RecordBatch.LOG_OVERHEAD;
    }

    byte magic(long position) {
        return chunk.get(index(position) + RecordBatch.MAGIC_OFFSET);
    }

    int lastOffsetDelta(long position) {
        return chunk.getInt(index(position) + RecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }

    long lastOffset(long position) {
        return baseOffset(position) + lastOffsetDelta(position);
    }

    long maxTimestamp(long position) {
        return chunk.getLong(index(position) + RecordBatch.MAX_TIMESTAMP_OFFSET);
    }

    short attributes(long position) {
        return chunk.getShort(index(position) + RecordBatch.ATTRIBUTES_OFFSET);
    }

    long producerId(long position) {
        return chunk.getLong(index(position) + RecordBatch.PRODUCER_ID_OFFSET);
    }

    short producerEpoch(long position) {
        return chunk.getShort(index(position) + RecordBatch.PRODUCER_EPOCH_OFFSET);
    }

    /**
     * The marker type of the control batch at {@code position} ({@link EndTransactionMarker#COMMIT} or
     * {@link EndTransactionMarker#ABORT}), or -1 when its first record is no transaction marker; reads the record's
     * first bytes past the header.
     */
    short controlType(long position, long end) throws IOException {
        int want = (int) Math.min(EndTransactionMarker.BATCH_SIZE, end - position);
        ByteBuffer marker = ByteBuffer.allocate(want);
        long at = position;
        while (marker.hasRemaining()) {
            int n = channel.read(marker, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return EndTransactionMarker.typeAt(Unpooled.wrappedBuffer(marker.array(), 0, marker.position()), 0);
    }

    int baseSequence(long position) {
        return chunk.getInt(index(position) + RecordBatch.BASE_SEQUENCE_OFFSET);
    }
}
