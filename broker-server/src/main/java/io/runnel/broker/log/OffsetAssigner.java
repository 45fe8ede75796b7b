package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.RecordBatch;

/**
 * Gives the batches of one append their offsets: writes each batch's base offset into its header (the CRC does not
 * cover it) and, for LogAppendTime topics, stamps the append time (which rewrites the CRC), counting batches and
 * records as it goes. One per log, used only under its append lock, so the flyweight view is reused without
 * allocation.
 */
final class OffsetAssigner {
    private final RecordBatch view = new RecordBatch();
    private long nextOffset;
    private int batches;
    private long records;

    /** The flyweight the append path shares (producer checks, segment indexing). */
    RecordBatch view() {
        return view;
    }

    /**
     * Assigns offsets from {@code firstOffset} to the whole batches in the readable bytes of {@code buffer}.
     *
     * @param appendTime the time to stamp, or {@link RecordBatch#NO_TIMESTAMP} to keep the producer's
     * @throws IllegalArgumentException when the bytes do not hold whole batches
     */
    void assign(ByteBuf buffer, long firstOffset, long appendTime, TopicPartition tp) {
        long next = firstOffset;
        int count = 0;
        long recordCount = 0;
        int idx = buffer.readerIndex();
        int end = idx + buffer.readableBytes();
        while (idx < end) {
            int size = RecordBatch.sizeAt(buffer, idx);
            if (size < RecordBatch.HEADER_SIZE || size > end - idx) {
                throw new IllegalArgumentException("append to " + tp + ": batch at index " + idx + " claims " + size
                        + " bytes but " + (end - idx) + " remain");
            }
            view.wrap(buffer, idx);
            view.setBaseOffset(next);
            if (appendTime != RecordBatch.NO_TIMESTAMP) {
                view.setLogAppendTime(appendTime);
            }
            next += view.lastOffsetDelta() + 1L;
            recordCount += view.recordsCount();
            count++;
            idx += size;
        }
        this.nextOffset = next;
        this.batches = count;
        this.records = recordCount;
    }

    /** One past the last offset assigned. */
    long nextOffset() {
        return nextOffset;
    }

    /** Batches in the last assignment. */
    int batches() {
        return batches;
    }

    /** Records in the last assignment. */
    long records() {
        return records;
    }
}
