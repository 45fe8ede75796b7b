package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.TimestampType;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * ListOffsets by timestamp. Segments are skipped by their largest timestamp, the time index narrows the scan
 * inside a segment, batch headers find the batch, and the batch's records find the record (with
 * {@link RecordScanner}, which also reads compacted batches). The broker never
 * decompresses, so inside a compressed CreateTime batch the answer is the batch's first offset and its max
 * timestamp (a consumer starting there sees a few earlier records); LogAppendTime batches and uncompressed
 * batches give the exact record.
 */
final class TimestampSearch {
    private TimestampSearch() {
    }

    /** See {@link PartitionLog#offsetForTimestamp}. */
    static TimestampAndOffset search(PartitionLog log, long timestamp) {
        if (timestamp == -1) {
            return new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, log.logEndOffset());
        }
        if (timestamp == -2 || timestamp == -4) {
            return new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, log.logStartOffset());
        }
        try {
            if (timestamp == -3) {
                return maxTimestamp(log);
            }
            if (timestamp < 0) {
                return null;
            }
            return firstAtOrAfter(log, timestamp);
        } catch (IOException e) {
            throw new UncheckedIOException("searching " + log.topicPartition() + " for timestamp " + timestamp
                    + " failed", e);
        }
    }

    /** The first record (at or after the log start offset) whose timestamp is at least {@code target}. */
    static TimestampAndOffset firstAtOrAfter(PartitionLog log, long target) throws IOException {
        SegmentList list = log.segmentList();
        Segment[] segs = list.snapshot();
        for (;;) {
            checkOpen(list);
            long start = list.logStartOffset();
            Segment retired = null;
            for (Segment s : segs) {
                int size = s.size();
                if (size == 0) {
                    continue;
                }
                TimestampAndOffset largest = s.largestTimestamp();
                if (largest != null && largest.timestamp() < target) {
                    continue;
                }
                SegmentHandle h = largest == null ? null : s.acquire();
                if (h == null) {
                    retired = s;
                    break;
                }
                try {
                    TimestampAndOffset found = firstInSegment(s, h, size, target, start);
                    if (found != null) {
                        return found;
                    }
                } finally {
                    h.release();
                }
            }
            if (retired == null) {
                return null;
            }
            segs = list.afterRetired(segs, retired);
        }
    }

    private static TimestampAndOffset firstInSegment(Segment s, SegmentHandle h, int size, long target, long start)
            throws IOException {
        long pos = LogReads.findBatchByTimestamp(s, h, target, size);
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        while (pos >= 0 && r.load(pos, size)) {
            if (r.maxTimestamp(pos) >= target && r.lastOffset(pos) >= start) {
                TimestampAndOffset found = searchBatch(h, pos, (int) r.sizeInBytes(pos), target, start);
                if (found != null) {
                    return found;
                }
            }
            pos += r.sizeInBytes(pos);
        }
        return null;
    }

    /** The earliest record carrying the largest timestamp in the log, or null for an empty log. */
    static TimestampAndOffset maxTimestamp(PartitionLog log) throws IOException {
        SegmentList list = log.segmentList();
        Segment[] segs = list.snapshot();
        for (;;) {
            checkOpen(list);
            Segment best = null;
            TimestampAndOffset bestTs = null;
            Segment retired = null;
            for (Segment s : segs) {
                TimestampAndOffset largest = s.size() > 0 ? s.largestTimestamp() : null;
                if (s.size() > 0 && largest == null) {
                    retired = s;
                    break;
                }
                if (largest != null && largest.timestamp() > (bestTs == null ? RecordBatch.NO_TIMESTAMP
                        : bestTs.timestamp())) {
                    bestTs = largest;
                    best = s;
                }
            }
            if (retired == null && best == null) {
                return null;
            }
            SegmentHandle h = retired == null ? best.acquire() : null;
            if (h == null) {
                segs = list.afterRetired(segs, retired != null ? retired : best);
                continue;
            }
            try {
                return exactRecord(log, best, h, bestTs);
            } finally {
                h.release();
            }
        }
    }

    /** The record with timestamp {@code largest} in the batch at {@code largest.offset()} of segment {@code s}. */
    private static TimestampAndOffset exactRecord(PartitionLog log, Segment s, SegmentHandle h,
                                                  TimestampAndOffset largest) throws IOException {
        int size = s.size();
        long pos = LogReads.findBatch(s, h, largest.offset(), size);
        BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
        if (pos < 0 || !r.load(pos, size)) {
            return largest;
        }
        TimestampAndOffset exact = searchBatch(h, pos, (int) r.sizeInBytes(pos), largest.timestamp(),
                log.logStartOffset());
        return exact != null ? exact : largest;
    }

    private static void checkOpen(SegmentList list) {
        if (list.isClosed()) {
            throw list.closedException();
        }
    }

    private static TimestampAndOffset searchBatch(SegmentHandle h, long pos, int batchSize, long target,
                                                  long minOffset) throws IOException {
        ByteBuf buf = Unpooled.buffer(batchSize);
        try {
            while (buf.writerIndex() < batchSize) {
                if (buf.writeBytes(h.channel(), pos + buf.writerIndex(), batchSize - buf.writerIndex()) < 0) {
                    throw new IOException("segment file ended inside the batch at position " + pos);
                }
            }
            RecordBatch batch = new RecordBatch().wrap(buf, 0);
            if (batch.timestampType() == TimestampType.LOG_APPEND_TIME || batch.isCompressed()) {
                long offset = Math.max(batch.baseOffset(), minOffset);
                return offset <= batch.lastOffset() ? new TimestampAndOffset(batch.maxTimestamp(), offset) : null;
            }
            RecordScanner records = new RecordScanner().reset(batch);
            while (records.next()) {
                if (records.timestamp() >= target && records.offset() >= minOffset) {
                    return new TimestampAndOffset(records.timestamp(), records.offset());
                }
            }
            return null;
        } finally {
            buf.release();
        }
    }
}
