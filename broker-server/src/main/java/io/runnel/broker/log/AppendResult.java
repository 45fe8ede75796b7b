package io.runnel.broker.log;

/**
 * What {@link PartitionLog#append} did: the offsets it gave the batches, the append time it stamped (or -1 when the
 * topic keeps the producer's CreateTime), and the log start offset at that moment (Produce responses carry it).
 * When {@code duplicate} is true nothing was written: the batch repeats one an idempotent producer already
 * appended, and the offsets and append time are that earlier batch's.
 */
public record AppendResult(long firstOffset, long lastOffset, long logAppendTime, long logStartOffset,
                           boolean duplicate) {
    /** The log end offset right after this append: what {@link PartitionLog#whenDurable} waits for. */
    public long nextOffset() {
        return lastOffset + 1;
    }
}
