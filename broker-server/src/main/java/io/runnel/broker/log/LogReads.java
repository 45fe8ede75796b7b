package io.runnel.broker.log;

import io.runnel.protocol.record.RecordBatch;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The read path. Finding batches inside one segment: an index lookup gives a batch at or before the target, then a
 * short scan of batch headers (at most about {@code index.interval.bytes} of them) finds the exact one. On a handle
 * without indexes (see {@link Segment}) every lookup finds nothing and the scan starts at the segment's start:
 * slower, never wrong.
 *
 * <p>An index entry is checked where it lands: the batch at its position must carry its offset. One that does
 * not (an index file damaged in a way its load-time checks missed) is never followed: the scan starts from the
 * segment's first batch instead and the segment rebuilds its indexes in the background.
 *
 * <p>Reads run on network threads: they take no lock, and a segment found retired (compaction replaced it,
 * retention deleted it) sends them to the newer segment list, which exists by then ({@link SegmentList#afterRetired}),
 * so a read never spins.
 */
final class LogReads {
    private LogReads() {
    }

    /** See {@link PartitionLog#read}. */
    static LogSlice read(PartitionLog log, long offset, int maxBytes, boolean minOneBatch, long maxOffset) {
        SegmentList list = log.segmentList();
        Segment[] segs = list.snapshot();
        for (;;) {
            int last = segs.length - 1;
            // One volatile read gives the active segment's size and the log end offset together: the slice stops
            // at that size, so it never holds a batch at or above the end offset this read checked against.
            long lastExtent = segs[last].extent();
            long end = SegmentExtent.endOffset(segs[last].baseOffset(), lastExtent);
            long start = list.logStartOffset();
            if (list.isClosed()) {
                throw list.closedException();
            }
            if (offset < start || offset > end) {
                throw new OffsetOutsideLogException(log.topicPartition(), offset, start, end);
            }
            if (offset == end || offset >= maxOffset) {
                return LogSlice.empty();
            }
            // Retention may have deleted the segment holding the offset after the start was read: then the
            // start has moved past it, and the read must fail rather than skip to a later segment.
            if (segs[0].baseOffset() > offset && offset < list.logStartOffset()) {
                throw new OffsetOutsideLogException(log.topicPartition(), offset, list.logStartOffset(),
                        log.logEndOffset());
            }
            Segment retired = null;
            for (int i = SegmentList.floorIndex(segs, offset); i < segs.length; i++) {
                Segment s = segs[i];
                if (s.baseOffset() >= maxOffset) {
                    return LogSlice.empty();
                }
                // Segments before the last are closed: their size is final and their offsets below its base.
                int size = i == last ? SegmentExtent.size(lastExtent) : s.size();
                SegmentHandle h = s.acquire();
                if (h == null) {
                    retired = s;
                    break;
                }
                boolean handedOver = false;
                try {
                    long pos = findBatch(s, h, offset, size);
                    if (pos < 0) {
                        continue;
                    }
                    int readable = size;
                    if (maxOffset != Long.MAX_VALUE) {
                        // Only batches below the bound: it is where a batch starts, so no batch straddles it.
                        long bound = findBatch(s, h, maxOffset, size);
                        if (bound >= 0) {
                            size = (int) bound;
                        }
                        if (pos >= size) {
                            return LogSlice.empty();
                        }
                    }
                    int endPos = endOfBatches(s, h, (int) pos, maxBytes, size, minOneBatch);
                    if (endPos == pos) {
                        return LogSlice.empty();
                    }
                    long next = nextOffset(h, endPos, readable, i < last ? segs[i + 1].baseOffset() : end);
                    handedOver = true;
                    return new LogSlice(h, pos, endPos - (int) pos, next);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + log.topicPartition() + " at offset " + offset
                            + " from " + s.logPath() + " failed", e);
                } finally {
                    if (!handedOver) {
                        h.release();
                    }
                }
            }
            if (retired == null) {
                return LogSlice.empty();
            }
            segs = list.afterRetired(segs, retired);
        }
    }

    /**
     * The offset after a slice ending at {@code endPos}: the base offset of the batch there, or, when the slice
     * reaches the segment's readable end, {@code afterSegment} (the next segment's base, or the log end offset read
     * with the active segment's size); -1 if the header there cannot be read.
     */
    private static long nextOffset(SegmentHandle h, int endPos, int readable, long afterSegment) throws IOException {
        if (endPos >= readable) {
            return afterSegment;
        }
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        return r.load(endPos, readable) ? r.baseOffset(endPos) : -1;
    }

    /**
     * Position of the first batch whose last offset is at least {@code target} (so the batch containing it, or
     * the next one after a gap left by compaction), looking only below {@code size}; -1 if there is none.
     */
    static long findBatch(Segment s, SegmentHandle h, long target, int size) throws IOException {
        int slot = h.offsetIndex().floorSlot(h.offsetIndexMap(), target);
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        long pos = landing(s, h, r, slot, size);
        while (r.load(pos, size)) {
            if (r.lastOffset(pos) >= target) {
                return pos;
            }
            pos += r.sizeInBytes(pos);
        }
        return -1;
    }

    /** The position of an index slot if the batch there carries the slot's offset, else 0. */
    private static long landing(Segment s, SegmentHandle h, BatchHeaderReader r, int slot, int size)
            throws IOException {
        if (slot < 0) {
            return 0;
        }
        OffsetIndex index = h.offsetIndex();
        int pos = index.positionAt(h.offsetIndexMap(), slot);
        long offset = index.offsetAt(h.offsetIndexMap(), slot);
        if (pos < size && r.load(pos, size) && r.baseOffset(pos) == offset
                && r.magic(pos) == RecordBatch.MAGIC_V2 && r.sizeInBytes(pos) >= RecordBatch.HEADER_SIZE
                && pos + r.sizeInBytes(pos) <= size) {
            return pos;
        }
        s.indexCorrupt("entry " + slot + " points at position " + pos + " for offset " + offset
                + ", where no such batch starts");
        return 0;
    }

    /**
     * The end of the whole batches from {@code start} that fit in {@code maxBytes} (jumping close to the limit
     * through the index, then scanning). When not even the first fits, its end if {@code minOneBatch}, else
     * {@code start}.
     */
    static int endOfBatches(Segment s, SegmentHandle h, int start, int maxBytes, int size, boolean minOneBatch)
            throws IOException {
        long limit = (long) start + Math.max(0, maxBytes);
        if (limit >= size) {
            return size;
        }
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        int slot = h.offsetIndex().floorSlotByPosition(h.offsetIndexMap(), (int) limit);
        long pos = Math.max(start, landing(s, h, r, slot, size));
        while (r.load(pos, size)) {
            long next = pos + r.sizeInBytes(pos);
            if (next > limit) {
                break;
            }
            pos = next;
        }
        if (pos == start && minOneBatch && r.load(start, size)) {
            pos = start + r.sizeInBytes(start);
        }
        return (int) pos;
    }

    /**
     * Position of the first batch whose max timestamp is at least {@code target}, starting from the time index's
     * last entry older than the target; -1 if none below {@code size}.
     */
    static long findBatchByTimestamp(Segment s, SegmentHandle h, long target, int size) throws IOException {
        long olderOffset = h.timeIndex().lastOffsetBefore(h.timeIndexMap(), target);
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        long pos = olderOffset < 0 ? 0 : landing(s, h, r, h.offsetIndex().floorSlot(h.offsetIndexMap(), olderOffset),
                size);
        while (r.load(pos, size)) {
            if (r.maxTimestamp(pos) >= target) {
                return pos;
            }
            pos += r.sizeInBytes(pos);
        }
        return -1;
    }

    /**
     * The largest batch max timestamp among the first {@code size} bytes of a segment and the base offset of the
     * first batch carrying it, by scanning every batch header ({@code (-1, -1)} when none has a timestamp).
     */
    static TimestampAndOffset largestTimestamp(SegmentHandle h, int size) throws IOException {
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        long best = RecordBatch.NO_TIMESTAMP;
        long offset = -1;
        for (long pos = 0; r.load(pos, size) && r.sizeInBytes(pos) >= RecordBatch.HEADER_SIZE;
             pos += r.sizeInBytes(pos)) {
            if (r.maxTimestamp(pos) > best) {
                best = r.maxTimestamp(pos);
                offset = r.baseOffset(pos);
            }
        }
        return new TimestampAndOffset(best, offset);
    }
}
