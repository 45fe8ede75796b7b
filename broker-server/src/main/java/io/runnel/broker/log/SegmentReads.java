package io.runnel.broker.log;

import io.runnel.protocol.record.RecordBatch;

import java.io.IOException;

/**
 * Finding batches inside one segment for reads: an index lookup gives a batch at or before the target, then a
 * short scan of batch headers (at most about {@code index.interval.bytes} of them) finds the exact one.
 *
 * <p>An index entry is checked where it lands: the batch at its position must carry its offset. One that does
 * not (an index file damaged in a way its load-time checks missed) is never followed: the scan starts from the
 * segment's first batch instead and the segment rebuilds its indexes.
 */
final class SegmentReads {
    private SegmentReads() {
    }

    /**
     * Position of the first batch whose last offset is at least {@code target} (so the batch containing it, or
     * the next one after a gap left by compaction), looking only below {@code size}; -1 if there is none.
     */
    static long findBatch(Segment s, SegmentHandle h, long target, int size) throws IOException {
        OffsetIndex index = s.offsetIndex();
        int slot = index.floorSlot(h.offsetIndexMap(), target);
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
        OffsetIndex index = s.offsetIndex();
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
        int slot = s.offsetIndex().floorSlotByPosition(h.offsetIndexMap(), (int) limit);
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
        long olderOffset = s.timeIndex().lastOffsetBefore(h.timeIndexMap(), target);
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        long pos = olderOffset < 0 ? 0 : landing(s, h, r, s.offsetIndex().floorSlot(h.offsetIndexMap(), olderOffset),
                size);
        while (r.load(pos, size)) {
            if (r.maxTimestamp(pos) >= target) {
                return pos;
            }
            pos += r.sizeInBytes(pos);
        }
        return -1;
    }
}
