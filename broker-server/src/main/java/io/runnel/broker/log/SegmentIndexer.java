package io.runnel.broker.log;

import io.runnel.protocol.record.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Feeds a segment's two sparse indexes as batches are appended (or re-scanned when the indexes are rebuilt), and
 * keeps what appending needs to know: bytes since the last index entry, the largest timestamp and the batch that
 * carries it, and when the segment started (for {@code segment.ms}).
 *
 * <p>Written only by the appender under the log's append lock, or by the one thread opening the segment; the
 * largest timestamp is also read by retention and ListOffsets, hence volatile.
 */
final class SegmentIndexer {
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;

    private boolean loaded;
    private int bytesSinceIndexEntry;
    private volatile long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestamp = -1;
    private volatile boolean maxTimestampKnown;
    private long createdMs;

    SegmentIndexer(long baseOffset, int indexIntervalBytes) {
        this.offsetIndex = new OffsetIndex(baseOffset);
        this.timeIndex = new TimeIndex(baseOffset);
        this.indexIntervalBytes = indexIntervalBytes;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    /** Whether the appender state is known (a new segment, or one whose files were opened). */
    boolean isLoaded() {
        return loaded;
    }

    /** A brand-new, empty segment created at {@code nowMs}. */
    void startEmpty(long nowMs) {
        offsetIndex.setEntries(0);
        timeIndex.setEntries(0);
        createdMs = nowMs;
        maxTimestampKnown = true;
        loaded = true;
    }

    /**
     * Indexes one batch that lies at {@code position}: updates the largest timestamp and adds an offset-index
     * entry (and maybe a time-index entry) once {@code index.interval.bytes} have passed since the last.
     */
    void indexBatch(ByteBuffer oi, ByteBuffer ti, long batchBaseOffset, long batchMaxTimestamp, int position,
                    int batchSize) {
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
            offsetOfMaxTimestamp = batchBaseOffset;
        }
        if (bytesSinceIndexEntry > indexIntervalBytes && !offsetIndex.isFull(oi.capacity())) {
            offsetIndex.append(oi, batchBaseOffset, position);
            if (maxTimestamp > RecordBatch.NO_TIMESTAMP && !timeIndex.isFull(ti.capacity())) {
                timeIndex.maybeAppend(ti, maxTimestamp, offsetOfMaxTimestamp);
            }
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += batchSize;
    }

    /** Whether the indexes have room for {@code batches} more entries (plus the final time entry). */
    boolean hasRoomFor(SegmentHandle h, int batches) {
        return (long) offsetIndex.entries() + batches <= h.offsetIndexMap().capacity() / OffsetIndex.ENTRY_SIZE
                && (long) timeIndex.entries() + batches + 1 <= h.timeIndexMap().capacity() / TimeIndex.ENTRY_SIZE;
    }

    long createdMs() {
        return createdMs;
    }

    /** Recovers the appender state of a segment opened from disk with sane indexes. */
    void loadFrom(FileChannel ch, ByteBuffer oi, ByteBuffer ti, int size, long nowMs) throws IOException {
        long lastTs = timeIndex.lastTimestamp(ti);
        if (lastTs > RecordBatch.NO_TIMESTAMP) {
            maxTimestamp = lastTs;
            offsetOfMaxTimestamp = timeIndex.lastOffset(ti);
        }
        maxTimestampKnown = true;
        bytesSinceIndexEntry = size - offsetIndex.lastPosition(oi);
        createdMs = nowMs;
        BatchHeaderReader r = BatchHeaderReader.forThread(ch);
        if (r.load(0, size) && r.maxTimestamp(0) >= 0) {
            createdMs = Math.min(createdMs, r.maxTimestamp(0));
        }
        loaded = true;
    }

    /** Re-indexes every batch of the file by its headers into empty maps (the data itself is trusted). */
    void rebuild(FileChannel ch, ByteBuffer oi, ByteBuffer ti, int size, Path logPath, long nowMs)
            throws IOException {
        offsetIndex.setEntries(0);
        timeIndex.setEntries(0);
        bytesSinceIndexEntry = 0;
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestamp = -1;
        BatchHeaderReader r = BatchHeaderReader.forThread(ch);
        long pos = 0;
        while (r.load(pos, size)) {
            long batchSize = r.sizeInBytes(pos);
            if (batchSize < RecordBatch.HEADER_SIZE || pos + batchSize > size) {
                throw new IOException("segment " + logPath + " has a batch at position " + pos + " of size "
                        + batchSize + " that does not fit its " + size + " bytes");
            }
            indexBatch(oi, ti, r.baseOffset(pos), r.maxTimestamp(pos), (int) pos, (int) batchSize);
            pos += batchSize;
        }
        maxTimestampKnown = true;
        createdMs = nowMs;
        loaded = true;
    }

    /** Writes the time-index entry of the segment's largest timestamp (a slot is always kept for it). */
    void writeFinalTimeEntry(ByteBuffer ti) {
        if (loaded && maxTimestamp > RecordBatch.NO_TIMESTAMP) {
            timeIndex.maybeAppend(ti, maxTimestamp, offsetOfMaxTimestamp);
        }
    }

    boolean isMaxTimestampKnown() {
        return maxTimestampKnown;
    }

    /** Takes the largest timestamp from the time index's last entry (of a closed segment). */
    void loadMaxTimestamp(ByteBuffer ti) {
        long ts = timeIndex.lastTimestamp(ti);
        if (ts > RecordBatch.NO_TIMESTAMP) {
            maxTimestamp = ts;
            offsetOfMaxTimestamp = timeIndex.lastOffset(ti);
        }
        maxTimestampKnown = true;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    long offsetOfMaxTimestamp() {
        return offsetOfMaxTimestamp;
    }
}
