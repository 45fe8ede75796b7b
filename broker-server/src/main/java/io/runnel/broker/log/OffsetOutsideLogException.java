package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;

/** A read or search at an offset outside [log start offset, log end offset]: Kafka's OFFSET_OUT_OF_RANGE. */
public final class OffsetOutsideLogException extends RuntimeException {
    private final long logStartOffset;
    private final long logEndOffset;

    public OffsetOutsideLogException(TopicPartition partition, long offset, long logStartOffset, long logEndOffset) {
        super("offset " + offset + " of partition " + partition + " is outside its range " + logStartOffset + ".."
                + logEndOffset, null, false, false);
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }
}
