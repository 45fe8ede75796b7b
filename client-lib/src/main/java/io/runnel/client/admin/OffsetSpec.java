package io.runnel.client.admin;

import java.time.Instant;

/**
 * Where {@link io.runnel.client.RunnelAdmin#resetOffsets} moves a group's committed offsets, as Kafka's
 * {@code kafka-consumer-groups --reset-offsets} does: to the earliest or latest offset, to a given offset, to the
 * first offset at or after a timestamp, or shifted from the current commit. Offsets outside a partition's log are
 * clamped to its earliest or latest offset.
 */
public sealed interface OffsetSpec {
    /** The first offset still in each partition's log. */
    static OffsetSpec earliest() {
        return new Earliest();
    }

    /** The end of each partition's log: the group skips everything written so far. */
    static OffsetSpec latest() {
        return new Latest();
    }

    /** The same offset in every partition, clamped to each partition's log. */
    static OffsetSpec offset(long offset) {
        return new Offset(offset);
    }

    /** The first offset whose timestamp is at or after {@code timestampMs}; the log end when there is none. */
    static OffsetSpec timestamp(long timestampMs) {
        return new Timestamp(timestampMs);
    }

    /** As {@link #timestamp(long)} for an instant. */
    static OffsetSpec timestamp(Instant instant) {
        return new Timestamp(instant.toEpochMilli());
    }

    /** The committed offset moved by {@code delta} (negative: back), clamped to each partition's log. */
    static OffsetSpec shiftBy(long delta) {
        return new Shift(delta);
    }

    /** See {@link #earliest()}. */
    record Earliest() implements OffsetSpec {
    }

    /** See {@link #latest()}. */
    record Latest() implements OffsetSpec {
    }

    /** See {@link #offset(long)}. @param offset the target offset */
    record Offset(long offset) implements OffsetSpec {
    }

    /** See {@link #timestamp(long)}. @param timestampMs milliseconds since the epoch */
    record Timestamp(long timestampMs) implements OffsetSpec {
    }

    /** See {@link #shiftBy(long)}. @param delta records to move by */
    record Shift(long delta) implements OffsetSpec {
    }
}
