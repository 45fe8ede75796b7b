package io.runnel.client;

import io.runnel.protocol.ErrorCode;

import java.util.Map;

/**
 * A fetch position is outside the partition's log ({@code OFFSET_OUT_OF_RANGE}) and the consumer has no reset
 * policy to fall back on. {@link #offsets()} holds the positions that were out of range.
 */
public class OffsetOutOfRangeException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    private final transient Map<TopicPartition, Long> offsets;

    /**
     * @param message names the partitions and positions
     * @param offsets the out-of-range position of each partition, empty when unknown
     */
    public OffsetOutOfRangeException(String message, Map<TopicPartition, Long> offsets) {
        super(ErrorCode.OFFSET_OUT_OF_RANGE, message);
        this.offsets = Map.copyOf(offsets);
    }

    /** The positions that were out of range, by partition; empty when the broker named none. */
    public Map<TopicPartition, Long> offsets() {
        return offsets;
    }
}
